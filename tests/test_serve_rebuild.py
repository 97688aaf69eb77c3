"""Under `mkdocs serve`, a rebuild after editing papers.yaml gives the same site as a clean build
of the edited file: the caches (cards, search entries, material's page frames) never show stale
text, whether the edit touches one note, a title or the navigation."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "site"
SERVE_URL = "http://127.0.0.1:8000/"

# One process, as `mkdocs serve` runs: the hook module (and its caches) stays loaded, each build
# gets a fresh config. argv: papers.yaml, site dir, then one edit file a rebuild (or none).
SERVING = f"""
import shutil, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

config_file, papers, site, edits = {str(REPO / "mkdocs.yml")!r}, sys.argv[1], sys.argv[2], sys.argv[3:]
first = load_config(config_file, site_dir=site)
first.plugins.on_startup(command="serve", dirty=False)
for edit in [None, *edits]:
    if edit:
        shutil.copyfile(edit, papers)
    config = load_config(config_file, site_dir=site)
    config.site_url = {SERVE_URL!r}
    build(config, serve_url={SERVE_URL!r})
"""


def serve(papers: Path, site: Path, *edits: Path, plain: bool = False) -> None:
    env = {**os.environ, "PAPERKB_PAPERS": str(papers), "NO_MKDOCS_2_WARNING": "1"}
    env["PAPERKB_PLAIN_BUILD"] = "1" if plain else "0"
    command = [sys.executable, "-c", SERVING, str(papers), str(site), *map(str, edits)]
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def files(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in site.rglob("*") if path.is_file()}


def edited(tmp_path: Path, name: str, *replacements: tuple[str, str]) -> Path:
    text = (FIXTURE / "papers.yaml").read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


EDITS = {
    "a note": [("status: read", "status: reading")],
    "a title": [("StyleGAN Family", "StyleGAN 家族 Family")],
    "the navigation": [
        ("  - id: misc\n", "  - id: losses\n    title: {en: Losses, zh: 损失函数}\n  - id: misc\n")
    ],
}


@pytest.mark.parametrize("what", sorted(EDITS))
def test_a_rebuild_after_an_edit_equals_a_clean_build(tmp_path: Path, what: str) -> None:
    library = tmp_path / "kb"
    shutil.copytree(FIXTURE, library)
    papers = library / "papers.yaml"
    edit = edited(tmp_path, "edit.yaml", *EDITS[what])
    if what == "the navigation":  # a topic needs a paper: move one there
        text = edit.read_text(encoding="utf-8").replace("topics: [misc]", "topics: [losses]", 1)
        edit.write_text(text, encoding="utf-8")
    back = tmp_path / "back.yaml"
    shutil.copyfile(papers, back)
    serve(papers, tmp_path / "served", edit, back, edit)  # edit, undo, edit again
    clean_library = tmp_path / "clean"
    shutil.copytree(FIXTURE, clean_library)
    shutil.copyfile(edit, clean_library / "papers.yaml")
    serve(clean_library / "papers.yaml", tmp_path / "clean-site", plain=True)
    served, clean = files(tmp_path / "served"), files(tmp_path / "clean-site")
    assert sorted(served) == sorted(clean)
    assert [name for name in served if served[name] != clean[name]] == []
