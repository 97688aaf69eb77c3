"""Files the project reads, checked before they are read: what a path is, where it leads, how big.

A note, a template or papers.yaml could be a symbolic link to any file on the machine (a pull request
can carry one), a FIFO that blocks a reader forever, or a device. Everything the build reads from the
project is a regular file reached through real folders: each component is checked with lstat, so a
linked folder is caught too (a realpath check passes when the folder itself is the link).
"""

from __future__ import annotations

import os
import stat

KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISREG, "a regular file"),
)


def describe_mode(mode: int) -> str:
    """What a file of this mode is, in words: 'a FIFO', 'a directory', ..."""
    return next((name for test, name in KINDS if test(mode)), "not a regular file")


def describe_size(size: int) -> str:
    """A size with its real number: '1,024 MiB (1,073,741,824 bytes)'."""
    return f"{size / (1024 * 1024):,.1f} MiB ({size:,} bytes)"


def project_path_problem(base: str, relative: str, want_dir: bool = False) -> str | None:
    """Why `relative` under `base` is not a regular file (a real folder with `want_dir`) reached
    through real folders inside `base`: 'notes is a symbolic link', 'notes/x.md is a FIFO', ...;
    None when it is one (or does not exist: the caller decides whether that matters)."""
    if os.path.isabs(relative) or ".." in relative.replace("\\", "/").split("/"):
        return f"{relative} is outside the project"
    parts = [part for part in relative.replace("\\", "/").split("/") if part not in ("", ".")]
    for index in range(len(parts)):
        shown = "/".join(parts[: index + 1])
        try:
            mode = os.lstat(os.path.join(base, *parts[: index + 1])).st_mode
        except FileNotFoundError:
            return None
        except OSError as exc:
            return f"{shown} cannot be read: {exc.strerror}"
        last = index == len(parts) - 1
        wanted = stat.S_ISDIR(mode) if (not last or want_dir) else stat.S_ISREG(mode)
        if not wanted:
            return f"{shown} is {describe_mode(mode)}"
    return None


def read_regular_file(path: str, limit: int, follow: bool = True) -> tuple[bytes | None, str | None]:
    """The bytes of a regular file of at most `limit` bytes, or why not: never blocks on a FIFO
    (opened non-blocking, then refused), never reads past the limit. `follow=False` refuses a link."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        if not follow and os.path.islink(path):
            return None, "it is a symbolic link"
        return None, exc.strerror or str(exc)
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        return None, f"it is {describe_mode(info.st_mode)}, not a regular file"
    if info.st_size > limit:
        os.close(descriptor)
        return None, f"it is {describe_size(info.st_size)}; the limit is {describe_size(limit)}"
    chunks: list[bytes] = []
    try:
        while sum(map(len, chunks)) <= limit:
            chunk = os.read(descriptor, min(limit + 1, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(descriptor)
    raw = b"".join(chunks)
    if len(raw) > limit:  # it grew while being read
        return None, f"it is over {describe_size(limit)}; the limit is {describe_size(limit)}"
    return raw, None


def tree_problems(base: str, relative: str) -> list[str]:
    """Why the folder `relative` under `base` cannot be read by the build: the folder (or a folder
    on the way) is a link, or something in it is neither a folder nor a regular file (a link, which
    would publish whatever it points to; a FIFO, which would block the build)."""
    problem = project_path_problem(base, relative, want_dir=True)
    if problem is not None:
        return [problem]
    top = os.path.join(base, relative)
    problems: list[str] = []
    for folder, names, files in os.walk(top):  # never follows links: they are reported instead
        for name in sorted(names + files):
            mode = os.lstat(os.path.join(folder, name)).st_mode
            if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                shown = os.path.relpath(os.path.join(folder, name), base)
                problems.append(f"{shown} is {describe_mode(mode)}")
    return problems
