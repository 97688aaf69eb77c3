"""The pre-commit hooks run the commands they name: run those commands as pre-commit would."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _hook(config: str, hook_id: str) -> dict[str, Any]:
    data = yaml.safe_load((ROOT / config).read_text(encoding="utf-8"))
    hooks = data if isinstance(data, list) else [h for repo in data["repos"] for h in repo["hooks"]]
    return next(h for h in hooks if h["id"] == hook_id)


def _command(entry: str) -> list[str]:
    """The hook's entry as a command line in this environment (`python` and `paperkb` are ours)."""
    words = shlex.split(entry)
    if words[0] == "python":
        return [sys.executable, *words[1:]]
    if words[0] == "paperkb":
        return [sys.executable, "-m", "paperkb", *words[1:]]
    return words


def _project(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "papers.yaml", tmp_path / "papers.yaml")
    shutil.copytree(ROOT / "notes", tmp_path / "notes")
    shutil.copytree(ROOT / "schema", tmp_path / "schema")
    return tmp_path


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_local_validate_hook_passes_the_shipped_papers_and_stops_a_broken_record(tmp_path: Path) -> None:
    hook = _hook(".pre-commit-config.yaml", "paperkb-validate")
    assert re.search(hook["files"], "papers.yaml") and re.search(hook["files"], "notes/fsgan.md")
    project = _project(tmp_path)
    command = _command(hook["entry"]) + list(hook.get("args", []))
    assert _run(command, project).returncode == 0
    text = (project / "papers.yaml").read_text(encoding="utf-8")
    broken = text.replace(
        "    topics: [face-swap, face-reenactment, talking-face]", "    topics: [face-swp]", 1
    )
    assert broken != text
    (project / "papers.yaml").write_text(broken, encoding="utf-8")
    result = _run(command, project)
    assert result.returncode == 1
    assert "papers.yaml:" in result.stdout + result.stderr
    assert "unknown topic 'face-swp'" in result.stdout + result.stderr


def test_published_hook_checks_the_named_file(tmp_path: Path) -> None:
    hook = _hook(".pre-commit-hooks.yaml", "paperkb-validate")
    assert re.search(hook["files"], "kb/papers.yaml")
    project = _project(tmp_path)
    (project / "papers.yaml").write_text("topics: []\npapers:\n  - id: x\n", encoding="utf-8")
    result = _run(_command(hook["entry"]), project)
    assert result.returncode == 1
    assert "papers.yaml:3:" in result.stdout + result.stderr
