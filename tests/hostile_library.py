"""The hostile fixture library (tests/fixtures/hostile) and a real `mkdocs build` of it, for the site tests."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HOSTILE_FIXTURE = Path(ROOT) / "tests" / "fixtures" / "hostile"
# Repeated to make the 100 KB note of the generated record: every kind of markup the site must defuse.
HOSTILE_SNIPPET = (
    "<script>alert('long')</script> <img src=x onerror=alert('long')> [js](javascript:alert('long')) "
    "{{ config }} </div></div> <svg onload=alert('long')> [ok](https://example.org/ok) |\n"
)
LONG_NOTE_BYTES = 100_000


def long_fields_record() -> str:
    """A record with a 100 KB note, a 12 KB title and long lists, as YAML text (JSON strings)."""
    note = HOSTILE_SNIPPET * (LONG_NOTE_BYTES // len(HOSTILE_SNIPPET) + 1)
    fields = {
        "id": "long-fields",
        "title": "Long " + "title " * 2000,
        "authors": [f"<b>Author {i}</b>" for i in range(300)],
        "topics": ["hostile"],
        "tags": [f"long-tag-{i}" for i in range(100)],
        "notes": {"en": note, "zh": "很长 CANARY-long-fields"},
    }
    lines = [f"  - id: {fields['id']}"]
    lines += [
        f"    {key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items() if key != "id"
    ]
    return "\n".join(lines) + "\n"


def make_hostile_library(directory: Path) -> Path:
    """Copy tests/fixtures/hostile into `directory`, add the long record; return its papers.yaml."""
    shutil.copytree(HOSTILE_FIXTURE, directory, dirs_exist_ok=True)
    papers = directory / "papers.yaml"
    with papers.open("a", encoding="utf-8") as handle:
        handle.write("\n" + long_fields_record())
    return papers


def build_site(papers: Path, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """The real `mkdocs build --strict` of the repository's mkdocs.yml with `papers` as the knowledge base."""
    env = {**os.environ, "PAPERKB_PAPERS": str(papers), "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", os.path.join(ROOT, "mkdocs.yml")]
    return subprocess.run(
        [*command, "-d", str(site_dir)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
