"""Check the curated domain lexicon against jieba and rjieba, and measure what it changes.

Run with ``.venv/bin/python benchmarks/lexicon_check.py``. It loads
``src/analysis/data/lexicon/policy_lexicon.txt`` (jieba user-dictionary lines ``word freq pos``,
``#`` comments, blocks opened by ``# == block: <name> ==``) into an ``rjieba.Jieba()`` with
``add_word(word, freq, tag)`` and into a private ``jieba.Tokenizer()`` with jieba's ``add_word``,
and prints:

* the version line and the number of terms per block;
* the share of terms that come out whole in each engine, segmented alone and inside the carrier
  sentence ``推进{term}建设``, and every term that does not;
* whether each term gets the file's POS from ``rjieba.tag`` and ``jieba.posseg``;
* whether the stored freqs follow the file's rule (``max(300, jieba's own count, 10 × what
  suggest_freq says is needed)``, terms taken shortest first);
* on the 2024 city work reports (``../shared/data/city_gov_work_reports_2024/txt/``, skipped
  with a message when absent): the number and share of sentences whose segmentation changes
  against jieba's default dictionary, split into changes that only join default tokens into a
  lexicon term and changes that move a word boundary, with the most frequent examples of each;
* a summary of the place-name gazetteer ``places.txt``.

``--examples N`` sets how many examples to print, ``--no-jieba`` skips the (slower) jieba pass over
the city reports.
"""

from __future__ import annotations

import argparse
import difflib
import logging
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LEXICON_DIR = ROOT / "src" / "analysis" / "data" / "lexicon"
LEXICON = LEXICON_DIR / "policy_lexicon.txt"
PLACES = LEXICON_DIR / "places.txt"
SHARED_CANDIDATES = (ROOT.parent / "shared" / "data",)
CARRIER = "推进{}建设"
FLOOR = 300
_BLOCK = re.compile(r"^#\s*==\s*block:\s*(\S+)\s*==")
_VERSION = re.compile(r"^#\s*version:\s*(\S+)\s*$")
_LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+\-]*")
_HAS_LATIN = re.compile(r"[A-Za-z0-9]")


def read_lexicon(path: Path = LEXICON) -> tuple[str | None, list[tuple[str, int, str, str]]]:
    """Version and ``(word, freq, pos, block)`` rows of a lexicon file."""
    version, block, rows = None, "", []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            if m := _BLOCK.match(line):
                block = m.group(1)
            elif (m := _VERSION.match(line)) and version is None:
                version = m.group(1)
            continue
        parts = line.split()
        if len(parts) != 3 or not parts[1].isdigit():
            raise ValueError(f"{path.name}: not a 'word freq pos' line: {line!r}")
        rows.append((parts[0], int(parts[1]), parts[2], block))
    return version, rows


def shared_dir() -> Path | None:
    return next((p for p in SHARED_CANDIDATES if p.is_dir()), None)


def city_sentences(shared: Path) -> list[str]:
    """Sentences of the city reports; the byte-identical copies (台州, 襄阳 = 贵阳) are read once."""
    from analysis.context import split_sentences

    seen, out = set(), []
    for path in sorted((shared / "city_gov_work_reports_2024" / "txt").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        if text in seen:
            continue
        seen.add(text)
        out += [s for s in split_sentences(text) if len(s) >= 2]
    return out


def engines(rows):
    """(name, default cut, lexicon cut, lexicon tagger) for rjieba and jieba."""
    import jieba
    import jieba.posseg
    import rjieba

    jieba.setLogLevel(logging.WARNING)
    rj_default, rj_lex = rjieba.Jieba(), rjieba.Jieba()
    jb_default, jb_lex = jieba.Tokenizer(), jieba.Tokenizer()
    jb_default.initialize()
    jb_lex.initialize()
    for word, freq, pos, _ in rows:
        rj_lex.add_word(word, freq, pos)
        jb_lex.add_word(word, freq, pos)
    jb_tagger = jieba.posseg.POSTokenizer(jb_lex)
    return [
        ("rjieba", rj_default.cut, rj_lex.cut, rj_lex.tag),
        (
            "jieba",
            jb_default.lcut,
            jb_lex.lcut,
            lambda s: [(p.word, p.flag) for p in jb_tagger.lcut(s)],
        ),
    ]


def expected_freqs(rows) -> dict[str, int]:
    """Recompute the file's freq rule on a fresh jieba dictionary."""
    import jieba

    tok = jieba.Tokenizer()
    tok.initialize()
    default = dict(tok.FREQ)
    out = {}
    for word, _, pos, _ in sorted(rows, key=lambda r: len(r[0])):
        freq = (
            max(default[word], FLOOR)
            if default.get(word)
            else max(10 * tok.suggest_freq(word), FLOOR)
        )
        out[word] = freq
        tok.add_word(word, freq, pos)
    return out


def _cuts(tokens: list[str]) -> set[int]:
    pos, out = 0, set()
    for t in tokens:
        pos += len(t)
        out.add(pos)
    return out


def classify(before: list[str], after: list[str], lexicon: set[str]):
    """Differences of one sentence: ("merge" | "moved", before-span, after-span) per changed region."""
    out = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        old, new = before[i1:i2], after[j1:j2]
        merge = _cuts(new) <= _cuts(old) and all(t in lexicon or t in old for t in new)
        out.append(("merge" if merge else "moved", "/".join(old), "/".join(new)))
    return out


def pct(a: int, b: int) -> str:
    return f"{a}/{b} = {a / b:.1%}" if b else "0/0"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=12, help="examples of each kind of change")
    parser.add_argument("--no-jieba", action="store_true", help="skip jieba on the city reports")
    args = parser.parse_args(argv)

    version, rows = read_lexicon()
    words = [r[0] for r in rows]
    lexicon = set(words)
    print(f"lexicon: {LEXICON.relative_to(ROOT)}  version: {version}")
    duplicates = [w for w, c in Counter(words).items() if c > 1]
    if duplicates:
        print(f"  duplicate terms: {' '.join(duplicates)}")
    print(f"  {len(rows)} terms in {len({r[3] for r in rows})} blocks:")
    for block, n in Counter(r[3] for r in rows).items():
        print(f"    {block:28} {n:5d}")
    print(f"  POS tags: {dict(Counter(r[2] for r in rows).most_common())}")

    built = engines(rows)
    print("\nwhole-term rate (term alone | in the carrier 推进{term}建设):")
    for name, default_cut, cut, tag in built:
        split_by_default = sum(len(default_cut(w)) > 1 for w in words)
        alone = [w for w in words if cut(w) != [w]]
        carrier = [w for w in words if w not in cut(CARRIER.format(w))]
        print(
            f"  {name:7} alone {pct(len(words) - len(alone), len(words))}   "
            f"carrier {pct(len(words) - len(carrier), len(words))}   "
            f"(default dictionary splits {split_by_default} of them)"
        )
        for w in sorted(set(alone) | set(carrier), key=words.index):
            print(
                f"      not whole: {w}  alone → {'/'.join(cut(w))}  carrier → {'/'.join(cut(CARRIER.format(w)))}"
            )
        wrong_pos = [(w, p, tag(w)) for w, _, p, _ in rows if tag(w) != [(w, p)]]
        old_words = sum(len(default_cut(w)) == 1 for w, _, _ in wrong_pos)
        print(f"          POS as in the file: {pct(len(rows) - len(wrong_pos), len(rows))}", end="")
        if wrong_pos:
            shown = ", ".join(
                f"{w} {p}→{'/'.join(t for _, t in got)}" for w, p, got in wrong_pos[:6]
            )
            print(
                f"; of the others {old_words} are words of the default dictionary. e.g. {shown}",
                end="",
            )
        print()

    old_dict = ROOT / "data" / "dict" / "domain_terms.txt"
    if old_dict.exists():
        import rjieba

        old_engine = rjieba.Jieba()
        for line in old_dict.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 3:
                old_engine.add_word(parts[0], int(parts[1]), parts[2])
        whole = sum(old_engine.cut(w) == [w] for w in words)
        print(
            f"  for comparison, rjieba with {old_dict.relative_to(ROOT)} instead: "
            f"{pct(whole, len(words))} of the lexicon terms whole"
        )
    else:
        old_engine = None

    expected = expected_freqs(rows)
    off = [(w, f, expected[w]) for w, f, _, _ in rows if f != expected[w]]
    print(
        f"\nfreq rule max({FLOOR}, jieba's count, 10 × suggest_freq): {pct(len(rows) - len(off), len(rows))} terms follow it"
    )
    for w, f, e in off[:10]:
        print(f"    {w}: file {f}, rule {e}")

    shared = shared_dir()
    if shared is None:
        print(f"\ncity reports: skipped ({' or '.join(map(str, SHARED_CANDIDATES))} not found)")
    else:
        sentences = city_sentences(shared)
        print(f"\ncity work reports 2024 ({shared}): {len(sentences)} sentences")
        for name, default_cut, cut, _ in built:
            if name == "jieba" and args.no_jieba:
                print("  jieba: skipped (--no-jieba)")
                continue
            start = time.perf_counter()
            changed = only_merges = 0
            kinds: dict[str, Counter] = {"merge": Counter(), "moved": Counter()}
            latin: Counter = Counter()
            for s in sentences:
                before, after = default_cut(s), cut(s)
                if before == after:
                    continue
                changed += 1
                if _HAS_LATIN.search(s):
                    joined = [x for x in after if x in lexicon]
                    latin.update(
                        t
                        for t in before
                        if _LATIN.fullmatch(t)
                        and t not in after
                        and not any(t in x for x in joined)
                    )
                diffs = classify(before, after, lexicon)
                only_merges += all(k == "merge" for k, _, _ in diffs)
                for k, old, new in diffs:
                    kinds[k][(old, new)] += 1
            n = len(sentences)
            if name == "rjieba" and old_engine is not None:
                old_changed = sum(default_cut(s) != old_engine.cut(s) for s in sentences)
                print(
                    f"  rjieba with domain_terms.txt (85 terms, freq 50000): changed {pct(old_changed, n)}"
                )
            print(
                f"  {name:7} changed {pct(changed, n)}: only joined into lexicon terms "
                f"{pct(only_merges, n)}, a boundary moved {pct(changed - only_merges, n)}  "
                f"({time.perf_counter() - start:.1f} s)"
            )
            print(
                f"    Latin/digit tokens cut apart by a Latin lexicon term (5G, AI …): "
                f"{sum(latin.values())}  " + " ".join(f"{t}×{c}" for t, c in latin.most_common(8))
            )
            for k, label in (("merge", "joined"), ("moved", "moved")):
                top = kinds[k].most_common(args.examples)
                print(
                    f"    most frequent {label} ({sum(kinds[k].values())} changes, {len(kinds[k])} kinds):"
                )
                print("      " + "   ".join(f"{old} → {new} ×{c}" for (old, new), c in top))

    if PLACES.exists():
        names = [
            ln.strip()
            for ln in PLACES.read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")
        ]
        short = [p for p in names if len(p) < 2]
        print(
            f"\nplaces: {PLACES.relative_to(ROOT)}  {len(names)} names, {len(set(names))} distinct, {len(short)} of 1 character"
        )
        overlap = sorted(lexicon & set(names))
        if overlap:
            print(f"  also lexicon terms: {' '.join(overlap)}")
        if shared is not None:
            meta = (
                (shared / "city_gov_work_reports_2024" / "metadata.csv")
                .read_text(encoding="utf-8")
                .splitlines()[1:]
            )
            cities = [line.split(",")[1] for line in meta if line]
            missing = [c for c in cities if c not in set(names) and c + "市" not in set(names)]
            print(
                f"  cities of the city reports listed (short or 市 form): {pct(len(cities) - len(missing), len(cities))}"
                + (
                    f"; short form missing: {' '.join(c for c in cities if c not in set(names))}"
                    if any(c not in set(names) for c in cities)
                    else ""
                )
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
