"""Paths and defaults in one place. Nothing here touches the disk or the environment at import time.

Every path is computed by a function so that ``ANALYSIS_HOME`` (the project root) can be set by a
user or a test before the first call.
"""

from __future__ import annotations

import os
from pathlib import Path

#: File names, relative to :func:`project_root`.
SEED_CORPUS = Path("data/raw/digital-shackles-essay-2021-10-21.txt")
USER_DICT = Path("data/dict/domain_terms.txt")
DOMAIN_STOPWORDS = Path("data/stopwords/domain_stopwords.txt")

#: Defaults shared by the library, the notebooks and the CLI.
DEFAULT_SEED = 0
DEFAULT_TOP_N = 10
#: Keyword methods of :func:`analysis.keywords.extract_keywords`, the default (best measured)
#: first. Here so the command line can list them without importing the analysis code.
KEYWORD_METHODS = ("phrase", "tfidf", "jieba-tfidf", "jieba-textrank")


def project_root() -> Path:
    """The project folder: ``$ANALYSIS_HOME`` if set, else the checkout this package lives in."""
    env = os.environ.get("ANALYSIS_HOME")
    if env:
        return Path(env).expanduser().resolve()
    return Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    return project_root() / "data"


def raw_dir() -> Path:
    """Read-only input. Nothing in this project writes here."""
    return data_dir() / "raw"


def seed_corpus_path() -> Path:
    """The bundled corpus: the essay 《卸掉基层治理的“数字枷锁”》 and its related snippets."""
    return project_root() / SEED_CORPUS


def user_dict_path() -> Path:
    return project_root() / USER_DICT


def domain_stopwords_path() -> Path:
    return project_root() / DOMAIN_STOPWORDS


def figures_dir() -> Path:
    return project_root() / "figures"


def reports_dir() -> Path:
    return project_root() / "reports"


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def cache_dir() -> Path:
    """Where segmented corpora are cached: ``$ANALYSIS_CACHE_DIR`` or ``.cache/`` in the project."""
    env = os.environ.get("ANALYSIS_CACHE_DIR")
    return Path(env).expanduser() if env else project_root() / ".cache"


def stream_threshold() -> int:
    """Input size in bytes from which ``analysis cluster`` streams (``--stream auto``):
    ``ANALYSIS_STREAM_FROM`` if set, else 1/40 of the memory available now (the in-memory
    path peaks at about 30× the corpus size on disk; see the README's speed table)."""
    env = os.environ.get("ANALYSIS_STREAM_FROM")
    if env:
        return int(env)
    try:
        available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # not on Linux
        available = 8 << 30
    return max(available // 40, 64 << 20)
