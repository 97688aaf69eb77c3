"""Subcommands that build or write the site's pages (`generate`, `build`)."""

from __future__ import annotations

import argparse


def register(commands: argparse._SubParsersAction) -> None:
    """Add the site subcommands to the `paperkb` parser."""
