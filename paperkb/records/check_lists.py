"""Checks on names the site turns into pages and anchors, and on lists that must name a thing once."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from paperkb.diagnostics import Diagnostic, error
from paperkb.records.load import LoadedLibrary
from paperkb.records.yamltree import PosDict, Position, PosList
from paperkb.site import urls


def check_lists(loaded: LoadedLibrary) -> Iterator[Diagnostic]:
    """Duplicates inside a record's lists, reserved ids, and tags or venues whose anchors collide."""
    yield from _check_duplicate_items(loaded)
    yield from _check_reserved_ids(loaded)
    yield from _check_anchors(loaded, "tag", lambda paper: list(paper.tags), "tags")
    yield from _check_anchors(loaded, "venue", lambda paper: [paper.venue] if paper.venue else [], "venue")


def _positions(node: PosDict, key: str) -> list[Position]:
    """Where each item of a list field starts (the url of a code entry), or the field's position."""
    items = node.get(key)
    if not isinstance(items, PosList):
        return []
    if key == "code":
        return [
            item.value_pos.get("url", pos) if isinstance(item, PosDict) else pos
            for item, pos in zip(items, items.item_pos, strict=True)
        ]
    return list(items.item_pos)


def _check_duplicate_items(loaded: LoadedLibrary) -> Iterator[Diagnostic]:
    fields: dict[str, tuple[str, Callable[..., list[str]]]] = {
        "topics": ("topic", lambda paper: list(paper.topics)),
        "tags": ("tag", lambda paper: list(paper.tags)),
        "related": ("related paper", lambda paper: list(paper.related)),
        "code": ("code URL", lambda paper: [code.url for code in paper.code]),
    }
    for paper, node in zip(loaded.papers, loaded.paper_nodes, strict=True):
        for key, (label, values_of) in fields.items():
            positions = _positions(node, key)
            first: dict[str, int] = {}
            for index, value in enumerate(values_of(paper)):
                if value not in first:
                    first[value] = index
                    continue
                line, col = positions[index] if index < len(positions) else node.pos
                earlier = first[value]
                where = f"line {positions[earlier][0]}" if earlier < len(positions) else "above"
                message = f"{key}: {label} '{value}' is listed twice (item {index + 1}; first as item {earlier + 1}, {where})"
                yield error(loaded.path, line, col, message, "list each once; remove this one", key)


def _check_reserved_ids(loaded: LoadedLibrary) -> Iterator[Diagnostic]:
    """An id whose page would not be at its own URL would replace one of the site's own pages."""
    records = [("paper", paper.id, node, urls.long_note_src(paper.id)) for paper, node in
               zip(loaded.papers, loaded.paper_nodes, strict=True)]  # fmt: skip
    records += [("topic", topic.id, node, urls.topic_src(topic.id)) for topic, node in
                zip(loaded.topics, loaded.topic_nodes, strict=True)]  # fmt: skip
    for kind, record_id, node, src in records:
        folder = "papers" if kind == "paper" else "topics"
        if urls.page_url(src) != f"{folder}/{record_id}/":
            line, col = node.value_pos.get("id", node.pos)
            message = f"{kind} id '{record_id}' is reserved: its page would land on the site's own {urls.page_url(src)}"
            yield error(
                loaded.path, line, col, message, f"choose another id, e.g. '{record_id}-{kind}'", "id"
            )


def _check_anchors(
    loaded: LoadedLibrary, prefix: str, names_of: Callable[..., list[str]], key: str
) -> Iterator[Diagnostic]:
    """Two different names that give one anchor would share one entry on the tags or venues page."""
    owner: dict[str, tuple[str, int]] = {}
    for paper, node in zip(loaded.papers, loaded.paper_nodes, strict=True):
        positions = _positions(node, key) if key == "tags" else [node.value_pos.get(key, node.pos)]
        for index, name in enumerate(names_of(paper)):
            anchor = urls.anchor_slug(prefix, name)
            line, col = positions[index] if index < len(positions) else node.pos
            other, other_line = owner.setdefault(anchor, (name, line))
            if other != name:
                message = f"{prefix} '{name}' and {prefix} '{other}' (line {other_line}) give the same anchor '#{anchor}'"
                yield error(
                    loaded.path, line, col, message, f"spell the two {prefix}s alike or rename one", key
                )
