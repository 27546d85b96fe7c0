"""Chinese-text topic analysis: load → clean → segment → vectorize → keywords/clusters → plots →
report. Import what you need from here; nothing runs at import time.

>>> from analysis import load_corpus, clean_corpus, Segmenter, term_counts
"""

from .clean import clean_corpus, make_pipeline
from .cluster import cluster_documents, nmf_topics
from .context import cooccurrence, kwic
from .corpus import CorpusError, load_corpus, load_report
from .keywords import extract_keywords, keyness
from .segcache import segment_corpus
from .segment import CONTENT_POS, Segmenter
from .vectorize import term_counts, tfidf

__version__ = "0.1.0"

__all__ = [
    "CONTENT_POS",
    "CorpusError",
    "Segmenter",
    "clean_corpus",
    "cluster_documents",
    "cooccurrence",
    "extract_keywords",
    "keyness",
    "kwic",
    "load_corpus",
    "load_report",
    "make_pipeline",
    "nmf_topics",
    "segment_corpus",
    "term_counts",
    "tfidf",
]
