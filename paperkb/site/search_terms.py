"""The knowledge base's own Chinese words, as a jieba user dictionary for material's search.

material segments Chinese text with jieba at build time; the browser can only find a query made of
the resulting tokens (it splits a Chinese query greedily into tokens it knows, and matches each as a
prefix). Short, whole domain words (换脸, 超分, 重演, 人脸) keep both 人脸重演 and 重演 findable.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import time
from collections.abc import Iterable

from paperkb.records.library import Library

HAN_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Joining characters inside topic titles: 超分辨率与人脸修复 is two words joined by 与.
CONNECTORS_RE = re.compile(r"[与和及的到或、]")
# Words of the field jieba's general dictionary splits or glues wrongly in these notes.
DOMAIN_WORDS = (
    "换脸", "人脸", "重演", "超分", "超分辨率", "修复", "活体", "关键点", "对齐", "光流", "伪造", "对抗", "生成", "编辑", "重建", "三维", "表情", "情感", "说话", "唇形", "蒸馏",
    "分割", "检测", "识别", "聚类", "姿态", "属性", "纹理", "渲染", "隐空间", "解耦", "身份",
    "注意力", "归一化", "数字化", "可解释性", "风格", "迁移", "翻译", "驱动", "动画", "先验",
    "神经", "网络", "模型", "图像", "视频", "人体", "数据集", "质量", "评估",
)  # fmt: skip
# Frequency high enough that jieba keeps these words whole next to its own dictionary.
WORD_FREQUENCY = 100_000


def han_words(text: str, vocabulary: Iterable[str] = DOMAIN_WORDS) -> list[str]:
    """Short Chinese words in `text`: runs split at connectors, long parts cut into known words."""
    known = set(vocabulary)
    words: list[str] = []
    for run in HAN_RUN_RE.findall(text):
        for part in CONNECTORS_RE.split(run):
            if 2 <= len(part) <= 3:
                words.append(part)
            elif len(part) > 3:
                words.extend(cut_known_words(part, known))
    return words


def cut_known_words(text: str, known: set[str]) -> list[str]:
    """Longest known words first, left to right; unknown stretches in pieces of two characters."""
    longest = max((len(word) for word in known), default=1)
    words: list[str] = []
    unknown = ""
    index = 0
    while index < len(text):
        for size in range(min(longest, len(text) - index), 1, -1):
            if text[index : index + size] in known:
                words.extend(_pairs(unknown))
                words.append(text[index : index + size])
                unknown, index = "", index + size
                break
        else:
            unknown += text[index]
            index += 1
    return words + _pairs(unknown)


def _pairs(text: str) -> list[str]:
    """'质量评估' -> ['质量', '评估']; an odd tail joins the last pair; one character is dropped."""
    if len(text) < 2:
        return []
    pairs = [text[i : i + 2] for i in range(0, len(text) - len(text) % 2, 2)]
    if len(text) % 2:
        pairs[-1] += text[-1]
    return pairs


def collect_search_terms(library: Library) -> list[str]:
    """Domain words plus the Chinese words of topic titles, short names and tags, sorted."""
    sources: list[str] = []
    for topic in library.topics:
        if topic.title.zh:
            sources.append(topic.title.zh)
    for paper in library.papers:
        sources.extend(paper.tags)
        if paper.short_name:
            sources.append(paper.short_name)
    short_parts = {part for text in sources for part in CONNECTORS_RE.split(text) if 2 <= len(part) <= 3}
    vocabulary = set(DOMAIN_WORDS) | {part for part in short_parts if HAN_RUN_RE.fullmatch(part)}
    words = set(vocabulary)
    for text in sources:
        words.update(han_words(text, vocabulary))
    return sorted(words, key=lambda w: (len(w), w))


def render_user_dictionary(words: Iterable[str]) -> str:
    """jieba's user dictionary format: `word frequency` a line."""
    return "".join(f"{word} {WORD_FREQUENCY}\n" for word in words if word and " " not in word)


STALE_DICTIONARY_SECONDS = 3600


def write_user_dictionary(text: str, cache_dir: str | None = None) -> str:
    """Write `text` once under a name made from its hash (safe for parallel builds); return the path.

    Each change of the knowledge base's words makes a new file; the ones no build has used for an
    hour are removed when a new one is written (a build reads its dictionary within seconds)."""
    directory = cache_dir or os.path.join(tempfile.gettempdir(), "paperkb-cache")
    os.makedirs(directory, exist_ok=True)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    path = os.path.join(directory, f"jieba-user-{digest}.txt")
    if os.path.exists(path):
        with contextlib.suppress(OSError):
            os.utime(path)  # in use: keep it out of the next clean-up
        return path
    handle, staging = tempfile.mkstemp(dir=directory, prefix=".jieba-", suffix=".tmp")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(staging, path)
    remove_stale_dictionaries(directory, keep=path)
    return path


def remove_stale_dictionaries(directory: str, keep: str) -> None:
    """Remove the user dictionaries in `directory` unused for STALE_DICTIONARY_SECONDS."""
    limit = time.time() - STALE_DICTIONARY_SECONDS
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        if not (name.startswith("jieba-user-") and name.endswith(".txt")) or path == keep:
            continue
        with contextlib.suppress(OSError):
            if os.path.getmtime(path) < limit:
                os.remove(path)
