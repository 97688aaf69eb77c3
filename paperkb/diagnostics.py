"""Compiler-style diagnostics: every problem found, each with file, line, column and hint."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

# Control characters (terminal escape sequences) and bidirectional overrides from the user's files
# would act on the terminal that prints a diagnostic, and zero-width characters would hide in it:
# show them as escapes instead.
_UNPRINTABLE_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


MAX_MESSAGE_CHARS = 1_000  # a message quotes the user's text: a 20 MB id must not make a 20 MB line


def _shorten(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE_CHARS else text[: MAX_MESSAGE_CHARS - 1] + "…"


def _escape_unprintable(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem in an input file; `line` and `column` are 1-based (0 when unknown)."""

    file: str
    line: int
    column: int
    severity: Severity
    message: str
    hint: str = ""
    field: str = ""

    def format(self) -> str:
        """Render as one gcc-style line: `file:line:col: error: message; hint`."""
        where = self.file
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        text = f"{where}: {self.severity.value}: {_shorten(self.message)}"
        if self.hint:
            text += f"; {_shorten(self.hint)}"
        return _UNPRINTABLE_RE.sub(_escape_unprintable, text.replace("\n", " ").replace("\r", " "))

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(file: str, line: int, column: int, message: str, hint: str = "", field: str = "") -> Diagnostic:
    return Diagnostic(file, line, column, Severity.ERROR, message, hint, field)


def warning(file: str, line: int, column: int, message: str, hint: str = "", field: str = "") -> Diagnostic:
    return Diagnostic(file, line, column, Severity.WARNING, message, hint, field)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort by file, then position, dropping exact repeats."""
    return sorted(set(diagnostics), key=lambda d: (d.file, d.line, d.column, d.message))


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.is_error for d in diagnostics)


def format_report(diagnostics: list[Diagnostic], limit: int = 200) -> str:
    """All diagnostics one a line, capped at `limit` lines with a count of the rest."""
    ordered = sort_diagnostics(diagnostics)
    lines = [d.format() for d in ordered[:limit]]
    hidden = len(ordered) - limit
    if hidden > 0:
        lines.append(f"... and {hidden} more problem(s) not shown")
    errors = sum(d.is_error for d in ordered)
    warnings = len(ordered) - errors
    if ordered:
        lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ` (did you mean 'x'?)` suffix for the closest choice, or ''."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


class Suggestions:
    """did_you_mean against one set of choices, for the first `limit` words asked about.

    Each suggestion compares the word with every choice: a hostile file with thousands of unknown
    names among thousands of ids would take quadratic time, so later words get no suggestion.
    """

    def __init__(self, choices: Iterable[str], limit: int = 25) -> None:
        self.choices = sorted(set(choices))
        self.left = limit

    def __call__(self, word: str) -> str:
        """The ` (did you mean 'x'?)` suffix, or '' (also once the limit is spent)."""
        if self.left <= 0:
            return ""
        self.left -= 1
        return did_you_mean(word, self.choices)
