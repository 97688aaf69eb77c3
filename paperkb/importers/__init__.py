"""Ways in: BibTeX, Markdown paper lists and the arXiv API, folded into the library by merge."""
