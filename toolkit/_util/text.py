"""Text as every layer receives it: one kind of line end, only strings."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from toolkit._util.validation import describe_items


def normalise_line_ends(text: str) -> str:
    """Return ``text`` with Windows (``\\r\\n``) and old Mac (``\\r``) line ends as ``\\n``.

    Without this every line of a Windows file would end a paragraph, or none would.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def check_texts(texts: Sequence[object], *, owner: str) -> None:
    """Raise a ValueError naming the rows (from 0) whose text is not a string."""
    bad = [i for i, t in enumerate(texts) if not isinstance(t, str)]
    if bad:
        raise ValueError(
            f"{owner}: text must be a string in every row; not in rows {describe_items(bad)}. "
            "Remove those rows or fill in their text."
        )


def person_key(name: str) -> str:
    """A key under which spellings of one person's name meet: "Sergei Lavrov", "Sergey Lavrov", "SERGEY V. LAVROV".

    The first initial and the surname, without accents and case, with "y" read as "i" (the usual
    difference of transliterations from Russian, Arabic and others). Two people who share a
    surname and an initial share a key: use it within a corpus that names one of them.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    words = [w for w in re.split(r"[^a-z'-]+", ascii_name) if w]
    if not words:
        return ""
    surname = words[-1].replace("y", "i")
    return f"{words[0][0]} {surname}" if len(words) > 1 else surname
