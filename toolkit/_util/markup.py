"""Small HTML helpers: every string from data is escaped before it reaches a page."""

from __future__ import annotations

import html
from pathlib import Path


def esc(value: object) -> str:
    """Return ``value`` as text safe to place in HTML content or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True)


class HTMLView:
    """An HTML fragment that notebooks render, with the plain text kept for the console."""

    __slots__ = ("html", "text")

    def __init__(self, html_text: str, text: str) -> None:
        self.html = html_text
        self.text = text

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return self.text

    def save(self, path: str | Path) -> Path:
        """Write a standalone UTF-8 HTML page holding the fragment and return its path."""
        path = Path(path)
        page = f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head><body>\n{self.html}\n</body></html>\n'
        path.write_text(page, encoding="utf-8")
        return path
