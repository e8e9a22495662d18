"""Text as every layer receives it: one kind of line end, only strings."""

from __future__ import annotations

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
