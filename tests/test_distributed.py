"""The Dask path on a LocalCluster with two worker processes."""

from __future__ import annotations

import json

import pytest
from sklearn.metrics import adjusted_rand_score

from analysis.cluster import cluster_documents
from conftest import TWO_TOPICS

distributed = pytest.importorskip("dask.distributed", reason="the Dask extra is not installed")


@pytest.fixture(scope="module")
def client():
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


def write_shards(folder, n_shards=4, copies=3):
    corpus = TWO_TOPICS * copies
    paths, n = [], 0
    for s in range(n_shards):
        path = folder / f"shard-{s}.jsonl"
        with path.open("w", encoding="utf-8") as out:
            for toks in corpus[s::n_shards]:
                out.write(json.dumps({"id": f"d{n}", "text": "，".join(toks) + "。"}) + "\n")
                n += 1
        paths.append(path)
    return paths


def test_dask_clusters_like_in_memory(tmp_path, client):
    from analysis import Segmenter, clean_corpus, load_corpus, segment_corpus
    from analysis.distributed import cluster_dask

    paths = write_shards(tmp_path)
    assert len(client.scheduler_info()["workers"]) == 2
    result = cluster_dask(paths, client=client, k=2, min_df=1, load_options={"id_col": "id"})
    docs = clean_corpus(load_corpus(paths))
    tokens = segment_corpus(docs, Segmenter(), cache=False)
    expected = cluster_documents(tokens, k=2, min_df=1)
    assert result.method == "dask"
    assert result.assignments["doc_id"].tolist() == docs["doc_id"].tolist()
    assert adjusted_rand_score(expected.labels, result.labels) == 1.0
    assert set(result.label_terms["group"]) == {0, 1}
    # seeded: the same result again, whatever the order the workers finish in
    again = cluster_dask(paths, client=client, k=2, min_df=1, load_options={"id_col": "id"})
    assert again.assignments.equals(result.assignments)


def test_dask_reports_skipped_files(tmp_path, client):
    from analysis.distributed import cluster_dask

    paths = write_shards(tmp_path, n_shards=2)
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")
    result = cluster_dask([*paths, empty], client=client, k=2, min_df=1)
    assert len(result.assignments) == 18
    assert any("empty file" in line for line in result.assignments.attrs["load_issues"])
    with pytest.raises(ValueError, match="no input files"):
        cluster_dask([], client=client)


def test_cli_runs_on_a_scheduler(tmp_path, client):
    from analysis.cli import main

    shards = tmp_path / "shards"
    shards.mkdir()
    write_shards(shards)
    out = tmp_path / "clusters.csv"  # outside the corpus folder, which the CLI refuses
    address = client.scheduler.address
    assert main(["cluster", str(shards), "--k", "2", "--out", str(out), "--dask", address]) == 0
    assert out.read_text(encoding="utf-8-sig").startswith("doc_id,cluster,label")


def test_cli_names_an_unreachable_scheduler(tmp_path, capsys):
    from analysis.cli import main

    shards = tmp_path / "shards"
    shards.mkdir()
    write_shards(shards, n_shards=1)
    args = ["cluster", str(shards), "--out", str(tmp_path / "c.csv")]
    assert main([*args, "--dask", "tcp://127.0.0.1:9"]) == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in capsys.readouterr().err


def test_dask_and_streaming_are_one_driver_on_news_titles(tmp_path, client, shared_data):
    """The same sample, model and assignments whether Dask or a loop schedules the steps (a
    model fitted on 7,500 of 9,991 titles, the rest assigned by it); their quality is checked
    in test_stream.py."""
    from analysis.distributed import cluster_dask
    from analysis.stream import cluster_corpus_stream

    lines = (shared_data / "thucnews_titles_dev" / "dev.txt").read_text("utf-8").splitlines()
    rows = [line.split("\t")[:2] for line in lines]
    paths = []
    for s in range(4):
        path = tmp_path / "shards" / f"shard-{s}.jsonl"
        path.parent.mkdir(exist_ok=True)
        with path.open("w", encoding="utf-8") as out:
            for i, (title, label) in enumerate(rows[s::4]):
                doc = {"id": f"s{s}-{i}", "text": title, "label": label}
                out.write(json.dumps(doc, ensure_ascii=False) + "\n")
        paths.append(path)
    options = {"load_options": {"id_col": "id"}, "k": 10, "sample_size": 7500, "random_state": 0}
    on_dask = cluster_dask(paths, client=client, **options)
    streamed = cluster_corpus_stream(paths, batch_size=2500, cache_dir=tmp_path / "c", **options)
    assert on_dask.assignments["doc_id"].tolist() == streamed.assignments["doc_id"].tolist()
    assert adjusted_rand_score(on_dask.labels, streamed.labels) == 1.0
