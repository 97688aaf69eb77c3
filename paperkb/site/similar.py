"""Similar papers: tf-idf over each paper's words, ranked by cosine similarity, at build time.

A paper's words are its title (counted twice), both short notes (Chinese cut into words by the
search index's segmenter), its tags and its topics (as `#tag` and `@topic` terms, which no note
can spell). Weights are sklearn's smooth tf-idf, L2-normalised; words found in one paper only are
dropped from the product (they add to a paper's norm, never to a similarity).

The product of the tf-idf matrix with itself is done in blocks of rows: the most frequent terms
as a dense matrix (BLAS), the rest as a sparse one (scipy), so neither a corpus of a few common
words (the synthetic benchmark) nor one of many rare words (real notes) goes quadratic in Python.
Ranking is deterministic: scores are rounded before sorting and ties go to the earlier paper.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

from paperkb.records.library import Library
from paperkb.records.model import Paper
from paperkb.site.search_terms import collect_search_terms, render_user_dictionary, write_user_dictionary
from paperkb.site.segment import HAN_RUN_RE, ChineseSegmenter
from paperkb.site.speedups.similar_store import read_similar, similar_key, write_similar

MAX_SIMILAR = 5
MIN_SCORE = 0.08  # below it two papers share little more than common words
DENSE_TERMS = 256  # the most frequent terms go through a dense product, the rest a sparse one
DENSE_CELLS = 16_000_000  # up to this many papers x shared terms, all of it dense (no scipy)
BLOCK_ROWS = 512
GROUP = 64  # columns per group in top_rows
_WORD_RE = re.compile(r"[a-z][a-z0-9]+(?:-[a-z0-9]+)*")
STOP_WORDS = frozenset(
    "a an and are as at be been but by can for from has have how in into is it its may more most "
    "not of on one or our over such than that the their them then there these this those through "
    "to two under up use used uses using via was we were what when which while who why will with "
    "without yet also both each other only same very well new based paper papers method methods "
    "approach results show shows propose proposed work".split()
)

Matrix = tuple[Any, Any]  # (numpy dense rows, scipy sparse rows or None)
Segment = Callable[[str], str]  # text -> text with Chinese words separated (ChineseSegmenter.segment)


def english_words(text: str) -> list[str]:
    """Lowercased words of two letters or more, stop words left out."""
    return [word for word in _WORD_RE.findall(text.lower()) if word not in STOP_WORDS]


def chinese_words(text: str, segment: Segment) -> list[str]:
    """The Chinese words of `text` as the segmenter cuts them; single characters left out."""
    if not HAN_RUN_RE.search(text):
        return []
    return [word for word in HAN_RUN_RE.findall(segment(text)) if len(word) > 1]


def paper_terms(paper: Paper, segment: Segment) -> Counter[str]:
    """Term counts of one paper: title and topics twice, notes in both languages, tags."""
    title, english, chinese = paper.title, paper.notes.en or "", paper.notes.zh or ""
    words = english_words(f"{title}\n{title}\n{english}\n{chinese}")
    words += chinese_words(chinese, segment)
    if HAN_RUN_RE.search(f"{title}\n{english}"):  # rare: one look for both
        words += chinese_words(english, segment) + chinese_words(title, segment) * 2
    words += [f"#{tag.lower()}" for tag in paper.tags]
    words += [f"@{topic}" for topic in paper.topics] * 2  # the curator's own grouping weighs more
    return Counter(words)


def library_segmenter(library: Library) -> Segment:
    """A segmenter with the knowledge base's own words, as the search index cuts Chinese."""
    segmenter = ChineseSegmenter(cache_limit=1)
    dictionary = render_user_dictionary(collect_search_terms(library))
    segmenter.use_dictionary(write_user_dictionary(dictionary))
    return segmenter.segment


def excluded_pairs(papers: Sequence[Paper]) -> dict[int, set[int]]:
    """Papers a card already links to: its `related` and the papers that name it there."""
    index = {paper.id: i for i, paper in enumerate(papers)}
    pairs: dict[int, set[int]] = {}
    for i, paper in enumerate(papers):
        for other in paper.related:
            j = index.get(other)
            if j is not None:
                pairs.setdefault(i, set()).add(j)
                pairs.setdefault(j, set()).add(i)
    return pairs


def similar_papers(
    papers: Sequence[Paper], segment: Segment, limit: int = MAX_SIMILAR
) -> dict[str, list[str]]:
    """For each paper id, up to `limit` ids of the most similar papers, best first."""
    docs = [paper_terms(paper, segment) for paper in papers]
    matrix = tfidf_matrix(docs)
    if matrix is None:
        return {paper.id: [] for paper in papers}
    ranked = rank_neighbours(matrix, excluded_pairs(papers), limit)
    return {paper.id: [papers[j].id for j in ranked[i]] for i, paper in enumerate(papers)}


class SimilarCache:
    """The last result, reused while every paper's words and links (and the Chinese dictionary)
    are the same: under `mkdocs serve` an edit of a status or a year costs no recomputation.
    Given a cache folder, the result is also kept there (paperkb.site.speedups.similar_store), so
    a build of an unchanged library neither cuts Chinese nor imports numpy."""

    def __init__(self) -> None:
        self._key: str | None = None
        self._result: dict[str, list[str]] = {}

    def similar(
        self, papers: Sequence[Paper], segment: Segment, dictionary: str | None, directory: str | None = None
    ) -> dict[str, list[str]]:
        """similar_papers(papers, segment), or the same answer kept from an earlier call."""
        key = similar_key(papers, dictionary)
        if key == self._key:
            return self._result
        result = read_similar(directory, key) if directory else None
        if result is None:
            result = similar_papers(papers, segment)
            if directory:
                write_similar(directory, key, result)
        self._result, self._key = result, key
        return result


def paper_words_key(paper: Paper) -> tuple[object, ...]:
    """What paper_terms and excluded_pairs read from a paper."""
    notes = (paper.notes.en, paper.notes.zh)
    return (paper.id, paper.title, notes, tuple(paper.tags), tuple(paper.topics), tuple(paper.related))


def tfidf_matrix(docs: list[Counter[str]]) -> Matrix | None:
    """(dense part, sparse part or None) of the L2-normalised tf-idf rows; None when no term is
    shared. Columns are the shared terms, most frequent first."""
    import numpy as np

    count = len(docs)
    frequency: Counter[str] = Counter()
    for doc in docs:
        frequency.update(doc.keys())
    shared = sorted((t for t, df in frequency.items() if df > 1), key=lambda t: (-frequency[t], t))
    if not shared:
        return None
    column = {term: i for i, term in enumerate(shared)}
    unshared = len(shared)  # one column for every term found once: it counts in the norm only
    rows: list[int] = []
    cols: list[int] = []
    counts: list[int] = []
    idf = np.zeros(unshared + 1)
    for term, j in column.items():
        idf[j] = math.log((1 + count) / (1 + frequency[term])) + 1
    idf[unshared] = math.log((1 + count) / 2) + 1
    for i, doc in enumerate(docs):
        rows.extend([i] * len(doc))
        cols.extend([column.get(term, unshared) for term in doc])
        counts.extend(doc.values())
    row_array, col_array = np.asarray(rows), np.asarray(cols)
    weights = (1 + np.log(np.asarray(counts, dtype=np.float64))) * idf[col_array]
    norms = np.sqrt(np.bincount(row_array, weights * weights, minlength=count))
    value_array = (weights / norms[row_array]).astype(np.float32)
    near = col_array < unshared
    row_array, col_array, value_array = row_array[near], col_array[near], value_array[near]
    split = len(shared) if count * len(shared) <= DENSE_CELLS else DENSE_TERMS
    dense = np.zeros((count, split), dtype=np.float32)
    near = col_array < split
    dense[row_array[near], col_array[near]] = value_array[near]
    if split == len(shared):
        return dense, None
    from scipy import sparse

    far = ~near
    rest = sparse.csr_matrix(
        (value_array[far], (row_array[far], col_array[far] - split)), shape=(count, len(shared) - split)
    )
    return dense, rest


def rank_neighbours(matrix: Matrix, excluded: dict[int, set[int]], limit: int) -> list[list[int]]:
    """Row by row, the indices of the `limit` best-scoring other rows above MIN_SCORE."""
    import numpy as np

    dense, rest = matrix
    count = dense.shape[0]
    width = -(-count // GROUP) * GROUP  # padded with rows of zeros: scores of 0, never listed
    right = np.zeros((width, dense.shape[1]), dtype=np.float32)
    right[:count] = dense
    right = right.T.copy()
    rest_t = rest.T.tocsr() if rest is not None else None
    ranked: list[list[int]] = []
    for start in range(0, count, BLOCK_ROWS):
        stop = min(count, start + BLOCK_ROWS)
        scores = dense[start:stop] @ right
        if rest is not None:
            scores[:, :count] += (rest[start:stop] @ rest_t).toarray()
        scores[np.arange(stop - start), np.arange(start, stop)] = -1.0
        for i in range(start, stop):
            for j in excluded.get(i, ()):
                scores[i - start, j] = -1.0
        ranked.extend(top_rows(scores, limit))
    return ranked


def top_rows(scores: Any, limit: int) -> list[list[int]]:
    """Each row's best `limit` columns scoring at least MIN_SCORE, equal (rounded) scores to the
    lower column. Only the groups of GROUP columns with the highest maxima are sorted: the best
    `limit` scores lie in at most `limit` groups. The width is a multiple of GROUP."""
    import numpy as np

    height, width = scores.shape
    blocks = scores.reshape(height, width // GROUP, GROUP)
    take = min(width // GROUP, limit + 1)  # one group more: an equal score just outside is seen
    best_groups = np.argpartition(-blocks.max(axis=2), take - 1, axis=1)[:, :take]
    values = np.round(blocks[np.arange(height)[:, None], best_groups].reshape(height, -1), 5)
    columns = (best_groups[:, :, None] * GROUP + np.arange(GROUP)).reshape(height, -1)
    order = np.lexsort((columns, -values), axis=-1)[:, :limit]
    top_values = np.take_along_axis(values, order, axis=1).tolist()
    top_columns = np.take_along_axis(columns, order, axis=1).tolist()
    return [
        [column for column, value in zip(row_columns, row_values) if value >= MIN_SCORE]
        for row_columns, row_values in zip(top_columns, top_values)
    ]
