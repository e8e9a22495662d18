"""Paths and helpers shared by the tests (import them from here, not from conftest)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
UNGDC_DIR = Path(os.environ.get("TOOLKIT_UNGDC_DIR", SHARED / "ungdc"))
UNGDC_TGZ = UNGDC_DIR / "UNGDC_1946-2024.tgz"
UNGDC_SPEAKERS = UNGDC_DIR / "Speakers_by_session.xlsx"


def require(path: Path, what: str, *, how: str = "set TOOLKIT_UNGDC_DIR to its folder") -> Path:
    """Skip the calling test, saying what is missing and how to provide it, unless ``path`` exists."""
    if not path.exists():
        pytest.skip(f"{what} not found at {path}; put it there or {how} to run this test.")
    return path
