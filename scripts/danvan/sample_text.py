"""Real Vietnamese sentences from the sample content, for the benchmarks' synthetic corpora
(the site's and the bulletin's): no MkDocs, no WeasyPrint."""

from __future__ import annotations

import random
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def sentences() -> list[str]:
    """Real Vietnamese sentences from the sample content: the corpus gets the word
    distribution of the real texts (a made-up vocabulary of a few dozen words would put
    every word in every page and give the search index a pathological shape)."""
    found = []
    for path in sorted((REPO / "content").rglob("*.md")):
        if "/_" in path.as_posix():
            continue
        body = path.read_text("utf-8").split("\n---\n", 1)[-1]
        for line in body.splitlines():
            line = _LINK.sub(r"\1", line.strip("#-*> ").strip())  # links would dangle
            found += [s.strip().rstrip(".") + "." for s in line.split(". ") if len(s.split()) >= 6]
    return found


def sentence(rng: random.Random, sentences: list[str], words: int | None = None) -> str:
    sentence = rng.choice(sentences)
    if words:
        sentence = " ".join(sentence.split()[:words]).rstrip(".,;:")
    return sentence.replace('"', "'")
