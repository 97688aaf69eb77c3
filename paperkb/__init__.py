"""paperkb: a curated paper-notes knowledge base with a static site generator."""

from __future__ import annotations

__version__ = "0.1.0"
