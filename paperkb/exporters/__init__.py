"""Ways out: BibTeX, a GitHub README list and JSON."""
