"""Read a .bib file into drafts with bibtexparser 2: macros, LaTeX accents, names, arXiv ids."""

from __future__ import annotations

import logging
import re
from typing import Any

import bibtexparser
from bibtexparser.library import Library as BibLibrary
from bibtexparser.middlewares import (
    LatexDecodingMiddleware,
    MergeNameParts,
    RemoveEnclosingMiddleware,
    SeparateCoAuthors,
    SplitNameParts,
)
from bibtexparser.middlewares.middleware import LibraryMiddleware
from bibtexparser.model import DuplicateBlockKeyBlock, DuplicateFieldKeyBlock, Entry, String
from pylatexenc import latex2text
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec

from paperkb.diagnostics import Diagnostic, error, warning
from paperkb.importers.merge import Incoming, make_draft, remove_control_characters, slugify
from paperkb.records.arxiv_id import parse_arxiv
from paperkb.records.venues import normalise_venue

# Fields holding URLs or identifiers: LaTeX decoding would cut them at '%' (a comment).
RAW_FIELDS = frozenset({"url", "doi", "eprint", "file", "pdf", "howpublished", "archiveprefix", "eprinttype"})
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_KINDS = {"software": "repo", "dataset": "dataset", "online": "website", "www": "website", "book": "book"}
# LaTeX decoding takes superlinear time in a value's length, and @string macros can double a value
# at every step (a "billion laughs"): a value longer than this is left out, so an import takes time
# in proportion to the file's size. Real fields (abstracts included) are a few thousand characters.
MAX_FIELD_CHARS = 50_000
_TOO_LONG = "paperkb_too_long"
_ARXIV_IN_TEXT = re.compile(r"arxiv[:\s]*(?:preprint\s+)?(?:arxiv:\s*)?(?P<id>\S+)|\babs/(?P<abs>\S+)", re.I)


class _ResolveMacros(LibraryMiddleware):
    """@string macros, month names and `#` concatenation (bibtexparser 2.1 leaves `a # b` alone)."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)

    @classmethod
    def metadata_key(cls) -> str:
        """Where this middleware records the undefined macros of an entry."""
        return "paperkb_resolve_macros"

    def transform(self, library: BibLibrary) -> BibLibrary:
        """Resolve every unbraced field value of every entry."""
        macros = {name: name.capitalize() for name in MONTHS}
        strings = list(library.strings_dict.values()) + [
            block.ignore_error_block
            for block in library.failed_blocks
            if isinstance(block, DuplicateBlockKeyBlock) and isinstance(block.ignore_error_block, String)
        ]  # a redefined @string: the later value wins, as in BibTeX itself
        for string in strings:
            macros[string.key.lower()] = _resolve(str(string.value), macros, [])[: MAX_FIELD_CHARS + 1]
        for entry in library.entries:
            undefined: list[str] = []
            for field in entry.fields:
                if isinstance(field.value, str) and field.value[:1] not in ("{", '"'):
                    field.value = "{" + _resolve(field.value, macros, undefined) + "}"
            entry.parser_metadata[self.metadata_key()] = undefined
        return library


def _resolve(raw: str, macros: dict[str, str], undefined: list[str]) -> str:
    parts, depth, quoted, current = [], 0, False, ""
    for char in raw:
        if char == "#" and depth == 0 and not quoted:
            parts.append(current.strip())
            current = ""
            continue
        depth += (char == "{") - (char == "}")
        quoted = not quoted if char == '"' and depth == 0 else quoted
        current += char
    parts.append(current.strip())
    out, length = [], 0
    for part in parts:
        if part[:1] in ("{", '"') and part[-1:] in ("}", '"'):
            out.append(part[1:-1])
        elif part.isdigit() or part.lower() not in macros:
            if not part.isdigit():
                undefined.append(part)
            out.append(part)
        else:
            out.append(macros[part.lower()])
        length += len(out[-1])
        if length > MAX_FIELD_CHARS:  # too long already: stop before it grows any further
            break
    return "".join(out)


class _DecodeProse(LatexDecodingMiddleware):
    """bibtexparser's LaTeX decoding for every field but URLs and identifiers, names included."""

    def transform_entry(self, entry: Entry, library: BibLibrary) -> Entry:
        """Decode the prose fields of one entry in place; leave out values too long to decode."""
        too_long = [(field.key, _length(field.value)) for field in entry.fields]
        too_long = [(key, length) for key, length in too_long if length > MAX_FIELD_CHARS]
        for key, _ in too_long:
            entry.pop(key)
        entry.parser_metadata[_TOO_LONG] = too_long
        for field in entry.fields:
            if field.key.lower() in RAW_FIELDS:
                continue
            if isinstance(field.value, str):
                field.value = self._transform_python_value_string(field.value)[0]
            elif isinstance(field.value, list):
                field.value = [self._transform_python_value_string(str(v))[0] for v in field.value]
        return entry


def _length(value: Any) -> int:
    return sum(len(str(item)) for item in value) if isinstance(value, list) else len(str(value))


def _decoder() -> LatexNodes2Text:
    """bibtexparser's own decoder settings, plus `\\textasciicircum` read as '^' (not 'ˆ')."""
    context = latex2text.get_default_latex_context_db()
    macros = [MacroTextSpec("url", simplify_repl="%s"), MacroTextSpec("textasciicircum", simplify_repl="^")]
    context.add_context_category("paperkb", prepend=True, macros=macros)
    return LatexNodes2Text(latex_context=context, keep_braced_groups=False, math_mode="verbatim")


class _CommaAuthors(LibraryMiddleware):
    """'A. Smith, B. Jones, C. Lee' (names joined by commas, not 'and'): read as three names."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)

    def transform(self, library: BibLibrary) -> BibLibrary:
        """Join comma-separated names with ' and ' and note the entry for a warning."""
        for entry in library.entries:
            field = entry.fields_dict.get("author")
            if field is not None and isinstance(field.value, str) and _comma_separated(field.value):
                names = re.split(r"\s*,\s*(?:and\s+)?", field.value.strip())
                field.value = " and ".join(name for name in names if name)
                entry.parser_metadata[_COMMA_AUTHORS] = True
        return library


_COMMA_AUTHORS = "paperkb_comma_authors"
_SUFFIX = re.compile(r"^(?:jr\.?|sr\.?|i{1,3}|iv)$", re.IGNORECASE)


def _comma_separated(value: str) -> bool:
    """Commas between whole names, not BibTeX's 'Last, First' or 'Last, Jr, First'."""
    if "{" in value:
        return False
    if re.search(r",\s*and\s", value, re.IGNORECASE):  # 'A, B, and C'
        return True
    if re.search(r"\sand\s", value, re.IGNORECASE):
        return False
    parts = [part.strip() for part in value.split(",")]
    if len(parts) == 2:
        return all(len(part.split()) >= 2 for part in parts)
    return len(parts) > 2 and not any(_SUFFIX.match(part) for part in parts)


def _parse_stack() -> list[Any]:
    return [
        _ResolveMacros(),
        RemoveEnclosingMiddleware(),
        _CommaAuthors(),
        SeparateCoAuthors(),
        SplitNameParts(),
        MergeNameParts(style="first"),
        _DecodeProse(decoder=_decoder()),
    ]


def decode_bib_bytes(raw: bytes, path: str) -> tuple[str, list[Diagnostic]]:
    """UTF-8 text, or Latin-1 with a warning that says where the first non-UTF-8 byte is."""
    try:
        return raw.decode("utf-8-sig"), []
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x}); read it as Latin-1"
        hint = "check the accents in the imported records, or save the file as UTF-8"
        return raw.decode("latin-1"), [warning(path, line, column, message, hint)]


def read_bibtex(path: str, defaults: dict[str, Any]) -> tuple[list[Incoming], list[Diagnostic], int]:
    """Every entry of a .bib file as a draft, the problems found, and how many entries failed."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except OSError as exc:
        return [], [error(path, 0, 0, f"cannot read file: {exc.strerror}", "check the path")], 0
    text, problems = decode_bib_bytes(raw, path)
    incoming, found, failed = parse_bibtex(text, path, defaults)
    return incoming, problems + found, failed


def parse_bibtex(
    text: str, path: str, defaults: dict[str, Any]
) -> tuple[list[Incoming], list[Diagnostic], int]:
    """Parse BibTeX text; broken entries are reported at their 1-based line and skipped."""
    logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)
    text, problems = remove_control_characters(text, path)
    library = bibtexparser.parse_string(text, parse_stack=_parse_stack())  # type: ignore[attr-defined]
    broken = [block for block in library.failed_blocks if not _harmless_duplicate(block, library)]
    problems += [_failed_block_diagnostic(block, path, library) for block in library.failed_blocks]
    if not library.entries and not library.failed_blocks:
        hint = "entries look like @article{key, title = {...}, year = {2019}}"
        problems.append(warning(path, 0, 0, "no BibTeX entries found", hint))
    incoming: list[Incoming] = []
    failed = len(broken)
    for entry in library.entries:
        draft, found = entry_to_draft(entry, path)
        problems.extend(found)
        if draft is None:
            failed += 1
            continue
        line = (entry.start_line or 0) + 1
        incoming.append(Incoming(make_draft({**defaults, **draft}), f"{path}:{line}", slugify(entry.key)))
    return incoming, problems, failed


def _harmless_duplicate(block: Any, library: BibLibrary) -> bool:
    """A redefined @string, or an entry written twice the same way: a warning, nothing lost."""
    if not isinstance(block, DuplicateBlockKeyBlock):
        return False
    if isinstance(block.ignore_error_block, String):
        return True
    first = library.entries_dict.get(block.key)
    again = block.ignore_error_block
    return (
        first is not None and again is not None and _squeezed(first.raw or "") == _squeezed(again.raw or "")
    )


def _squeezed(raw: str | None) -> str:
    return "".join((raw or "").split())


def _failed_block_diagnostic(block: Any, path: str, library: BibLibrary) -> Diagnostic:
    line = (block.start_line or 0) + 1  # bibtexparser counts lines from 0
    if _harmless_duplicate(block, library):
        key = _shown(block.key)
        if isinstance(block.ignore_error_block, String):
            message = f"@string '{key}' is defined again; the later value is used"
            return warning(path, line, 1, message, "remove one of the two definitions")
        message = f"entry '{key}' is written twice, the same both times; imported once"
        return warning(path, line, 1, message, "remove the copy")
    if isinstance(block, DuplicateBlockKeyBlock):
        message = f"duplicate entry key '{_shown(block.key)}'; the entry was skipped"
        return error(path, line, 1, message, "rename one key")
    if isinstance(block, DuplicateFieldKeyBlock):
        key = _shown(str(getattr(block.ignore_error_block, "key", "")))
        fields = _shown(", ".join(sorted(block.duplicate_keys)))
        message = f"entry '{key}' has the field '{fields}' twice; the entry was skipped"
        return error(path, line, 1, message, "remove one of the duplicate fields")
    exc = getattr(block, "error", None)
    reason = getattr(exc, "abort_reason", None) or getattr(exc, "message", None) or str(exc or "")
    reason = " ".join(reason.split()).rstrip(".") or "cannot parse this entry"
    hint = "check the braces, quotes and commas of this entry"
    return error(path, line, 1, f"broken BibTeX entry ({reason}); it was skipped", hint)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _shown(text: str, limit: int = 80) -> str:
    """Text from the file as a message quotes it: at most `limit` characters."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _too_long_problems(entry: Entry, path: str, line: int) -> list[Diagnostic]:
    problems: list[Diagnostic] = []
    for key, length in entry.parser_metadata.get(_TOO_LONG, []):
        title = key.lower() == "title"
        report, outcome = (error, "the entry was skipped") if title else (warning, "left out")
        message = f"field '{_shown(key)}' of '{_shown(entry.key)}' is {length:,} characters long; {outcome}"
        problems.append(report(path, line, 1, message, f"the limit is {MAX_FIELD_CHARS:,} characters"))
    return problems


def entry_to_draft(entry: Entry, path: str) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    """One parsed entry as draft fields; None (and an error) when it has no title."""
    fields = {field.key.lower(): field.value for field in entry.fields}
    line = (entry.start_line or 0) + 1
    problems = _too_long_problems(entry, path, line)
    if any(d.is_error for d in problems):
        return None, problems
    title = _clean(str(fields.get("title", "")))
    if not title:
        message = f"entry '{_shown(entry.key)}' has no title; it was skipped"
        return None, [*problems, error(path, line, 1, message, "add title = {...}")]
    if entry.parser_metadata.get(_COMMA_AUTHORS):
        message = f"the authors of '{_shown(entry.key)}' are separated by commas; read as one name each"
        problems.append(warning(path, line, 1, message, "BibTeX separates authors with ' and '"))
    for name in entry.parser_metadata.get(_ResolveMacros.metadata_key(), []):
        message = f"undefined @string macro '{_shown(name)}' in '{_shown(entry.key)}'; kept as text"
        problems.append(warning(path, line, 1, message, "define it"))
    arxiv_id, version = _arxiv_of(fields)
    draft: dict[str, Any] = {
        "kind": None if arxiv_id else _KINDS.get(entry.entry_type.lower()),
        "title": title,
        "authors": _authors(fields.get("author")),
        "year": _year(fields.get("year"), problems, path, line),
        "month": _month(fields.get("month")),
        "venue": _venue(fields, arxiv_id),
        "arxiv": arxiv_id,
        "arxiv_version": version,
        "arxiv_category": _clean(str(fields.get("primaryclass", ""))) or None,
        "doi": _doi(fields.get("doi")),
        "links": _links(fields, arxiv_id),
        "abstract": _clean(str(fields.get("abstract", ""))) or None,
    }
    url = str(fields.get("url") or "").strip()
    if url and url not in draft["links"].values() and not (arxiv_id and parse_arxiv(url)):
        message = f"url '{_shown(url)}' of '{_shown(entry.key)}' is not a plain http(s) link; left out"
        problems.append(warning(path, line, 1, message, "links must start with https:// or http://"))
    return draft, problems


def _authors(value: Any) -> list[str]:
    names = value if isinstance(value, list) else ([value] if value else [])
    cleaned = [_clean(str(name)) for name in names]
    return [name for name in cleaned if name and name.lower() != "others"]


def _year(value: Any, problems: list[Diagnostic], path: str, line: int) -> int | None:
    if value is None:
        return None
    match = re.search(r"\b(1[89]\d\d|2\d\d\d)\b", str(value))
    if not match:
        problems.append(warning(path, line, 1, f"year '{value}' is not a year; left out", "write e.g. 2019"))
        return None
    return int(match.group(1))


def _month(value: Any) -> int | None:
    text = _clean(str(value or "")).lower()
    if text.isdigit() and 1 <= int(text) <= 12:
        return int(text)
    return MONTHS.index(text[:3]) + 1 if text[:3] in MONTHS else None


def _venue(fields: dict[str, Any], arxiv_id: str | None) -> str | None:
    name = _clean(str(fields.get("booktitle") or fields.get("journal") or ""))
    if not name:
        return None
    if re.search(r"\barxiv\b", name, re.IGNORECASE):
        return "arXiv"  # 'arXiv preprint arXiv:2001.00001', 'arXiv:2001.00001 [cs]'
    venue = normalise_venue(name)
    return venue if venue != "arXiv" or arxiv_id else None


def _arxiv_of(fields: dict[str, Any]) -> tuple[str | None, int | None]:
    prefix = str(fields.get("archiveprefix") or fields.get("eprinttype") or "").lower()
    eprint = str(fields.get("eprint") or "").strip()
    if eprint and (prefix in ("", "arxiv")):
        parsed = parse_arxiv(eprint)
        if parsed:
            return parsed
    for key in ("journal", "volume", "note", "url", "howpublished"):
        text = str(fields.get(key) or "")
        parsed = parse_arxiv(text)
        if parsed is None and key != "url":
            match = _ARXIV_IN_TEXT.search(text)
            parsed = parse_arxiv((match.group("id") or match.group("abs")).rstrip(".,;}")) if match else None
        if parsed:
            return parsed
    return None, None


def _doi(value: Any) -> str | None:
    text = str(value or "").strip()
    text = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", text, flags=re.I)
    return text or None


def _links(fields: dict[str, Any], arxiv_id: str | None) -> dict[str, str]:
    """The `url` and a URL in `howpublished` (often `\\url{...}`); an arXiv link is the arXiv id."""
    links: dict[str, str] = {}
    for key in ("url", "howpublished"):
        text = str(fields.get(key) or "").strip()
        found = re.fullmatch(r"\\url\{(?P<url>[^{}]*)\}", text) if key == "howpublished" else None
        url = found.group("url").strip() if found else text
        if not re.match(r"https?://\S{4,}$", url) or any(c in url for c in "<>\"'`{}\\"):
            continue
        if (arxiv_id and parse_arxiv(url)) or url in links.values():
            continue
        label = "pdf" if url.lower().endswith(".pdf") else "paper"
        links["link" if label in links else label] = url
    return links
