"""A checked knowledge base with the lookups pages need (by topic, back-links, notes)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from paperkb.diagnostics import Diagnostic, has_errors, sort_diagnostics
from paperkb.records.check import check_library, resolve_note_path
from paperkb.records.load import LoadedLibrary, load_library
from paperkb.records.model import Paper, Topic


@dataclass
class Library:
    """Validated topics and papers plus derived indexes; build with `Library.from_loaded`."""

    base_dir: str
    topics: list[Topic]
    papers: list[Paper]
    topic_by_id: dict[str, Topic] = field(default_factory=dict)
    paper_by_id: dict[str, Paper] = field(default_factory=dict)
    children: dict[str | None, list[Topic]] = field(default_factory=dict)
    papers_by_topic: dict[str, list[Paper]] = field(default_factory=dict)
    backlinks: dict[str, list[Paper]] = field(default_factory=dict)
    note_paths: dict[str, str] = field(default_factory=dict)
    paper_lines: dict[str, int] = field(default_factory=dict)  # id -> line of the record in the file

    @classmethod
    def from_loaded(cls, loaded: LoadedLibrary) -> Library:
        library = cls(loaded.base_dir, list(loaded.topics), list(loaded.papers))
        library.topic_by_id = {topic.id: topic for topic in library.topics}
        library.paper_by_id = {paper.id: paper for paper in library.papers}
        library.paper_lines = {
            paper.id: node.pos[0] for paper, node in zip(loaded.papers, loaded.paper_nodes, strict=False)
        }
        children: dict[str | None, list[Topic]] = defaultdict(list)
        for topic in library.topics:
            children[topic.parent].append(topic)
        by_topic: dict[str, list[Paper]] = defaultdict(list)
        backlinks: dict[str, list[Paper]] = defaultdict(list)
        for paper in library.papers:
            for topic_id in paper.topics:
                by_topic[topic_id].append(paper)
            for other in paper.related:
                if other != paper.id:
                    backlinks[other].append(paper)
            note = resolve_note_path(library.base_dir, paper)
            if note is not None:
                library.note_paths[paper.id] = note
        library.children = dict(children)
        library.papers_by_topic = dict(by_topic)
        library.backlinks = dict(backlinks)
        return library

    def ancestors(self, topic_id: str) -> list[Topic]:
        """The chain from the root topic down to `topic_id`, inclusive."""
        chain: list[Topic] = []
        current: str | None = topic_id
        while current is not None and current in self.topic_by_id and len(chain) < len(self.topics):
            topic = self.topic_by_id[current]
            chain.append(topic)
            current = topic.parent
        return list(reversed(chain))

    def descendants(self, topic_id: str) -> list[Topic]:
        """All topics below `topic_id`, depth first."""
        found: list[Topic] = []
        stack = list(reversed(self.children.get(topic_id, [])))
        while stack and len(found) < len(self.topics):
            topic = stack.pop()
            found.append(topic)
            stack.extend(reversed(self.children.get(topic.id, [])))
        return found


def open_library(path: str) -> tuple[Library | None, list[Diagnostic]]:
    """Load and check `path`; the Library is None when any error was found."""
    loaded = load_library(path)
    diagnostics = list(loaded.diagnostics)
    if loaded.papers or loaded.topics:
        diagnostics.extend(check_library(loaded))
    diagnostics = sort_diagnostics(diagnostics)
    if has_errors(diagnostics):
        return None, diagnostics
    return Library.from_loaded(loaded), diagnostics
