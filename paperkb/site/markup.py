"""User text to safe HTML: notes through Python-Markdown once, then nh3; everything else escaped."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import markdown
import nh3

# A fixed, small set: no attr_list (it turns `{ onclick=... }` into attributes), no md_in_html,
# no footnotes (their ids would collide between the many notes on one page).
NOTE_EXTENSIONS = ("fenced_code", "tables", "sane_lists")
NOTE_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s",
    "del", "ins", "sub", "sup", "mark", "small", "code", "pre", "kbd", "samp", "var", "blockquote",
    "q", "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tr", "th", "td",
    "a", "img", "abbr", "span",
}  # fmt: skip
NOTE_ATTRIBUTES = {
    "a": {"href", "title"},
    # No `src`: every image in a note would come from another host, and the site loads nothing from
    # other hosts (a tracking pixel would tell them who reads it). The alt text is shown instead.
    "img": {"alt", "title", "width", "height"},
    "ol": {"start"},
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "abbr": {"title"},
}
SAFE_SCHEMES = ("http://", "https://", "mailto:")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Text with none of these renders as plain paragraphs, so Markdown can be skipped (see is_plain_text).
_MARKUP_CHARS_RE = re.compile(r"[\\`*_\[\]<>&!|~#=\t]|  \n|^[ >+\-]|\n[ >+\-]|(?:^|\n)\d+[.)]|\s$|^\s")
_BLANK_LINES_RE = re.compile(r"\n[ \t]*\n\s*")
_SECTION_RE = re.compile(r"^##[ \t]+(English|英文|中文|Chinese)[ \t]*#*[ \t]*$", re.IGNORECASE)
_FENCE_RE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_ZH_HEADINGS = ("中文", "chinese")
_HEADING_TAG_RE = re.compile(r"<(/?)h([1-6])\b")


def escape(text: object) -> str:
    """HTML-escape any value for text or a double-quoted attribute."""
    return html.escape(str(text), quote=True)


def safe_href(url: str | None) -> str | None:
    """The URL when it is http(s) and free of quotes, spaces and angle brackets; else None."""
    if not url:
        return None
    text = url.strip()
    if not text.lower().startswith(("http://", "https://")):
        return None
    if any(c in text for c in " \t\r\n<>\"'`") or _CONTROL_RE.search(text):
        return None
    return text


def _filter_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src"):
        return value if value.strip().lower().startswith(SAFE_SCHEMES) else None
    return value


def _new_cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=NOTE_TAGS,
        clean_content_tags={"script", "style"},
        attributes=NOTE_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_filter_attribute,
    )


def is_plain_text(text: str) -> bool:
    """True when `text` has no Markdown syntax, so it renders as escaped paragraphs."""
    return not _MARKUP_CHARS_RE.search(text)


def render_plain_paragraphs(text: str) -> str:
    """Paragraphs split on blank lines, escaped; what Python-Markdown gives for plain text."""
    paragraphs = _BLANK_LINES_RE.split(text)
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)


def lower_headings(html_text: str, top: int) -> str:
    """Move a note's headings down so the highest one is at level `top` (the levels between them
    kept, h6 at most): a `# Heading` in a note must not be a second <h1> on the page, or rank
    above the card it sits in. A note whose headings are already at `top` or below is unchanged.
    The HTML is nh3's output, where `<h` can only start a tag."""
    levels = [int(match.group(2)) for match in _HEADING_TAG_RE.finditer(html_text)]
    if not levels or min(levels) >= top:
        return html_text
    shift = top - min(levels)
    return _HEADING_TAG_RE.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + shift, 6)}", html_text)


class NoteRenderer:
    """Markdown to sanitised HTML, each distinct text converted once (cached by content)."""

    def __init__(self, cache_limit: int = 100_000) -> None:
        self._markdown = markdown.Markdown(extensions=list(NOTE_EXTENSIONS), output_format="html")
        self._cleaner = _new_cleaner()
        self._cache: dict[object, str] = {}
        self._limit = cache_limit
        self.conversions = 0

    def render(self, text: str | None, top: int = 1) -> str:
        """Sanitised HTML of the Markdown `text` ('' for no text), its headings at level `top` or
        below (see lower_headings)."""
        if not text:
            return ""
        key: object = text if top == 1 else (top, text)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if len(self._cache) >= self._limit:
            self._cache.clear()
        result = self._convert(text) if top == 1 else lower_headings(self.render(text), top)
        self._cache[key] = result
        return result

    def _convert(self, text: str) -> str:
        self.conversions += 1
        source = _CONTROL_RE.sub("", text.replace("\r\n", "\n"))
        if is_plain_text(source):
            return render_plain_paragraphs(source)
        converted = self._markdown.reset().convert(source)
        return self._cleaner.clean(converted)


@dataclass(frozen=True)
class LongNote:
    """A long note split into its `## English` and `## 中文` parts; `common` is outside both."""

    common: str
    en: str
    zh: str


def split_long_note(text: str) -> LongNote:
    """Split at `## English` / `## 中文` headings (outside code fences); other text is common."""
    parts: dict[str, list[str]] = {"common": [], "en": [], "zh": []}
    current, fence = "common", ""
    for line in text.replace("\r\n", "\n").split("\n"):
        match = _FENCE_RE.match(line)
        if match and (not fence or match.group(1).startswith(fence)):
            fence = "" if fence else match.group(1)[:3]
        heading = None if fence else _SECTION_RE.match(line)
        if heading:
            current = "zh" if heading.group(1).lower() in _ZH_HEADINGS else "en"
            continue
        parts[current].append(line)
    return LongNote(*("\n".join(parts[key]).strip() for key in ("common", "en", "zh")))
