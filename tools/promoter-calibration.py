#!/usr/bin/env python3
"""How much of the guide's gain does the held-out judge keep, once both predictors speak the same units?

Each predictor's log-odds are Platt-scaled (a logistic fit of the label on the score) on the test genes,
which neither predictor trained on: their core promoters (label 1) against their other windows (label 0;
a window that is also a core promoter is dropped). The gain of a method over pre-trained samples is then
compared in calibrated log-odds (median) and in calibrated probability (mean).

Usage:
  bin/svdd eval --task promoter --designs models/promoter/data/promoters-test.fa --label pos --out CAL
  bin/svdd eval --task promoter --designs models/promoter/data/heldout.fa --label neg --out CAL
  tools/promoter-calibration.py CAL RUN_DIR...   (RUN_DIR: svdd sample --task promoter --out directories)
"""
import glob
import json
import math
import os
import statistics
import sys


def scores(path):
    with open(path) as f:
        return [(d["sequence"], d["reward"], d["properties"]["judge_score"]) for d in map(json.loads, f)]


def platt(positives, negatives):
    """Slope a and intercept b of P(promoter) = sigmoid(a * score + b), by Newton's method."""
    data = [(x, 1.0) for x in positives] + [(x, 0.0) for x in negatives]
    a, b = 1.0, 0.0
    for _ in range(100):
        ga = gb = haa = hab = hbb = 0.0
        for x, y in data:
            p = 1.0 / (1.0 + math.exp(-(a * x + b)))
            w = p * (1.0 - p)
            ga += (p - y) * x
            gb += p - y
            haa += w * x * x
            hab += w * x
            hbb += w
        det = haa * hbb - hab * hab
        da = (hbb * ga - hab * gb) / det
        db = (haa * gb - hab * ga) / det
        a, b = a - da, b - db
        if max(abs(da), abs(db)) < 1e-10:
            break
    return a, b


def main():
    cal, runs = sys.argv[1], sys.argv[2:]
    pos = scores(os.path.join(cal, "pos.jsonl"))
    promoters = {s for s, _, _ in pos}
    neg = [x for x in scores(os.path.join(cal, "neg.jsonl")) if x[0] not in promoters]
    guide = platt([g for _, g, _ in pos], [g for _, g, _ in neg])
    judge = platt([j for _, _, j in pos], [j for _, _, j in neg])
    print(f"calibrated on {len(pos)} core promoters and {len(neg)} other windows of the test genes: "
          f"guide slope {guide[0]:.3f} intercept {guide[1]:.3f}, judge slope {judge[0]:.3f} intercept {judge[1]:.3f}")

    def summary(method):
        rows = [x for run in runs for x in scores_of(run, method)]
        lg = [guide[0] * g + guide[1] for _, g, _ in rows]
        lj = [judge[0] * j + judge[1] for _, _, j in rows]
        sig = lambda z: 1.0 / (1.0 + math.exp(-z))
        return (len(rows), statistics.median(lg), statistics.median(lj),
                statistics.fmean(map(sig, lg)), statistics.fmean(map(sig, lj)))

    methods = sorted({os.path.basename(f)[:-6] for run in runs for f in glob.glob(os.path.join(run, "*.jsonl"))})
    base = summary("pretrained")
    print("| method | n | guide log-odds | judge log-odds | judge keeps | guide P | judge P | judge keeps |")
    print("|---|---|---|---|---|---|---|---|")
    for m in methods:
        n, lg, lj, pg, pj = summary(m)
        keep_lo = "" if m == "pretrained" else f"{100 * (lj - base[2]) / (lg - base[1]):.0f} %"
        keep_p = "" if m == "pretrained" else f"{100 * (pj - base[4]) / (pg - base[3]):.0f} %"
        print(f"| {m} | {n} | {lg:.2f} | {lj:.2f} | {keep_lo} | {pg:.3f} | {pj:.3f} | {keep_p} |")


def scores_of(run, method):
    path = os.path.join(run, method + ".jsonl")
    return scores(path) if os.path.exists(path) else []


if __name__ == "__main__":
    main()
