"""Read YAML into plain Python values that remember where they came from.

We build values from libyaml's event stream ourselves instead of using a PyYAML
constructor, because that lets us refuse what a constructor silently accepts:
duplicate keys, anchors/aliases (billion laughs, cycles), explicit tags, and
nesting deep enough to crash libyaml's recursive composer. Plain scalars that
YAML 1.1 would turn into bools, numbers or dates stay strings of their source
text, marked by type, so the schema decides what they mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from paperkb.diagnostics import Diagnostic, error
from paperkb.records.paths import describe_size, read_regular_file

try:  # libyaml is about 5 times faster; fall back to pure Python where absent.
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the platform's PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

# Measured (bench/yaml_memory.py): peak memory grows with the number of values more than with bytes;
# a million one-character values is the costly shape. These keep validate within about 1 GB.
MAX_BYTES = 32 * 1024 * 1024
MAX_NODES = 1_000_000  # about 22,000 papers of the usual size
MAX_DEPTH = 64

Position = tuple[int, int]


class Plain(str):
    """A plain (unquoted) scalar that YAML 1.1 would not read as a string."""

    __slots__ = ()
    kind = "str"


class PlainBool(Plain):
    __slots__ = ()
    kind = "bool"


class PlainInt(Plain):
    __slots__ = ()
    kind = "int"


class PlainFloat(Plain):
    __slots__ = ()
    kind = "float"


class PlainTimestamp(Plain):
    __slots__ = ()
    kind = "timestamp"


_KINDS: dict[str, type[Plain]] = {
    "tag:yaml.org,2002:bool": PlainBool,
    "tag:yaml.org,2002:int": PlainInt,
    "tag:yaml.org,2002:float": PlainFloat,
    "tag:yaml.org,2002:timestamp": PlainTimestamp,
}
_RESOLVERS = yaml.resolver.Resolver.yaml_implicit_resolvers


class PosDict(dict):  # type: ignore[type-arg]
    """A mapping with the 1-based position of itself, each key and each value."""

    __slots__ = ("key_pos", "pos", "value_pos")

    def __init__(self, pos: Position) -> None:
        super().__init__()
        self.pos = pos
        self.key_pos: dict[str, Position] = {}
        self.value_pos: dict[str, Position] = {}


class PosList(list):  # type: ignore[type-arg]
    """A sequence with the 1-based position of itself and of each item."""

    __slots__ = ("item_pos", "pos")

    def __init__(self, pos: Position) -> None:
        super().__init__()
        self.pos = pos
        self.item_pos: list[Position] = []


@dataclass
class YamlDocument:
    """The result of reading one file: a value (None on failure) and what went wrong."""

    path: str
    data: object = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def decode_text(raw: bytes, path: str) -> tuple[str | None, list[Diagnostic]]:
    """UTF-8 with or without BOM, CRLF or LF, all read alike."""
    if len(raw) > MAX_BYTES:
        msg = f"file is {describe_size(len(raw))}; the limit is {describe_size(MAX_BYTES)}"
        return None, [error(path, 1, 1, msg, "split the knowledge base or remove the bulk data")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = "save the file as UTF-8 (it looks like another encoding)"
        return None, [error(path, line, col, f"invalid UTF-8 byte 0x{raw[exc.start]:02x}", hint)]
    return text.replace("\r\n", "\n"), []


def read_yaml_file(path: str) -> YamlDocument:
    """Read a file into positioned values; never raises for bad content."""
    raw, problem = read_regular_file(path, MAX_BYTES)  # a FIFO is refused, never waited on
    if raw is None:
        hint = "give the path of a regular file" if "not a regular file" in str(problem) else ""
        if "the limit is" in str(problem):
            hint = "split the knowledge base or remove the bulk data"
        return YamlDocument(path, None, [error(path, 0, 0, f"cannot read file: {problem}", hint)])
    return parse_yaml_bytes(raw, path)


def parse_yaml_bytes(raw: bytes, path: str) -> YamlDocument:
    text, problems = decode_text(raw, path)
    if text is None:
        return YamlDocument(path, None, problems)
    return parse_yaml_text(text, path)


def parse_yaml_text(text: str, path: str) -> YamlDocument:
    """Build positioned values from the YAML event stream."""
    builder = _Builder(path)
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if not builder.feed(event):
                break
    except yaml.MarkedYAMLError as exc:
        return YamlDocument(path, None, [_syntax_diagnostic(exc, path, text)])
    except yaml.reader.ReaderError as exc:  # a control character: no mark, only a position
        return YamlDocument(path, None, [_reader_diagnostic(exc, path, text)])
    except yaml.YAMLError as exc:  # pragma: no cover - defensive: other unmarked errors
        return YamlDocument(path, None, [error(path, 1, 1, f"YAML error: {exc}")])
    if builder.problems:
        return YamlDocument(path, None, builder.problems)
    return YamlDocument(path, builder.root, builder.value_problems)


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, path: str, text: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    if exc.context_mark and "end of stream" in (exc.problem or ""):
        mark = exc.context_mark  # where the unclosed quote or bracket began
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = exc.problem or "syntax error"
    if "maximum nesting depth" in problem:  # libyaml >= 0.2.6 stops at 1,000 levels before we see them
        return error(path, line, col, f"nesting deeper than {MAX_DEPTH} levels", _DEPTH_HINT)
    message = f"YAML syntax error: {problem}"
    if exc.context:
        message += f" ({exc.context})"
    at_tab = mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t"
    return error(path, line, col, message, _syntax_hint(problem, exc.context or "", at_tab))


def _reader_diagnostic(exc: yaml.reader.ReaderError, path: str, text: str) -> Diagnostic:
    # libyaml counts the position in UTF-8 bytes; turn it into a character offset.
    position = len(text.encode("utf-8")[: max(exc.position, 0)].decode("utf-8", "ignore"))
    line = text.count("\n", 0, position) + 1
    col = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "?")
    message = f"control character U+{code:04X} is not allowed in YAML"
    return error(path, line, col, message, "remove it; it is invisible in most editors")


def _syntax_hint(problem: str, context: str, at_tab: bool) -> str:
    if at_tab or "\\t" in problem:
        return "indent with spaces, not tabs"
    if "quoted scalar" in context:
        return "close the quote, or escape quotes inside it"
    if "mapping values are not allowed" in problem:
        return "put text that contains ': ' in quotes"
    if "did not find expected key" in problem or "expected <block end>" in problem:
        return "check the indentation of this line against the lines above"
    if "found character that cannot start any token" in problem:
        return "put the value in quotes"
    return "check the YAML syntax near this position"


_TAG_OK = (None, "!")
# C0 and C1 controls but tab and line feed (what a YAML escape can put into a quoted value)
_ESCAPED_CONTROL_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_DEPTH_HINT = "a paper record needs only a few levels; check the indentation"


class _Builder:
    """Turns events into PosDict/PosList/str values without recursion."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.root: object = None
        self.stack: list[list[Any]] = []  # [container, pending key or None, key position]
        self.problems: list[Diagnostic] = []  # the reading stops at the first
        self.value_problems: list[Diagnostic] = []  # errors that leave the values usable
        self.documents = 0
        self.nodes = 0

    def fail(self, event: Any, message: str, hint: str) -> bool:
        mark = event.start_mark
        self.problems.append(error(self.path, mark.line + 1, mark.column + 1, message, hint))
        return False

    def feed(self, event: Any) -> bool:
        """Take one event; False stops the reading (typed Any: `type(event) is` tests keep the hot loop fast)."""
        kind = type(event)
        if kind is yaml.ScalarEvent or kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self.nodes += 1
            if self.nodes > MAX_NODES:
                hint = "split the knowledge base, or write long lists as text"
                return self.fail(event, f"more than {MAX_NODES:,} values; the limit is {MAX_NODES:,}", hint)
        if kind is yaml.ScalarEvent:  # the common case first: most events are scalars
            if event.anchor or event.tag not in _TAG_OK:
                return self.refuse(event)
            control = _ESCAPED_CONTROL_RE.search(event.value) if event.style == '"' else None
            if control:
                self.flag_control(event, control.group())
            frame = self.stack[-1] if self.stack else None
            if frame is not None and frame[1] is None and type(frame[0]) is PosDict:
                return self.add_key(frame, event)
            return self.add(event, _scalar_value(event))
        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            return self.open(event)
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            self.stack.pop()
            return True
        if kind is yaml.AliasEvent:
            return self.refuse(event)
        if kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                return self.fail(
                    event,
                    "more than one YAML document in the file",
                    "remove the '---' line; keep one document",
                )
        return True

    def refuse(self, event: Any) -> bool:
        if type(event) is yaml.AliasEvent or getattr(event, "anchor", None):
            return self.fail(
                event,
                "anchors and aliases (&name, *name) are not supported",
                "write the value out in full where it is needed",
            )
        hint = "remove the tag and quote the value if it is text"
        return self.fail(event, f"explicit YAML tag '{event.tag}' is not supported", hint)

    def open(self, event: Any) -> bool:
        if event.anchor or event.tag not in _TAG_OK:
            return self.refuse(event)
        if len(self.stack) >= MAX_DEPTH:
            return self.fail(
                event,
                f"nesting deeper than {MAX_DEPTH} levels",
                _DEPTH_HINT,
            )
        if self.stack and self.stack[-1][1] is None and type(self.stack[-1][0]) is PosDict:
            return self.fail(
                event, "a mapping key must be a plain word, not a list or mapping", "use 'name: value' pairs"
            )
        pos = (event.start_mark.line + 1, event.start_mark.column + 1)
        container = PosDict(pos) if type(event) is yaml.MappingStartEvent else PosList(pos)
        self.add(event, container)
        self.stack.append([container, None, None])
        return True

    def flag_control(self, event: Any, character: str) -> None:
        """A control character written as an escape in a double-quoted value ("\\e[31m"): the
        reader refuses them raw, so only an escape brings one in. Reported, the reading goes on."""
        mark = event.start_mark
        self.value_problems.append(
            error(
                self.path,
                mark.line + 1,
                mark.column + 1,
                f"control character U+{ord(character):04X} in a quoted value",
                "remove the escape that writes it (such as \\e, \\x1b or \\a): it is invisible, "
                "and can change what a terminal shows",
            )
        )

    def add_key(self, frame: list[Any], event: Any) -> bool:
        key, container = event.value, frame[0]
        if key in container:
            first = container.key_pos[key][0]
            return self.fail(
                event,
                f"duplicate key '{key}' (first defined on line {first})",
                "remove one of them or merge their values",
            )
        frame[1], frame[2] = key, (event.start_mark.line + 1, event.start_mark.column + 1)
        return True

    def add(self, event: Any, value: object) -> bool:
        pos = (event.start_mark.line + 1, event.start_mark.column + 1)
        if not self.stack:
            self.root = value
            return True
        frame = self.stack[-1]
        container = frame[0]
        if type(container) is PosList:
            container.append(value)
            container.item_pos.append(pos)
            return True
        key = frame[1]
        container[key] = value
        container.key_pos[key] = frame[2]
        container.value_pos[key] = pos
        frame[1] = None
        return True


def _scalar_value(event: yaml.ScalarEvent) -> str | None:
    text = event.value
    if event.style or not event.implicit[0]:
        return text  # quoted or block scalar: always text
    if text == "":
        return None
    for tag, regexp in _RESOLVERS.get(text[0], ()):
        if regexp.match(text):
            if tag == "tag:yaml.org,2002:null":
                return None
            kind = _KINDS.get(tag)
            return kind(text) if kind else text
    return text


def position_of(root: object, path: tuple[object, ...]) -> Position:
    """Best-known position of the value at `path` (falls back to the nearest parent)."""
    node, pos = root, getattr(root, "pos", (1, 1))
    for step in path:
        if isinstance(node, PosDict) and isinstance(step, str) and step in node:
            pos = node.value_pos.get(step, pos)
            node = node[step]
        elif isinstance(node, PosList) and isinstance(step, int) and 0 <= step < len(node):
            pos = node.item_pos[step]
            node = node[step]
        else:
            break
    return pos


def key_position(root: object, path: tuple[object, ...]) -> Position:
    """Position of the key of the last step of `path` (for unknown-field errors)."""
    parent: Any = root
    for step in path[:-1]:
        if isinstance(parent, (PosDict, PosList)):
            try:
                parent = parent[step]  # type: ignore[call-overload]
            except (KeyError, IndexError, TypeError):
                break
    if isinstance(parent, PosDict) and path and path[-1] in parent.key_pos:
        return parent.key_pos[path[-1]]
    return position_of(root, path)
