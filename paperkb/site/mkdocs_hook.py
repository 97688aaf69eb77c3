"""MkDocs hook: generate the site's pages from papers.yaml in memory (nothing is written to docs/).

An adapter: each MkDocs event hands over to paperkb.site.mkdocs_session, whose one HookSession
lives as long as the process (MkDocs imports a hook once), so `mkdocs serve` rebuilds reuse its
caches. papers.yaml is the file beside mkdocs.yml, or $PAPERKB_PAPERS.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

import jinja2
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files

try:
    import paperkb  # noqa: F401
except ImportError:  # run by `mkdocs` from a checkout that was not pip-installed
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from paperkb.site.mkdocs_session import HookSession
from paperkb.site.offline import prepare_offline, write_search_script

log = get_plugin_logger("paperkb")
SESSION = HookSession()


class _QuietSkips(logging.Filter):
    """MkDocs logs 'Page skipped' for a page whose output is empty: the hook wrote those itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith("Page skipped: '"):
            return True
        return message.split("'")[1] not in SESSION.written


logging.getLogger("mkdocs.commands.build").addFilter(_QuietSkips())


def on_startup(*, command: str, dirty: bool) -> None:
    """Under `mkdocs serve`, keep cards and search entries from one build to the next."""
    SESSION.command = command


@event_priority(100)  # before material's search reads `jieba_dict_user`
def on_config(config: Any) -> Any:
    """Load and check papers.yaml; set the nav and the Chinese search words; for a site opened
    from disk, the local iframe-worker shim."""
    prepare_offline(config)
    for diagnostic in SESSION.configure(config):
        log.info(diagnostic.format())  # warnings of the data, not of the build: never fail --strict
    return config


def on_env(env: jinja2.Environment, *, config: Any, files: Files) -> jinja2.Environment:
    """The theme's environment: compiled-template cache, navigation rendered once."""
    SESSION.prepare_env(env)
    return env


def on_pre_page(page: Any, *, config: Any, files: Files) -> Any:
    """A generated page skips Markdown: its content is only the marker of its body."""
    SESSION.prepare_page(page)
    return page


def on_page_content(html: str, *, page: Any, config: Any, files: Files) -> str:
    """A generated page's table of contents, from the headings of its body."""
    SESSION.set_toc(page)
    return html


def on_files(files: Files, *, config: Any) -> Files:
    """Add every generated page, and papers.bib, as in-memory files."""
    return SESSION.add_files(files, config)


@event_priority(-100)  # last: the page is complete
def on_post_page(output: str, *, page: Any, config: Any) -> str:
    """Write a generated page with its body streamed in; MkDocs writes the others."""
    return SESSION.write_page(output, page)


@event_priority(-100)  # after material's search plugin wrote search_index.json
def on_post_build(*, config: Any) -> None:
    """Add the generated pages' entries to material's search index."""
    count = SESSION.finish_search_index(config)
    write_search_script(config)
    if count is not None:
        log.debug(f"{count} search entries made by a forked process")


def on_build_error(*, error: Exception) -> None:
    """Stop the search child of a build that failed."""
    SESSION.discard_search_job()


def on_serve(server: Any, *, config: Any, builder: Any) -> Any:
    """Also watch a papers.yaml given by $PAPERKB_PAPERS and its notes/."""
    for path in SESSION.watched_paths():
        server.watch(path)
    return server
