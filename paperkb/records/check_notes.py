"""Checks of the notes: long-note files (real files in the real notes/ folder, UTF-8, within the
size limit) and every note's Markdown (renderable within the site's bounds)."""

from __future__ import annotations

import os
from collections.abc import Iterator

from paperkb.diagnostics import Diagnostic, Suggestions, error, warning
from paperkb.records.load import LoadedLibrary
from paperkb.records.model import Paper
from paperkb.records.paths import project_path_problem, read_regular_file
from paperkb.records.yamltree import MAX_BYTES, PosDict, Position, decode_text

NOTES_DIR = "notes"
_REAL_FILE_HINT = "make it a regular file in the project's own notes/ folder (no symbolic links)"


def note_relative_path(base_dir: str, paper: Paper) -> str | None:
    """The long note's path relative to the project: `note:` if given, else notes/<id>.md when
    something is there (a link or a FIFO included, so that it is reported, never skipped)."""
    if paper.note is not None:
        return os.path.normpath(paper.note)
    default = os.path.join(NOTES_DIR, f"{paper.id}.md")
    return default if os.path.lexists(os.path.join(base_dir, default)) else None


def resolve_note_path(base_dir: str, paper: Paper) -> str | None:
    """The long note's path: `note:` if given, else notes/<id>.md when it exists."""
    relative = note_relative_path(base_dir, paper)
    return None if relative is None else os.path.join(base_dir, relative)


def _at(node: PosDict, key: str) -> Position:
    return node.value_pos.get(key, node.pos)


def check_note_files(loaded: LoadedLibrary) -> Iterator[Diagnostic]:
    """Every long note: inside notes/, reached without links, a regular UTF-8 file."""
    base, shown_base = loaded.base_dir, os.path.dirname(loaded.path)
    folder_problem = project_path_problem(base, NOTES_DIR, want_dir=True)
    for paper, node in zip(loaded.papers, loaded.paper_nodes, strict=True):
        relative = note_relative_path(base, paper)
        if relative is None:
            continue
        line, col = _at(node, "note" if paper.note is not None else "id")
        if os.path.isabs(relative) or relative.split(os.sep)[0] != NOTES_DIR or relative == NOTES_DIR:
            hint = f"put the file in notes/ and write note: notes/{paper.id}.md"
            yield error(loaded.path, line, col, f"note path '{paper.note}' is outside notes/", hint)
            continue
        problem = folder_problem or project_path_problem(base, relative)
        if problem is not None:
            message = f"long note '{relative}' cannot be used: {problem}"
            yield error(loaded.path, line, col, message, _REAL_FILE_HINT)
            continue
        if not os.path.lexists(os.path.join(base, relative)):
            hint = "create it or remove the 'note:' field"
            yield error(loaded.path, line, col, f"note file '{relative}' does not exist", hint)
            continue
        yield from check_note_text(os.path.join(base, relative), os.path.join(shown_base, relative))
    if folder_problem is None and os.path.isdir(os.path.join(base, NOTES_DIR)):
        yield from _check_orphan_notes(loaded)


def _check_orphan_notes(loaded: LoadedLibrary) -> Iterator[Diagnostic]:
    ids = {paper.id for paper in loaded.papers}
    suggest = Suggestions(ids)
    claimed = {os.path.normpath(p.note) for p in loaded.papers if p.note}
    for name in sorted(os.listdir(os.path.join(loaded.base_dir, NOTES_DIR))):
        stem, ext = os.path.splitext(name)
        if ext == ".md" and stem not in ids and os.path.join(NOTES_DIR, name) not in claimed:
            note_path = os.path.join(os.path.dirname(loaded.path) or ".", NOTES_DIR, name)
            message = f"long note '{name}' belongs to no paper{suggest(stem)}"
            yield warning(note_path, 0, 0, message, "rename it to notes/<paper-id>.md")


def check_note_text(path: str, shown: str) -> list[Diagnostic]:
    """A long note must be a readable regular UTF-8 file within the size limit, whose Markdown the
    site can render (a note it cannot is shown as text: a warning)."""
    raw, problem = read_regular_file(path, MAX_BYTES, follow=False)
    if raw is None:
        hint = "split the note" if "the limit is" in str(problem) else _REAL_FILE_HINT
        return [error(shown, 0, 0, f"cannot read the note: {problem}", hint)]
    text, diagnostics = decode_text(raw, shown)
    if text is not None:
        diagnostics += markup_warnings(text, shown, 1, 1)
    return diagnostics


def markup_warnings(text: str | None, path: str, line: int, col: int, field: str = "") -> list[Diagnostic]:
    """A warning when the site would show `text` as plain text (beyond its rendering bounds)."""
    from paperkb.site.markup import note_markup_problem  # the site's renderer decides what it can do

    problem = note_markup_problem(text) if text else None
    if problem is None:
        return []
    hint = "split the note, or flatten its nesting; the site shows it as plain text"
    return [warning(path, line, col, problem, hint, field)]


def check_notes_markup(loaded: LoadedLibrary) -> Iterator[Diagnostic]:
    """Every short note and topic description: renderable within the site's bounds."""
    for records, nodes, key in (
        (loaded.papers, loaded.paper_nodes, "notes"),
        (loaded.topics, loaded.topic_nodes, "description"),
    ):
        for record, node in zip(records, nodes, strict=True):
            texts = getattr(record, key)
            if texts is None:
                continue
            line, col = _at(node, key)
            for lang in ("en", "zh"):
                yield from markup_warnings(getattr(texts, lang), loaded.path, line, col, f"{key}.{lang}")
