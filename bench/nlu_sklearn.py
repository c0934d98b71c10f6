#!/usr/bin/env python3
"""Side-by-side baseline for kadesk's NLU.

Trains scikit-learn TF-IDF (character 1-4-grams) + LogisticRegression on
crates/nlu/data/train.tsv, scores it on the held-out crates/nlu/data/test.tsv,
and prints intent accuracy, macro-F1 and per-message latency. With
--kadesk PATH it also runs

    PATH nlu eval crates/nlu/data/test.tsv --json
    PATH nlu parse --stdin --json      (all test messages, one per line)

and prints both systems side by side. kadesk's per-message figure from the CLI
excludes process start-up and model training: the stdin run is timed with all
N messages and with one, and the difference is divided by N - 1.

Usage:
    pip install scikit-learn
    python3 bench/nlu_sklearn.py [--kadesk target/release/kadesk]
                                 [--train FILE] [--test FILE]
"""

import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = os.path.join(ROOT, "crates", "nlu", "data")


def load(path):
    """(intent, text) pairs of a kadesk examples file (2 or 4 tab columns)."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) == 2:
                rows.append((cols[0].strip(), cols[1].strip()))
            elif len(cols) >= 4:
                rows.append((cols[0].strip(), "\t".join(cols[3:]).strip()))
            else:
                sys.exit(f"{path}: bad line: {line!r}")
    return rows


def sklearn_baseline(train, test):
    try:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import accuracy_score, f1_score
        from sklearn.pipeline import make_pipeline
    except ImportError:
        sys.exit("scikit-learn is missing: pip install scikit-learn")
    x_train = [t for _, t in train]
    y_train = [i for i, _ in train]
    x_test = [t for _, t in test]
    y_test = [i for i, _ in test]
    model = make_pipeline(
        TfidfVectorizer(analyzer="char", ngram_range=(1, 4), sublinear_tf=True),
        LogisticRegression(max_iter=3000, C=10.0),
    )
    t0 = time.perf_counter()
    model.fit(x_train, y_train)
    train_s = time.perf_counter() - t0
    # Serving latency: one message at a time, as a chat backend would call it.
    for t in x_test[:20]:
        model.predict_proba([t])  # warm-up
    predicted = []
    t0 = time.perf_counter()
    for t in x_test:
        predicted.append(model.predict([t])[0])
    single_us = (time.perf_counter() - t0) * 1e6 / len(x_test)
    # Batch throughput, for reference.
    t0 = time.perf_counter()
    model.predict(x_test)
    batch_us = (time.perf_counter() - t0) * 1e6 / len(x_test)
    return {
        "accuracy": accuracy_score(y_test, predicted),
        "macro_f1": f1_score(y_test, predicted, average="macro"),
        "per_message_us": single_us,
        "batch_per_message_us": batch_us,
        "train_s": train_s,
    }


def run_kadesk(binary, test_path, test):
    report = subprocess.run(
        [binary, "nlu", "eval", test_path, "--json"],
        check=True, capture_output=True, text=True,
    )
    ev = json.loads(report.stdout)
    texts = [t.replace("\n", " ") for _, t in test]

    def timed(lines):
        data = "\n".join(lines) + "\n"
        t0 = time.perf_counter()
        out = subprocess.run(
            [binary, "nlu", "parse", "--stdin", "--json"],
            input=data, check=True, capture_output=True, text=True,
        )
        elapsed = time.perf_counter() - t0
        parsed = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
        if len(parsed) != len(lines):
            sys.exit(f"kadesk printed {len(parsed)} objects for {len(lines)} lines")
        return elapsed

    one = min(timed(texts[:1]) for _ in range(3))
    # Repeat the file so that parsing, not start-up, dominates the run;
    # a difference lost in start-up noise is reported as unmeasured.
    many_lines = texts * 200
    many = min(timed(many_lines) for _ in range(2))
    cli_us = (many - one) * 1e6 / (len(many_lines) - 1) if many > one else float("nan")
    return {
        "accuracy": ev["accuracy"],
        "macro_f1": ev["macro_f1"],
        "negative_f1": ev["negative_sentiment"]["f1"],
        "order_no_f1": ev["order_no"]["f1"],
        "per_message_us": ev.get("per_message_us", float("nan")),
        "cli_per_message_us": cli_us,
        "startup_s": one,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    ap.add_argument("--train", default=os.path.join(DATA, "train.tsv"))
    ap.add_argument("--test", default=os.path.join(DATA, "test.tsv"))
    ap.add_argument("--kadesk", metavar="PATH", help="path to the kadesk binary")
    args = ap.parse_args()

    train, test = load(args.train), load(args.test)
    print(f"train {len(train)} examples, test {len(test)} examples, "
          f"{len({i for i, _ in train})} intents")
    sk = sklearn_baseline(train, test)
    print("\nscikit-learn TF-IDF char 1-4 + LogisticRegression")
    print(f"  accuracy          {sk['accuracy'] * 100:.1f} %")
    print(f"  macro-F1          {sk['macro_f1']:.3f}")
    print(f"  per message       {sk['per_message_us']:.0f} µs (one message per call)")
    print(f"  batched           {sk['batch_per_message_us']:.1f} µs per message")
    print(f"  training          {sk['train_s']:.2f} s")
    if not args.kadesk:
        return
    kd = run_kadesk(args.kadesk, args.test, test)
    print("\nkadesk nlu")
    print(f"  accuracy          {kd['accuracy'] * 100:.1f} %")
    print(f"  macro-F1          {kd['macro_f1']:.3f}")
    print(f"  negative F1       {kd['negative_f1']:.3f}")
    print(f"  order_no F1       {kd['order_no_f1']:.3f}")
    print(f"  per message       {kd['per_message_us']:.1f} µs (in-process, from eval)")
    print(f"  per message (CLI) {kd['cli_per_message_us']:.1f} µs (stdin, JSON out)")
    print(f"  start-up          {kd['startup_s']:.2f} s (load + train)")
    print("\nside by side")
    print(f"  {'':24}{'sklearn':>12}{'kadesk':>12}")
    print(f"  {'accuracy %':24}{sk['accuracy'] * 100:>12.1f}{kd['accuracy'] * 100:>12.1f}")
    print(f"  {'macro-F1':24}{sk['macro_f1']:>12.3f}{kd['macro_f1']:>12.3f}")
    # Like for like: both in-process, one message at a time.
    print(f"  {'µs per message':24}{sk['per_message_us']:>12.1f}{kd['per_message_us']:>12.1f}")
    speedup = sk["per_message_us"] / kd["per_message_us"]
    more_accurate = kd["accuracy"] > sk["accuracy"]
    print(f"\nkadesk is {speedup:.0f}x faster per message and "
          f"{'more' if more_accurate else 'NOT more'} accurate "
          f"(bar: more accurate and >= 20x faster)")
    if not (more_accurate and speedup >= 20):
        sys.exit(1)


if __name__ == "__main__":
    main()
