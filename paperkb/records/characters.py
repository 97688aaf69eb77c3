"""Characters that look like others or like nothing: named by code point in messages."""

from __future__ import annotations

import unicodedata

# Letters and symbols that draw as blank space although Unicode does not class them as spaces.
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u180e")


def describe_char(char: str) -> str:
    """'і' -> 'U+0456 CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I'."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def first_non_ascii(text: str) -> tuple[int, str] | None:
    """The 1-based column and the first character outside ASCII, or None."""
    for index, char in enumerate(text):
        if not char.isascii():
            return index + 1, char
    return None


def first_non_ascii_digit(text: str) -> str | None:
    """The first digit that is not 0-9 (full-width, Arabic-Indic, ...), or None."""
    return next((char for char in text if char.isdecimal() and not char.isascii()), None)


def is_invisible(char: str) -> bool:
    """Spaces, format characters (zero-width, bidi controls) and blank-looking letters."""
    category = unicodedata.category(char)
    return category[0] in "ZC" or char.isspace() or char in _BLANK_GLYPHS


def remove_invisible(text: str) -> str:
    """Text with zero-width, format and blank-looking characters taken out (spaces are kept)."""
    return "".join(c for c in text if c.isspace() or not is_invisible(c))


def has_visible(text: str) -> bool:
    return any(not is_invisible(char) for char in text)
