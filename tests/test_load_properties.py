"""Property tests: loading never changes a string value it accepted."""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperkb.records.characters import has_visible
from paperkb.records.load import library_from_document
from paperkb.records.yamltree import parse_yaml_text

HEADER = "topics:\n  - id: t\n    title: {en: T, zh: 题}\npapers:\n  - id: p\n    topics: [t]\n"

# Text a person could type: any printable character, CJK and emoji included, no surrogates.
typed_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\u2028\u2029\ufeff\x85"),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip() and has_visible(s))  # a title needs a visible character


def load_title(title_yaml: str):
    document = parse_yaml_text(HEADER + f"    title: {title_yaml}\n", "p.yaml")
    loaded = library_from_document(document)
    return loaded.papers[0].title if loaded.papers else None


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(typed_text)
def test_double_quoted_titles_come_back_exactly(title):
    assert load_title(json.dumps(title, ensure_ascii=False)) == title


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(typed_text)
def test_plain_titles_are_the_scalar_text_yaml_sees(title):
    """Whatever YAML reads as the scalar's text (BaseLoader resolves nothing) is what we keep."""
    line = title.replace("\n", " ")
    try:
        parsed = yaml.load(HEADER + f"    title: {line}\n", Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return
    expected = parsed["papers"][0].get("title")
    got = load_title(line)
    if got is not None:
        assert got == expected


@settings(max_examples=200)
@given(st.from_regex(r"[0-9]{4}\.[0-9]{4,5}", fullmatch=True))
def test_unquoted_arxiv_ids_keep_every_digit(arxiv_id):
    document = parse_yaml_text(HEADER + f"    title: T\n    arxiv: {arxiv_id}\n", "p.yaml")
    loaded = library_from_document(document)
    assert loaded.papers[0].arxiv == arxiv_id
