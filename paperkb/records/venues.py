"""Venue names: the short spelling the knowledge base uses, from any of the usual long forms."""

from __future__ import annotations

import re

# (pattern on the lowercased name, short name); the first match wins, so specific forms come first.
_LONG_FORMS: tuple[tuple[str, str], ...] = (
    (r"\bcomputer vision and pattern recognition\b.*\bworkshops?\b", "CVPR Workshops"),
    (r"\bcomputer vision and pattern recognition\b", "CVPR"),
    (r"\binternational conference on computer vision\b.*\bworkshops?\b", "ICCV Workshops"),
    (r"\binternational conference on computer vision\b", "ICCV"),
    (r"\beuropean conference on computer vision\b", "ECCV"),
    (r"\basian conference on computer vision\b", "ACCV"),
    (r"\bwinter conference on applications of computer vision\b", "WACV"),
    (r"\bbritish machine vision conference\b", "BMVC"),
    (r"\bneural information processing systems\b", "NeurIPS"),
    (r"\binternational conference on learning representations\b", "ICLR"),
    (r"\binternational conference on machine learning\b", "ICML"),
    (r"\baaai conference on artificial intelligence\b", "AAAI"),
    (r"\bpattern analysis and machine intelligence\b", "TPAMI"),
    (r"\binternational journal of computer vision\b", "IJCV"),
    (r"\btransactions on image processing\b", "TIP"),
    (r"\btransactions on graphics\b", "TOG"),
    (r"\bacm (?:international conference on )?multimedia\b", "ACM MM"),
    (r"^(?:acm )?siggraph asia\b|^sigraph asia$", "SIGGRAPH Asia"),
    (r"^arxiv(?: preprint.*)?$|^corr$", "arXiv"),
)

# Short names, in the spelling to use, keyed by their lowercase form.
KNOWN_VENUES = {
    name.lower(): name
    for name in (
        "CVPR", "ICCV", "ECCV", "ACCV", "WACV", "BMVC", "NeurIPS", "ICLR", "ICML", "AAAI", "IJCAI",
        "TPAMI", "IJCV", "TIP", "TOG", "SIGGRAPH", "ACM MM", "ICIP", "ICASSP", "Interspeech",
        "FG", "IJCB", "ICPR", "3DV", "TVCG", "TMM", "TIFS", "arXiv", "KDD", "ACL",
        "EMNLP", "MICCAI", "SIGGRAPH Asia", "ICDAR", "TCSVT", "ICME", "TAC",
    )
}  # fmt: skip
KNOWN_VENUES.update(
    {"nips": "NeurIPS", "neurlps": "NeurIPS", "acmmm": "ACM MM", "mm": "ACM MM", "acm multimedia": "ACM MM"}
)
# A conference's workshops, spelled as papers.yaml and the venue calendar spell them.
KNOWN_VENUES.update(
    {
        spelling.format(short.lower()): f"{short} Workshops"
        for short in ("CVPR", "ICCV", "ECCV", "ACCV", "WACV")
        for spelling in ("{}w", "{} workshop", "{} workshops", "{}-w")
    }
)


def normalise_venue(name: str) -> str:
    """'Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition' -> 'CVPR'."""
    text = " ".join(name.split()).strip(" .,")
    lowered = text.lower()
    bare = re.sub(
        r"^(?:proc\.?|proceedings)(?:\s+of)?(?:\s+the)?\s+|\s*'?(?:19|20)?\d\d$", "", lowered
    ).strip()
    for candidate in (lowered, bare):
        if candidate in KNOWN_VENUES:
            return KNOWN_VENUES[candidate]
    for pattern, short in _LONG_FORMS:
        if re.search(pattern, lowered):
            return short
    return text
