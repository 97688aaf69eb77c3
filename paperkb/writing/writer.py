"""Loss-free edits of papers.yaml: new records appended as text, missing fields inserted in place.

Nothing the edit does not mean to change is touched: every edit is an insertion into the
original text, found from the positions of PyYAML's node tree. Writing goes through a
temporary file in the same directory that is re-validated before an atomic rename.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from paperkb.diagnostics import Diagnostic, error
from paperkb.importers.merge import MergePlan
from paperkb.records.check import check_library
from paperkb.records.library import Library, open_library
from paperkb.records.load import library_from_document
from paperkb.records.yamltree import parse_yaml_text
from paperkb.writing.record_yaml import (
    Loader,
    flow_mapping,
    flow_sequence,
    render_field,
    render_record,
    scalar,
)

# The atomic, locked file writing lives in safe_write; re-exported for callers of the writer.
from paperkb.writing.safe_write import WriteError, commit_text, papers_lock, read_papers_text  # noqa: F401

Node = yaml.Node


@dataclass
class TextEdits:
    """Insertions into one text: (character offset, text) pairs applied together."""

    text: str

    def __post_init__(self) -> None:
        self.inserts: list[tuple[int, str]] = []
        self.lines = self.text.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, line: int, column: int) -> int:
        """Character offset of a 0-based line and column."""
        return self.starts[line] + column

    def after_line(self, line: int, text: str) -> None:
        """Insert whole lines after line `line` (0-based)."""
        if line + 1 >= len(self.lines) and not self.text.endswith("\n"):
            text = "\n" + text
        self.inserts.append((self.starts[min(line + 1, len(self.lines))], text))

    def at(self, offset: int, text: str) -> None:
        """Insert `text` at a character offset."""
        self.inserts.append((offset, text))

    def apply(self) -> str:
        """The text with every insertion made (same-offset ones in the order given)."""
        result, cursor = [], 0
        for offset, text in sorted(self.inserts, key=lambda pair: pair[0]):  # stable: order kept
            result.append(self.text[cursor:offset])
            result.append(text)
            cursor = offset
        result.append(self.text[cursor:])
        return "".join(result)


def _compose(text: str) -> Node | None:
    return yaml.compose(text, Loader=Loader)


def _value_of(mapping: Node, key: str) -> Node | None:
    for key_node, value_node in mapping.value:
        if key_node.value == key:
            found: Node = value_node
            return found
    return None


def _last_line(edits: TextEdits, node: Node) -> int:
    """0-based line of the last character that belongs to `node`'s content."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    start, end = node.start_mark.line, node.end_mark
    line = end.line - 1 if end.column == 0 and end.line > start else end.line
    keeps_blanks = (
        isinstance(node, yaml.ScalarNode) and node.style in ("|", ">") and "+" in _header(edits, node)
    )
    while not keeps_blanks and line > start and not edits.lines[line].strip():
        line -= 1
    return min(line, len(edits.lines) - 1)


def _header(edits: TextEdits, node: Node) -> str:
    return edits.lines[node.start_mark.line][node.start_mark.column :].split("#")[0]


def _dash_indent(edits: TextEdits, item: Node) -> int:
    prefix = edits.lines[item.start_mark.line][: item.start_mark.column]
    dash = prefix.rfind("-")
    return dash if dash >= 0 else max(item.start_mark.column - 2, 0)


def _blank_separated(edits: TextEdits, items: list[Node]) -> bool:
    """Whether the existing records are separated by blank lines (new ones follow suit)."""
    if len(items) < 2:
        return False
    between = range(_last_line(edits, items[0]) + 1, items[1].start_mark.line)
    return any(not edits.lines[line].strip() for line in between)


def append_records(text: str, drafts: Sequence[Mapping[str, Any]]) -> str:
    """`text` with `drafts` appended as new items at the end of the `papers:` list."""

    def add_list(edits: TextEdits, listed: str) -> None:
        edits.after_line(len(edits.lines) - 1, listed)

    return _append_items(text, "papers", drafts, render_record, add_list)


def _append_items(
    text: str,
    name: str,
    items: Sequence[Mapping[str, Any]],
    render: Callable[[Mapping[str, Any], int], str],
    add_list: Callable[[TextEdits, str], None],
) -> str:
    """`text` with `items` (rendered by `render`) appended to the top-level list `name`, in the
    layout it has: after its last item, into `name: []` or a bare `name:`, or as a new list that
    `add_list` places."""
    if not items:
        return text
    edits = TextEdits(text)
    key, value = _top_key(edits, name)
    if isinstance(value, yaml.SequenceNode) and value.value and not value.flow_style:
        indent = _dash_indent(edits, value.value[0])
        gap = "\n" if _blank_separated(edits, value.value) else ""
        edits.after_line(
            _last_line(edits, value.value[-1]), "".join(gap + render(item, indent) for item in items)
        )
        return edits.apply()
    block = "".join(render(item, 2) for item in items)
    if key is None or value is None:
        add_list(edits, f"{name}:\n" + block)
    elif isinstance(value, yaml.SequenceNode) and not value.value:  # `name: []`
        start = edits.offset(value.start_mark.line, value.start_mark.column)
        end = edits.offset(value.end_mark.line, value.end_mark.column)
        return text[:start].rstrip(" ") + "\n" + block + text[end:].lstrip(" \n")
    elif isinstance(value, yaml.ScalarNode) and value.value == "" and not value.style:  # `name:`
        edits.after_line(key.start_mark.line, block)
    else:
        raise WriteError.single(
            f"cannot add to the '{name}:' list in this layout",
            f"write '{name}:' as a block list ('- id: ...' items)",
        )
    return edits.apply()


def _top_key(edits: TextEdits, name: str) -> tuple[Node | None, Node | None]:
    root = _compose(edits.text)
    if not isinstance(root, yaml.MappingNode):
        raise WriteError.single("papers.yaml is not a mapping", "validate it first")
    for key_node, value_node in root.value:
        if key_node.value == name:
            return key_node, value_node
    return None, None


def render_topic(topic: Mapping[str, Any], dash_indent: int) -> str:
    """A new topic as a `- id: ...` item: `title: {en: ..., zh: ...}` on one line, as written by hand."""
    pad = " " * dash_indent
    lines = [f"{pad}- id: {scalar(topic['id'])}", f"{pad}  title: {flow_mapping(topic['title'])}"]
    for key, value in topic.items():
        if key not in ("id", "title") and value not in (None, [], {}):
            lines.extend(render_field(key, value, dash_indent + 2))
    return "\n".join(lines) + "\n"


def append_topics(text: str, topics: Sequence[Mapping[str, Any]]) -> str:
    """`text` with new topics appended to the `topics:` list (made before `papers:` if absent)."""

    def add_list(edits: TextEdits, listed: str) -> None:
        papers, _ = _top_key(edits, "papers")
        if papers is None:
            edits.after_line(len(edits.lines) - 1, listed)
        else:
            edits.at(edits.offset(papers.start_mark.line, 0), listed + "\n")

    return _append_items(text, "topics", topics, render_topic, add_list)


def add_fields(text: str, updates: Mapping[int, Mapping[str, Any]]) -> str:
    """`text` with fields inserted into existing records: {paper index: {field: value}}.

    A field the record lacks is added at its end; for a field it has, dict values add keys
    to that mapping and list values add items to that list. Nothing else changes.
    """
    if not updates:
        return text
    edits = TextEdits(text)
    _, papers = _top_key(edits, "papers")
    if not isinstance(papers, yaml.SequenceNode):
        raise WriteError.single("papers.yaml has no 'papers:' list", "validate it first")
    for index in sorted(updates):
        record = papers.value[index]
        if not isinstance(record, yaml.MappingNode) or record.flow_style:
            raise WriteError.single(f"record {index + 1} is not a block mapping", "edit it by hand")
        _add_to_mapping(edits, record, updates[index])
    return edits.apply()


def _add_to_mapping(edits: TextEdits, mapping: Node, fields: Mapping[str, Any]) -> None:
    new: dict[str, Any] = {}
    for key, value in fields.items():
        existing = _value_of(mapping, key)
        if existing is None:
            new[key] = value
        elif isinstance(existing, yaml.MappingNode) and isinstance(value, Mapping):
            _add_to_mapping(edits, existing, value)
        elif isinstance(existing, yaml.SequenceNode) and isinstance(value, (list, tuple)):
            _add_to_sequence(edits, existing, value)
        else:
            raise WriteError.single(f"cannot add to field '{key}' as written", "edit it by hand")
    if not new:
        return
    if getattr(mapping, "flow_style", False):
        parts = [f"{key}: {_flow_value(value)}" for key, value in new.items()]
        _insert_in_flow(edits, mapping, parts)
        return
    indent = mapping.value[0][0].start_mark.column
    lines = [line for key, value in new.items() for line in render_field(key, value, indent)]
    edits.after_line(_last_line(edits, mapping), "\n".join(lines) + "\n")


def _add_to_sequence(edits: TextEdits, sequence: Node, items: Sequence[Any]) -> None:
    if not items:
        return
    rendered = [_flow_value(item) for item in items]
    if getattr(sequence, "flow_style", False) or not sequence.value:
        _insert_in_flow(edits, sequence, rendered)
        return
    pad = " " * _dash_indent(edits, sequence.value[0])
    block = "".join(f"{pad}- {item}\n" for item in rendered)
    edits.after_line(_last_line(edits, sequence), block)


def _flow_value(value: Any) -> str:
    if isinstance(value, Mapping):
        return flow_mapping(value)
    if isinstance(value, (list, tuple)):
        return flow_sequence(value)
    return scalar(value, flow=True)


def _insert_in_flow(edits: TextEdits, node: Node, parts: list[str]) -> None:
    close = edits.offset(node.end_mark.line, node.end_mark.column) - 1
    if close < 0 or edits.text[close] not in "]}":
        raise WriteError.single("cannot find the end of a flow collection", "edit it by hand")
    joined = ", ".join(parts)
    inner = edits.text[edits.offset(node.start_mark.line, node.start_mark.column) + 1 : close]
    edits.at(close, (", " + joined) if inner.strip() else joined)


def unified_diff(old: str, new: str, path: str) -> str:
    """The change as a unified diff, for --dry-run."""
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), new.splitlines(keepends=True), path, f"{path} (after)"
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


# --- re-validation: the new text must load and change only what the merge planned ---


def open_library_text(text: str, path: str) -> tuple[Library | None, list[Diagnostic]]:
    """Like open_library, for text not written anywhere (dry runs); notes resolve next to `path`."""
    loaded = library_from_document(parse_yaml_text(text, path))
    diagnostics = list(loaded.diagnostics)
    if loaded.papers or loaded.topics:
        diagnostics.extend(check_library(loaded))
    if any(d.is_error for d in diagnostics):
        return None, diagnostics
    return Library.from_loaded(loaded), diagnostics


def verify_merge(
    before: Library, plan: MergePlan, after: Library | None, found: list[Diagnostic], shown: str
) -> list[Diagnostic]:
    """Errors if the new library does not validate or changes more than the plan says."""
    problems = [d for d in found if d.is_error]
    if after is None:
        return problems
    kept = [t.model_dump() for t in after.topics[: len(before.topics)]] == [
        t.model_dump() for t in before.topics
    ]
    made = [topic.id for topic in after.topics[len(before.topics) :]]
    if not kept or made != [topic["id"] for topic in plan.new_topics]:
        problems.append(error(shown, 0, 0, "internal error: the topics would change", "report this"))
    expected = [p.id for p in before.papers] + [d["id"] for d in plan.new]
    if [p.id for p in after.papers] != expected:
        problems.append(error(shown, 0, 0, "internal error: the records would change", "report this"))
        return problems
    for number, old in enumerate(before.papers):
        if not _only_additions(old.model_dump(), after.papers[number].model_dump(), plan.updates.get(number)):
            message = f"internal error: record '{old.id}' would change beyond the merge"
            problems.append(error(shown, 0, 0, message, "report this; nothing was written"))
    return problems


def check_merge(before: Library, plan: MergePlan, shown: str) -> Callable[[str], list[Diagnostic]]:
    """The write check for commit_text: re-open the written temp file and verify it."""
    return lambda path: verify_merge(before, plan, *open_library(path), shown)


def _only_additions(old: dict[str, Any], new: dict[str, Any], added: Mapping[str, Any] | None) -> bool:
    for key, value in old.items():
        if not added or key not in added:
            if new[key] != value:
                return False
        elif (isinstance(value, list) and new[key][: len(value)] != value) or (
            isinstance(value, dict) and any(new[key].get(k) != v for k, v in value.items() if v is not None)
        ):
            return False
    return True
