"""The public API stays as it is: every name of ``tk.__all__`` and every public signature.

``tests/data/public_api.json`` holds the names and signatures as released. A change to the
public API is a decision, not an accident of moving code: when one is meant (a new name, a new
keyword, a deprecated alias), regenerate the file and let the diff show it in review::

    python -c "import sys; sys.path.insert(0, 'tests'); import test_public_api as t; t.write_snapshot()"
"""

from __future__ import annotations

import inspect
import json

import toolkit as tk
from support import ROOT

SNAPSHOT = ROOT / "tests" / "data" / "public_api.json"


def _signature(obj: object) -> str | None:
    """Parameter names, kinds and defaults: what a caller relies on (annotations are documentation)."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):  # classes without an inspectable __init__
        return None
    bare = [p.replace(annotation=inspect.Parameter.empty) for p in sig.parameters.values()]
    return str(sig.replace(parameters=bare, return_annotation=inspect.Signature.empty))


def _members(cls: type) -> dict[str, str | None]:
    """Public methods and properties of a class, with their signatures (properties: 'property')."""
    out: dict[str, str | None] = {}
    for name, member in inspect.getmembers(cls):
        if name.startswith("_") and name not in ("__init__", "__iter__", "__len__", "__getitem__"):
            continue
        if isinstance(inspect.getattr_static(cls, name), property):
            out[name] = "property"
        elif callable(member) and getattr(member, "__module__", "").startswith("toolkit"):
            out[name] = _signature(member)
        elif callable(member) and name in ("__init__", "__iter__", "__len__", "__getitem__"):
            continue  # inherited from object or tuple: nothing of ours
    return out


def public_api() -> dict[str, object]:
    """Every name of ``tk.__all__``: its kind and signature, and for classes their public members."""
    api: dict[str, object] = {}
    for name in sorted(tk.__all__):
        obj = getattr(tk, name)
        if inspect.isclass(obj):
            api[name] = {"kind": "class", "signature": _signature(obj), "members": _members(obj)}
        elif callable(obj):
            api[name] = {"kind": "function", "signature": _signature(obj)}
        else:  # constants: the palette, the levels, the model order, the version
            api[name] = {"kind": type(obj).__name__, "value": list(obj) if isinstance(obj, tuple) else obj}
    return api


def write_snapshot() -> None:
    SNAPSHOT.write_text(json.dumps(public_api(), indent=1, sort_keys=True) + "\n", encoding="utf-8")


def test_all_names_are_exported_and_resolve():
    assert len(tk.__all__) == len(set(tk.__all__))
    for name in tk.__all__:
        assert hasattr(tk, name), name


def test_public_names_and_signatures_are_as_released():
    frozen = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    now = public_api()
    assert sorted(now) == sorted(frozen), "tk.__all__ changed"
    changed = {name: (frozen[name], now[name]) for name in frozen if frozen[name] != now[name]}
    assert not changed, f"public signatures changed: {json.dumps(changed, indent=1)}"
