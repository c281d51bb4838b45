"""Check that rubric text appears verbatim in the source documents.

Both sides are normalised the same way: extraction damage is repaired
(HTML tags and entities, markdown links, bullets, hyphens split by a space)
and whitespace and quotes are made uniform. Nothing else is forgiven.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def normalise(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)
    text = html.unescape(text)
    text = re.sub(r"\[([^\]]+)\]\(#?[^)]*\)", r"\1", text)
    text = text.replace("**", "").translate(_QUOTES)
    # *Mindset*, Carol Dweck: a book title in italics (the toolkit's reading list)
    text = re.sub(r"(?<![\w*])\*([^*\s][^*]*?)\*(?![\w*])", r"\1", text)
    text = text.replace("\u2022", " ")
    text = re.sub(r"\s+", " ", text)
    # "non- negotiables" -> "non-negotiables": a hyphen split from its next word by extraction
    text = re.sub(r"(\w)- (\w)", r"\1-\2", text)
    return text.strip()


def seed_text(name: str) -> str:
    return normalise((SEEDS / name).read_text(encoding="utf-8"))


def in_source(text: str, source: str) -> bool:
    return normalise(text) in source


def split_in_source(text: str, source: str) -> bool:
    """True when the text is two pieces that each appear in the source (a cell split by a page break)."""
    words = normalise(text).split(" ")
    return any(
        " ".join(words[:i]) in source and " ".join(words[i:]) in source for i in range(1, len(words))
    )
