"""Compiler-style diagnostics: every problem found, each with file, line, column and hint."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


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
        text = f"{where}: {self.severity.value}: {self.message}"
        if self.hint:
            text += f"; {self.hint}"
        return text.replace("\n", " ").replace("\r", " ")

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
