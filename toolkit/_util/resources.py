"""The package's own data (lexicons, the frame dictionary, the demo corpus), found with importlib.resources.

Everything lives under ``toolkit/resources/`` in the source tree and in an installed wheel,
so the same code finds it in both, wherever the package is installed.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    """Return the package data file ``toolkit/resources/<parts...>`` (it may not exist: check ``is_file()``)."""
    node = files("toolkit").joinpath("resources")
    for part in parts:
        node = node.joinpath(part)
    return node


def builtin_names(suffix: str = ".yaml", *, exclude: tuple[str, ...] = ()) -> list[str]:
    """Names (without suffix) of the built-in resources ending in ``suffix``, sorted."""
    return sorted(
        entry.name[: -len(suffix)]
        for entry in resource().iterdir()
        if entry.name.endswith(suffix) and entry.name[: -len(suffix)] not in exclude
    )
