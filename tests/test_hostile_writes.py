"""A write that fails, or a writer that dies, leaves papers.yaml byte-for-byte as it was.

The writer is killed with SIGKILL at each step between the temporary file and the rename (in a child
process that patches the step to kill itself), and the disk is made full or read-only under the real
`paperkb import` command. tests/test_writer.py covers commit_text's own failures (a failed rename,
a failing check, an unwritable directory, a concurrent edit); these cases go through the command.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from paperkb.cli import main
from paperkb.commands import papers as commands_io
from paperkb.records.library import open_library
from paperkb.writing import safe_write

ROOT = Path(__file__).resolve().parents[1]
LIBRARY = ROOT / "tests" / "fixtures" / "import" / "library.yaml"
BIB = "@article{hostile2024, title={A Paper That Is Being Written}, year={2024}}\n"

# The child imports BIB and dies at POINT: each patch wraps the real call and kills the process.
CHILD = textwrap.dedent(
    """
    import os, signal, sys
    sys.path.insert(0, sys.argv[1])
    from paperkb.writing import safe_write
    from paperkb.cli import main

    point, papers, bib = sys.argv[2:5]
    real_replace, real_fsync, real_write_temp = os.replace, os.fsync, safe_write._write_temp

    def die():
        os.kill(os.getpid(), signal.SIGKILL)

    def fsync(fd):
        die()

    def write_temp(*args):
        real_write_temp(*args)
        die()

    def replace(src, dst):
        if point == "after-rename":
            real_replace(src, dst)
        die()

    if point == "during-fsync":
        os.fsync = fsync
    elif point == "before-check":
        safe_write._write_temp = write_temp
    else:
        os.replace = replace
    sys.exit(main(["import", "bibtex", bib, "--papers", papers, "--topic", "misc"]))
    """
)


def setup_library(tmp_path: Path) -> tuple[Path, Path, bytes]:
    papers = tmp_path / "papers.yaml"
    shutil.copyfile(LIBRARY, papers)
    bib = tmp_path / "in.bib"
    bib.write_text(BIB, encoding="utf-8")
    return papers, bib, papers.read_bytes()


def leftovers(directory: Path) -> list[str]:
    return sorted(name for name in os.listdir(directory) if name.endswith(".tmp"))


def run_cli(papers: Path, bib: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["import", "bibtex", str(bib), "--papers", str(papers), "--topic", "misc"])
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("point", ["during-fsync", "before-check", "before-rename"])
def test_killed_writer_leaves_the_original_and_the_next_write_works(tmp_path: Path, point: str) -> None:
    papers, bib, before = setup_library(tmp_path)
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), point, str(papers), str(bib)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    assert papers.read_bytes() == before
    assert len(leftovers(tmp_path)) == 1  # it died with its temporary file written
    assert (tmp_path / ".papers.yaml.lock").exists()  # and its lock file left behind
    stray = leftovers(tmp_path)

    code, out, err = run_cli(papers, bib)  # neither the stray file nor the stale lock gets in the way
    assert (code, out) == (0, "added 1, merged 0, unchanged 0, failed 0\n"), err
    library, diagnostics = open_library(str(papers))
    assert library is not None, diagnostics
    assert "hostile2024" in library.paper_by_id
    assert papers.read_bytes().startswith(before.split(b"# end of papers")[0].rstrip(b"\n"))
    assert leftovers(tmp_path) == stray


def test_writer_killed_after_the_rename_leaves_the_new_valid_file(tmp_path: Path) -> None:
    papers, bib, before = setup_library(tmp_path)
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), "after-rename", str(papers), str(bib)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    library, diagnostics = open_library(str(papers))
    assert library is not None, diagnostics
    assert "hostile2024" in library.paper_by_id and papers.read_bytes() != before
    assert leftovers(tmp_path) == []


class _FullDisk(io.RawIOBase):
    """A file object that takes half of the first write, then reports a full disk."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        os.write(self.fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def close(self) -> None:
        if not self.closed:
            os.close(self.fd)
        super().close()


def _raise(code: int):
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


# (case, what to patch, the replacement, the message the user sees)
FAILURES = [
    (
        "disk-full-on-write",
        (safe_write.os, "fdopen"),
        lambda fd, mode: _FullDisk(fd),
        "cannot write it: No space left on device",
    ),
    (
        "disk-full-on-fsync",
        (safe_write.os, "fsync"),
        _raise(errno.ENOSPC),
        "cannot write it: No space left on device",
    ),
    (
        "disk-full-on-create",
        (safe_write.tempfile, "mkstemp"),
        _raise(errno.ENOSPC),
        "cannot create a temporary file next to it: No space left on device",
    ),
    (
        "read-only-file-system",
        (safe_write.tempfile, "mkstemp"),
        _raise(errno.EROFS),
        "cannot create a temporary file next to it: Read-only file system",
    ),
    (
        "permission-on-rename",
        (safe_write.os, "replace"),
        _raise(errno.EACCES),
        "cannot write it: Permission denied",
    ),
    (
        "permission-on-chmod",
        (safe_write.os, "chmod"),
        _raise(errno.EPERM),
        "cannot write it: Operation not permitted",
    ),
]


@pytest.mark.parametrize(
    ("target", "replacement", "message"), [f[1:] for f in FAILURES], ids=[f[0] for f in FAILURES]
)
def test_failed_write_changes_nothing(tmp_path: Path, monkeypatch, target, replacement, message: str) -> None:
    papers, bib, before = setup_library(tmp_path)
    monkeypatch.setattr(*target, replacement)
    code, out, err = run_cli(papers, bib)
    monkeypatch.undo()
    assert (code, out) == (1, "")
    assert (
        err
        == f"{papers}: error: {message}; nothing was written; check the file's permissions\n1 error(s), 0 warning(s)\n"
    )
    assert papers.read_bytes() == before
    assert leftovers(tmp_path) == [] and not (tmp_path / ".papers.yaml.lock").exists()
    assert run_cli(papers, bib)[0] == 0  # and the same write works once the disk is back


def test_interrupted_write_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    papers, bib, before = setup_library(tmp_path)

    def interrupt(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(safe_write.os, "replace", interrupt)
    assert run_cli(papers, bib)[0] == 130
    assert papers.read_bytes() == before and leftovers(tmp_path) == []


def test_import_that_would_not_validate_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    papers, bib, before = setup_library(tmp_path)
    broken = commands_io.append_records
    monkeypatch.setattr(
        commands_io, "append_records", lambda text, drafts: broken(text, drafts) + "  - id: Bad Id\n"
    )
    code, out, err = run_cli(papers, bib)
    assert (code, out) == (1, "")
    assert f"{papers}:" in err and "is not a valid id" in err
    assert papers.read_bytes() == before and leftovers(tmp_path) == []


def test_unreadable_library_is_reported_and_untouched(tmp_path: Path, monkeypatch) -> None:
    papers, bib, before = setup_library(tmp_path)
    real_open = os.open

    def refuse_papers(path: str, *args: object, **kwargs: object) -> int:
        if os.fspath(path) == str(papers):
            raise OSError(errno.EACCES, os.strerror(errno.EACCES))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse_papers)
    code, _, err = run_cli(papers, bib)
    assert code == 1
    assert f"{papers}: error: cannot read file: Permission denied" in err
    assert "has errors; fix them first (nothing was imported)" in err
    monkeypatch.undo()
    assert papers.read_bytes() == before
