"""Validate, then build the site with MkDocs into a fresh directory and swap it in."""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence

from paperkb.diagnostics import format_report, has_errors
from paperkb.records.library import Library, open_library
from paperkb.site.speedups.handover import file_stamp, hand_over
from paperkb.site.speedups.memory import collector_paused

ENGINES = ("mkdocs", "zensical")

HOOK = "paperkb/site/mkdocs_hook.py"


class MissingHookError(Exception):
    """The MkDocs config does not run paperkb's hook: the build would make a site without pages."""


def has_paperkb_hook(config: object) -> bool:
    """True when the loaded MkDocs config runs paperkb's hook (under any path to it)."""
    from paperkb.site.mkdocs_session import HookSession

    hooks = getattr(config, "hooks", None) or {}
    return any(isinstance(getattr(module, "SESSION", None), HookSession) for module in hooks.values())


def show_mkdocs_log() -> None:
    """Print MkDocs' own messages as `mkdocs build` does: a failure's reason is logged, and the
    exception it raises after says only 'Aborted with a BuildError!'."""
    from mkdocs.__main__ import ColorFormatter

    logger = logging.getLogger("mkdocs")
    if any(handler.name == "MkDocsStreamHandler" for handler in logger.handlers):
        return
    handler = logging.StreamHandler()
    handler.setFormatter(ColorFormatter())
    handler.name = "MkDocsStreamHandler"
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def build_site(config_file: str = "mkdocs.yml", site_dir: str = "site", strict: bool = True) -> None:
    """Run `mkdocs build` into a temporary directory, then replace `site_dir` with it.

    A failed build leaves an earlier `site_dir` as it was.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    target = os.path.abspath(site_dir)
    parent = os.path.dirname(target)
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".site-build-", dir=parent)
    try:
        config = load_config(config_file, site_dir=staging, strict=strict)
        if not has_paperkb_hook(config):
            raise MissingHookError(
                f"{config_file} does not run paperkb's hook, so the site would have no pages: "
                f"add `hooks: [{HOOK}]` to it"
            )
        config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
        _swap_in(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _swap_in(staging: str, target: str) -> None:
    old = None
    if os.path.exists(target):
        old = f"{target}.old-{os.getpid()}"
        os.replace(target, old)
    os.replace(staging, target)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def _build_with_zensical(library: Library, config_file: str, site_dir: str, started: float) -> int:
    from paperkb.site.renderer import DEFAULT_TEMPLATES
    from paperkb.site.zensical_build import ZensicalError, build_with_zensical

    target = os.path.abspath(site_dir)
    os.makedirs(os.path.dirname(target), exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".site-build-", dir=os.path.dirname(target))
    os.rmdir(staging)  # Zensical's output is moved to this name
    try:
        build_with_zensical(library, config_file, staging, DEFAULT_TEMPLATES)
    except (ZensicalError, OSError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    _swap_in(staging, target)
    print(
        f"site built with Zensical in {site_dir}/ in {time.perf_counter() - started:.1f} s", file=sys.stderr
    )
    return 0


@contextlib.contextmanager
def offline_build(offline: bool) -> Iterator[None]:
    """While building, PAPERKB_OFFLINE=1 when asked: the hook then makes a site to open from disk
    (paperkb/site/offline.py). The variable is restored afterwards."""
    previous = os.environ.get("PAPERKB_OFFLINE")
    if offline:
        os.environ["PAPERKB_OFFLINE"] = "1"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("PAPERKB_OFFLINE", None)
        else:
            os.environ["PAPERKB_OFFLINE"] = previous


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate papers.yaml, then build the site.")
    parser.add_argument(
        "-f", "--config-file", default="mkdocs.yml", help="MkDocs config (default mkdocs.yml)"
    )
    parser.add_argument("-d", "--site-dir", default="site", help="output directory (default site/)")
    parser.add_argument("--papers", default="papers.yaml", help="the knowledge base (default papers.yaml)")
    parser.add_argument(
        "--engine",
        choices=ENGINES,
        default="mkdocs",
        help="mkdocs (MkDocs + Material, the default) or zensical (needs pip install -e '.[zensical]')",
    )
    parser.add_argument(
        "--offline",
        action="store_true",
        help="a site to open from disk (file://): links to page.html files, search without a server",
    )
    args = parser.parse_args(argv)
    if args.offline and args.engine != "mkdocs":
        parser.error("--offline builds with --engine mkdocs only")

    started = time.perf_counter()
    stamp = file_stamp(args.papers)  # before reading: a change while loading is seen by the hook
    with collector_paused():
        library, diagnostics = open_library(args.papers)
    if diagnostics:
        print(format_report(diagnostics), file=sys.stderr)
    if library is None or has_errors(diagnostics):
        print("build stopped: fix the errors above; the existing site was left untouched", file=sys.stderr)
        return 1
    print(f"validated {len(library.papers)} papers in {len(library.topics)} topics", file=sys.stderr)
    if args.engine == "zensical":
        return _build_with_zensical(library, args.config_file, args.site_dir, started)
    from mkdocs.exceptions import MkDocsException

    # The hook builds the same file that was just validated, and reuses what was loaded.
    os.environ["PAPERKB_PAPERS"] = os.path.abspath(args.papers)
    hand_over(args.papers, stamp, library, diagnostics)
    show_mkdocs_log()
    try:
        with offline_build(args.offline):
            build_site(args.config_file, args.site_dir)
    except (MkDocsException, MissingHookError, OSError) as exc:
        print(f"build failed: {exc}; the existing site was left untouched", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"site built in {args.site_dir}/ in {elapsed:.1f} s", file=sys.stderr)
    return 0
