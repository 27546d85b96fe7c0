"""Where things are: files inside the package, caches in the user cache folder (issue 11)."""

from __future__ import annotations

import sys

import pytest

from analysis import config, parallel


def test_runtime_files_ship_inside_the_package():
    package = config.data_dir().parent
    for path in (
        config.user_dict_path(),
        config.domain_stopwords_path(),
        config.seed_corpus_path(),
    ):
        assert path.is_file(), path
        assert path.is_relative_to(package)
    assert len(list(config.notebooks_dir().glob("[0-9][0-9]-*.ipynb"))) >= 4


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG layout is Linux's")
def test_cache_goes_to_the_user_cache_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("ANALYSIS_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert config.cache_dir() == tmp_path / ".cache" / "analysis"
    monkeypatch.setenv("ANALYSIS_CACHE_DIR", str(tmp_path / "mine"))
    assert config.cache_dir() == tmp_path / "mine"


def test_progress_bars_only_where_someone_watches(monkeypatch):
    assert parallel.show_progress(10, True) is True
    assert parallel.show_progress(10**6, False) is False
    assert parallel.show_progress(10) is False  # too few to bother
    assert parallel.show_progress(10**6) is False  # pytest's stderr is not a terminal
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    assert parallel.show_progress(10**6) is True
    monkeypatch.setenv("ANALYSIS_PROGRESS", "0")  # a report run
    assert parallel.show_progress(10**6) is False
