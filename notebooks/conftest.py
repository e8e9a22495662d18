"""nbval: skip the UNGDC case study, with the reason, when the corpus is not available."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

UNGDC = Path(os.environ.get("TOOLKIT_UNGDC_DIR", Path(__file__).resolve().parents[2] / "shared" / "corpora" / "ungdc"))


def pytest_collection_modifyitems(config, items):
    if (UNGDC / "UNGDC_1946-2024.tgz").exists():
        return
    skip = pytest.mark.skip(
        reason=f"05_ungdc_case_study needs the UN General Debate Corpus at {UNGDC}; put it there or set TOOLKIT_UNGDC_DIR."
    )
    for item in items:
        if "05_ungdc_case_study" in str(item.path):
            item.add_marker(skip)
