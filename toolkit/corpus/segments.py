"""Parts of a text: its paragraphs, however they are marked, and word patterns that find passages."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
_SENTENCE_END = re.compile(r"[.!?:;\"\u201d\u2019')\]]\s*$")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")


def split_paragraphs(text: str) -> list[str]:
    """Split a text into paragraphs, whether it marks them by blank lines, line breaks or indents.

    Blocks between blank lines are split further: a block whose lines mostly end a sentence
    holds one paragraph per line (older UN speeches); a block whose lines mostly do not is
    hard-wrapped text, whose lines are joined, with a paragraph break after a line that ends
    a sentence and is short (the last line of a paragraph) or before an indented line. A word
    hyphenated across a line break is joined with its hyphen ("peace-" + "keeping"). Lines
    holding only a number (page numbers of the source) end a paragraph and are not kept.
    """
    out: list[str] = []
    for block in _BLANK_LINE.split(text):
        lines = [line for line in block.split("\n") if line.strip()]
        if len(lines) < 2:
            out.extend(line.strip() for line in lines if not _PAGE_NUMBER.match(line))
            continue
        inner = [line for line in lines[:-1] if not _PAGE_NUMBER.match(line)]
        ended = sum(bool(_SENTENCE_END.search(line)) for line in inner)
        if inner and ended / len(inner) >= 0.5:
            out.extend(line.strip() for line in lines if not _PAGE_NUMBER.match(line))
            continue
        widths = sorted(len(line.rstrip()) for line in lines)
        typical = widths[len(widths) // 2]
        current = ""
        for i, line in enumerate(lines):
            if _PAGE_NUMBER.match(line):
                if current:
                    out.append(current)
                current = ""
                continue
            if current and line[:1].isspace():  # an indented line opens a paragraph
                out.append(current)
                current = ""
            piece = line.strip()
            if current.endswith("-") and current[-2:-1].isalpha():
                current += piece
            else:
                current = f"{current} {piece}" if current else piece
            last = i + 1 == len(lines)
            if not last and _SENTENCE_END.search(line) and len(line.rstrip()) < 0.8 * typical:
                out.append(current)
                current = ""
        if current:
            out.append(current)
    return [p for p in out if p]


def pattern_regex(
    pattern: str | Sequence[str], *, valuetype: Literal["glob", "regex"], case_sensitive: bool
) -> re.Pattern[str]:
    """Compile one regex that matches any of ``pattern``.

    A glob matches whole words: ``*`` stands for any word characters, ``?`` for one, and a
    space for any run of whitespace, so ``"Palestin*"`` matches "Palestine" and "Palestinians"
    and ``"international law"`` matches across a line break.
    """
    patterns = [pattern] if isinstance(pattern, str) else list(pattern)
    if not patterns or not all(isinstance(p, str) and p.strip() for p in patterns):
        raise ValueError(
            "The 'pattern' parameter must be a non-empty string or a list of non-empty strings. "
            f"Got {pattern!r} instead."
        )
    if valuetype == "glob":
        parts = []
        for p in patterns:
            words = []
            for word in p.split():
                rx = re.escape(word).replace(r"\*", r"\w*").replace(r"\?", r"\w")
                words.append(rx)
            parts.append(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)")
    else:
        parts = patterns
    flags = 0 if case_sensitive else re.IGNORECASE
    try:
        return re.compile("|".join(f"(?:{p})" for p in parts), flags)
    except re.error as exc:
        raise ValueError(
            f"The 'pattern' parameter is not a valid regular expression ({exc}). Got {pattern!r}; "
            "escape special characters or use valuetype='glob'."
        ) from None
