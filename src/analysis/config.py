"""Paths and defaults in one place. Nothing here touches the disk or the environment at import time.

Files the package needs at run time (the user dictionary, the stopwords, the bundled corpus, the
notebooks) ship inside it and are found with :mod:`importlib.resources`, so an installed wheel
works from any folder. In a checkout, ``src/analysis/data`` and ``src/analysis/notebooks`` are
symbolic links to the repository's ``data/`` and ``notebooks/``, the folders users see and edit;
building the wheel copies what they point to. Every path is computed by a function, so that
``ANALYSIS_CACHE_DIR`` can be set by a user or a test before the first call.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

#: The bundled corpus, its user dictionary and its domain stopwords, inside :func:`data_dir`.
SEED_CORPUS = Path("raw/digital-shackles-essay-2021-10-21.txt")
#: Corpora shipped with the package, by the name the command line accepts instead of a path.
BUNDLED_CORPORA = {
    "essay": SEED_CORPUS,
    # 72 national government work reports and NPC resolutions, 1954-2025 (Wikisource)
    "national-reports": Path("raw/gov_work_reports_national/government_work_reports.jsonl"),
    # 10 central policy documents on data elements and digital government (MIT)
    "policy-docs": Path("raw/central_data_policy_docs/policy_docs.jsonl"),
}
USER_DICT = Path("dict/domain_terms.txt")
DOMAIN_STOPWORDS = Path("stopwords/domain_stopwords.txt")
ENGLISH_STOPWORDS = Path("stopwords/english_stopwords.txt")
#: The policy lexicon: 999 digital-government and public-policy terms (see data/lexicon/README.md).
POLICY_LEXICON = Path("lexicon/policy_lexicon.txt")
#: Administrative place names (provinces, prefectures, counties; from THUOCL, MIT).
PLACES = Path("lexicon/places.txt")
NOT_PLACES = Path("lexicon/not_places.txt")

#: Defaults shared by the library, the notebooks and the CLI.
DEFAULT_SEED = 0
DEFAULT_TOP_N = 10
#: Documents the streaming and Dask paths fit the in-memory model on (:mod:`analysis.stream`).
STREAM_SAMPLE = 10_000
#: Keywords tell documents apart: a term in more than this share of the documents is the
#: genre's vocabulary, not a keyword, by default (``max_df``, as in scikit-learn; the same
#: ceiling as cluster labels). At 0.8, the national work reports of 1954–2025 kept the words
#: of their last three decades (企业 in 30 of 72 lists, 支持, 服务, 完善); at 0.5 what recurs
#: across lists marks an era (三个代表, 宏观调控, 新时代). Abstracts and titles are unchanged.
KEYWORD_MAX_DF = 0.5
#: … from this many documents on: in a handful of documents, sharing a term says little.
KEYWORD_MAX_DF_FROM = 10
#: Documents each group needs before keyness asks how many of them use a term: with fewer,
#: a side's terms are what its one or two documents say, and no test would tell more.
DISPERSION_FROM = 3
#: Keyword methods of :func:`analysis.keywords.extract_keywords`, the default (best measured)
#: first. Here so the command line can list them without importing the analysis code.
KEYWORD_METHODS = ("phrase", "tfidf", "jieba-tfidf", "jieba-textrank")


def _package_path(name: str) -> Path:
    return Path(str(files("analysis") / name))


def data_dir() -> Path:
    """The package's data folder (in a checkout: the repository's ``data/``)."""
    return _package_path("data")


def seed_corpus_path() -> Path:
    """The bundled corpus: the essay 《卸掉基层治理的“数字枷锁”》 and its related snippets."""
    return data_dir() / SEED_CORPUS


def is_bundled(path: str | Path, name: str) -> bool:
    """Whether ``path`` is the bundled corpus ``name`` (a key of :data:`BUNDLED_CORPORA`)."""
    return Path(path).resolve() == (data_dir() / BUNDLED_CORPORA[name]).resolve()


def corpus_path(path: str | Path) -> Path:
    """``path`` itself, or the bundled corpus of that name when no such file exists here
    (``essay``, ``national-reports``, ``policy-docs``)."""
    path = Path(path)
    if not path.exists() and str(path) in BUNDLED_CORPORA:
        return data_dir() / BUNDLED_CORPORA[str(path)]
    return path


def user_dict_path() -> Path:
    return data_dir() / USER_DICT


def policy_lexicon_path() -> Path:
    return data_dir() / POLICY_LEXICON


def places_path() -> Path:
    return data_dir() / PLACES


def not_places_path() -> Path:
    return data_dir() / NOT_PLACES


def domain_stopwords_path() -> Path:
    return data_dir() / DOMAIN_STOPWORDS


def notebooks_dir() -> Path:
    """The numbered notebooks that ``analysis report`` runs (in a checkout: ``notebooks/``)."""
    return _package_path("notebooks")


def figures_dir() -> Path:
    """Where :func:`analysis.report.save_figure` writes when no folder is given: ``figures/``
    in the current folder."""
    return Path("figures")


def reports_dir() -> Path:
    """Where ``analysis report`` writes when no ``--out`` is given: ``reports/`` here."""
    return Path("reports")


def cache_dir() -> Path:
    """Where segmented corpora and other derived files are cached: ``$ANALYSIS_CACHE_DIR`` if
    set, else the platform's user cache folder (``~/.cache/analysis`` on Linux, via
    ``platformdirs``). The Makefile points it at ``.cache/`` in the checkout."""
    env = os.environ.get("ANALYSIS_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_path

    return user_cache_path("analysis", appauthor=False)


def stream_threshold() -> int:
    """Input size in bytes from which ``analysis cluster`` streams (``--stream auto``):
    ``ANALYSIS_STREAM_FROM`` if set, else 1/40 of the machine's memory (the in-memory path
    peaks at about 30× the corpus size on disk; see the README's speed table). The memory
    installed, not the memory free now: the same command on the same machine takes the same
    path, and gives the same clusters, however busy the machine is."""
    env = os.environ.get("ANALYSIS_STREAM_FROM")
    if env:
        return int(env)
    try:
        memory = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):  # not on Linux
        memory = 8 << 30
    return max(memory // 40, 64 << 20)


def counted(n: int, noun: str) -> str:
    """``n`` and ``noun``, plural but for one: for messages.

    >>> counted(1, "document"), counted(3, "document")
    ('1 document', '3 documents')
    """
    return f"{n} {noun}{'' if n == 1 else 's'}"
