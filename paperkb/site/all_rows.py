"""The all-papers page's compact rows: one line per paper, its notes folded in.

The page used to repeat every paper's full card (30 MB and 6–7 s to load at 10,000 papers). A row
shows the paper's name, venue, year and status and links to its card; both notes sit in the row,
`hidden="until-found"`: the browser's find (Ctrl+F) and text links still reach every title and
note and unfold the row holding a match, and a click on the row unfolds it (paperkb.js), while
folded notes cost no layout. Not <details>: material's script mounts a component on every
<details> of a page (4 s of script at 10,000 rows).
"""

from __future__ import annotations

from typing import Any

from paperkb.site.fragments import escape, item_attributes, status_badge


def row_html(entry: dict[str, Any], card: dict[str, Any]) -> str:
    """A paper's row from its entry view (views.entry_view) and card view (views.card_view)."""
    short = entry["short_name"]
    name = f"<strong>{escape(short)}</strong> · " if short and not entry["title"].startswith(short) else ""
    parts = [
        f'<div class="pkb-row pkb-row--{escape(entry["status"])} pkb-item" id="{escape(card["id"])}"'
        f"{item_attributes(card)}>",
        f'<div class="pkb-row__head"><a href="{escape(entry["href"])}">{name}{escape(entry["title"])}</a>',
    ]
    venue, year = entry["venue"], entry["year"]
    if venue or year:
        gap = " " if venue and year else ""
        parts.append(f' <span class="pkb-entry__meta">{escape(venue or "")}{gap}{escape(year or "")}</span>')
    parts.append(" " + status_badge(entry["status"], entry["status_label"]) + "</div>\n")
    notes = [(language, card[f"note_{language}"]) for language in ("en", "zh") if card[f"note_{language}"]]
    if notes:
        parts.append('<div class="pkb-row__notes" hidden="until-found">\n')
        for language, note in notes:
            parts.append(f'<div class="pkb-note" data-lang="{language}" lang="{language}">\n{note}\n</div>\n')
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)
