"""The text a link shows for its URL: the host the browser will really open, never a look-alike.

A label made from the URL as written can lie: `https://github.com@evil.org/` and
`https://evil.org\\@github.com/` open evil.org, a Cyrillic `а` looks like a Latin `a`, and U+202E turns
the rest of the label around. The label is made the way a browser reads the URL (any run of slashes or
backslashes after the scheme, user info dropped, the host percent-decoded and mapped by UTS #46), the
host is shown in ASCII (punycode for a non-ASCII label), and invisible or bidi characters in the path
are written as `\\u202e`.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote, unquote

import idna

_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_AUTHORITY_RE = re.compile(r"([^/\\?#]*)([^?#]*)", re.DOTALL)
# What WHATWG's URL standard forbids in a host (and `%`, once decoded).
_FORBIDDEN_HOST_RE = re.compile(r"[\x00-\x20#%/:<>?@\[\\\]^|\x7f]")
_DEFAULT_PORTS = {"http": "80", "https": "443"}
# Not shown as themselves: controls, format characters (bidi controls, zero-width joiners, soft
# hyphens), private-use and unassigned code points, and every space but U+0020.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp", "Zs"})
# Right-to-left letters and digits in a path could move the text around them: shown percent-encoded.
_RTL_CLASSES = frozenset({"R", "AL", "AN"})


def url_label(url: str) -> str:
    """`host/path` as the browser will open it (no `www.`, no query or fragment), safe to show."""
    scheme = _SCHEME_RE.match(url)
    if scheme is None:
        return show_text(url)
    rest = url[scheme.end() :].lstrip("/\\")
    parts = _AUTHORITY_RE.match(rest)
    assert parts is not None  # the pattern matches any text
    authority, path = parts.group(1), parts.group(2).replace("\\", "/").rstrip("/")
    host, port = _split_port(authority.rpartition("@")[2])
    host = show_host(host).removeprefix("www.")
    if port and port != _DEFAULT_PORTS.get(scheme.group(0)[:-1].lower()):
        host += ":" + _escape_non_ascii(port)
    return (host + show_text(path)) or show_text(url)


def _split_port(host_port: str) -> tuple[str, str]:
    if host_port.startswith("["):
        host, _, rest = host_port.partition("]")
        return host + "]", rest.removeprefix(":")
    host, _, port = host_port.partition(":")
    return host, port


def show_host(host: str) -> str:
    """The host in ASCII: percent-decoded and mapped as browsers do (UTS #46), each non-ASCII label
    as punycode (`xn--...`). A host the browser would refuse (a character no host may hold, before
    or after the mapping) is shown as written, its non-ASCII characters escaped."""
    if host.startswith("["):  # an IPv6 address
        return _escape_non_ascii(host.lower())
    decoded = unquote(host)
    try:
        mapped = idna.uts46_remap(decoded, std3_rules=False, transitional=False)
    except (idna.IDNAError, ValueError):
        return _escape_non_ascii(host.lower())
    if _FORBIDDEN_HOST_RE.search(decoded) or _FORBIDDEN_HOST_RE.search(mapped):
        return _escape_non_ascii(host.lower())
    labels = [label if label.isascii() else _punycode(label) for label in mapped.split(".")]
    return ".".join(labels)


def _punycode(label: str) -> str:
    return "xn--" + label.encode("punycode").decode("ascii")


def _escape_non_ascii(text: str) -> str:
    return "".join(c if c.isascii() and c.isprintable() else _escaped(c) for c in text)


def show_text(text: str) -> str:
    """`text` with hidden characters written as `\\u202e` and right-to-left ones percent-encoded."""
    if text.isascii() and text.isprintable():
        return text
    return "".join(_shown_char(c) for c in text)


def _shown_char(char: str) -> str:
    if unicodedata.category(char) in _HIDDEN_CATEGORIES and char != " ":
        return _escaped(char)
    if unicodedata.bidirectional(char) in _RTL_CLASSES:
        return quote(char, safe="")
    return char


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"
