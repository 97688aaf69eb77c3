"""What `mkdocs serve` keeps from one rebuild to the next: cards and search entries.

A card (and the paper's search entry) shows the record itself, the names and places of the
papers it links to and that link to it, its topics' titles and whether it has a long note; the
key below holds all of that, so an edit re-renders exactly the cards it changes. Entries that a
build did not use are dropped at the next one, so the cache holds one site's worth at most.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from paperkb.records.model import Paper
from paperkb.site.views import SiteContext


class Generations:
    """A dict that forgets, at each new build, whatever the previous build did not use."""

    def __init__(self) -> None:
        self._previous: dict[Hashable, Any] = {}
        self._current: dict[Hashable, Any] = {}

    def get(self, key: Hashable) -> Any:
        value = self._current.get(key)
        if value is None:
            value = self._previous.pop(key, None)
            if value is not None:
                self._current[key] = value
        return value

    def put(self, key: Hashable, value: Any) -> None:
        self._current[key] = value

    def next_build(self) -> None:
        self._previous, self._current = self._current, {}

    def __len__(self) -> int:
        return len(self._current)


class BuildCache:
    """Cards and search entries by content, plus the per-build content key of each paper."""

    def __init__(self) -> None:
        self.cards = Generations()
        self.entries = Generations()
        self._keys: dict[str, tuple[Any, ...]] = {}
        self.hits = 0

    def next_build(self) -> None:
        """Call at the start of each build."""
        self.cards.next_build()
        self.entries.next_build()
        self._keys = {}
        self.hits = 0

    def key(self, ctx: SiteContext, paper: Paper) -> tuple[Any, ...]:
        """Everything the paper's card and search entry show (computed once per build)."""
        key = self._keys.get(paper.id)
        if key is None:
            key = self._keys[paper.id] = paper_key(ctx, paper)
        return key


def paper_key(ctx: SiteContext, paper: Paper) -> tuple[Any, ...]:
    """The record, the papers it links with (similar ones included), its topics, its long note's presence, the URL style."""
    library = ctx.library

    def place(topic_id: str) -> tuple[Any, ...]:
        topic = library.topic_by_id.get(topic_id)
        title = (topic.title.en, topic.title.zh) if topic else None
        return (topic_id, title, bool(library.children.get(topic_id)))

    def reference(other: Paper) -> tuple[Any, ...]:
        return (other.id, other.display_name, other.title, place(other.topics[0]))

    related = [library.paper_by_id[i] for i in paper.related if i in library.paper_by_id and i != paper.id]
    return (
        paper.model_dump_json(),
        tuple(reference(other) for other in related),
        tuple(reference(other) for other in library.backlinks.get(paper.id, [])),
        tuple(reference(other) for other in ctx.similar_to(paper.id)),
        tuple(place(topic_id) for topic_id in paper.topics),
        paper.id in ctx.long_notes,
        ctx.directory_urls,
    )
