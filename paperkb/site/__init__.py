"""The site: views, the page renderer, pages, search entries and the MkDocs hook."""
