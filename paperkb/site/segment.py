"""Chinese word breaks for the search index, as material's search plugin makes them, cached.

material cuts every run of Han characters with jieba and puts U+200B around and between the words;
the site's search separator splits on U+200B, so each word becomes a token the browser can match.
With jieba itself that is the slowest part of indexing (about 1 s to load its dictionary and 3.5 s
to cut 10,000 notes); rjieba, jieba's algorithm and dictionary in Rust, loads in 0.3 s and cuts
the same words 20 times faster (tests/test_search_index.py checks they agree). jieba is used when
rjieba is not installed. Each distinct text is cut once per process: a `mkdocs serve` rebuild
cuts only the texts that changed.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from paperkb.site.speedups.cut_cache import cut_file, read_cuts, write_cuts

ZWSP = "\u200b"
# The Han script, as material's `\p{script: Han}` (backrefs) expands it for this Python.
HAN_RUN_RE = re.compile(
    "[\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufa6d\ufa70-\ufad9\U00016fe2-\U00016fe3\U00016ff0-\U00016ff1"
    "\U00020000-\U0002a6df\U0002a700-\U0002b738\U0002b740-\U0002b81d\U0002b820-\U0002cea1"
    "\U0002ceb0-\U0002ebe0\U0002f800-\U0002fa1d\U00030000-\U0003134a]+"
)

Cutter = Callable[[str], list[str]]


def read_user_dictionary(path: str) -> list[tuple[str, int]]:
    """The `word frequency` lines of a jieba user dictionary."""
    words = []
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) >= 2 and parts[1].isdigit():
                words.append((parts[0], int(parts[1])))
    return words


def rjieba_cutter(words: list[tuple[str, int]]) -> Cutter | None:
    """rjieba's cut with the user words added, or None when rjieba is not installed."""
    try:
        import rjieba  # loads jieba's dictionary into its process-wide tokenizer
    except ImportError:
        return None
    for word, frequency in words:
        rjieba.add_word(word, frequency, None)
    return rjieba.cut


def jieba_cutter(path: str | None) -> Cutter:
    """jieba's cut (the process-wide tokenizer material uses), the user dictionary loaded."""
    import jieba

    if path:
        jieba.load_userdict(path)
    return lambda text: list(jieba.cut(text))


class ChineseSegmenter:
    """Text with each Han run cut into words, words wrapped in U+200B; cached by text.

    The cutter (rjieba, else jieba) is made on first use, with the user dictionary given to
    `use_dictionary`; a different dictionary empties the cache.
    """

    def __init__(self, cache_limit: int = 200_000, prefer_rjieba: bool = True) -> None:
        self._cache: dict[str, str] = {}
        self.cache_limit = cache_limit  # 1 keeps only the last text: a one-off build needs no cache
        self._cut: Cutter | None = None
        self._prefer_rjieba = prefer_rjieba
        self.dictionary: str | None = None
        self.backend = ""
        self.cuts = 0
        self.store: str | None = None  # the folder of the cut files, when kept on disk
        self._stored: dict[str, str] | None = None  # Han run -> its cut, read from the store
        self._new: dict[str, str] = {}  # cuts made since the store was last written

    def keep_cuts_in(self, directory: str | None) -> None:
        """Keep each Han run's cut in `directory` (None: in memory only) between builds."""
        if directory != self.store:
            self.store, self._stored, self._new = directory, None, {}

    def save_cuts(self) -> None:
        """Write the cuts made since the last save to the store (nothing when there is none)."""
        if self.store is not None and self._new:
            new, self._new = self._new, {}
            write_cuts(cut_file(self.store, self.dictionary), new)

    def use_dictionary(self, path: str | None) -> None:
        """Cut with jieba's dictionary plus the user dictionary at `path` from now on."""
        if path != self.dictionary:
            self.dictionary, self._cut = path, None
            self._cache.clear()
            self._stored, self._new = None, {}

    def segment(self, text: str) -> str:
        """`text` with its Chinese words separated by U+200B (not stripped at the ends)."""
        if not HAN_RUN_RE.search(text):
            return text
        cached = self._cache.get(text)
        if cached is None:
            if len(self._cache) >= self.cache_limit:
                self._cache.clear()
            cached = self._cache[text] = HAN_RUN_RE.sub(self._replace, text)
        return cached

    def _replace(self, match: re.Match[str]) -> str:
        run = match.group(0)
        if self.store is None:
            return self._cut_run(run)
        if self._stored is None:
            self._stored = read_cuts(cut_file(self.store, self.dictionary))
        cut = self._stored.get(run)
        if cut is None:
            cut = self._stored[run] = self._new[run] = self._cut_run(run)
        return cut

    def _cut_run(self, run: str) -> str:
        if self._cut is None:
            self._cut = self._make_cutter()
        self.cuts += 1
        return ZWSP + ZWSP.join(self._cut(run)) + ZWSP

    def _make_cutter(self) -> Cutter:
        words = read_user_dictionary(self.dictionary) if self.dictionary else []
        cutter = rjieba_cutter(words) if self._prefer_rjieba else None
        self.backend = "rjieba" if cutter else "jieba"
        return cutter or jieba_cutter(self.dictionary)
