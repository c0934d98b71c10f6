#!/usr/bin/env python3
"""Side-by-side OCR comparison on a labelled screenshot folder.

    python3 bench/vision_compare.py DIR [--kadesk PATH] [--limit N] [--json OUT]

DIR holds images with a NAME.json truth beside each (the corpus written by
crates/vision/corpus/generate.mjs). Each engine reads every image; it scores
a hit for a field when its text (all lines, whitespace removed) contains the
field's value as drawn on screen (truth "visible"), and its time per image
is measured. Engines:

- rapidocr:  PyPI rapidocr-onnxruntime (PP-OCRv4 on onnxruntime), in-process,
             model load excluded (one warm-up image first);
- tesseract: the tesseract CLI with chi_sim+eng, one process per image (as
             the CLI is used);
- kadesk:    `PATH vision eval DIR --json` (or, for the crate's dev example,
             `PATH --eval DIR --json`), which reports the same "text contains"
             score plus its extracted-field accuracy. Models come from
             $KADESK_MODELS_DIR.

Install what is missing: pip install rapidocr-onnxruntime==1.4.4;
apt-get install tesseract-ocr tesseract-ocr-chi-sim.
"""

import argparse
import glob
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time


def contains_form(s):
    """The normalisation kadesk's eval uses: full-width folded, lower-case,
    no whitespace, no thousands separators."""
    out = []
    for c in s:
        o = ord(c)
        if 0xFF01 <= o <= 0xFF5E:
            c = chr(o - 0xFEE0)
        elif c == "\u3000":
            c = " "
        elif c == "￥":
            c = "¥"
        elif c == "。":
            c = "."
        elif c == "【":
            c = "["
        elif c == "】":
            c = "]"
        elif c in "—–":
            c = "-"
        out.append(c)
    s = "".join(out).strip()
    return "".join(ch for ch in s if not ch.isspace()).lower().replace(",", "")


def load_truths(d, limit):
    truths = []
    for path in sorted(glob.glob(os.path.join(d, "*.json"))):
        try:
            t = json.load(open(path, encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if "file" in t and "kind" in t and os.path.isfile(os.path.join(d, t["file"])):
            truths.append(t)
    return truths[:limit] if limit else truths


def score(truths, texts):
    """Per field: [hits, total] of 'the text contains the visible value'."""
    per_field = {}
    for t in truths:
        text = contains_form(texts.get(t["file"], ""))
        for field, value in (t.get("visible") or {}).items():
            if not value:
                continue
            hit = contains_form(value) in text
            s = per_field.setdefault(field, [0, 0])
            s[0] += int(hit)
            s[1] += 1
    return per_field


def run_rapidocr(d, truths):
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError:
        return None, "not installed (pip install rapidocr-onnxruntime==1.4.4)"
    engine = RapidOCR()
    engine(os.path.join(d, truths[0]["file"]))  # warm-up: model load and first run
    texts, times = {}, []
    for t in truths:
        path = os.path.join(d, t["file"])
        start = time.perf_counter()
        result, _ = engine(path)
        times.append(time.perf_counter() - start)
        texts[t["file"]] = "\n".join(r[1] for r in (result or []))
    return {"texts": texts, "times": times}, None


def run_tesseract(d, truths):
    exe = shutil.which("tesseract")
    if not exe:
        return None, "not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
    texts, times = {}, []
    for t in truths:
        path = os.path.join(d, t["file"])
        start = time.perf_counter()
        out = subprocess.run([exe, path, "stdout", "-l", "chi_sim+eng"], capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if out.returncode != 0:
            return None, f"tesseract failed on {path}: {out.stderr.strip()[:200]}"
        texts[t["file"]] = out.stdout
    return {"texts": texts, "times": times}, None


def run_kadesk(d, exe):
    if os.path.basename(exe) == "analyze":  # the crate's dev example
        cmd = [exe, "--eval", d, "--json"]
    else:
        cmd = [exe, "vision", "eval", d, "--json"]
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if out.returncode != 0:
        return None, f"{' '.join(cmd)} failed: {out.stderr.strip()[-400:]}"
    try:
        report = json.loads(out.stdout)
    except ValueError:
        return None, f"{' '.join(cmd)} printed no JSON: {out.stdout[:200]}"
    report["_wall_s"] = wall
    return report, None


def pct(hits, total):
    return 100.0 * hits / total if total else float("nan")


def percentile(values, q):
    if not values:
        return float("nan")
    v = sorted(values)
    k = max(1, min(len(v), math.ceil(q * len(v))))
    return v[k - 1]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("dir")
    ap.add_argument("--kadesk", help="kadesk binary (or the crate's examples/analyze)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N images")
    ap.add_argument("--skip", default="", help="comma-separated engines to skip: rapidocr,tesseract,kadesk")
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args()

    truths = load_truths(args.dir, args.limit)
    if not truths:
        sys.exit(f"no labelled images in {args.dir} (NAME.json with file/kind/visible beside each image)")
    skip = set(filter(None, args.skip.split(",")))
    print(f"{len(truths)} images in {args.dir}; load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores\n")

    rows = {}
    if "kadesk" not in skip and args.kadesk:
        if args.limit:
            print("note: --limit does not apply to kadesk, which evaluates the whole folder")
        report, err = run_kadesk(args.dir, args.kadesk)
        if err:
            print(f"kadesk: {err}")
        else:
            per_field = {f: [s["correct"], s["total"]] for f, s in report["text_contains"].items()}
            rows["kadesk"] = {
                "fields": per_field,
                "median_s": report["time"]["median_ms"] / 1000,
                "p90_s": report["time"]["p90_ms"] / 1000,
                "images": report["images"],
                "accuracy": {f: s["accuracy"] for f, s in report["accuracy"].items()},
                "peak_memory_mib": (report.get("peak_memory_kib") or 0) / 1024,
            }
    for name, runner in (("rapidocr", run_rapidocr), ("tesseract", run_tesseract)):
        if name in skip:
            continue
        print(f"running {name}…", file=sys.stderr)
        res, err = runner(args.dir, truths)
        if err:
            print(f"{name}: {err}")
            continue
        rows[name] = {
            "fields": score(truths, res["texts"]),
            "median_s": statistics.median(res["times"]),
            "p90_s": percentile(res["times"], 0.9),
            "images": len(res["times"]),
        }

    fields = sorted({f for r in rows.values() for f in r["fields"]},
                    key=lambda f: ["order_no", "trade_no", "amount", "payment_status", "error_code",
                                   "error_message", "product", "time"].index(f)
                    if f in ["order_no", "trade_no", "amount", "payment_status", "error_code",
                             "error_message", "product", "time"] else 99)
    head = f"{'engine':<10} {'images':>6} " + " ".join(f"{f[:14]:>14}" for f in fields) + f" {'all':>7} {'median s':>9} {'p90 s':>7}"
    print("text contains the value as drawn (% of images showing it):")
    print(head)
    for name, r in rows.items():
        hits = sum(r["fields"].get(f, [0, 0])[0] for f in fields)
        total = sum(r["fields"].get(f, [0, 0])[1] for f in fields)
        cells = " ".join(f"{pct(*r['fields'].get(f, [0, 0])):>13.1f}%" for f in fields)
        r["all"] = pct(hits, total)
        print(f"{name:<10} {r['images']:>6} {cells} {r['all']:>6.1f}% {r['median_s']:>9.3f} {r['p90_s']:>7.3f}")
    if "kadesk" in rows:
        acc = rows["kadesk"]["accuracy"]
        print("\nkadesk extracted-field accuracy: " + ", ".join(f"{f} {100 * a:.1f}%" for f, a in acc.items()))
        print(f"kadesk peak memory: {rows['kadesk']['peak_memory_mib']:.0f} MiB")
    if "kadesk" in rows and "rapidocr" in rows:
        k, r = rows["kadesk"], rows["rapidocr"]
        print(f"\nkadesk vs rapidocr: text-contains {k['all']:.1f}% vs {r['all']:.1f}% "
              f"({'at least as accurate' if k['all'] >= r['all'] else 'LESS accurate'}); "
              f"median {k['median_s']:.3f} s vs {r['median_s']:.3f} s "
              f"({'faster' if k['median_s'] < r['median_s'] else 'NOT faster'})")
    if "kadesk" in rows and "tesseract" in rows:
        k, t = rows["kadesk"], rows["tesseract"]
        print(f"kadesk vs tesseract: median {k['median_s']:.3f} s vs {t['median_s']:.3f} s "
              f"({'faster' if k['median_s'] < t['median_s'] else 'NOT faster'})")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(rows, f, indent=2, ensure_ascii=False)


if __name__ == "__main__":
    main()
