"""Chinese-text topic analysis: load → clean → segment → vectorize → keywords/clusters → plots →
report. Import what you need from here; nothing runs at import time, and a name's module (and
its dependencies, e.g. scikit-learn) is imported on first use.

>>> from analysis import load_corpus, clean_corpus, Segmenter, term_counts
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "CONTENT_POS": "segment",
    "CorpusError": "corpus",
    "Segmenter": "segment",
    "clean_corpus": "clean",
    "cluster_documents": "cluster",
    "compare_periods": "trends",
    "cooccurrence": "context",
    "discover_terms": "terms",
    "extract_keywords": "keywords",
    "iter_corpus": "corpus",
    "keyness": "keywords",
    "kwic": "context",
    "load_corpus": "corpus",
    "load_report": "corpus",
    "make_pipeline": "clean",
    "make_segmenter": "segment",
    "nmf_topics": "cluster",
    "segment_corpus": "segcache",
    "term_counts": "vectorize",
    "term_trends": "trends",
    "tfidf": "vectorize",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
        globals()[name] = value  # later lookups skip this function
        return value
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    return [*globals(), *__all__]
