"""Load papers.yaml into validated records, collecting every problem with its position."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from paperkb.diagnostics import Diagnostic, did_you_mean, error
from paperkb.records.model import PAPER_FIELDS, TOPIC_FIELDS, Paper, Topic
from paperkb.records.yamltree import PosDict, PosList, YamlDocument, key_position, position_of, read_yaml_file

TOP_LEVEL_KEYS = ("topics", "papers")


@dataclass
class LoadedLibrary:
    """Records that validated, the YAML nodes they came from, and the problems found."""

    path: str
    topics: list[Topic] = field(default_factory=list)
    papers: list[Paper] = field(default_factory=list)
    topic_nodes: list[PosDict] = field(default_factory=list)
    paper_nodes: list[PosDict] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    root: object = None
    raw_ids: dict[str, set[str]] = field(default_factory=dict)

    def known_ids(self, section: str) -> set[str]:
        """Ids of every record in `section`, including records that failed validation."""
        return self.raw_ids.get(section, set())

    @property
    def base_dir(self) -> str:
        return os.path.dirname(os.path.abspath(self.path))


@contextmanager
def paused_gc() -> Iterator[None]:
    """Building many small objects triggers needless collections; pause them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def load_library(path: str) -> LoadedLibrary:
    """Read and validate one papers.yaml; never raises for bad content."""
    with paused_gc():
        document = read_yaml_file(path)
        return library_from_document(document)


def library_from_document(document: YamlDocument) -> LoadedLibrary:
    loaded = LoadedLibrary(document.path, diagnostics=list(document.diagnostics), root=document.data)
    if document.diagnostics and document.data is None:
        return loaded
    path, root = document.path, document.data
    if root is None:
        loaded.diagnostics.append(
            error(path, 1, 1, "the file is empty", "start with 'topics:' and 'papers:' lists")
        )
        return loaded
    if not isinstance(root, PosDict):
        found = "a list" if isinstance(root, PosList) else "a single value"
        line, col = getattr(root, "pos", (1, 1))
        loaded.diagnostics.append(
            error(
                path,
                line,
                col,
                f"expected a mapping with 'topics:' and 'papers:', found {found}",
                "the file must start with 'topics:' and 'papers:' keys",
            )
        )
        return loaded
    for key in root:
        if key not in TOP_LEVEL_KEYS:
            line, col = root.key_pos[key]
            loaded.diagnostics.append(
                error(
                    path,
                    line,
                    col,
                    f"unknown top-level key '{key}'{did_you_mean(key, TOP_LEVEL_KEYS)}",
                    "only 'topics:' and 'papers:' are allowed at the top level",
                )
            )
    for name, model, fields, records, nodes in (
        ("topics", Topic, TOPIC_FIELDS, loaded.topics, loaded.topic_nodes),
        ("papers", Paper, PAPER_FIELDS, loaded.papers, loaded.paper_nodes),
    ):
        _validate_section(loaded, root, name, model, fields, records, nodes)
    return loaded


def _validate_section(
    loaded: LoadedLibrary,
    root: PosDict,
    name: str,
    model: type[Topic] | type[Paper],
    fields: tuple[str, ...],
    records: list[Any],
    nodes: list[PosDict],
) -> None:
    path = loaded.path
    items = root.get(name)
    if items is None:
        if name == "papers" or name not in root:
            line, col = root.value_pos.get(name, root.pos)
            loaded.diagnostics.append(
                error(
                    path, line, col, f"missing '{name}:' list", f"add '{name}:' with one '- ' item a record"
                )
            )
        return
    if not isinstance(items, PosList):
        line, col = root.value_pos[name]
        loaded.diagnostics.append(
            error(
                path, line, col, f"'{name}' must be a list", "write each record as an item starting with '- '"
            )
        )
        return
    raw_ids = loaded.raw_ids.setdefault(name, set())
    for index, item in enumerate(items):
        if isinstance(item, PosDict) and isinstance(item.get("id"), str):
            raw_ids.add(str(item["id"]))
        if not isinstance(item, PosDict):
            line, col = items.item_pos[index]
            loaded.diagnostics.append(
                error(
                    path,
                    line,
                    col,
                    f"each item of '{name}' must be a mapping of fields",
                    "write 'id: ...', 'title: ...' under the '- '",
                )
            )
            continue
        try:
            record = model.model_validate(item)
        except ValidationError as exc:
            loaded.diagnostics.extend(_diagnostics_from(exc, root, (name, index), path, fields))
            continue
        records.append(record)
        nodes.append(item)


def _diagnostics_from(
    exc: ValidationError, root: PosDict, prefix: tuple[str | int, ...], path: str, fields: tuple[str, ...]
) -> list[Diagnostic]:
    found = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        field_path = ".".join(str(step) for step in loc)
        message, hint = _message_for(err, loc, fields)
        if err["type"] == "extra_forbidden" or (loc and loc[-1] == "[key]"):
            target = prefix + (loc[:-1] if loc[-1] == "[key]" else loc)
            line, col = key_position(root, target)
        else:
            line, col = position_of(root, prefix + loc)
        found.append(error(path, line, col, message, hint, field_path))
    return found


def _message_for(err: Mapping[str, Any], loc: tuple[Any, ...], fields: tuple[str, ...]) -> tuple[str, str]:
    kind = err["type"]
    name = ".".join(str(step) for step in loc if step != "[key]")
    ctx = err.get("ctx") or {}
    if kind == "paperkb":
        return f"{name}: {err['msg']}", ctx.get("hint", "")
    if kind == "extra_forbidden":
        unknown = str(loc[-1])
        choices = fields if len(loc) == 1 else ()
        return (
            f"unknown field '{unknown}'{did_you_mean(unknown, choices)}",
            "check the spelling of the field name",
        )
    if kind == "missing":
        return f"missing required field '{name}'", f"add '{loc[-1]}: ...' to this record"
    if kind in ("list_type", "model_type", "dict_type", "model_attributes_type"):
        expected = "a list" if kind == "list_type" else "a mapping"
        example = "[a, b]" if kind == "list_type" else "{en: ..., zh: ...}"
        return f"{name}: expected {expected}", f"write it as {example}"
    if kind == "too_short":
        return f"{name}: must not be empty", "give at least one value"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{name}: {err['msg'].lower()}", ""
    return f"{name}: {err['msg']}", ""
