"""Subcommands that bring papers in and take them out (`import`, `add`, `export`)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """Add the import/export subcommands to the `paperkb` parser."""
