"""MkDocs hook: generate the site's pages from papers.yaml in memory (nothing is written to docs/).

A thin adapter over paperkb.render. papers.yaml is the file beside mkdocs.yml, or $PAPERKB_PAPERS.
What keeps a 10,000-paper build fast (bench/README.md has the figures):
- MkDocs sees each generated page as front matter and a marker; the hook writes the page's file
  itself (on_post_page), streaming the body into material's page around the marker, so neither
  Markdown, nor material's search parser, nor the theme template ever walks the cards' HTML.
- The generated pages are excluded from material's search; the hook gives material the entries
  built from the data instead (paperkb.search_index), Chinese cut once per distinct text.
- In a one-off `mkdocs build` the search entries are made by a forked child while the pages
  are rendered (paperkb.background); under `mkdocs serve` they are made in the process.
- material's navigation is rendered once for all the long-note pages (paperkb.nav_reuse).
- Under `mkdocs serve`, material's page around each generated page is kept for the next
  rebuild while its inputs stay the same (paperkb.page_reuse).
- Notes, Chinese cuts and search texts are cached across `mkdocs serve` rebuilds (module state).
"""

from __future__ import annotations

import ctypes
import gc
import logging
import os
import sys
import types
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

try:
    import paperkb  # noqa: F401
except ImportError:  # run by `mkdocs` from a checkout that was not pip-installed
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from paperkb.background import BackgroundLines
from paperkb.build_cache import BuildCache
from paperkb.diagnostics import format_report
from paperkb.fragments import SEARCH_EXCLUDE
from paperkb.library import Library, open_library
from paperkb.markup import NoteRenderer
from paperkb.nav_reuse import reuse_navigation
from paperkb.page_reuse import PageFrames, build_signature
from paperkb.render import build_nav, render_site
from paperkb.search_index import (
    SearchIndexBuilder,
    add_json_to_index_file,
    add_to_index_file,
    entry_json,
    user_dictionary,
)
from paperkb.site_renderer import read_long_notes
from paperkb.site_urls import BIBTEX_FILE
from paperkb.views import SiteContext

log = get_plugin_logger("paperkb")
# Module state survives `mkdocs serve` rebuilds (MkDocs imports a hook once per process).
NOTES = NoteRenderer()  # each note converted once per content
SEARCH = SearchIndexBuilder()  # each text's search form and Chinese cut made once per content
CACHE = BuildCache()  # cards and search entries, while serving
FRAMES = PageFrames()  # material's page around each generated page, while serving
_state: dict[str, Any] = {"command": None, "written": set()}
# material adds an <h1> with the page title unless the content has one: the body brings its own,
# so the marker says so (on_post_page replaces it, text and all).
BODY_MARKER = "<!-- paperkb:generated-body, with its own <h1> -->"
SEARCH_EXCLUDED = "search:\n  exclude: true\n"


class _QuietSkips(logging.Filter):
    """MkDocs logs 'Page skipped' for a page whose output is empty: the hook wrote those itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if not message.startswith("Page skipped: '"):
            return True
        return message.split("'")[1] not in _state["written"]


logging.getLogger("mkdocs.commands.build").addFilter(_QuietSkips())


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: building 10,000 records triggers it for nothing."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def on_startup(*, command: str, dirty: bool) -> None:
    """Under `mkdocs serve`, keep cards and search entries from one build to the next."""
    _state["command"] = command


def serving() -> bool:
    """True under `mkdocs serve` (not `serve --clean`, which MkDocs starts as a build)."""
    return _state["command"] == "serve"


def papers_path(config_file: str) -> str:
    """$PAPERKB_PAPERS if set, else papers.yaml beside mkdocs.yml."""
    base = os.path.dirname(os.path.abspath(config_file))
    return os.path.join(base, os.environ.get("PAPERKB_PAPERS") or "papers.yaml")


@event_priority(100)  # before material's search reads `jieba_dict_user`
def on_config(config: Any) -> Any:
    """Load and check papers.yaml, set the nav and the user dictionary of Chinese search words."""
    path = papers_path(config.config_file_path)
    with collector_paused():
        library, diagnostics = open_library(path)
    if library is None:
        raise PluginError(f"{path} has errors:\n{format_report(diagnostics)}")
    for diagnostic in diagnostics:
        log.info(diagnostic.format())  # warnings of the data, not of the build: never fail --strict
    base = os.path.dirname(os.path.abspath(config.config_file_path))
    templates = os.path.join(base, "templates")
    _state.update(library=library, path=path, templates=templates if os.path.isdir(templates) else None)
    config.nav = build_nav(library)
    cache = os.environ.get("PAPERKB_CACHE_DIR") or os.path.join(base, ".paperkb-cache")
    _state["bytecode"] = compiled_templates(cache)
    dictionary = user_dictionary(library, cache)
    SEARCH.segmenter.use_dictionary(dictionary)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None and hasattr(search.config, "jieba_dict_user") and has_markdown(config.docs_dir):
        # material indexes docs/ pages itself, with jieba: give it the same words. Without such
        # pages it is left alone, and jieba's dictionary (a second to load) is never loaded.
        search.config.jieba_dict_user = dictionary
    return config


def has_markdown(docs_dir: str) -> bool:
    """True when docs/ holds a Markdown page (besides the generated ones, which live in memory)."""
    for _, _, names in os.walk(docs_dir):
        if any(name.endswith((".md", ".markdown")) for name in names):
            return True
    return False


def compiled_templates(cache_dir: str) -> jinja2.BytecodeCache:
    """Jinja's compiled templates on disk: material's 55 templates take half a second to compile,
    in every build, serve's rebuilds included (checked against the source, so never stale)."""
    directory = os.path.join(cache_dir, "jinja")
    os.makedirs(directory, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(directory)


def on_env(env: jinja2.Environment, *, config: Any, files: Files) -> jinja2.Environment:
    """Give the theme's template environment the compiled-template cache, and let it render the
    navigation once for the long-note pages."""
    env.bytecode_cache = _state.get("bytecode")
    if shortcuts_on():
        reuse_navigation(env)
        if serving():
            FRAMES.install(env)
    return env


def shortcuts_on() -> bool:
    """The build's shortcuts (tests/test_build_speedups.py checks they change no byte of the
    site); PAPERKB_PLAIN_BUILD=1 turns them off."""
    return os.environ.get("PAPERKB_PLAIN_BUILD") != "1"


def on_pre_page(page: Any, *, config: Any, files: Files) -> Any:
    """A generated page's Markdown is only its marker: give MkDocs what Markdown would make of it
    without building a Markdown converter for each page."""
    if shortcuts_on() and page.file.src_uri in _state.get("pages", {}):
        page.render = types.MethodType(render_stub, page)
    return page


def render_stub(page: Any, config: Any, files: Files) -> None:
    """Page.render for a stub whose Markdown (front matter removed) is BODY_MARKER alone."""
    if page.markdown.strip() != BODY_MARKER:  # pragma: no cover - only the hook makes these pages
        type(page).render(page, config, files)
        return
    page.content = BODY_MARKER
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def on_files(files: Files, *, config: Any) -> Files:
    """Add every generated page as an in-memory file: front matter (kept out of material's search
    index) and a marker where on_post_page streams the body in."""
    library: Library = _state["library"]
    ctx = SiteContext(library, NOTES, config.use_directory_urls, read_long_notes(library))
    cache = CACHE if serving() else None
    if cache:
        cache.next_build()
    SEARCH.keep_texts(serving())
    discard_search_job()
    if _state["command"] in ("build", "gh-deploy") and shortcuts_on() and search_plugin(config):
        _state["search_job"] = BackgroundLines(lambda: map(entry_json, SEARCH.entries(ctx)))
    options: dict[str, Any] = {"templates_dir": _state["templates"]} if _state["templates"] else {}
    pages = {}
    generated = render_site(
        library, search_marks=False, ctx=ctx, cache=cache, bytecode_cache=_state.get("bytecode"), **options
    )
    for page in generated:
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} clashes with a generated page: remove it from docs/")
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        stub = f"{exclude_from_search(page.front_matter)}\n{BODY_MARKER}\n"
        files.append(File.generated(config, page.src_uri, content=stub, inclusion=inclusion))
        pages[page.src_uri] = page
    _state.update(pages=pages, ctx=ctx, cache=cache, written=set(pages))
    if serving() and shortcuts_on():
        front_matters = (page.front_matter for page in generated)
        FRAMES.next_build(
            build_signature(config.config_file_path, config.site_url, config.nav, front_matters)
        )
    bibtex = "\n".join(map(ctx.bibtex, library.papers))  # export_bibtex(library), the cards' entries reused
    files.append(File.generated(config, BIBTEX_FILE, content=bibtex, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def exclude_from_search(front_matter: str) -> str:
    """The page's front matter with `search: exclude: true` (the hook indexes the page itself)."""
    if "\nsearch:\n" in front_matter:
        return front_matter
    return front_matter.replace("---\n", "---\n" + SEARCH_EXCLUDED, 1)


@event_priority(-100)  # last: the page is complete
def on_post_page(output: str, *, page: Any, config: Any) -> str:
    """Write a generated page's file with its body in place of the marker; return '' so MkDocs
    does not write it again."""
    generated = _state.get("pages", {}).get(page.file.src_uri)
    if generated is None or BODY_MARKER not in output:
        return output
    head, tail = output.split(BODY_MARKER, 1)
    write_streamed(page.file.abs_dest_path, [head], generated.chunks(), [tail])
    return ""


def write_streamed(path: str, *parts: Iterable[str]) -> None:
    """Write the pieces of a page as MkDocs would (UTF-8, unencodable characters as references)."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", errors="xmlcharrefreplace", newline="") as handle:
        for pieces in parts:
            for piece in pieces:
                handle.write(piece.replace(SEARCH_EXCLUDE, ""))


@event_priority(-100)  # after material's search plugin wrote search_index.json
def on_post_build(*, config: Any) -> None:
    """Add the generated pages' entries to material's search index."""
    _state.pop("pages", None)  # every page is written: let its cards go before indexing
    job: BackgroundLines | None = _state.pop("search_job", None)
    release_free_memory()
    search = search_plugin(config)
    path = os.path.join(config.site_dir, "search", "search_index.json")
    if search is None or not os.path.isfile(path):
        if job:
            job.discard()
        return
    pid = job.pid if job else None
    lines = job.lines() if job else None
    if lines is not None:
        count = add_json_to_index_file(path, lines)
        log.debug(f"{count} search entries made by process {pid}")
    else:  # serving, or the child could not make them
        add_to_index_file(path, SEARCH.entries(_state["ctx"], _state.get("cache")))


def on_build_error(*, error: Exception) -> None:
    """Stop the search child of a build that failed."""
    discard_search_job()


def discard_search_job() -> None:
    job: BackgroundLines | None = _state.pop("search_job", None)
    if job:
        job.discard()


def search_plugin(config: Any) -> Any:
    """material's search plugin when it is on, else None."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or not getattr(search.config, "enabled", True):
        return None
    return search


def release_free_memory() -> None:
    """Give the memory freed so far back to the system (glibc keeps it for reuse otherwise, and the
    search index's dictionary would come on top of it): a 10,000-paper build peaks 20 MB lower."""
    with suppress(OSError, AttributeError):  # AttributeError: not glibc
        ctypes.CDLL(None).malloc_trim(0)


def on_serve(server: Any, *, config: Any, builder: Any) -> Any:
    """Also watch a papers.yaml given by $PAPERKB_PAPERS and its notes/."""
    path = _state.get("path")
    if path:
        server.watch(path)
        notes = os.path.join(os.path.dirname(path), "notes")
        if os.path.isdir(notes):
            server.watch(notes)
    return server
