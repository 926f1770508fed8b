#!/usr/bin/env python3
"""Compare `swiftmip verify` with HiGHS on the `swiftmip encode` MIP (the sample of highs-encode.sh).

usage: Benchmarks/highs-encode-compare.py HIGHS.csv [BENCH=VERIFY.csv ...]

HIGHS.csv: written by Benchmarks/highs-encode.sh. VERIFY.csv: the --results file of
`swiftmip verify --instances` (columns onnx,vnnlib,result,time_s,...), paths relative to the benchmark
folder. Prints a Markdown table per benchmark and overall: decided (sat/unsat), timeouts, wrong (answers
contradicting the reference verdict), total time of decided instances, and the shifted geometric mean
(shift 1 s) of the times on the instances both decide, with its ratio HiGHS / SwiftMIP. HiGHS's time is
the encoding time plus refsolve's total_s (the encoding counts against the instance's limit).
Rows of HIGHS.csv written with `highs-encode.sh --alternate` carry SwiftMIP's verdict and time of the
same run (swiftmip_verdict, swiftmip_time_s); those are used, and no VERIFY.csv is needed for them.
"""
import csv
import math
import sys


def sgm(xs, shift=1.0):
    if not xs:
        return float("nan")
    return math.exp(sum(math.log(x + shift) for x in xs) / len(xs)) - shift


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    highs = list(csv.DictReader(open(sys.argv[1])))
    ours = {}
    for arg in sys.argv[2:]:
        bench, path = arg.split("=", 1)
        for row in csv.DictReader(open(path)):
            ours[(bench, row["onnx"], row["vnnlib"])] = (row["result"], float(row["time_s"]))
    groups = {}
    for h in highs:
        key = (h["benchmark"], h["onnx"], h["vnnlib"])
        if h.get("swiftmip_verdict"):
            same_run = (h["swiftmip_verdict"], float(h["swiftmip_time_s"] or 0))
            groups.setdefault(h["benchmark"], []).append((h, same_run))
            continue
        if key not in ours:
            continue
        groups.setdefault(h["benchmark"], []).append((h, ours[key]))
    print("| benchmark | n | SwiftMIP decided (sat/unsat) | timeout | wrong | time [s] | HiGHS decided (sat/unsat) | timeout | wrong | time [s] | both | sgm SwiftMIP [s] | sgm HiGHS [s] | ratio |")
    print("|---|---:|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    allrows = []
    for bench in sorted(groups) + ["all"]:
        rows = allrows if bench == "all" else groups[bench]
        if bench != "all":
            allrows.extend(rows)
        s = {"sat": 0, "unsat": 0, "to": 0, "wrong": 0, "t": 0.0}
        g = {"sat": 0, "unsat": 0, "to": 0, "wrong": 0, "t": 0.0}
        ta, tb = [], []
        for h, (res, t) in rows:
            ref = h["reference"]
            ht = float(h["encode_s"] or 0) + float(h["highs_time_s"] or 0)
            hv = h["highs_verdict"]
            for d, v, tt in ((s, res, t), (g, hv, ht)):
                if v in ("sat", "unsat"):
                    d[v] += 1
                    d["t"] += tt
                    if ref in ("sat", "unsat") and v != ref:
                        d["wrong"] += 1
                else:
                    d["to"] += 1
            if res in ("sat", "unsat") and hv in ("sat", "unsat"):
                ta.append(t)
                tb.append(ht)
        a, b = sgm(ta), sgm(tb)
        ratio = b / a if ta and a > 0 else float("nan")
        print(f"| {bench} | {len(rows)} | {s['sat'] + s['unsat']} ({s['sat']}/{s['unsat']}) | {s['to']} | {s['wrong']} | {s['t']:.1f} "
              f"| {g['sat'] + g['unsat']} ({g['sat']}/{g['unsat']}) | {g['to']} | {g['wrong']} | {g['t']:.1f} "
              f"| {len(ta)} | {a:.2f} | {b:.2f} | {ratio:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
