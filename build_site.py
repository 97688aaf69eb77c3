#!/usr/bin/env python3
"""Validate papers.yaml, then build the site (into site/ unless told otherwise)."""

from __future__ import annotations

import sys

from paperkb.commands.build import main

if __name__ == "__main__":
    sys.exit(main())
