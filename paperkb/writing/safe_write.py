"""Atomic, locked writes of papers.yaml: temp file, fsync, re-validation, then one rename.

On any failure the original file is byte-for-byte unchanged and the temp file is gone.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from paperkb.diagnostics import Diagnostic, error
from paperkb.records.paths import read_regular_file
from paperkb.records.yamltree import MAX_BYTES

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK_TIMEOUT_S = 10.0
Check = Callable[[str], list[Diagnostic]]


class WriteError(Exception):
    """A write that did not happen, with the reasons as diagnostics."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.format() for d in diagnostics))
        self.diagnostics = diagnostics

    @classmethod
    def single(cls, message: str, hint: str = "", path: str = "papers.yaml", line: int = 0) -> WriteError:
        """A WriteError with one error diagnostic."""
        return cls([error(path, line, 0, message, hint)])


@dataclass(frozen=True)
class PapersText:
    """papers.yaml as read: raw bytes and the text edits work on (LF line ends, no BOM)."""

    raw: bytes
    text: str
    bom: bool = False
    crlf: bool = False

    def encode(self, text: str) -> bytes:
        """Back to bytes in the file's own encoding details (BOM, CRLF)."""
        if self.crlf:
            text = text.replace("\n", "\r\n")
        return (b"\xef\xbb\xbf" if self.bom else b"") + text.encode("utf-8")


def read_papers_text(path: str) -> PapersText:
    """Read papers.yaml for editing; raises WriteError when it cannot be read as UTF-8."""
    raw, problem = read_regular_file(path, MAX_BYTES)  # never waits on a FIFO
    if raw is None:
        raise WriteError.single(f"cannot read file: {problem}", "give the path of a regular file", path)
    bom = raw.startswith(b"\xef\xbb\xbf")
    try:
        text = raw[3 if bom else 0 :].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise WriteError.single("the file is not UTF-8", "save it as UTF-8", path) from exc
    crlf = "\r\n" in text and text.count("\r\n") == text.count("\n")
    return PapersText(raw, text.replace("\r\n", "\n") if crlf else text, bom, crlf)


@contextlib.contextmanager
def papers_lock(path: str, timeout: float = LOCK_TIMEOUT_S) -> Iterator[str]:
    """Hold `.papers.yaml.lock` next to the real file; yields the real (symlink-resolved) path."""
    real = os.path.realpath(path)
    lock_path = os.path.join(os.path.dirname(real), f".{os.path.basename(real)}.lock")
    fd = _acquire(lock_path, real, time.monotonic() + timeout)
    try:
        yield real
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock_path)
        os.close(fd)


def _acquire(lock_path: str, real: str, deadline: float) -> int:
    while True:
        try:
            fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            hint = "check that you may write to the directory"
            raise WriteError.single(
                f"cannot create lock file {lock_path}: {exc.strerror}", hint, real
            ) from exc
        if _try_lock(fd) and _is_current(fd, lock_path):
            return fd
        os.close(fd)
        if time.monotonic() > deadline:
            raise WriteError.single(
                "another paperkb process is writing this file",
                f"wait until it finishes (lock file {lock_path})",
                real,
            )
        time.sleep(0.05)


def _try_lock(fd: int) -> bool:
    if fcntl is None:  # pragma: no cover - Windows
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _is_current(fd: int, lock_path: str) -> bool:
    """The previous holder unlinks the lock file; a lock on an unlinked file counts for nothing."""
    try:
        return os.fstat(fd).st_ino == os.stat(lock_path).st_ino
    except FileNotFoundError:
        return False


def commit_text(real: str, original: PapersText, new_text: str, check: Check, shown: str = "") -> bool:
    """Write `new_text` over `real` atomically if `check` finds no error; False if nothing changed."""
    data = original.encode(new_text)
    if data == original.raw:
        return False
    shown = shown or real
    if not os.stat(real).st_mode & 0o222:  # root could rename over it; nobody means it to happen
        raise WriteError.single(
            "the file is read-only, so paperkb leaves it as it is; nothing was written",
            "make it writable (chmod u+w) to let paperkb change it",
            shown,
        )
    directory = os.path.dirname(real)
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(real)}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise _os_error(exc, shown, "cannot create a temporary file next to it") from exc
    try:
        _write_temp(fd, tmp, data, real)
        problems = [d for d in check(tmp) if d.is_error]
        if problems:
            raise WriteError([dataclasses.replace(d, file=shown) if d.file == tmp else d for d in problems])
        if _read(real) != original.raw:
            raise WriteError.single(
                "the file changed while paperkb worked on it", "run the command again", shown
            )
        os.replace(tmp, real)
        _fsync_directory(directory)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise _os_error(exc, shown, "cannot write it") from exc
        raise
    return True


def _write_temp(fd: int, tmp: str, data: bytes, real: str) -> None:
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(tmp, stat.S_IMODE(os.stat(real).st_mode))


def _read(path: str) -> bytes:
    with open(path, "rb") as handle:
        return handle.read()


def _fsync_directory(directory: str) -> None:
    with contextlib.suppress(OSError):  # not every platform or file system allows it
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _os_error(exc: OSError, shown: str, what: str) -> WriteError:
    reason = exc.strerror or str(exc)
    return WriteError.single(f"{what}: {reason}; nothing was written", "check the file's permissions", shown)
