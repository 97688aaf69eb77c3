"""The record model of papers.yaml: field names here are the contract users rely on."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from paperkb.diagnostics import did_you_mean
from paperkb.records.arxiv_id import ARXIV_ID_RE, split_arxiv_version
from paperkb.records.characters import describe_char, first_non_ascii_digit, has_visible
from paperkb.records.yamltree import Plain, PlainBool, PlainInt, PlainTimestamp

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
STATUSES = ("to-read", "reading", "read")
KINDS = ("paper", "dataset", "repo", "blog", "website", "book")
FRAMEWORKS = (
    "pytorch", "tensorflow", "tf1", "tf2", "keras", "jax", "caffe",
    "matlab", "mxnet", "paddle", "cpp", "other",
)  # fmt: skip


def _fail(message: str, hint: str = "") -> PydanticCustomError:
    return PydanticCustomError("paperkb", message, {"hint": hint})


def _describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, PlainBool):
        return f"the YAML boolean {value!s}"
    if isinstance(value, Plain):
        return f"the {value.kind} {value!s}"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    return type(value).__name__


def as_text(value: Any) -> str:
    """Accept any scalar as the exact text the user wrote (so `no` stays "no")."""
    if not isinstance(value, str):
        raise _fail(f"expected text, found {_describe(value)}", "write a single value")
    if not value.strip():
        raise _fail("empty text", "fill in a value or remove the field")
    return str(value)


def as_title(value: Any) -> str:
    text = as_text(value)
    if not has_visible(text):
        found = ", ".join(dict.fromkeys(describe_char(c) for c in text if not c.isspace())) or "spaces"
        raise _fail(f"no visible character (only {found})", "write the title in visible characters")
    return text


def as_slug(value: Any) -> str:
    text = as_text(value)
    if not SLUG_RE.fullmatch(text):
        suggestion = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "my-paper"
        raise _fail(
            f"'{text}' is not a valid id",
            f"use lowercase letters, digits and single hyphens, e.g. '{suggestion}'",
        )
    return text


def _ascii_digits_hint(text: str, quote: str = "") -> str | None:
    """A hint naming the first full-width or Arabic-Indic digit in `text` and the ASCII spelling."""
    digit = first_non_ascii_digit(text)
    if digit is None:
        return None
    ascii_text = "".join(str(unicodedata.decimal(c)) if c.isdecimal() else c for c in text)
    return (
        f"{describe_char(digit)} is not an ASCII digit; write {quote}{ascii_text}{quote} with the digits 0-9"
    )


def as_int(value: Any) -> int:
    hint = _ascii_digits_hint(value) if isinstance(value, str) else None
    if hint:
        raise _fail(f"'{value}' is not written in ASCII digits", hint)
    if isinstance(value, PlainInt) and value.lstrip("+-").isascii() and value.lstrip("+-").isdecimal():
        return int(value, 10)
    if isinstance(value, str) and value.strip().isdecimal():
        raise _fail(f"expected a number, found the text '{value}'", "remove the quotes")
    raise _fail(f"expected a whole number, found {_describe(value)}", "write digits only, e.g. 2019")


def as_bool(value: Any) -> bool:
    if isinstance(value, PlainBool) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    raise _fail(f"expected true or false, found {_describe(value)}", "write true or false")


def as_date(value: Any) -> dt.date:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            pass
    if isinstance(value, PlainTimestamp):
        raise _fail(f"'{value}' is not a valid date", "write a real date as YYYY-MM-DD")
    raise _fail(f"expected a date, found {_describe(value)}", "write the date as YYYY-MM-DD")


def as_url(value: Any) -> str:
    text = as_text(value).strip()
    lowered = text.lower()
    if not (lowered.startswith("https://") or lowered.startswith("http://")) or len(text) < 10:
        raise _fail(
            f"link '{text[:60]}' is not an http(s) URL",
            "links must start with https:// or http://",
        )
    if any(c in text for c in " \t\n<>\"'`"):
        raise _fail(f"link '{text[:60]}' contains spaces, quotes or angle brackets", "encode them (%20)")
    return text


def as_arxiv(value: Any) -> str:
    text = as_text(value).strip()
    bare, version = split_arxiv_version(text)
    if version is not None and ARXIV_ID_RE.fullmatch(bare):
        raise _fail(
            f"arXiv id '{text}' includes a version",
            f'write arxiv: "{bare}" and arxiv_version: {version}',
        )
    hint = _ascii_digits_hint(text, quote='"')
    if hint:
        raise _fail(f"arXiv id '{text}' is not written in ASCII digits", hint)
    if not ARXIV_ID_RE.fullmatch(text):
        raise _fail(
            f"malformed arXiv id '{text}'",
            'use the bare id in quotes, e.g. "1908.05932" or "hep-th/9901001"',
        )
    return text


def choice(name: str, values: tuple[str, ...]) -> Any:
    """A text field restricted to `values`, with a did-you-mean error."""

    def check(value: Any) -> str:
        text = as_text(value)
        if text not in values:
            raise _fail(
                f"unknown {name} '{text}'{did_you_mean(text, values)}",
                "choose one of: " + ", ".join(values),
            )
        return text

    return Annotated[Literal[values], BeforeValidator(check)]


Text = Annotated[str, BeforeValidator(as_text)]
Title = Annotated[str, BeforeValidator(as_title)]
Slug = Annotated[str, BeforeValidator(as_slug), Field(json_schema_extra={"pattern": f"^{SLUG_RE.pattern}$"})]
Int = Annotated[int, BeforeValidator(as_int)]
Bool = Annotated[bool, BeforeValidator(as_bool)]
Date = Annotated[dt.date, BeforeValidator(as_date)]
Url = Annotated[str, BeforeValidator(as_url), Field(json_schema_extra={"pattern": "^https?://"})]
# The schema's patterns say what the validators enforce: ASCII digits only ([0-9], not \d).
ArxivId = Annotated[
    str, BeforeValidator(as_arxiv), Field(json_schema_extra={"pattern": f"^{ARXIV_ID_RE.pattern}$"})
]
Status = choice("status", STATUSES)
Kind = choice("kind", KINDS)
Framework = choice("framework", FRAMEWORKS)


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Bilingual(Record):
    """Text in English and Chinese; either may be missing."""

    en: Text | None = Field(None, description="English (Markdown)")
    zh: Text | None = Field(None, description="中文 (Markdown)")


class TopicTitle(Record):
    """A topic's title in English and Chinese; one of them may be missing (the site shows the other)."""

    en: Title | None = Field(None, description="English title")
    zh: Title | None = Field(None, description="中文标题")

    @model_validator(mode="after")
    def _one_at_least(self) -> TopicTitle:
        if self.en is None and self.zh is None:
            raise _fail("a topic title needs 'en' or 'zh'", "write title: {en: Face Swap, zh: 换脸}")
        return self

    @property
    def single(self) -> str | None:
        """The title when only one language has it (None when both do)."""
        return None if self.en is not None and self.zh is not None else (self.en or self.zh)

    @property
    def shown_en(self) -> str:
        """The English title, or the Chinese one where there is no English one."""
        return self.en or self.zh or ""

    @property
    def shown_zh(self) -> str:
        """The Chinese title, or the English one where there is no Chinese one."""
        return self.zh or self.en or ""


class TopicLink(Record):
    """A non-paper resource kept on a topic page (a dataset site, a tool, a list)."""

    title: Text
    url: Url
    note: Text | None = None


class Topic(Record):
    id: Slug = Field(description="Stable slug; the topic page's URL")
    title: TopicTitle
    parent: Slug | None = Field(None, description="Id of the parent topic")
    description: Bilingual | None = None
    links: list[TopicLink] = Field(default_factory=list)


class Code(Record):
    url: Url
    framework: Framework | None = None  # type: ignore[valid-type]
    official: Bool = False


class Paper(Record):
    id: Slug = Field(description="Stable slug: URL anchor, note file name, BibTeX key")
    kind: Kind = "paper"  # type: ignore[valid-type]
    title: Title = Field(description="Full title as the paper is titled")
    short_name: Text | None = Field(None, description="Name people use, e.g. FSGAN")
    authors: list[Text] = Field(default_factory=list)
    affiliations: list[Text] = Field(default_factory=list)
    year: Int | None = None
    month: Int | None = Field(None, ge=1, le=12)
    venue: Text | None = None
    arxiv: ArxivId | None = Field(None, description='Bare arXiv id, quoted: "1908.05932"')
    arxiv_version: Int | None = Field(None, ge=1)
    arxiv_after_venue: Bool = Field(
        False, description="The preprint was first posted after the venue (checked): no date warning for it"
    )
    arxiv_category: Text | None = None
    doi: Text | None = None
    links: dict[Slug, Url] = Field(default_factory=dict, description="label -> http(s) URL")
    code: list[Code] = Field(default_factory=list)
    topics: list[Slug] = Field(min_length=1, description="Topic ids; at least one")
    tags: list[Text] = Field(default_factory=list)
    status: Status = "to-read"  # type: ignore[valid-type]
    notes: Bilingual = Field(default_factory=Bilingual, description="The researcher's own notes")
    summary: Bilingual | None = Field(
        None, description="A description written from elsewhere (not the researcher's notes); shown labelled"
    )
    source: Text | None = Field(
        None, description="Where the record came from, e.g. '002 PaperList › Talking face generation'"
    )
    note: Text | None = Field(None, description="Long note under notes/ (default notes/<id>.md)")
    related: list[Slug] = Field(default_factory=list)
    added: Date | None = None
    abstract: Text | None = None

    @property
    def display_name(self) -> str:
        return self.short_name or self.title


class LibraryFile(Record):
    """The whole papers.yaml (used for the JSON Schema; loading validates record by record)."""

    topics: list[Topic] = Field(default_factory=list)
    papers: list[Paper] = Field(default_factory=list)


PAPER_FIELDS = tuple(Paper.model_fields)
TOPIC_FIELDS = tuple(Topic.model_fields)
