"""The environment files agree, so every machine (pip, conda, Binder, CI) gets the same versions."""

from __future__ import annotations

import re
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from support import ROOT


def _pins(lines):
    pins = {}
    for line in lines:
        line = line.strip()
        if not line or line.startswith(("#", "-")):
            continue
        req = Requirement(line)
        spec = str(req.specifier)
        assert spec.startswith("=="), f"{line!r} is not pinned with =="
        pins[canonicalize_name(req.name)] = spec[2:]
    return pins


def _pyproject_pins():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())
    deps = data["project"]["dependencies"] + [d for group in data["project"]["optional-dependencies"].values() for d in group]
    return _pins(deps)


def test_pyproject_and_environment_yml_pin_the_same_versions():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert _pins(pip_section) == _pyproject_pins()
    assert "python=3.11" in env["dependencies"]


def test_lock_file_contains_every_direct_pin():
    lock = _pins((ROOT / "requirements.lock").read_text().splitlines())
    for name, version in _pyproject_pins().items():
        assert lock.get(name) == version, f"{name}: pyproject pins {version}, requirements.lock {lock.get(name)}"


def test_readme_starts_with_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    first_block = re.search(r"```(?:sh|bash|console)?\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make report", "make test"]
    assert readme.index("make report") < 600  # the first thing a newcomer reads
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)


def test_one_version_for_the_package_the_build_and_the_citation():
    from importlib.metadata import version

    import toolkit as tk

    assert version("toolkit") == tk.__version__  # hatch reads toolkit/_util/version.py
    assert re.search(rf"^version: {re.escape(tk.__version__)}$", (ROOT / "CITATION.cff").read_text(), re.M)
