"""MkDocs hook: generate the site's pages from papers.yaml in memory (nothing is written to docs/).

A thin adapter over paperkb.render. papers.yaml is the file beside mkdocs.yml, or $PAPERKB_PAPERS.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

try:
    import paperkb  # noqa: F401
except ImportError:  # run by `mkdocs` from a checkout that was not pip-installed
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from paperkb.bibtex_export import export_bibtex
from paperkb.diagnostics import format_report
from paperkb.library import Library, open_library
from paperkb.markup import NoteRenderer
from paperkb.render import build_nav, render_site
from paperkb.search_terms import collect_search_terms, render_user_dictionary, write_user_dictionary
from paperkb.site_urls import BIBTEX_FILE

log = get_plugin_logger("paperkb")
NOTES = NoteRenderer()  # survives `mkdocs serve` rebuilds: each note converted once per content
_state: dict[str, Any] = {}
BODY_MARKER = "<!-- paperkb:generated-body -->"


def papers_path(config_file: str) -> str:
    """$PAPERKB_PAPERS if set, else papers.yaml beside mkdocs.yml."""
    base = os.path.dirname(os.path.abspath(config_file))
    return os.path.join(base, os.environ.get("PAPERKB_PAPERS") or "papers.yaml")


@event_priority(100)  # before material's search reads `jieba_dict_user`
def on_config(config: Any) -> Any:
    """Load and check papers.yaml, set the nav and the search plugin's jieba user dictionary."""
    path = papers_path(config.config_file_path)
    library, diagnostics = open_library(path)
    if library is None:
        raise PluginError(f"{path} has errors:\n{format_report(diagnostics)}")
    for diagnostic in diagnostics:
        log.info(diagnostic.format())  # warnings of the data, not of the build: never fail --strict
    base = os.path.dirname(os.path.abspath(config.config_file_path))
    templates = os.path.join(base, "templates")
    _state.update(library=library, path=path, templates=templates if os.path.isdir(templates) else None)
    config.nav = build_nav(library)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None and hasattr(search.config, "jieba_dict_user"):
        cache = os.path.join(base, ".paperkb-cache")
        words = render_user_dictionary(collect_search_terms(library))
        search.config.jieba_dict_user = write_user_dictionary(words, cache)
    return config


def on_files(files: Files, *, config: Any) -> Files:
    """Add every generated page as an in-memory file.

    MkDocs gets the front matter and a marker; the ready HTML body replaces the marker after the
    Markdown pass (on_page_content), so no parser walks the cards' HTML twice for nothing.
    """
    library: Library = _state["library"]
    options: dict[str, Any] = {"directory_urls": config.use_directory_urls}
    if _state["templates"]:
        options["templates_dir"] = _state["templates"]
    bodies: dict[str, str] = {}
    for page in render_site(library, NOTES, **options):
        if files.get_file_from_path(page.src_uri) is not None:
            raise PluginError(f"docs/{page.src_uri} clashes with a generated page: remove it from docs/")
        inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
        stub = f"{page.front_matter}\n{BODY_MARKER}\n"
        files.append(File.generated(config, page.src_uri, content=stub, inclusion=inclusion))
        bodies[page.src_uri] = page.body
    _state["bodies"] = bodies
    bibtex = export_bibtex(library)
    files.append(File.generated(config, BIBTEX_FILE, content=bibtex, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_page_content(html: str, *, page: Any, config: Any, files: Files) -> str:
    """Put the generated page's ready HTML in place of its marker."""
    body = _state.get("bodies", {}).get(page.file.src_uri)
    if body is None or BODY_MARKER not in html:
        return html
    return html.replace(BODY_MARKER, body, 1)


def on_serve(server: Any, *, config: Any, builder: Any) -> Any:
    """Also watch a papers.yaml given by $PAPERKB_PAPERS and its notes/."""
    path = _state.get("path")
    if path:
        server.watch(path)
        notes = os.path.join(os.path.dirname(path), "notes")
        if os.path.isdir(notes):
            server.watch(notes)
    return server
