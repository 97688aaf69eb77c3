"""What the MkDocs hook does at each event, kept between `mkdocs serve` rebuilds.

The hook (paperkb/site/mkdocs_hook.py) is an adapter: each MkDocs event calls one method here.
What keeps a 10,000-paper build fast (bench/README.md has the figures):
- MkDocs sees each generated page as front matter and a marker; the page's file is written here
  (on_post_page), streaming the body into material's page around the marker, so neither Markdown,
  nor material's search parser, nor the theme template ever walks the cards' HTML.
- The generated pages are excluded from material's search; material gets the entries built from
  the data instead (paperkb.site.search_index), Chinese cut once per distinct text.
- In a one-off `mkdocs build` the search entries are made by a forked child while the pages are
  rendered (paperkb.site.speedups.background); under `mkdocs serve` they are made in the process.
- material's navigation is rendered once for all the long-note pages (speedups.nav_reuse).
- Under `mkdocs serve`, material's page around each generated page is kept for the next rebuild
  while its inputs stay the same (speedups.page_reuse).
- Notes, Chinese cuts, search texts and cards are cached across `mkdocs serve` rebuilds.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import os
import shutil
import tempfile
import types
from collections.abc import Iterator
from typing import Any

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from paperkb.diagnostics import Diagnostic, format_report
from paperkb.records.library import Library, open_library
from paperkb.records.paths import tree_problems
from paperkb.site.markup import NoteRenderer
from paperkb.site.render import build_nav, render_site
from paperkb.site.renderer import SitePage, read_long_notes
from paperkb.site.search_index import (
    SearchIndexBuilder,
    add_json_to_index_file,
    add_to_index_file,
    entry_json,
    user_dictionary,
)
from paperkb.site.search_shards import SHARDS_DIR, collect_while, place_shards, planned_config
from paperkb.site.speedups.background import BackgroundLines
from paperkb.site.speedups.build_cache import BuildCache
from paperkb.site.speedups.handover import take_over
from paperkb.site.speedups.card_store import CardStore
from paperkb.site.speedups.library_cache import code_digest, open_library_cached
from paperkb.site.speedups.memory import collector_paused, freeze_heap, release_free_memory
from paperkb.site.speedups.nav_reuse import reuse_navigation
from paperkb.site.speedups.page_reuse import PageFrames, build_signature
from paperkb.site.speedups.theme_files import list_theme_without_hidden_folders
from paperkb.site.speedups.streamed_pages import (
    BODY_MARKER,
    exclude_from_search,
    render_stub,
    write_streamed,
)
from paperkb.site import urls
from paperkb.site.similar import SimilarCache
from paperkb.site.serve_errors import TITLE, error_page_markdown, show_errors_on_not_found_page
from paperkb.site.urls import BIBTEX_FILE
from paperkb.site.views import SiteContext


def shortcuts_on() -> bool:
    """The build's shortcuts (tests/test_build_speedups.py checks they change no byte of the site);
    PAPERKB_PLAIN_BUILD=1 turns them off."""
    return os.environ.get("PAPERKB_PLAIN_BUILD") != "1"


def papers_path(config_file: str) -> str:
    """$PAPERKB_PAPERS if set, else papers.yaml beside mkdocs.yml."""
    base = os.path.dirname(os.path.abspath(config_file))
    return os.path.join(base, os.environ.get("PAPERKB_PAPERS") or "papers.yaml")


def search_plugin(config: Any) -> Any:
    """material's search plugin when it is on, else None."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is None or not getattr(search.config, "enabled", True):
        return None
    return search


def has_markdown(docs_dir: str) -> bool:
    """True when docs/ holds a Markdown page (besides the generated ones, which live in memory)."""
    for _, _, names in os.walk(docs_dir):
        if any(name.endswith((".md", ".markdown")) for name in names):
            return True
    return False


def cache_folder(config: Any) -> str:
    """$PAPERKB_CACHE_DIR, else this project's folder in the user's cache ($XDG_CACHE_HOME or ~/.cache).

    Never inside the project: the folder holds compiled templates and pickled records that a build
    loads as code, and a file a pull request could carry must not become code at build time."""
    chosen = os.environ.get("PAPERKB_CACHE_DIR")
    if chosen:
        return chosen
    project = os.path.dirname(os.path.abspath(config.config_file_path))
    user_cache = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    digest = hashlib.sha256(project.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return os.path.join(user_cache, "paperkb", f"{os.path.basename(project) or 'project'}-{digest}")


def compiled_templates(cache_dir: str) -> jinja2.BytecodeCache:
    """Jinja's compiled templates on disk: material's 55 templates take half a second to compile,
    in every build, serve's rebuilds included (checked against the source, so never stale)."""
    directory = os.path.join(cache_dir, "jinja")
    os.makedirs(directory, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(directory)


def check_project_folders(base: str, docs_dir: str) -> None:
    """templates/ and docs/ hold only real folders and regular files: a link in them would publish
    the file it points to (MkDocs copies docs/, the templates are rendered into every page)."""
    docs = os.path.abspath(docs_dir)
    problems = tree_problems(base, "templates") if os.path.lexists(os.path.join(base, "templates")) else []
    problems += tree_problems(os.path.dirname(docs), os.path.basename(docs))
    if problems:
        listed = "\n".join(f"  {problem}" for problem in problems)
        raise PluginError(
            f"the build reads only regular files in real folders of the project:\n{listed}\n"
            "replace each with a regular file (or folder) of its own"
        )


class HookSession:
    """The hook's state for one MkDocs process: caches live as long as `mkdocs serve` runs."""

    def __init__(self) -> None:
        self.notes = NoteRenderer()  # each note converted once per content
        self.search = SearchIndexBuilder()  # each text's search form and Chinese cut made once
        self.cache = BuildCache()  # cards and search entries, while serving
        self.frames = PageFrames()  # material's page around each generated page, while serving
        self.similar = SimilarCache()  # similar papers, while their inputs are unchanged
        self.command: str | None = None
        self.library: Library | None = None
        self.path: str | None = None
        self.templates: str | None = None
        self.bytecode: jinja2.BytecodeCache | None = None
        self.pages: dict[str, SitePage] = {}
        self.written: set[str] = set()
        self.ctx: SiteContext | None = None
        self.search_job: BackgroundLines | None = None
        self.build_cache: BuildCache | None = None  # the cache of the current build, when serving
        self.failure: list[Diagnostic] | None = None  # papers.yaml's errors, while serving
        self.served: list[str] = []  # the pages of the last good build, while serving
        self.shards: str | None = None  # the child's folder of search term files
        self.planned: dict[str, Any] | None = None  # the search config the child assumed
        self.cache_dir: str | None = None  # cache_folder(config)

    def serving(self) -> bool:
        """True under `mkdocs serve` (not `serve --clean`, which MkDocs starts as a build)."""
        return self.command == "serve"

    def one_off(self) -> bool:
        """True in `mkdocs build` (and gh-deploy): the process ends with the build."""
        return self.command in ("build", "gh-deploy") and shortcuts_on()

    def configure(self, config: Any) -> list[Diagnostic]:
        """Load and check papers.yaml, set the nav and the user dictionary of Chinese search words;
        return the data's warnings."""
        path = papers_path(config.config_file_path)
        handed = take_over(path)  # validated by the build command in this process
        library: Library | None
        if handed is not None:
            library, diagnostics = handed
        else:
            with collector_paused():
                library, diagnostics = self.open_library(path, config)
        self.failure = None
        if library is None:
            if not self.serving():
                raise PluginError(f"{path} has errors:\n{format_report(diagnostics)}")
            # Serving: show the errors on every page instead of a stale site and stuck requests.
            self.failure, self.path = diagnostics, path
            config.nav = [{TITLE: urls.HOME}]
            return diagnostics
        base = os.path.dirname(os.path.abspath(config.config_file_path))
        check_project_folders(base, config.docs_dir)
        templates = os.path.join(base, "templates")
        self.library, self.path = library, path
        self.templates = templates if os.path.isdir(templates) else None
        config.nav = build_nav(library)
        cache = cache_folder(config)
        self.bytecode = compiled_templates(cache)
        dictionary = user_dictionary(library, cache)
        self.search.segmenter.use_dictionary(dictionary)
        self.search.segmenter.keep_cuts_in(cache)
        self.cache_dir = cache
        search = config.plugins.get("material/search") or config.plugins.get("search")
        if search is not None and hasattr(search.config, "jieba_dict_user") and has_markdown(config.docs_dir):
            # material indexes docs/ pages itself, with jieba: give it the same words. Without such
            # pages it is left alone, and jieba's dictionary (a second to load) is never loaded.
            search.config.jieba_dict_user = dictionary
        if shortcuts_on():
            list_theme_without_hidden_folders(config.theme)
        return diagnostics

    def open_library(self, path: str, config: Any) -> tuple[Library | None, list[Diagnostic]]:
        """The checked library: from the cache folder when this very library was checked before."""
        if shortcuts_on():
            return open_library_cached(path, cache_folder(config))
        return open_library(path)

    def prepare_env(self, env: jinja2.Environment) -> None:
        """Give the theme's environment the compiled-template cache and the reused navigation."""
        env.bytecode_cache = self.bytecode
        if shortcuts_on():
            reuse_navigation(env)
            if self.serving():
                self.frames.install(env)

    def prepare_page(self, page: Any) -> None:
        """A generated page's Markdown is only its marker: skip building a Markdown converter."""
        if shortcuts_on() and page.file.src_uri in self.pages:
            page.render = types.MethodType(render_stub, page)

    def set_toc(self, page: Any) -> None:
        """The table of contents of a generated page with headings (a long note's), for material."""
        generated = self.pages.get(page.file.src_uri)
        if generated is not None and generated.toc:
            page.toc = get_toc(copy.deepcopy(list(generated.toc)))  # type: ignore[arg-type]

    def add_files(self, files: Files, config: Any) -> Files:
        """Add every generated page as an in-memory file: front matter (kept out of material's
        search index) and a marker where the body is streamed in after the theme."""
        if self.failure is not None:
            return self.add_error_pages(files, config, self.failure)
        library = self.library
        assert library is not None, "configure() runs first"
        try:
            long_notes = read_long_notes(library)
        except OSError as exc:  # changed since it was checked: MkDocs' error, not a traceback
            raise PluginError(f"{exc}; run `paperkb validate` and build again") from None
        ctx = SiteContext(library, self.notes, config.use_directory_urls, long_notes)
        ctx.segment = self.search.segmenter.segment  # similar papers cut Chinese as search does
        ctx.find_similar = functools.partial(
            self.similar.similar, library.papers, ctx.segment, self.search.segmenter.dictionary, self.cache_dir
        )
        cache = self.cache if self.serving() else None
        if cache:
            cache.next_build()
        self.search.keep_texts(self.serving())
        self.discard_search_job()
        if self.command in ("build", "gh-deploy") and shortcuts_on() and search_plugin(config):
            planned = planned_config(search_plugin(config).config, config.theme["language"])
            self.planned = planned
            self.shards = tempfile.mkdtemp(prefix="paperkb-shards-") if planned else None
            target = os.path.join(self.shards or "", SHARDS_DIR)

            def lines() -> Iterator[str]:
                entries = ((entry, entry_json(entry)) for entry in self.search.entries(ctx))
                if planned is None:
                    yield from (line for _, line in entries)
                else:
                    yield from collect_while(entries, planned, target)
                self.search.segmenter.save_cuts()

            self.search_job = BackgroundLines(lines)
        options: dict[str, Any] = {"templates_dir": self.templates} if self.templates else {}
        store = None
        if self.one_off() and self.cache_dir and self.path:
            store = CardStore(self.cache_dir, self.path, code_digest())
        generated = render_site(
            library, search_marks=False, ctx=ctx, cache=cache, bytecode_cache=self.bytecode, store=store, **options
        )
        if store is not None:
            store.save()
        self.search.segmenter.save_cuts()  # those of similar papers, when computed
        pages = {}
        for page in generated:
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(f"docs/{page.src_uri} clashes with a generated page: remove it from docs/")
            inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
            stub = f"{exclude_from_search(page.front_matter)}\n{BODY_MARKER}\n"
            files.append(File.generated(config, page.src_uri, content=stub, inclusion=inclusion))
            pages[page.src_uri] = page
        self.pages, self.ctx, self.written = pages, ctx, set(pages)
        self.served = list(pages) if self.serving() else []
        self.build_cache = cache
        if self.serving() and shortcuts_on():
            front_matters = (page.front_matter for page in generated)
            self.frames.next_build(
                build_signature(config.config_file_path, config.site_url, config.nav, front_matters)
            )
        bibtex = "\n".join(map(ctx.bibtex, library.papers))  # the cards' entries reused
        files.append(File.generated(config, BIBTEX_FILE, content=bibtex, inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def add_error_pages(self, files: Files, config: Any, diagnostics: list[Diagnostic]) -> Files:
        """The home page and every page of the last good build, each showing the diagnostics."""
        content = error_page_markdown(diagnostics)
        self.pages, self.written, self.ctx = {}, set(), None
        self.frames.next_build("papers.yaml has errors")  # no frame of the good site is reused
        for src_uri in dict.fromkeys([urls.HOME, *self.served]):
            if files.get_file_from_path(src_uri) is None:
                inclusion = InclusionLevel.INCLUDED if src_uri == urls.HOME else InclusionLevel.NOT_IN_NAV
                files.append(File.generated(config, src_uri, content=content, inclusion=inclusion))
        return files

    def write_page(self, output: str, page: Any) -> str:
        """Write a generated page's file with its body in place of the marker; return '' so MkDocs
        does not write it again."""
        generated = self.pages.get(page.file.src_uri)
        if generated is None or BODY_MARKER not in output:
            return output
        head, tail = output.split(BODY_MARKER, 1)
        write_streamed(page.file.abs_dest_path, [head], generated.chunks(), [tail])
        return ""

    def finish_search_index(self, config: Any) -> int | None:
        """Add the generated pages' entries to material's search index; the number of entries made
        by the forked child, or None when they were made here."""
        self.pages = {}  # every page is written: let its cards go before indexing
        if self.one_off():
            freeze_heap()  # nothing left to collect that matters: Python's exit walks less
        if self.failure is not None:
            show_errors_on_not_found_page(config.site_dir, self.failure)
            return None
        job, self.search_job = self.search_job, None
        release_free_memory()
        path = os.path.join(config.site_dir, "search", "search_index.json")
        if search_plugin(config) is None or not os.path.isfile(path):
            if job:
                job.discard()
            return None
        with open(path, encoding="utf-8") as handle:
            material = json.load(handle)  # material's own entries: none unless docs/ has pages
        lines = job.lines() if job else None
        count = None
        if lines is not None:
            count = add_json_to_index_file(path, lines)
        else:
            assert self.ctx is not None
            add_to_index_file(path, self.search.entries(self.ctx, self.build_cache))
            self.search.segmenter.save_cuts()
        self.place_search_shards(path, material, job is not None and lines is not None)
        return count

    def place_search_shards(self, path: str, material: dict[str, Any], from_child: bool) -> None:
        """The term files of paperkb's search worker beside search_index.json; none under
        `mkdocs serve` (the browser then indexes as material's worker does)."""
        prepared, self.shards = self.shards, None
        search_dir = os.path.dirname(path)
        try:
            if self.serving():
                shutil.rmtree(os.path.join(search_dir, SHARDS_DIR), ignore_errors=True)
                return
            ready = os.path.join(prepared, SHARDS_DIR) if prepared and from_child else None
            index_config, docs = material.get("config", {}), len(material.get("docs", []))
            place_shards(search_dir, ready, index_config, docs, self.planned)
        finally:
            if prepared:
                shutil.rmtree(prepared, ignore_errors=True)

    def discard_search_job(self) -> None:
        """Stop the search child (a build failed, or a new one starts)."""
        job, self.search_job = self.search_job, None
        if job:
            job.discard()
        if self.shards:
            shutil.rmtree(self.shards, ignore_errors=True)
            self.shards = None

    def watched_paths(self) -> list[str]:
        """papers.yaml (also one given by $PAPERKB_PAPERS) and its notes/ folder."""
        if not self.path:
            return []
        notes = os.path.join(os.path.dirname(self.path), "notes")
        return [self.path, *([notes] if os.path.isdir(notes) else [])]
