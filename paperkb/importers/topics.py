"""Topics for imported papers: an existing topic by id or title, or a new one made as needed.

A heading names the topic of the entries under it; a heading no topic has becomes a new topic
(id slugged from it, title in its language). Entries with nothing to go by go to the inbox.
"""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import fuzz

from paperkb.importers.markdown_inline import CJK_RE, has_cjk
from paperkb.importers.merge import slugify, unique_id
from paperkb.records.check import normalise_title
from paperkb.records.model import Topic

MATCH_THRESHOLD = 90
INBOX_ID = "inbox"
INBOX_TITLE = {"en": "Inbox", "zh": "待整理"}
# Headings that organise a list but name no subject: the list's own title, its contents, a year.
_GENERIC_HEADING = re.compile(
    r"^(?:awesome\b.*|(?:table of )?contents?|toc|papers?|paper ?lists?|list of papers|overview|"
    r"(?:19|20)\d\d(?:\s*-\s*(?:19|20)?\d\d)?|others?|misc(?:ellaneous)?|目录|论文(?:列表)?|其他)$",
    re.IGNORECASE,
)


def _normal(text: str) -> str:
    text = text.lower().replace("&", " and ")
    return " ".join(re.findall(r"[\w+]+", text))


class TopicMatcher:
    """Heading text -> an existing topic id, by exact id or title, or a close fuzzy match."""

    def __init__(self, topics: list[Topic]) -> None:
        self.names = [
            (
                topic.id,
                [
                    _normal(topic.id.replace("-", " ")),
                    _normal(topic.title.en or ""),
                    _normal(topic.title.zh or ""),
                ],
            )
            for topic in topics
        ]
        self.cache: dict[str, str | None] = {}

    def match(self, heading: str) -> str | None:
        """The topic id a heading names, or None."""
        if heading not in self.cache:
            self.cache[heading] = self._match(heading)
        return self.cache[heading]

    def _match(self, heading: str) -> str | None:
        text = _normal(heading)
        if not text:
            return None
        parts = [text] + [_normal(part) for part in re.split(r"\s/\s|[()（）]", heading) if part.strip()]
        for part in parts:
            for topic_id, names in self.names:
                if part in names:
                    return topic_id
        words = f" {text} "
        for topic_id, names in self.names:
            if len(names[0]) >= 3 and f" {names[0]} " in words:
                return topic_id
        scored = sorted(
            ((self._score(text, names), topic_id) for topic_id, names in self.names), reverse=True
        )
        if not scored:  # a library without topics yet
            return None
        best, runner_up = scored[0], scored[1] if len(scored) > 1 else (0, "")
        return best[1] if best[0] >= MATCH_THRESHOLD and best[0] > runner_up[0] else None

    @staticmethod
    def _score(text: str, names: list[str]) -> float:
        score = 0.0
        for name in names[1:]:
            score = max(score, fuzz.token_sort_ratio(text, name))
            shorter = min(text, name, key=len)
            long_enough = len(CJK_RE.findall(shorter)) >= 2 or (len(shorter) >= 5 and not has_cjk(shorter))
            if long_enough:
                score = max(score, fuzz.partial_ratio(text, name))
        return score


def _topic_name(heading: str) -> str:
    """A heading without its numbering and leading symbols: '1.2 🎭 Face Swap' -> 'Face Swap'."""
    text = re.sub(r"^\s*(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+", "", heading)
    return re.sub(r"^[^\w(（\[]+|[^\w)）\]]+$", "", text).strip()


def title_for(name: str) -> dict[str, str]:
    """The title a heading gives, in its language: 'Face Swap / 换脸' gives both."""
    if has_cjk(name) and re.search(r"[A-Za-z]{2}", name):
        parts = [part.strip() for part in re.split(r"\s*[/|·]\s*|\s*[(（]|[)）]\s*", name) if part.strip()]
        zh = [part for part in parts if has_cjk(part)]
        en = [part for part in parts if not has_cjk(part)]
        if len(zh) == 1 and len(en) == 1:
            return {"en": en[0], "zh": zh[0]}
    return {"zh": name} if has_cjk(name) else {"en": name}


class TopicBook:
    """The library's topics, and the new ones an import makes (in the order it made them)."""

    def __init__(self, topics: list[Topic]) -> None:
        self.matcher = TopicMatcher(topics)
        self.ids = {topic.id for topic in topics}
        self.keys: dict[str, str] = {}
        for topic in topics:
            for name in (topic.id.replace("-", " "), topic.title.en, topic.title.zh):
                if name and normalise_title(name):
                    self.keys.setdefault(normalise_title(name), topic.id)
        self.new: list[dict[str, Any]] = []
        self.declared: set[str] = set()

    def match(self, name: str) -> str | None:
        """The topic a name means: same id or title (case and accents aside), or a close title."""
        key = normalise_title(_topic_name(name))
        if key in self.keys:
            return self.keys[key]
        return self.matcher.match(name)

    def for_heading(self, heading: str, parent: str | None = None) -> str | None:
        """The topic of a heading, made if it is new (under `parent`); None for one that names no subject."""
        name = _topic_name(heading)
        if not name or not re.search(r"\w", name) or _GENERIC_HEADING.match(name):
            return None
        return self.match(name) or self.create(name, parent=parent)

    def named(self, name: str) -> str:
        """The topic `--topic NAME` means, made if it is new."""
        return self.match(name) or self.create(
            name.replace("-", " ") if re.fullmatch(r"[a-z0-9-]+", name) else name
        )

    def inbox(self) -> str:
        """The inbox topic (Inbox · 待整理), made when first needed."""
        return self.keys.get(INBOX_ID) or self.create(INBOX_ID, dict(INBOX_TITLE))

    def create(self, name: str, title: dict[str, str] | None = None, parent: str | None = None) -> str:
        """A new topic named `name` (under `parent` when given); its id."""
        title = title or title_for(name[:1].upper() + name[1:] if name.islower() else name)
        topic_id = unique_id(slugify(title.get("en") or name) or "topic", self.ids)
        self.new.append({"id": topic_id, "title": title, **({"parent": parent} if parent else {})})
        for text in (topic_id.replace("-", " "), *title.values()):
            self.keys.setdefault(normalise_title(text), topic_id)
        return topic_id

    def declare(self, topic: dict[str, Any]) -> str:
        """A whole topic from an export (id, titles, parent, description, links): kept as written."""
        if topic["id"] in self.ids:
            return str(topic["id"])
        self.ids.add(topic["id"])
        self.new.append(dict(topic))
        self.declared.add(topic["id"])
        for text in (topic["id"].replace("-", " "), *topic["title"].values()):
            self.keys.setdefault(normalise_title(text), topic["id"])
        return str(topic["id"])

    def used(self, drafts: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The new topics `drafts` are under, their parents, and declared ones (a made one unused is not)."""
        wanted = {topic for draft in drafts for topic in draft.get("topics", [])} | self.declared
        parents = {topic["id"]: topic.get("parent") for topic in self.new}
        for topic_id in list(wanted):
            while parents.get(topic_id) and parents[topic_id] not in wanted:
                topic_id = parents[topic_id]
                wanted.add(topic_id)
        return [topic for topic in self.new if topic["id"] in wanted]
