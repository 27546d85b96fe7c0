"""Document clustering and topics: LSA + k-means, agglomerative clustering, NMF topics.

The estimators follow scikit-learn's shape (``__init__`` stores parameters, ``fit`` returns
``self``, learned state ends in ``_``); :func:`cluster_documents` and :func:`nmf_topics` are
the one-call versions that also label each cluster by its distinctive terms (class-based
TF-IDF), and give 2-D coordinates for a map. Every random step takes ``random_state``.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import NMF, TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import adjusted_rand_score, silhouette_score
from sklearn.preprocessing import normalize

from .keywords import document_ceiling, group_keywords, place_note
from .tokens import TokenLists
from .vectorize import (
    LONG_TEXT,
    LimitsRelaxedWarning,
    Tfidf,
    check_doc_ids,
    count_matrix,
    feature_ngrams,
    median_chars,
    tfidf,
)

__all__ = [
    "SUMMARY_COLUMNS",
    "ClusterResult",
    "TopicResult",
    "UnigramMixture",
    "choose_k",
    "cluster_documents",
    "cluster_stability",
    "cluster_summary",
    "k_note",
    "lsa_embedding",
    "names_place_note",
    "nmf_topics",
    "typicality",
]

EMPTY_CLUSTER = -1
EMPTY_LABEL = "(无可用词)"
_MAX_AGGLOMERATIVE = 5000
_GRAM_MAX = 3000  # documents: up to here the SVD comes from the n×n Gram matrix (eigh is O(n³))
_MIXTURE_FROM = 2000  # below this, the mixture's EM helps less than it costs (measured)


# --------------------------------------------------------------------------- building blocks


def lsa_embedding(
    matrix,
    *,
    n_components: int = 100,
    random_state: int | None = 0,
    fit_components: bool = True,
) -> tuple[np.ndarray, TruncatedSVD | None]:
    """Latent semantic analysis: truncated SVD of a TF-IDF matrix, rows scaled to unit length.

    ``n_components`` is reduced to what the matrix allows (fewer documents or terms); with
    fewer than 3 columns the normalised matrix itself is returned and the SVD is ``None``.
    Up to 3,000 documents the SVD comes from the eigenvectors of the document Gram matrix
    (exact, and 3–5× faster than ARPACK on n-gram vocabularies); beyond, from those of a
    seeded random sample of 3,000 documents, applied to all (on 9,991 news titles: NMI 0.540
    against 0.514 with ARPACK on all of them, in 60 % of the time). ``fit_components=False``
    skips the term loadings (the SVD is then ``None``) when only the embedding is needed and
    the corpus is small enough for the exact path.
    """
    n_docs, n_terms = matrix.shape
    n = min(n_components, n_docs - 1, n_terms - 1)
    if n < 2:
        return normalize(sparse.csr_matrix(matrix)).toarray(), None
    matrix = sparse.csr_matrix(matrix)
    if n_docs <= _GRAM_MAX:
        embedding, svd = _gram_svd(matrix, n, fit_components)
        return normalize(embedding), svd
    # more documents: the basis from a seeded random sample of them, applied to all
    rows = np.random.default_rng(random_state).choice(n_docs, _GRAM_MAX, replace=False)
    _, svd = _gram_svd(matrix[np.sort(rows)], min(n, _GRAM_MAX - 1), True)
    return normalize(svd.transform(matrix)), svd


def _gram_svd(
    matrix: sparse.csr_matrix, n: int, fit_components: bool = True
) -> tuple[np.ndarray, TruncatedSVD | None]:
    """Top-``n`` SVD of a matrix with few rows: X Xᵀ = U Σ² Uᵀ, Vᵀ = Σ⁻¹ Uᵀ X. Returns X V
    (= U Σ) and a fitted ``TruncatedSVD`` holding Vᵀ, so it can transform new rows."""
    from scipy.linalg import eigh

    n_docs = matrix.shape[0]
    gram = _gram(matrix)  # float32 from a float32 TF-IDF: ample for LSA, faster
    values, u = eigh(gram, subset_by_index=[n_docs - n, n_docs - 1])
    values, u = values[::-1], u[:, ::-1]
    sigma = np.sqrt(np.clip(values, 0, None))
    # eigenvalues of a float32 Gram matrix are exact to ~1e-7 of the largest, so singular
    # values under 1e-3 of the largest are noise: drop them (identical rows stay identical)
    sigma[sigma < 1e-3 * sigma.max(initial=0)] = 0
    scale = np.divide(1.0, sigma, out=np.zeros_like(sigma), where=sigma > 1e-10)
    # deterministic signs: the largest entry of each column of U is positive
    u = u * np.sign(u[np.argmax(np.abs(u), axis=0), np.arange(n)])
    if not fit_components:
        return u * sigma, None
    vt = np.asarray((matrix.T @ (u * scale)).T)
    svd = TruncatedSVD(n_components=n)
    svd.components_ = vt.astype(matrix.dtype)
    svd.singular_values_ = sigma
    svd.n_features_in_ = matrix.shape[1]
    embedding = u * sigma
    svd.explained_variance_ = embedding.var(axis=0)
    squares = float(matrix.multiply(matrix).sum()) / n_docs
    total = squares - float(np.square(np.asarray(matrix.mean(axis=0), dtype=np.float64)).sum())
    svd.explained_variance_ratio_ = (
        svd.explained_variance_ / total if total > 0 else np.zeros_like(sigma)
    )
    return embedding, svd


def _gram(matrix: sparse.csr_matrix) -> np.ndarray:
    """X Xᵀ as a dense array. In a sparse product a term found in d documents costs d², so
    the columns of the terms in at least 1/20 of the documents are multiplied as a dense
    block (BLAS) and only the others as sparse: on 1,880 documents × 51,174 terms, 0.21 s
    instead of 0.91 s with SciPy's sparse product alone."""
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    frequent = df * 20 >= matrix.shape[0]
    block = matrix[:, np.flatnonzero(frequent)].toarray()
    rest = matrix[:, np.flatnonzero(~frequent)]
    gram = block @ block.T
    gram += (rest @ rest.T).toarray()
    return gram


def _kmeans(
    k: int, *, n_docs: int, n_init: int, minibatch: bool | None, random_state: int | None
) -> KMeans | MiniBatchKMeans:
    """k-means, or mini-batch k-means from 50,000 documents on (or when asked)."""
    if minibatch if minibatch is not None else n_docs >= 50_000:
        return MiniBatchKMeans(k, n_init=n_init, random_state=random_state, batch_size=4096)
    return KMeans(k, n_init=n_init, random_state=random_state)


class UnigramMixture(ClusterMixin, BaseEstimator):
    """A mixture of unigrams (one topic per document) fitted by EM from starting labels.

    Suited to short texts, where a document is about one thing: each cluster is a word
    distribution, each document is assigned to the cluster that best explains its words.
    Word smoothing is ``beta_scale`` × the mean count of a word per cluster, so it scales with
    the corpus. ``fit`` takes a binary document–term count matrix.

    Parameters
    ----------
    n_clusters
        Number of clusters.
    init
        Starting labels, one per document in ``0 … n_clusters - 1`` (e.g. from LSA +
        k-means), or ``"random"``: seeded by ``random_state``.
    beta_scale, alpha
        Word smoothing (see above) and the Dirichlet prior of the cluster shares.
    max_iter, tol
        EM stops after ``max_iter`` rounds, or (after 5) when fewer than ``tol`` of the
        labels changed.
    random_state
        Seed of ``init="random"``.

    Attributes
    ----------
    labels_ : ndarray of shape (n_docs,)
    log_likelihood_ : float
    n_iter_ : int

    Examples
    --------
    >>> from sklearn.feature_extraction.text import CountVectorizer
    >>> docs = [["数据", "共享"], ["数据", "开放"], ["基层", "减负"], ["基层", "干部"]]
    >>> counts = CountVectorizer(analyzer=list, binary=True).fit_transform(docs)
    >>> UnigramMixture(2, init=[0, 1, 1, 1]).fit(counts).labels_.tolist()
    [0, 0, 1, 1]
    """

    def __init__(
        self,
        n_clusters: int = 8,
        *,
        init: Literal["random"] | np.ndarray = "random",
        beta_scale: float = 1.0,
        alpha: float = 1.0,
        max_iter: int = 60,
        tol: float = 1e-3,
        random_state: int | None = None,
    ) -> None:
        self.n_clusters = n_clusters
        self.init = init
        self.beta_scale = beta_scale
        self.alpha = alpha
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def _start(self, n_docs: int) -> np.ndarray:
        k = self.n_clusters
        if isinstance(self.init, str):
            if self.init != "random":
                raise ValueError(
                    f"init must be 'random' or one label per document, not {self.init!r}"
                )
            return np.random.default_rng(self.random_state).integers(k, size=n_docs)
        init = np.asarray(self.init)
        if init.shape != (n_docs,):
            raise ValueError(f"init holds {init.size} labels for {n_docs} documents; give one each")
        if not np.issubdtype(init.dtype, np.integer) or init.min() < 0 or init.max() >= k:
            raise ValueError(f"init labels must be integers from 0 to n_clusters - 1 = {k - 1}")
        return init

    def fit(self, X, y=None) -> UnigramMixture:  # y: unused, as scikit-learn has it
        counts = sparse.csr_matrix(X, dtype=np.float64)
        if self.n_clusters < 1:
            raise ValueError(f"n_clusters must be at least 1, not {self.n_clusters}")
        init = self._start(counts.shape[0])
        k = self.n_clusters
        beta = self.beta_scale * counts.sum() / max(counts.shape[1], 1) / k
        resp = np.eye(k)[init]
        counts_t = counts.T.tocsr()
        previous = labels = init
        top, total = np.zeros((len(init), 1)), np.ones((len(init), 1))
        self.n_iter_ = 0
        for it in range(self.max_iter):
            prior = (resp.sum(0) + self.alpha) / (resp.sum() + k * self.alpha)
            word = np.asarray(counts_t @ resp) + beta
            log_word = np.log(word) - np.log(word.sum(0, keepdims=True))
            log_joint = np.asarray(counts @ log_word) + np.log(prior)
            top = log_joint.max(1, keepdims=True)
            weights = np.exp(log_joint - top)
            total = weights.sum(1, keepdims=True)
            resp = weights / total
            labels = log_joint.argmax(1)
            self.n_iter_ = it + 1
            if it >= 5 and np.mean(labels != previous) < self.tol:
                break
            previous = labels
        self.labels_ = labels
        self.log_likelihood_ = float((top + np.log(total)).sum())
        return self


def _check_k(k: int, n_distinct: int, n_docs: int) -> None:
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer or 'auto', got {k!r}")
    if k > n_docs:
        raise ValueError(
            f"k={k} but only {n_docs} documents have usable words; choose k ≤ {n_docs}"
        )
    if k > n_distinct:
        raise ValueError(
            f"k={k} but only {n_distinct} distinct documents (the others are identical "
            f"after segmentation); choose k ≤ {n_distinct}"
        )


def _distinct_rows(embedding: np.ndarray) -> int:
    return len(np.unique(np.round(embedding, 4), axis=0))


#: The largest k that ``k="auto"`` tries (:func:`choose_k`).
MAX_AUTO_K = 15


def choose_k(
    embedding: np.ndarray,
    *,
    k_range: Sequence[int] | None = None,
    random_state: int | None = 0,
    sample_size: int = 5000,
) -> pd.DataFrame:
    """Silhouette (cosine) and inertia of k-means for each ``k`` on an LSA embedding.

    ``k_range`` defaults to 2 … min(:data:`MAX_AUTO_K`, n_docs − 1). Returns columns ``k``,
    ``silhouette``, ``inertia``; the best ``k`` is the row with the highest silhouette.

    Examples
    --------
    >>> import numpy as np
    >>> rng = np.random.default_rng(0)
    >>> points = np.vstack([rng.normal(c, 0.05, size=(5, 3)) for c in np.eye(3)])
    >>> table = choose_k(points, k_range=[2, 3, 4])
    >>> int(table.loc[table["silhouette"].idxmax(), "k"])
    3
    """
    n = embedding.shape[0]
    distinct = _distinct_rows(embedding)
    if k_range is None:
        k_range = range(2, min(MAX_AUTO_K, n - 1, distinct) + 1)
    rows = []
    for k in k_range:
        if k < 2 or k > min(n - 1, distinct):
            continue
        km = KMeans(k, n_init=4, random_state=random_state).fit(embedding)
        score = silhouette_score(
            embedding,
            km.labels_,
            metric="cosine",
            sample_size=min(sample_size, n),
            random_state=random_state,
        )
        rows.append((k, float(score), float(km.inertia_)))
    return pd.DataFrame(rows, columns=["k", "silhouette", "inertia"])


#: The best silhouette must stand this far above the median of the k tried to stand out:
#: on the 52 national work reports the silhouettes of k = 2 … 15 lie within 0.11–0.15, and
#: one k's silhouette moves by up to 0.03 between seeds.
FLAT_SILHOUETTE = 0.02
#: Below this best silhouette the groups barely separate, whichever k stands out (0.08 on
#: the shared policy folder, whose compilation overlaps every other document).
LOW_SILHOUETTE = 0.1


def names_place_note(result: ClusterResult, *, language: Literal["en", "zh"] = "en") -> str:
    """:func:`~analysis.keywords.place_note` of the words of the cluster names: the city
    reports, clustered with their place names, group by province (济南·青岛·山东)."""
    labels = result.assignments["label"].dropna().unique()
    words = [(i + 1, w) for name in labels for i, w in enumerate(str(name).split("·"))]
    return place_note(pd.DataFrame(words, columns=["rank", "term"]), of="names", language=language)


def k_note(k_scores: pd.DataFrame, *, language: Literal["en", "zh"] = "en") -> str:
    """One line when ``k="auto"`` chose among silhouettes (:func:`choose_k`) that hardly
    differ, or whose best is below :data:`LOW_SILHOUETTE`, so that the clusters are a rough
    sorting and the user should choose k, or whose best is the largest k tried,
    :data:`MAX_AUTO_K` (the silhouette still rising: 0.06 to 0.23 over k = 2 … 15 on the 143
    city reports); ``""`` otherwise.

    >>> flat = pd.DataFrame({"k": [2, 3, 4], "silhouette": [0.15, 0.14, 0.145]})
    >>> k_note(flat, language="zh")
    '轮廓系数随 k 几乎不变（k = 2–4 时在 0.14–0.15 之间）：文档没有分得很开的类，k = 2 并不比其他 k 更好，可按需要的粗细指定 k'
    >>> k_note(flat.assign(silhouette=[0.15, 0.30, 0.12]))
    ''
    >>> k_note(pd.DataFrame({"k": [13, 14, 15], "silhouette": [0.12, 0.16, 0.22]}))
    'the silhouette still rises at k = 15, the largest tried: more, smaller groups may separate better; read these 15 as a coarse cut, or try a larger --k'
    >>> k_note(flat.assign(silhouette=[0.03, 0.08, 0.02]))
    'the best silhouette is only 0.08 (k = 3): the documents form no clearly separated groups, so read the clusters as a rough sorting (and choose --k by the detail you want)'
    """
    if len(k_scores) < 2:
        return ""
    scores, ks = k_scores["silhouette"], k_scores["k"]
    best, high = int(ks[scores.idxmax()]), scores.max()
    if high < LOW_SILHOUETTE:
        if language == "zh":
            return (
                f"最好的轮廓系数只有 {high:.2f}（k = {best}）：文档没有分得很开的类，"
                "这些类只是粗略的归类，k 可按需要的粗细指定"
            )
        return (
            f"the best silhouette is only {high:.2f} (k = {best}): the documents form no "
            "clearly separated groups, so read the clusters as a rough sorting (and choose "
            "--k by the detail you want)"
        )
    at_top = best == int(ks.max()) >= MAX_AUTO_K  # not k = n - 1 of a small corpus
    if len(k_scores) >= 3 and at_top and high - scores.median() >= FLAT_SILHOUETTE:
        if language == "zh":
            return (
                f"轮廓系数到所试的最大 k（{best}）还在上升：更多、更小的类也许分得更开；"
                f"这 {best} 类是较粗的划分，可指定更大的 k 再看"
            )
        return (
            f"the silhouette still rises at k = {best}, the largest tried: more, smaller "
            f"groups may separate better; read these {best} as a coarse cut, or try a larger --k"
        )
    if len(k_scores) < 3 or high - scores.median() >= FLAT_SILHOUETTE:
        return ""
    span, low = f"{int(ks.min())}–{int(ks.max())}", f"{scores.min():.2f}"
    if language == "zh":
        return (
            f"轮廓系数随 k 几乎不变（k = {span} 时在 {low}–{high:.2f} 之间）：文档没有分得很开的类，"
            f"k = {best} 并不比其他 k 更好，可按需要的粗细指定 k"
        )
    return (
        f"the silhouette hardly changes with k ({low}–{high:.2f} for k = {span}): the "
        f"documents form no clearly separated groups and k = {best} is no better than the "
        "others; choose --k by the detail you want"
    )


def cluster_stability(make_labels, seeds: Sequence[int] = (0, 1, 2, 3, 4)) -> pd.DataFrame:
    """Agreement of clusterings rerun with several seeds.

    ``make_labels(seed) -> labels``. Returns columns ``seed`` and ``ari``: the adjusted Rand
    index of each run against the first seed's run (1.0 = identical partition).

    Examples
    --------
    >>> cluster_stability(lambda seed: [0, 0, 1, 1] if seed < 2 else [0, 1, 0, 1], seeds=(0, 1, 2))
       seed  ari
    0     0  1.0
    1     1  1.0
    2     2 -0.5
    """
    runs = [np.asarray(make_labels(s)) for s in seeds]
    return pd.DataFrame(
        {"seed": list(seeds), "ari": [adjusted_rand_score(runs[0], r) for r in runs]}
    )


def _coords_2d(embedding: np.ndarray, random_state: int | None) -> np.ndarray:
    """Two map coordinates per row: its first two axes, or the two main axes of the
    centred rows; a lone document (or identical ones) sits at the origin."""
    out = np.zeros((embedding.shape[0], 2))
    if embedding.shape[1] <= 2:
        out[:, : embedding.shape[1]] = embedding
        return out
    centred = embedding - embedding.mean(axis=0)
    if not centred.any():  # no spread to project (TruncatedSVD would divide 0 by 0)
        return out
    return TruncatedSVD(2, random_state=random_state).fit_transform(centred)


# --------------------------------------------------------------------------- one-call API


@dataclass
class ClusterResult:
    """Result of :func:`cluster_documents`.

    ``assignments``: ``doc_id, cluster, label, x, y`` — one row per document, in input order;
    documents without usable words get cluster −1 and label ``(无可用词)``.
    ``label_terms``: ``group, rank, term, score, method`` — distinctive terms per cluster.
    ``k_scores``: silhouette per k when k was chosen automatically, else empty.
    ``linkage``: SciPy linkage matrix (agglomerative only) for a dendrogram.
    ``embedding``: the LSA coordinates, one row per document in input order (zeros for a
    document without usable words, whose cluster is −1).
    """

    assignments: pd.DataFrame
    label_terms: pd.DataFrame
    k: int
    method: str
    k_scores: pd.DataFrame = field(default_factory=pd.DataFrame)
    linkage: np.ndarray | None = None
    embedding: np.ndarray | None = None

    @property
    def labels(self) -> np.ndarray:
        return self.assignments["cluster"].to_numpy()

    def silhouette(self, *, sample_size: int = 5000, random_state: int | None = 0) -> float | None:
        """The silhouette (cosine, on the LSA coordinates) of the clusters returned, the
        documents without usable words left out; ``None`` without coordinates (a streamed
        clustering) or with fewer than two clusters. Not ``k_scores``' value for the same
        k: that is of the k-means run that chose k, and the clusters returned may differ (on
        9,991 news titles the mixture's clusters score 0.07 where its k-means run scored 0.17).

        >>> toks = [["数据", "共享"], ["数据", "共享", "平台"], ["形式主义", "基层"], ["形式主义", "减负"]]
        >>> round(cluster_documents(toks, k=2, min_df=1, max_df=1.0).silhouette(), 2)
        0.72
        """
        labels, x = self.labels, self.embedding
        if x is None:
            return None
        used = labels != EMPTY_CLUSTER
        if len(np.unique(labels[used])) < 2 or len(np.unique(labels[used])) >= used.sum():
            return None
        return float(
            silhouette_score(
                x[used],
                labels[used],
                metric="cosine",
                sample_size=min(sample_size, int(used.sum())),
                random_state=random_state,
            )
        )

    def __repr__(self) -> str:
        """A line per cluster (its name and size), not the arrays.

        >>> toks = [["数据", "共享"], ["数据", "共享", "平台"], ["形式主义", "基层"], ["形式主义", "减负"]]
        >>> cluster_documents(toks, k=2, min_df=1, max_df=1.0)
        ClusterResult(k=2, method='kmeans', 4 documents)
          0 共享·数据·平台 (2)
          1 形式主义·减负·基层 (2)
        """
        sizes = self.assignments.groupby(["cluster", "label"], sort=True).size()
        lines = [f"  {c} {label} ({n})" for (c, label), n in sizes.items()]
        head = (
            f"ClusterResult(k={self.k}, method={self.method!r}, {len(self.assignments)} documents)"
        )
        return "\n".join([head, *lines])


def typicality(result: ClusterResult) -> np.ndarray:
    """How typical each document is of its cluster: the cosine of its LSA coordinates with
    its cluster's mean (−1 … 1; 0 for a document without usable words, and for every document
    of a streamed clustering, which keeps no coordinates). The most typical
    documents show what a cluster holds better than the first by name.

    >>> toks = [["数据", "共享"], ["数据", "共享", "平台"], ["形式主义", "基层"], ["形式主义", "减负"]]
    >>> t = typicality(cluster_documents(toks, k=2, min_df=1, max_df=1.0))
    >>> bool(t.min() > 0.5)
    True
    """
    labels, x = result.labels, result.embedding
    out = np.zeros(len(labels))
    if x is None:  # a streamed clustering keeps no coordinates: all alike
        return out
    for cluster in np.unique(labels[labels != EMPTY_CLUSTER]):
        rows = labels == cluster
        centre = x[rows].mean(axis=0)
        norms = np.linalg.norm(x[rows], axis=1) * np.linalg.norm(centre)
        out[rows] = (x[rows] @ centre) / np.where(norms > 0, norms, 1)
    return out


#: Columns of :func:`cluster_summary`.
SUMMARY_COLUMNS = ["cluster", "label", "size", "typical"]


def cluster_summary(
    result: ClusterResult, *, top_n: int = 5, titles: Sequence[str] | None = None
) -> pd.DataFrame:
    """One row per cluster, in cluster order: ``cluster, label, size, typical``, where
    ``typical`` is its ``top_n`` most typical documents (:func:`typicality`), most typical
    first, by doc id or by ``titles`` (one per document, in input order), joined by 、, with
    … when the cluster holds more.

    >>> toks = [["数据", "共享"], ["数据", "共享", "平台"], ["形式主义", "基层"], ["形式主义", "减负"]]
    >>> r = cluster_documents(toks, doc_ids=["甲", "乙", "丙", "丁"], k=2, min_df=1, max_df=1.0)
    >>> cluster_summary(r)[["label", "size", "typical"]].to_numpy().tolist()
    [['共享·数据·平台', 2, '甲、乙'], ['形式主义·减负·基层', 2, '丙、丁']]
    """
    if not isinstance(top_n, (int, np.integer)) or top_n < 1:
        raise ValueError(f"top_n must be a positive integer, not {top_n!r}")
    a = result.assignments
    if titles is not None and len(titles) != len(a):
        raise ValueError(f"{len(titles)} titles for {len(a)} documents; give one each")
    names = a["doc_id"].astype(str) if titles is None else pd.Series(list(titles), index=a.index)
    shown = a.assign(_name=names, _typical=typicality(result))
    shown = shown.sort_values("_typical", ascending=False, kind="stable")
    rows = []
    for (cluster, label), group in shown.groupby(["cluster", "label"], sort=True)["_name"]:
        first = "、".join(map(str, group.head(top_n))) + (" …" if len(group) > top_n else "")
        rows.append((cluster, label, len(group), first))
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def _label_names(label_terms: pd.DataFrame, n_terms: int = 3) -> dict[int, str]:
    """Each cluster's name: its top ``n_terms`` terms joined by ·. Names are unique: where a
    cluster's name is taken by a larger cluster (a lower number), its last term gives way to
    its next-best terms in turn (and, with none left, the cluster number is added)."""
    names: dict[int, str] = {}
    for group, terms in label_terms.sort_values("rank").groupby("group", sort=True)["term"]:
        terms = terms.tolist()
        head, rest = terms[:n_terms], iter(terms[n_terms:])
        name = "·".join(head)
        while name in names.values():
            nxt = next(rest, None)
            name = "·".join([*head[:-1], nxt]) if nxt else f"{'·'.join(head)}（{group}）"
        names[int(group)] = name
    return names


def cluster_documents(
    tokens: Sequence[Sequence[str]],
    *,
    doc_ids: Sequence | None = None,
    k: int | Literal["auto"] = "auto",
    method: Literal["auto", "mixture", "kmeans", "agglomerative"] = "auto",
    ngram_range: tuple[int, int] | Literal["auto"] = "auto",
    char_ngram_range: tuple[int, int] | Literal["auto"] | None = "auto",
    min_df: int | float = 2,
    max_df: float = 0.5,
    n_components: int = 50,
    n_init: int = 10,
    top_n: int = 10,
    random_state: int | None = 0,
    features: Tfidf | None = None,
    name_tokens: Sequence[Sequence[str]] | None = None,
) -> ClusterResult:
    """Cluster segmented documents and label each cluster by its distinctive terms.

    Features: TF-IDF of words, reduced by LSA to ``n_components`` dimensions. With the
    ``"auto"`` defaults they adapt to the length of the median document (in characters of
    tokens): word uni+bigrams under 1,000 characters and unigrams from there on (in long
    documents bigrams no longer change the clusters but double the work); character
    1–3-grams of the tokens under 200 characters, as titles and snippets are. Methods:

    * ``"mixture"``: LSA + k-means starts refined by a mixture of unigrams (EM, one topic per
      document) and one ComplementNB pass — much better on short texts (NMI 0.54 vs 0.37 for
      k-means on 10,000 news titles, see the README);
    * ``"kmeans"``: LSA + k-means;
    * ``"agglomerative"``: Ward linkage on the LSA embedding (up to 5,000 documents; the
      linkage is returned for a dendrogram);
    * ``"auto"`` (default): ``"mixture"`` from 2,000 documents on when they are short (median
      under 1,000 characters of tokens), ``"kmeans"`` otherwise.

    ``k="auto"`` picks the k with the best silhouette (see ``k_scores``).

    Parameters
    ----------
    features
        A precomputed :class:`~analysis.vectorize.Tfidf` (its rows in the order of
        ``tokens``); the TF-IDF parameters are then ignored.
    name_tokens
        The words that name the clusters, one list per document as ``tokens`` (default:
        ``tokens``): :func:`~analysis.keywords.join_bound_words` gives 强富美高 where the
        features, better with jieba's words (news-title NMI 0.541 against 0.530), have 强富
        and 美高.

    Examples
    --------
    >>> toks = [["数据", "共享"], ["数据", "共享", "平台"], ["形式主义", "基层"], ["形式主义", "减负"]]
    >>> res = cluster_documents(toks, k=2, min_df=1, max_df=1.0)
    >>> res.assignments["cluster"].tolist()
    [0, 0, 1, 1]
    """
    tokens = TokenLists.coerce(tokens)
    ids = check_doc_ids(doc_ids, len(tokens))
    if method not in ("auto", "mixture", "kmeans", "agglomerative"):
        raise ValueError(
            f"method must be 'auto', 'mixture', 'kmeans' or 'agglomerative', got {method!r}"
        )
    usable = tokens.lengths > 0
    if usable.sum() == 0:
        raise ValueError("no document has usable words after segmentation; nothing to cluster")
    sub_tokens = tokens if usable.all() else tokens.take(np.flatnonzero(usable))
    if "auto" in (char_ngram_range, ngram_range):
        auto_words, auto_chars = feature_ngrams(sub_tokens)
        char_ngram_range = auto_chars if char_ngram_range == "auto" else char_ngram_range
        ngram_range = auto_words if ngram_range == "auto" else ngram_range
    unigrams = None  # all unigram counts, for the labels; also the features' counts if alike
    if features is None:
        if tuple(ngram_range) == (1, 1) and not char_ngram_range:
            unigrams = count_matrix(sub_tokens)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", LimitsRelaxedWarning)  # expected on tiny corpora
            features = tfidf(
                sub_tokens,
                ngram_range=ngram_range,
                char_ngram_range=char_ngram_range,
                min_df=min_df,
                max_df=max_df,
                counts=unigrams,
            )
        matrix = features.matrix
    else:
        matrix = features.matrix[np.flatnonzero(usable)]
    n = matrix.shape[0]
    embedding, _ = lsa_embedding(
        matrix, n_components=n_components, random_state=random_state, fit_components=False
    )
    distinct = _distinct_rows(embedding)

    k_scores = pd.DataFrame(columns=["k", "silhouette", "inertia"])
    if k == "auto":
        k_scores = choose_k(embedding, random_state=random_state)
        k = int(k_scores.loc[k_scores["silhouette"].idxmax(), "k"]) if len(k_scores) else 1
    elif isinstance(k, str):
        raise ValueError(f"k must be a positive integer or 'auto', got {k!r}")
    _check_k(k, distinct, n)

    if method == "auto":  # the mixture pays off on many short, one-topic texts
        short = median_chars(sub_tokens) < LONG_TEXT
        method = "mixture" if n >= _MIXTURE_FROM and short else "kmeans"
    linkage = None
    if method == "mixture":
        sub_labels = _mixture_labels(
            sub_tokens, matrix, embedding, k, n_restarts=4, random_state=random_state
        )
    elif method == "kmeans":
        km = _kmeans(k, n_docs=n, n_init=n_init, minibatch=None, random_state=random_state)
        sub_labels = km.fit_predict(embedding)
    else:
        if n > _MAX_AGGLOMERATIVE:
            raise ValueError(
                f"agglomerative clustering keeps an n×n linkage: {n} documents is "
                f"more than {_MAX_AGGLOMERATIVE}; use method='kmeans'"
            )
        from scipy.cluster.hierarchy import fcluster
        from scipy.cluster.hierarchy import linkage as scipy_linkage

        linkage = scipy_linkage(embedding, method="ward") if n > 1 else np.zeros((0, 4))
        sub_labels = fcluster(linkage, k, criterion="maxclust") - 1 if n > 1 else np.zeros(1, int)
    sub_labels = _relabel_by_size(np.asarray(sub_labels))

    labels = np.full(len(tokens), EMPTY_CLUSTER)
    labels[usable] = sub_labels
    # labels say what sets a cluster apart: terms in most documents (max_df, as for the
    # features) are left out
    if name_tokens is None:
        label_terms = group_keywords(
            sub_tokens, sub_labels.tolist(), top_n=top_n, counts=unigrams, max_df=max_df
        )
    else:
        name_tokens = TokenLists.coerce(name_tokens)
        if len(name_tokens) != len(tokens):
            raise ValueError(f"{len(tokens)} documents but {len(name_tokens)} in name_tokens")
        named = name_tokens if usable.all() else name_tokens.take(np.flatnonzero(usable))
        label_terms = group_keywords(named, sub_labels.tolist(), top_n=top_n, max_df=max_df)
    names = _label_names(label_terms)
    coords = np.zeros((len(tokens), 2))
    coords[usable] = _coords_2d(embedding, random_state)
    assignments = pd.DataFrame(
        {
            "doc_id": ids,
            "cluster": labels,
            "label": [
                names.get(int(c), EMPTY_LABEL) if c != EMPTY_CLUSTER else EMPTY_LABEL
                for c in labels
            ],
            "x": coords[:, 0],
            "y": coords[:, 1],
        }
    )
    full = np.zeros((len(tokens), embedding.shape[1]))  # rows line up with the documents
    full[usable] = embedding
    return ClusterResult(assignments, label_terms, int(k), method, k_scores, linkage, full)


def _mixture_labels(
    tokens: Sequence[Sequence[str]],
    features,
    embedding: np.ndarray,
    k: int,
    *,
    n_restarts: int,
    random_state: int | None,
) -> np.ndarray:
    """LSA + k-means starts → unigram mixture (EM), best of ``n_restarts`` by likelihood →
    one ComplementNB pass on the TF-IDF features to smooth the assignments."""
    from sklearn.naive_bayes import ComplementNB

    try:
        c, _ = count_matrix(tokens, binary=True, min_df=2, max_df=0.5)
    except ValueError:  # too few documents for min_df=2 / max_df=0.5
        c, _ = count_matrix(tokens, binary=True)
    base = 0 if random_state is None else random_state
    starts = [
        KMeans(k, n_init=1, random_state=base * 1000 + r).fit_predict(embedding)
        for r in range(n_restarts)
    ]
    best = None
    for beta_scale in (1.0, 0.5, 0.25):  # too much smoothing can empty a cluster: then less
        for start in starts:
            model = UnigramMixture(k, init=start, beta_scale=beta_scale).fit(c)
            key = (len(np.unique(model.labels_)) == k, model.log_likelihood_)
            if best is None or key > best[0]:
                best = (key, model.labels_)
        if best[0][0]:
            break
    labels = best[1]
    if len(np.unique(labels)) > 1:
        labels = ComplementNB(alpha=0.3).fit(features, labels).predict(features)
    return labels


def _relabel_by_size(labels: np.ndarray) -> np.ndarray:
    """Number clusters 0, 1, … from the largest down (ties: first appearance), for stable output."""
    values, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = sorted(range(len(values)), key=lambda i: (-counts[i], first[i]))
    mapping = {values[i]: new for new, i in enumerate(order)}
    return np.array([mapping[v] for v in labels], dtype=int)


# --------------------------------------------------------------------------- topics


@dataclass
class TopicResult:
    """Result of :func:`nmf_topics`.

    ``topic_terms``: ``topic, rank, term, weight``; ``doc_topics``: one row per document
    (``doc_id`` index), one column per topic with its share (rows sum to 1, or 0 for a
    document without usable words); ``labels``: a readable label per topic.
    """

    topic_terms: pd.DataFrame
    doc_topics: pd.DataFrame
    labels: dict[int, str]


def nmf_topics(
    tokens: Sequence[Sequence[str]],
    *,
    doc_ids: Sequence | None = None,
    n_topics: int = 5,
    top_n: int = 10,
    min_df: int | float = 1,
    max_df: float | None = None,
    random_state: int | None = 0,
) -> TopicResult:
    """Topics by non-negative matrix factorisation of the TF-IDF matrix. Terms in more than
    ``max_df`` of the documents are left out; by default (``None``) those in more than half,
    from 10 documents on, as for keywords and cluster names
    (:func:`~analysis.keywords.document_ceiling`): on the city work reports the topics were
    全省·省级·安徽 and 全省·海洋·号线 with 0.9, and are 安徽·苏浙·长三角 and 海洋·号线·总部.

    Examples
    --------
    >>> toks = [["数据", "共享"], ["数据", "共享", "平台"], ["形式主义", "基层"], ["形式主义", "减负"]]
    >>> res = nmf_topics(toks, n_topics=2)
    >>> sorted(res.labels.values())
    ['共享·数据·平台', '形式主义·减负·基层']
    """
    tokens = TokenLists.coerce(tokens)
    ids = check_doc_ids(doc_ids, len(tokens))
    if not isinstance(n_topics, (int, np.integer)) or n_topics < 1:
        raise ValueError(f"n_topics must be a positive integer, got {n_topics!r}")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LimitsRelaxedWarning)
        features = tfidf(tokens, min_df=min_df, max_df=document_ceiling(max_df, len(tokens)))
    n_docs, n_terms = features.matrix.shape
    if n_topics > min(n_docs, n_terms):
        raise ValueError(
            f"n_topics={n_topics} but the corpus has {n_docs} documents and "
            f"{n_terms} terms; choose n_topics ≤ {min(n_docs, n_terms)}"
        )
    model = NMF(n_topics, init="nndsvda", random_state=random_state, max_iter=500)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # on tiny corpora
        w = model.fit_transform(features.matrix)
    rows = []
    for t, comp in enumerate(model.components_):
        order = np.argsort(-comp, kind="stable")[:top_n]
        rows.extend(
            (t, r + 1, features.terms[i], float(comp[i]))
            for r, i in enumerate(order)
            if comp[i] > 0
        )
    topic_terms = pd.DataFrame(rows, columns=["topic", "rank", "term", "weight"])
    labels = {t: "·".join(g["term"].head(3)) for t, g in topic_terms.groupby("topic")}
    sums = w.sum(axis=1, keepdims=True)
    shares = np.divide(w, sums, out=np.zeros_like(w), where=sums > 0)
    doc_topics = pd.DataFrame(shares, index=pd.Index(ids, name="doc_id"), columns=range(n_topics))
    return TopicResult(topic_terms, doc_topics, labels)
