"""Build the site with Zensical, Material's successor, which runs no MkDocs hooks.

The pages are the ones the MkDocs hook makes (`render_site`), written to a folder beside the
project's static assets; a `zensical.toml` made from `mkdocs.yml` (theme, features, palette, CSS,
JavaScript) and the knowledge base's navigation points Zensical at them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from typing import Any

import yaml

from paperkb.exporters.bibtex import export_bibtex
from paperkb.records.library import Library
from paperkb.site.render import build_nav, render_site, write_pages
from paperkb.site.search_terms import collect_search_terms, render_user_dictionary, write_user_dictionary
from paperkb.site.segment import ChineseSegmenter
from paperkb.site.urls import BIBTEX_FILE

# mkdocs.yml settings that mean the same in zensical.toml's [project] and [project.theme]
_PROJECT_KEYS = ("site_name", "site_description", "site_url", "use_directory_urls", "extra_css", "extra_javascript")
_THEME_KEYS = ("language", "features", "palette", "font", "icon", "logo", "favicon")


# what separates words in the cut Chinese: U+200B, and the full-width space and punctuation
ZWSP_SEPARATOR = "[\\u200b\\u3000、。，．？！；]+"


class _MkDocsLoader(yaml.SafeLoader):
    """YAML as MkDocs reads mkdocs.yml: `!ENV [NAME, default]` is the variable's value or the default."""


def _env_value(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable set, typed as YAML, else
    the default (None when only names are given), as MkDocs's pyyaml_env_tag does."""
    if isinstance(node, yaml.SequenceNode):
        items: list[Any] = loader.construct_sequence(node)
    else:
        items = [loader.construct_scalar(node)]  # type: ignore[arg-type]
    names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


_MkDocsLoader.add_constructor("!ENV", _env_value)


def read_mkdocs_config(path: str) -> dict[str, Any]:
    """mkdocs.yml as a mapping, `!ENV` tags resolved as MkDocs resolves them."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_MkDocsLoader) or {}  # a SafeLoader with one tag more


class ZensicalError(Exception):
    """Zensical is missing or its build failed; the message says which and how to fix it."""


def toml_value(value: Any) -> str:
    """A value as TOML: strings as basic strings, lists as arrays, mappings as inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, dict):
        return "{" + ", ".join(f"{toml_value(str(k))} = {toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Iterable):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def zensical_config(mkdocs: dict[str, Any], nav: list[Any], docs_dir: str, site_dir: str) -> str:
    """zensical.toml for the generated pages: the site settings and theme of `mkdocs` (mkdocs.yml)."""
    project = {key: mkdocs[key] for key in _PROJECT_KEYS if key in mkdocs}
    project.update(docs_dir=docs_dir, site_dir=site_dir, nav=nav)
    theme = {key: value for key, value in (mkdocs.get("theme") or {}).items() if key in _THEME_KEYS}
    theme["variant"] = "classic"  # Material's look, which the card styles are written for
    lines = ["[project]"] + [f"{key} = {toml_value(value)}" for key, value in project.items()]
    lines += ["", "[project.theme]"] + [f"{key} = {toml_value(value)}" for key, value in theme.items()]
    for name, options in _markdown_extensions(mkdocs.get("markdown_extensions") or []):
        lines += ["", f"[project.markdown_extensions.{name}]"]
        lines += [f"{key} = {toml_value(value)}" for key, value in options.items()]
    return "\n".join(lines) + "\n"


def _markdown_extensions(items: list[Any]) -> list[tuple[str, dict[str, Any]]]:
    found: list[tuple[str, dict[str, Any]]] = []
    for item in items:
        if isinstance(item, str):
            found.append((item, {}))
        elif isinstance(item, dict):
            found += [(name, options or {}) for name, options in item.items()]
    return found


def zensical_command() -> list[str]:
    """The command that runs Zensical from this environment, or ZensicalError with the install hint."""
    path = shutil.which("zensical", path=os.path.dirname(sys.executable)) or shutil.which("zensical")
    if path is None:
        raise ZensicalError(
            "Zensical is not installed; install it with: pip install -e '.[zensical]' (or pip install zensical)"
        )
    return [path]


def build_with_zensical(library: Library, config_file: str, out_dir: str, templates_dir: str) -> None:
    """Build the site into `out_dir` (which must not exist) with Zensical; the caller swaps it in."""
    command = zensical_command()
    mkdocs = read_mkdocs_config(config_file)
    project_dir = os.path.dirname(os.path.abspath(config_file))
    assets_dir = os.path.join(project_dir, mkdocs.get("docs_dir", "docs"))
    parent = os.path.dirname(os.path.abspath(out_dir))
    with tempfile.TemporaryDirectory(prefix=".paperkb-zensical-", dir=parent) as work:
        docs = os.path.join(work, "docs")
        shutil.copytree(assets_dir, docs)
        directory_urls = bool(mkdocs.get("use_directory_urls", True))
        write_pages(render_site(library, templates_dir=templates_dir, directory_urls=directory_urls), docs)
        with open(os.path.join(docs, BIBTEX_FILE), "w", encoding="utf-8", newline="\n") as handle:
            handle.write(export_bibtex(library))
        toml = os.path.join(work, "zensical.toml")
        with open(toml, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(zensical_config(mkdocs, build_nav(library), "docs", "site"))
        result = subprocess.run([*command, "build", "-f", toml], cwd=work, capture_output=True, text=True)
        built = os.path.join(work, "site")
        if result.returncode != 0 or not os.path.isfile(os.path.join(built, "index.html")):
            raise ZensicalError("Zensical's build failed:\n" + (result.stderr or result.stdout).strip())
        cut_chinese_in_search_index(os.path.join(built, "search.json"), library)
        os.replace(built, out_dir)  # Zensical writes only inside its project folder


def cut_chinese_in_search_index(path: str, library: Library) -> None:
    """Cut the Chinese of Zensical's search index into words, as the MkDocs build does.

    Zensical splits text on its separator only, so 重演 inside 人脸重演 was never a word of its
    index. Each Han run is cut with the knowledge base's dictionary and its words are set apart by
    U+200B, which the index's separator then splits on.
    """
    with open(path, encoding="utf-8") as handle:
        index = json.load(handle)
    segmenter = ChineseSegmenter(cache_limit=1)
    segmenter.use_dictionary(write_user_dictionary(render_user_dictionary(collect_search_terms(library))))
    for item in index.get("items", []):
        for key in ("title", "text"):
            if isinstance(item.get(key), str):
                item[key] = segmenter.segment(item[key])
    config = index.setdefault("config", {})
    config["separator"] = ZWSP_SEPARATOR + "|" + config.get("separator", r"[\s\-]+")
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(index, handle, ensure_ascii=False, separators=(",", ":"))
