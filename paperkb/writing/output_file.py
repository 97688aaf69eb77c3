"""Where an export goes: never over a file the library reads, atomically over a regular file,
through a symbolic link (kept), into a FIFO or a device (written to, never replaced), or to standard
output for `-`."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
import tempfile
from collections.abc import Iterable

from paperkb.records.paths import describe_mode

STDOUT = "-"


class OutputRefused(Exception):
    """The output path is one that must not be written: the message says why."""


def library_files(papers_path: str, extra: Iterable[str] = ()) -> list[str]:
    """What the library reads: papers.yaml, the notes/ folder, the schema (and `extra`)."""
    base = os.path.dirname(os.path.abspath(papers_path))
    schema = os.path.join(base, "schema", "papers.schema.json")
    return [papers_path, os.path.join(base, "notes"), schema, *extra]


def _same_or_inside(real: str, info: os.stat_result | None, protected: str) -> bool:
    protected_real = os.path.realpath(protected)
    if real == protected_real or real.startswith(protected_real + os.sep):
        return True
    with contextlib.suppress(OSError):  # a hard link to a protected file is the same file
        other = os.stat(protected_real)
        return info is not None and (info.st_dev, info.st_ino) == (other.st_dev, other.st_ino)
    return False


def check_output_path(path: str, protected: Iterable[str]) -> tuple[str, os.stat_result | None]:
    """The real path to write (a link followed) and what is there now; refuse the library's own
    files, folders and read-only files."""
    real = os.path.realpath(path)
    try:
        info: os.stat_result | None = os.stat(real)
    except FileNotFoundError:
        info = None
    for item in protected:
        if _same_or_inside(real, info, item):
            raise OutputRefused(
                f"{path} is {item}, which the knowledge base reads; choose another output file"
            )
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise OutputRefused(f"{path} is a directory; give a file name")
    if info is not None and stat.S_ISREG(info.st_mode) and not info.st_mode & 0o222:
        raise OutputRefused(f"{path} is read-only; make it writable (chmod u+w) or choose another file")
    writable = (stat.S_ISREG, stat.S_ISFIFO, stat.S_ISCHR, stat.S_ISBLK)
    if info is not None and not any(test(info.st_mode) for test in writable):
        raise OutputRefused(f"{path} is {describe_mode(info.st_mode)}; give a file name")
    return real, info


def write_output(path: str, text: str, protected: Iterable[str] = ()) -> str:
    """Write an export to `path` (see the module's rules); return what was written, in words."""
    if path == STDOUT:
        sys.stdout.write(text)
        sys.stdout.flush()
        return "standard output"
    real, info = check_output_path(path, protected)
    data = text.encode("utf-8")
    if info is not None and not stat.S_ISREG(info.st_mode):
        with open(real, "wb") as handle:  # a FIFO or a device: written to, never replaced
            handle.write(data)
        return f"{path} ({describe_mode(info.st_mode)})"
    _replace_atomically(real, data, stat.S_IMODE(info.st_mode) if info else None)
    return path if real == os.path.abspath(path) else f"{path} (a link to {real})"


def _replace_atomically(real: str, data: bytes, mode: int | None) -> None:
    directory = os.path.dirname(real)
    fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(real)}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is None:  # a new file gets the usual permissions (mkstemp makes it 0600)
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, real)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_inside(root: str, relative: str, data: bytes) -> str:
    """Write `data` to `relative` under the folder `root`, never outside it: every folder on the way
    is made or must be a real folder (a link there could lead anywhere), and the file, when it
    exists, must be a regular file, which is replaced atomically. Returns the path written."""
    parts = [part for part in relative.split("/") if part]
    if not parts or any(part in (".", "..") for part in parts):
        raise OutputRefused(f"{relative} is not a path inside {root}")
    folder = os.path.realpath(root)
    for part in parts[:-1]:
        folder = os.path.join(folder, part)
        with contextlib.suppress(FileExistsError):
            os.mkdir(folder)
        mode = os.lstat(folder).st_mode
        if not stat.S_ISDIR(mode):
            shown = os.path.relpath(folder, os.path.realpath(root))
            raise OutputRefused(
                f"{shown} in {root} is {describe_mode(mode)}, not a folder: nothing is written through it"
            )
    path = os.path.join(folder, parts[-1])
    with contextlib.suppress(FileNotFoundError):
        mode = os.lstat(path).st_mode
        if not stat.S_ISREG(mode):
            shown = os.path.relpath(path, os.path.realpath(root))
            raise OutputRefused(f"{shown} in {root} is {describe_mode(mode)}; remove it first")
    _replace_atomically(path, data, None)
    return path
