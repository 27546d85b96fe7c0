"""analysis.workflow: the paths the commands take, checked without running the notebooks."""

from __future__ import annotations

import pytest

from analysis import report, workflow
from analysis.corpus import CorpusError


@pytest.fixture
def built(monkeypatch, tmp_path):
    """report_path with build_reports replaced: the parameters it would pass on."""
    calls = []

    def build(corpus, out, *, parameters, progress, notify):
        calls.append(parameters)
        return tmp_path / "index.html"

    monkeypatch.setattr(report, "build_reports", build)
    return calls


def test_the_national_reports_are_read_without_their_resolutions(built):
    told = []
    workflow.report_path("national-reports", parameters={"terms": ["改革开放"]}, notify=told.append)
    assert built[-1] == {"terms": ["改革开放"], "where": {"doc_type": ["report"]}}
    assert any("not the NPC resolutions" in line for line in told)
    asked = {"where": {"doc_type": ["report", "resolution"]}}
    workflow.report_path("national-reports", parameters=asked, notify=told.append)
    assert built[-1] == asked  # what the user asked for stands


def test_a_report_checks_the_group_before_any_notebook_runs(built, seed_path):
    with pytest.raises(CorpusError, match="--group province: the corpus has no such column"):
        workflow.report_path(seed_path, group="province")
    assert not built
    workflow.report_path(seed_path, group="kind")
    assert built[-1] == {"group_column": "kind"}
