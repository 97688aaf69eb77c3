#!/usr/bin/env python3
"""Write a realistic synthetic knowledge base of N papers (for benchmarks, never for tests of content).

Usage: python bench/synth.py N OUT_DIR   -> OUT_DIR/papers.yaml, OUT_DIR/notes/, OUT_DIR/mkdocs.yml
Uses the real taxonomy from papers.yaml, English and Chinese notes, long notes for 1 paper in 20,
about 1.1 KB of YAML a paper, deterministic for a given N.
"""

from __future__ import annotations

import os
import random
import shutil
import sys

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EN_WORDS = [
    "face",
    "swap",
    "identity",
    "attribute",
    "encoder",
    "decoder",
    "generator",
    "discriminator",
    "latent",
    "style",
    "adversarial",
    "loss",
    "perceptual",
    "reconstruction",
    "landmark",
    "expression",
    "pose",
    "reenactment",
    "talking",
    "head",
    "audio",
    "lip",
    "sync",
    "texture",
    "shape",
    "morphable",
    "model",
    "mesh",
    "render",
    "resolution",
    "restoration",
    "prior",
    "diffusion",
    "transformer",
    "attention",
    "token",
    "patch",
    "graph",
    "cluster",
    "detection",
    "alignment",
    "quality",
    "benchmark",
    "dataset",
]
ZH_WORDS = [
    "换脸",
    "身份",
    "属性",
    "编码器",
    "解码器",
    "生成器",
    "判别器",
    "隐空间",
    "风格",
    "对抗",
    "损失",
    "感知",
    "重建",
    "关键点",
    "表情",
    "姿态",
    "重演",
    "说话人脸",
    "音频",
    "唇形",
    "同步",
    "纹理",
    "形状",
    "三维",
    "模型",
    "网格",
    "渲染",
    "超分辨率",
    "人脸修复",
    "先验",
    "注意力",
    "图卷积",
    "聚类",
    "检测",
    "对齐",
    "质量",
    "数据集",
]
VENUES = ("CVPR", "ICCV", "ECCV", "NeurIPS", "ICLR", "AAAI", "ACM MM", "TPAMI", "arXiv", "SIGGRAPH")
FRAMEWORKS = ("pytorch", "tensorflow", "tf2", "keras", "jax")
STATUSES = ("read", "to-read", "reading")


def sentence(rng: random.Random, words: tuple[str, ...] | list[str], count: int, sep: str) -> str:
    return sep.join(rng.choice(words) for _ in range(count))


def paper_yaml(rng: random.Random, index: int, topic_ids: list[str]) -> str:
    topics = rng.sample(topic_ids, k=rng.choice((1, 1, 2)))
    year = rng.randint(2014, 2025)
    en = ". ".join(sentence(rng, EN_WORDS, 14, " ").capitalize() for _ in range(3)) + "."
    zh = "。".join(sentence(rng, ZH_WORDS, 12, "") for _ in range(3)) + "。"
    title = sentence(rng, EN_WORDS, 7, " ").title()
    lines = [
        f"  - id: paper-{index:05d}",
        f'    title: "{title} {index}"',
        f"    short_name: P{index}",
        f"    authors: [{', '.join(f'Author {rng.randint(1, 3000)}' for _ in range(4))}]",
        f"    year: {year}",
        f"    venue: {rng.choice(VENUES)}",
        f'    arxiv: "{year % 100:02d}{rng.randint(1, 12):02d}.{index:05d}"',
        "    code:",
        f"      - {{url: https://github.com/lab{index}/repo, framework: {rng.choice(FRAMEWORKS)}, official: true}}",
        f"    topics: [{', '.join(topics)}]",
        f"    tags: [{', '.join(rng.sample(EN_WORDS, 3))}]",
        f"    status: {rng.choice(STATUSES)}",
        "    notes:",
        "      en: |-",
        f"        {en}",
        "      zh: |-",
        f"        {zh}",
    ]
    if index > 0 and rng.random() < 0.3:
        lines.append(f"    related: [paper-{rng.randrange(index):05d}]")
    return "\n".join(lines) + "\n"


def long_note(rng: random.Random) -> str:
    parts = ["## English\n"]
    for name in ("Network", "Loss", "Implementation"):
        parts.append(
            f"### {name}\n\n" + ". ".join(sentence(rng, EN_WORDS, 16, " ") for _ in range(6)) + ".\n"
        )
    parts.append("## 中文\n")
    for name in ("网络结构", "损失函数", "实现"):
        parts.append(
            f"### {name}\n\n" + "。".join(sentence(rng, ZH_WORDS, 14, "") for _ in range(6)) + "。\n"
        )
    return "\n".join(parts)


def write_library(count: int, out_dir: str, seed: int = 7) -> str:
    """Write papers.yaml, notes/ and a copy of the site config into `out_dir`; return the YAML path."""
    rng = random.Random(seed + count)
    with open(os.path.join(ROOT, "papers.yaml"), encoding="utf-8") as handle:
        topics = yaml.safe_load(handle)["topics"]
    topic_ids = [topic["id"] for topic in topics]
    os.makedirs(os.path.join(out_dir, "notes"), exist_ok=True)
    with open(os.path.join(ROOT, "papers.yaml"), encoding="utf-8") as handle:
        head = handle.read().split("\npapers:")[0]
    path = os.path.join(out_dir, "papers.yaml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(head.replace("schema/", os.path.join(ROOT, "schema/")) + "\npapers:\n")
        for index in range(count):
            handle.write(paper_yaml(rng, index, topic_ids))
            if index % 20 == 0:
                with open(
                    os.path.join(out_dir, "notes", f"paper-{index:05d}.md"), "w", encoding="utf-8"
                ) as note:
                    note.write(long_note(rng))
    for name in ("mkdocs.yml", "templates", "docs"):
        source = os.path.join(ROOT, name)
        target = os.path.join(out_dir, name)
        if os.path.isdir(source):
            shutil.copytree(source, target, dirs_exist_ok=True)
        elif os.path.exists(source):
            shutil.copyfile(source, target)
    return path


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(write_library(int(sys.argv[1]), sys.argv[2]))
