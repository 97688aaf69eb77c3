"""What `mkdocs serve` shows while papers.yaml has errors: the diagnostics, on every page.

A one-off build stops with the checker's report. Under `mkdocs serve` a failed build would leave
the open page stale and make MkDocs hold every new request until a build succeeds, so the hook
builds a site of error pages instead: each page of the last good build (and the home page) shows
the diagnostics, and so does the 404 page for any other address. MkDocs' live reload brings the
real site back by itself once the file is fixed.
"""

from __future__ import annotations

import html
import json
import os

from paperkb.diagnostics import Diagnostic, sort_diagnostics

TITLE = "papers.yaml has errors"
ERROR_CLASS = "pkb-build-errors"
NOT_FOUND_HEADING = "<h1>404 - Not found</h1>"  # what material's 404.html writes in its article
SHOWN = 200  # diagnostics listed; a count says how many more there are


def error_body(diagnostics: list[Diagnostic]) -> str:
    """The diagnostics as HTML: one item each, with where, what and the hint apart."""
    ordered = sort_diagnostics(diagnostics)
    items = []
    for diagnostic in ordered[:SHOWN]:
        where = diagnostic.file + (f":{diagnostic.line}:{diagnostic.column or 1}" if diagnostic.line else "")
        hint = f'<div class="{ERROR_CLASS}__hint">{html.escape(diagnostic.hint)}</div>' if diagnostic.hint else ""
        items.append(
            f'<li class="{ERROR_CLASS}__item {ERROR_CLASS}__item--{diagnostic.severity.value}">'
            f"<code>{html.escape(where)}</code> <strong>{diagnostic.severity.value}</strong>: "
            f'<span class="{ERROR_CLASS}__message">{html.escape(diagnostic.message)}</span>{hint}</li>'
        )
    more = f"<p>... and {len(ordered) - SHOWN} more.</p>" if len(ordered) > SHOWN else ""
    return (
        f'<div class="{ERROR_CLASS}" role="alert">\n'
        f"<h1>{TITLE}</h1>"
        "<p>The site comes back as soon as the file is fixed: save it and this page reloads. "
        "<code>paperkb validate</code> prints the same report.</p>"
        f"<ul>{''.join(items)}</ul>{more}\n</div>\n"
    )


def error_page_markdown(diagnostics: list[Diagnostic]) -> str:
    """A Markdown page (front matter and one HTML block) showing the diagnostics."""
    front = f"---\ntitle: {json.dumps(TITLE)}\nsearch:\n  exclude: true\nhide:\n  - toc\n---\n\n"
    return front + error_body(diagnostics)


def show_errors_on_not_found_page(site_dir: str, diagnostics: list[Diagnostic]) -> None:
    """Put the diagnostics into material's 404 page, which MkDocs serves for any other address."""
    path = os.path.join(site_dir, "404.html")
    if not os.path.isfile(path):
        return
    with open(path, encoding="utf-8") as handle:
        page = handle.read()
    if NOT_FOUND_HEADING in page:
        page = page.replace(NOT_FOUND_HEADING, error_body(diagnostics), 1)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(page)
