"""Validate, then build the site with MkDocs into a fresh directory and swap it in."""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence

from paperkb.diagnostics import format_report, has_errors
from paperkb.records.library import open_library

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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Validate papers.yaml, then build the site.")
    parser.add_argument(
        "-f", "--config-file", default="mkdocs.yml", help="MkDocs config (default mkdocs.yml)"
    )
    parser.add_argument("-d", "--site-dir", default="site", help="output directory (default site/)")
    parser.add_argument("--papers", default="papers.yaml", help="the knowledge base (default papers.yaml)")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    library, diagnostics = open_library(args.papers)
    if diagnostics:
        print(format_report(diagnostics), file=sys.stderr)
    if library is None or has_errors(diagnostics):
        print("build stopped: fix the errors above; the existing site was left untouched", file=sys.stderr)
        return 1
    print(f"validated {len(library.papers)} papers in {len(library.topics)} topics", file=sys.stderr)
    from mkdocs.exceptions import MkDocsException

    # The hook reads the same file that was just validated.
    os.environ["PAPERKB_PAPERS"] = os.path.abspath(args.papers)
    show_mkdocs_log()
    try:
        build_site(args.config_file, args.site_dir)
    except (MkDocsException, MissingHookError, OSError) as exc:
        print(f"build failed: {exc}; the existing site was left untouched", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started
    print(f"site built in {args.site_dir}/ in {elapsed:.1f} s", file=sys.stderr)
    return 0
