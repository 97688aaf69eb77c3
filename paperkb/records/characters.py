"""Characters that look like others or like nothing: named by code point in messages."""

from __future__ import annotations

import re
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
    return category[0] == "Z" or category in ("Cc", "Cf") or char.isspace() or char in _BLANK_GLYPHS


# The format characters (category Cf, Unicode 14), control characters that are not spaces, and the
# blank-looking letters: one regular expression, so a 20 MB title is cleaned at C speed.
_INVISIBLE_RE = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891"
    "\u08e2\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f" + "".join(sorted(_BLANK_GLYPHS)) + "]"
)


def remove_invisible(text: str) -> str:
    """Text with zero-width, format and blank-looking characters taken out (spaces are kept)."""
    return _INVISIBLE_RE.sub("", text)


def has_visible(text: str) -> bool:
    return any(not is_invisible(char) for char in text)
