"""YAML text for new records and fields, written the way papers.yaml is written by hand."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

import yaml

# libyaml's loader where this PyYAML build has it
Loader: type[yaml.SafeLoader] | type[yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

ALWAYS_QUOTED = frozenset({"title", "arxiv"})
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_BREAKS = "\x85\u2028\u2029\ufeff"
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def double_quoted(text: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly `text`."""
    out = ['"']
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char in _BREAKS or _NON_PRINTABLE.match(char):
            code = ord(char)
            out.append(
                f"\\x{code:02X}" if code < 0x100 else f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}"
            )
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _plain_ok(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or "\n" in text or "\r" in text or len(text) > 4000:
        return False
    if _NON_PRINTABLE.search(text) or any(char in text for char in _BREAKS + "\t"):
        return False
    if flow and any(char in text for char in ",[]{}"):
        return False
    document = f"k: [{text}]" if flow else f"k: {text}"
    expected = {"k": [text] if flow else text}
    for loader in (Loader, yaml.SafeLoader):  # libyaml and pure-Python PyYAML differ on corners
        try:
            if yaml.load(document, Loader=loader) != expected:
                return False
        except Exception:  # any parse or construction problem means: quote it
            return False
    return True


def scalar(value: Any, *, flow: bool = False, quote: bool = False) -> str:
    """One value as a YAML scalar: plain when that reads back the same, else double-quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if not quote and _plain_ok(text, flow):
        return text
    return double_quoted(text)


def _block_literal(text: str, indent: int) -> list[str] | None:
    """`|-` / `|` block lines for multi-line text, or None when it must be double-quoted."""
    if "\n" not in text.rstrip("\n") or text.endswith("\n\n") or text[:1] in (" ", "\t", "\n"):
        return None
    if "\r" in text or _NON_PRINTABLE.search(text) or any(char in text for char in _BREAKS):
        return None
    body = text[:-1] if text.endswith("\n") else text
    lines = body.split("\n")
    if any(line and not line.strip() for line in lines) or lines[-1] == "":
        return None
    header = "|" if text.endswith("\n") else "|-"
    pad = " " * indent
    return [header] + [pad + line if line else "" for line in lines]


def render_field(key: str, value: Any, indent: int) -> list[str]:
    """The lines of `key: value` at `indent` spaces (nested values below it)."""
    pad = " " * indent
    if isinstance(value, Mapping):
        lines = [f"{pad}{key}:"]
        for sub_key, sub_value in value.items():
            lines.extend(render_field(str(sub_key), sub_value, indent + 2))
        return lines
    if isinstance(value, (list, tuple)):
        if value and all(isinstance(item, Mapping) for item in value):
            return [f"{pad}{key}:"] + [f"{pad}  - {flow_mapping(item)}" for item in value]
        return [f"{pad}{key}: {flow_sequence(value)}"]
    if isinstance(value, str) and "\n" in value:
        block = _block_literal(value, indent + 2)
        if block is not None:
            return [f"{pad}{key}: {block[0]}", *block[1:]]
    return [f"{pad}{key}: {scalar(value, quote=key in ALWAYS_QUOTED)}"]


def flow_sequence(items: list[Any] | tuple[Any, ...]) -> str:
    """`[a, b]` with every item safe inside a flow collection."""
    return "[" + ", ".join(scalar(item, flow=True) for item in items) + "]"


def flow_mapping(item: Mapping[str, Any]) -> str:
    """`{url: ..., framework: ...}` for one small mapping such as a code link."""
    parts = [f"{key}: {scalar(value, flow=True)}" for key, value in item.items()]
    return "{" + ", ".join(parts) + "}"


def render_record(draft: Mapping[str, Any], dash_indent: int = 2) -> str:
    """A whole record as a `- id: ...` list item, one field a line, ending in a newline."""
    lines: list[str] = []
    for key, value in draft.items():
        if value is None or value == [] or value == {}:
            continue
        lines.extend(render_field(key, value, dash_indent + 2))
    if not lines:
        return ""
    first = lines[0]
    lines[0] = " " * dash_indent + "- " + first[dash_indent + 2 :]
    return "\n".join(lines) + "\n"
