"""User text to safe HTML: notes through cmark-gfm (GitHub's renderer) once, then nh3; everything else
escaped. A note beyond the rendering bounds (see note_markup_problem) is shown as escaped text."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import cmarkgfm  # type: ignore[import-untyped]
import nh3
from cmarkgfm.cmark import Options  # type: ignore[import-untyped]

# GitHub's set (tables, autolinks, ~~strike~~, task lists), as GitHub renders a README. Raw HTML is
# passed on (CMARK_OPT_UNSAFE) because nh3 sanitises everything after: it drops <script> and <style>
# with their content, where GitHub's tagfilter would show them as text. No footnotes (their ids would
# collide between the many notes on one page).
NOTE_EXTENSIONS = ("table", "autolink", "strikethrough", "tasklist")
_CMARK_OPTIONS = (
    Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_GITHUB_PRE_LANG | Options.CMARK_OPT_VALIDATE_UTF8
)
# Bounds that keep the sanitiser linear (html5ever re-parents misnested tags: its cost grows with the
# nesting depth, 100,000 nested quotes take 40 s): beyond them a note is shown as escaped text.
MAX_NOTE_CHARS = 2_000_000
MAX_NOTE_DEPTH = 1_000
MAX_NOTE_HTML_TAGS = 10_000
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
# A task item's box is shown as a ballot-box character: no form element ever comes from a note.
_TASK_BOXES = {
    '<input type="checkbox" checked="" disabled="" />': "\u2611",
    '<input type="checkbox" disabled="" />': "\u2610",
}
_TASK_BOX_RE = re.compile("|".join(re.escape(box) for box in _TASK_BOXES))
SAFE_SCHEMES = ("http://", "https://", "mailto:")
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Text with none of these renders as plain paragraphs, so Markdown can be skipped (see is_plain_text).
# One pattern per kind of mark: a single alternation of them all is tried at every position, and
# takes several times as long on a note.
_MARKUP_CHARS_RE = re.compile(r"[\\`*_\[\]<>&!|~#=\t@]")
_MARKUP_LINE_START_RE = re.compile(r"\n(?:[ >+\-]|\d+[.)])")
_LIST_NUMBER_RE = re.compile(r"\d+[.)]")
_MARKUP_WORDS = (" \n", "www.", "://")
_BLANK_LINES_RE = re.compile(r"\n[ \t]*\n\s*")
_SECTION_RE = re.compile(r"^##[ \t]+(English|英文|中文|Chinese)[ \t]*#*[ \t]*$", re.IGNORECASE)
_FENCE_RE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_ZH_HEADINGS = ("中文", "chinese")
_HEADING_TAG_RE = re.compile(r"<(/?)h([1-6])\b")
_HEADING_RE = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_SOURCE_TAG_RE = re.compile(r"</?[a-zA-Z]")
_SLUG_DROP_RE = re.compile(r"[^\w\- ]")
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


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


SANITISER_SCHEMES = frozenset({"http", "https", "mailto"})
# Two URL filters, each enough alone: nh3's scheme list, and ours (which also drops relative links).


def _new_cleaner(url_schemes: frozenset[str] = SANITISER_SCHEMES, own_filter: bool = True) -> nh3.Cleaner:
    """The note sanitiser; the arguments exist so that the tests can try each URL filter alone."""
    return nh3.Cleaner(
        tags=NOTE_TAGS,
        clean_content_tags={"script", "style"},
        attributes=NOTE_ATTRIBUTES,
        url_schemes=set(url_schemes),
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
        attribute_filter=_filter_attribute if own_filter else None,
    )


def is_plain_text(text: str) -> bool:
    """True when `text` has no Markdown syntax, so it renders as escaped paragraphs."""
    if not text:
        return True
    if text[0].isspace() or text[-1].isspace() or text[0] in ">+-":
        return False
    if any(word in text for word in _MARKUP_WORDS):
        return False
    if _LIST_NUMBER_RE.match(text):
        return False
    return not (_MARKUP_CHARS_RE.search(text) or _MARKUP_LINE_START_RE.search(text))


def html_depth(html_text: str, limit: int | None = None) -> int:
    """The deepest nesting of elements in `html_text`, as a tree builder would roughly see it: a
    close tag ends the innermost open element of its name, a stray one is ignored. Stops counting
    once past `limit`."""
    stack: list[str] = []
    open_count: dict[str, int] = {}
    deepest = 0
    for match in _TAG_RE.finditer(html_text):
        closing, name, self_closing = match.group(1), match.group(2).lower(), match.group(3)
        if name in _VOID_TAGS or self_closing:
            continue
        if not closing:
            stack.append(name)
            open_count[name] = open_count.get(name, 0) + 1
            deepest = max(deepest, len(stack))
            if limit is not None and deepest > limit:
                break
        elif open_count.get(name):
            while True:  # each element is popped once: linear in all
                popped = stack.pop()
                open_count[popped] -= 1
                if popped == name:
                    break
    return deepest


def render_markdown(source: str) -> str:
    """GitHub-flavoured Markdown to unsanitised HTML, as cmark-gfm renders it."""
    converted = cmarkgfm.markdown_to_html_with_extensions(
        source, options=_CMARK_OPTIONS, extensions=list(NOTE_EXTENSIONS)
    )
    return _TASK_BOX_RE.sub(lambda match: _TASK_BOXES[match.group(0)], converted)


def note_markup_problem(text: str) -> str | None:
    """Why the note cannot be rendered within the bounds (None when it can): too long, too many
    HTML tags, or nested too deep. Plain text is always shown as paragraphs, as NoteRenderer does."""
    if is_plain_text(text):
        return None
    if len(text) > MAX_NOTE_CHARS:
        return f"the note has {len(text):,} characters; notes over {MAX_NOTE_CHARS:,} are shown as text"
    tags = len(_SOURCE_TAG_RE.findall(text))
    if tags > MAX_NOTE_HTML_TAGS:
        return f"the note has {tags:,} HTML tags; notes with over {MAX_NOTE_HTML_TAGS:,} are shown as text"
    depth = html_depth(render_markdown(text), MAX_NOTE_DEPTH)
    if depth > MAX_NOTE_DEPTH:
        return (
            f"the note nests lists, quotes or HTML over {MAX_NOTE_DEPTH:,} levels deep; "
            f"notes deeper than {MAX_NOTE_DEPTH} are shown as text"
        )
    return None


def render_unrenderable(text: str) -> str:
    """A note beyond the bounds, shown as it is written."""
    return f"<pre>{html.escape(text, quote=False)}</pre>"


def slug_heading(text: str) -> str:
    """GitHub's heading slug: lowercase, punctuation dropped, spaces to hyphens (letters of any
    script kept)."""
    return _SLUG_DROP_RE.sub("", text.strip().lower()).replace(" ", "-")


def add_heading_ids(html_text: str, prefix: str) -> str:
    """Give every heading a stable id, `<prefix><slug>`, numbered from -1 when one repeats in the note.
    The HTML is nh3's output, whose headings carry no attributes."""
    seen: dict[str, int] = {}

    def with_id(match: re.Match[str]) -> str:
        slug = slug_heading(html.unescape(re.sub(r"<[^>]*>", "", match.group(2)))) or "section"
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchor = prefix + (f"{slug}-{count}" if count else slug)
        return f'<h{match.group(1)} id="{escape(anchor)}">{match.group(2)}</h{match.group(1)}>'

    return _HEADING_RE.sub(with_id, html_text)


def render_plain_paragraphs(text: str) -> str:
    """Paragraphs split on blank lines, escaped; what cmark-gfm gives for plain text."""
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
    """Markdown to sanitised HTML, each distinct text converted once (cached by content). A note beyond
    the bounds is shown as text, and why is kept in `warnings` for the build to report."""

    def __init__(self, cache_limit: int = 100_000) -> None:
        self._cleaner = _new_cleaner()
        self.warnings: list[str] = []
        self._cache: dict[object, str] = {}
        self._limit = cache_limit
        self.conversions = 0

    def render(self, text: str | None, top: int = 1, heading_ids: str = "") -> str:
        """Sanitised HTML of the Markdown `text` ('' for no text), its headings at level `top` or
        below (see lower_headings); with `heading_ids`, each heading gets the id `<heading_ids><slug>`
        (only where the note is alone on its page: a card's note shows on several pages beside others)."""
        if not text:
            return ""
        key: object = text if top == 1 and not heading_ids else (top, heading_ids, text)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if len(self._cache) >= self._limit:
            self._cache.clear()
        if top == 1 and not heading_ids:
            result = self._convert(text)
        else:
            result = lower_headings(self.render(text), top)
            result = add_heading_ids(result, heading_ids) if heading_ids else result
        self._cache[key] = result
        return result

    def _convert(self, text: str) -> str:
        self.conversions += 1
        source = _CONTROL_RE.sub("", text.replace("\r\n", "\n"))
        if is_plain_text(source):
            return render_plain_paragraphs(source)
        problem = note_markup_problem(source)
        if problem is not None:
            preview = source[:40].replace("\n", " ")
            self.warnings.append(f"a note starting {preview!r} is shown as text: {problem}")
            return render_unrenderable(source)
        return self._cleaner.clean(render_markdown(source)).rstrip("\n")


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
