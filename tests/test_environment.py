"""environment.yml (conda) and pyproject.toml (pip) list the same dependencies."""

from __future__ import annotations

import re

import tomllib

from conftest import ROOT


def _normalise(spec: str) -> str:
    return re.sub(r"\s+", "", spec).lower()


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_normalise(s) for s in project["dependencies"]}
    wanted |= {_normalise(s) for s in project["optional-dependencies"]["dev"]}
    listed = set()
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s{6,}- (?!-e )(\S.*)$", line)  # the entries under "- pip:"
        if m:
            listed.add(_normalise(m[1]))
    assert listed == wanted, (
        f"only in pyproject: {sorted(wanted - listed)}; "
        f"only in environment.yml: {sorted(listed - wanted)}"
    )
