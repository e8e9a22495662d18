"""The package keeps the shape docs/architecture.md describes: one-way layers, no cycles, short modules.

The layers themselves are an import-linter contract in pyproject.toml (run alone: lint-imports);
the rest is read here from the code's own imports with ``ast``, function-level imports included.
"""

from __future__ import annotations

import ast
import io
import subprocess
import sys
import tokenize
from pathlib import Path

import pytest

from support import ROOT

PACKAGE = ROOT / "toolkit"
MAX_MODULE_LINES = 600
MAX_FUNCTION_CODE_LINES = 80


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path) -> list[tuple[ast.AST, str, list[str], bool]]:
    """(node, imported module, names, inside a function) for every import of the toolkit in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.ImportFrom) and child.level:
                # Relative imports would hide from these checks: the package imports itself absolutely.
                raise AssertionError(f"{path}:{child.lineno}: a relative import; write it as from toolkit.... import")
            if isinstance(child, ast.ImportFrom) and child.module and child.module.split(".")[0] == "toolkit":
                found.append((child, child.module, [a.name for a in child.names], in_function))
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    if alias.name.split(".")[0] == "toolkit":
                        found.append((child, alias.name, [], in_function))
            visit(child, inner)

    visit(tree, False)
    return found


def _targets(module: str, names: list[str]) -> list[str]:
    """The modules an import runs: ``from toolkit.x import y`` runs toolkit.x (a package's __init__), and
    the module toolkit.x.y when there is one."""
    return [module] + [f"{module}.{n}" for n in names if f"{module}.{n}" in MODULES]


def _graph() -> dict[str, set[str]]:
    return {
        name: {t for _, module, names, _ in _imports(path) for t in _targets(module, names) if t != name}
        for name, path in MODULES.items()
    }


def _subpackage(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2])


def test_the_import_layers_contract_holds():
    lint = Path(sys.executable).with_name("lint-imports")
    # Not a skip: a contract that is not checked rots. make test installs the dev dependencies.
    assert lint.exists(), f"import-linter is not installed next to {sys.executable}: pip install -e '.[dev]'"
    run = subprocess.run([str(lint), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_no_import_cycle_between_modules():
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def connect(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, ()):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    assert not cycles, f"import cycles: {cycles}"


def test_the_toolkit_is_imported_at_module_level_only():
    # A function-level import is never a way around a cycle; only slow third-party packages are
    # imported where they are first needed.
    inside = [f"{path.relative_to(ROOT)}:{node.lineno}" for path in MODULES.values()
              for node, _, _, in_function in _imports(path) if in_function]
    assert not inside, f"toolkit imported inside functions: {inside}"


def test_no_private_name_is_imported_from_another_subpackage():
    crossing = []
    for name, path in MODULES.items():
        for node, module, names, _ in _imports(path):
            private = [n for n in names if n.startswith("_") and not n.startswith("__")]
            if private and _subpackage(module) != _subpackage(name):
                crossing.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {private} from {module}")
            if any(part.startswith("_") and part != "_util" for part in module.split(".")[1:]) and \
                    _subpackage(module) != _subpackage(name):
                crossing.append(f"{path.relative_to(ROOT)}:{node.lineno} imports the private module {module}")
    assert not crossing, "\n".join(crossing)


def test_util_imports_nothing_else_of_the_toolkit():
    above = [f"{path.relative_to(ROOT)} imports {module}" for name, path in MODULES.items() if name.startswith("toolkit._util")
             for _, module, _, _ in _imports(path) if not module.startswith("toolkit._util")]
    assert not above, above


def test_package_data_is_not_found_through_file_paths():
    uses = [str(p.relative_to(ROOT)) for p in MODULES.values() if "__file__" in p.read_text(encoding="utf-8")]
    assert not uses, f"use importlib.resources (toolkit._util.resources), not __file__: {uses}"


def _code_lines(source: str, node: ast.AST) -> int:
    """Lines of a function that hold code: not blank, not comments, not its docstring."""
    body = getattr(node, "body", [])
    doc = None
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
            and isinstance(body[0].value.value, str):
        doc = (body[0].lineno, body[0].end_lineno)
    lines = set()
    skip = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type in skip:
            continue
        for line in range(tok.start[0], tok.end[0] + 1):
            if node.lineno <= line <= node.end_lineno and not (doc and doc[0] <= line <= doc[1]):
                lines.add(line)
    return len(lines)


def test_modules_and_functions_stay_short():
    long_modules, long_functions = [], []
    for path in MODULES.values():
        source = path.read_text(encoding="utf-8")
        if len(source.splitlines()) > MAX_MODULE_LINES:
            long_modules.append(f"{path.relative_to(ROOT)} ({len(source.splitlines())} lines)")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = _code_lines(source, node)
                if n > MAX_FUNCTION_CODE_LINES:
                    long_functions.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name} ({n} lines of code)")
    assert not long_modules, f"modules over {MAX_MODULE_LINES} lines: {long_modules}"
    assert not long_functions, f"functions over {MAX_FUNCTION_CODE_LINES} lines of code: {long_functions}"


def test_the_checks_see_a_cycle_and_a_private_import(tmp_path, monkeypatch):
    # The cycle check is only worth something if it finds one: feed it a known cycle.
    fake = {"toolkit.a": tmp_path / "a.py", "toolkit.b": tmp_path / "b.py"}
    fake["toolkit.a"].write_text("from toolkit.b import x\n", encoding="utf-8")
    fake["toolkit.b"].write_text("def f():\n    from toolkit.a import _y\n", encoding="utf-8")
    monkeypatch.setattr(sys.modules[__name__], "MODULES", fake)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    with pytest.raises(AssertionError, match="import cycles"):
        test_no_import_cycle_between_modules()
    with pytest.raises(AssertionError, match="imported inside functions"):
        test_the_toolkit_is_imported_at_module_level_only()
    with pytest.raises(AssertionError, match=r"imports \['_y'\] from toolkit.a"):
        test_no_private_name_is_imported_from_another_subpackage()
    fake["toolkit.a"].write_text("def f():\n    from ..b import x\n", encoding="utf-8")
    with pytest.raises(AssertionError, match="a relative import"):
        test_no_import_cycle_between_modules()


# tk.compare and tk.rhetoric were public functions before the subpackages of the same names existed.
_SHADOWED_SUBPACKAGES = {"compare", "rhetoric"}


def test_no_module_hides_behind_a_name_its_package_exports():
    # If toolkit/x/kwic.py defined kwic and toolkit/x/__init__.py exported it, the attribute
    # toolkit.x.kwic would be the function: "import toolkit.x.kwic as m" and mock.patch("toolkit.x.kwic.f")
    # would reach the function, not the module.
    import importlib

    hidden = []
    for name in MODULES:
        package, _, leaf = name.rpartition(".")
        if not package or name == "toolkit":
            continue
        exported = getattr(importlib.import_module(package), "__all__", [])
        if leaf in exported and not (package == "toolkit" and leaf in _SHADOWED_SUBPACKAGES):
            hidden.append(f"{name} is hidden by {package}.{leaf}")
    assert not hidden, hidden


def test_the_architecture_page_says_where_every_public_name_is_defined():
    import toolkit as tk

    page = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = page.split("<!-- public-names")[1].split("<!-- /public-names -->")[0]
    documented = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`toolkit/"):
            for name in cells[1].split(","):
                documented[name.strip().strip("`")] = cells[0].strip("`")
    assert sorted(documented) == sorted(tk.__all__), "the table lists other names than tk.__all__"
    for name, path in documented.items():
        module = path[: -len(".py")].replace("/", ".")
        assert hasattr(__import__(module, fromlist=[name]), name), f"{name} is not defined in {path}"
        obj = getattr(tk, name)
        defined = getattr(obj, "__module__", None)
        if isinstance(defined, str) and defined.startswith("toolkit."):
            assert defined == module, f"{name} is defined in {defined}, the page says {path}"
    for folder in sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        assert f"`{folder}`" in page, f"docs/architecture.md does not mention the subpackage {folder}"
