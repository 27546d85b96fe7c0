"""Chinese-text topic analysis: load → clean → segment → vectorize → keywords/clusters → plots →
report. Import what you need from here; nothing runs at import time, and a name's module (and
its dependencies, e.g. scikit-learn) is imported on first use.

>>> from analysis import load_corpus, clean_corpus, Segmenter, term_counts
>>> import analysis
>>> analysis.plots.plot_top_terms.__module__  # a module on first use, as its names are
'analysis.plots'
"""

from importlib import import_module
from importlib.util import find_spec

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
    if not name.startswith("_") and find_spec(f"{__name__}.{name}") is not None:
        return import_module(f".{name}", __name__)  # analysis.plots, as after an import
    raise AttributeError(f"module 'analysis' has no attribute {name!r}")


def __dir__() -> list[str]:
    from pkgutil import iter_modules

    modules = [m.name for m in iter_modules(__path__) if not m.name.startswith("_")]
    return sorted({*globals(), *__all__, *modules})
