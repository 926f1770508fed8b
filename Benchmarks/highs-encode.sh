#!/usr/bin/env bash
# HiGHS on the `swiftmip encode` MIP of a stratified sample of the neural-network instances, with the
# VNN-COMP timeout of each instance (issue #7: "far more than HiGHS on the encode MIP").
#
# Sample (deterministic, 34 instances):
#   ACAS Xu (../shared/nn/acasxu/instances.csv, 186 rows): properties 1-4 have 45 rows each (one per
#     network); rows 3, 14, 25, 36 of each of these blocks (16), plus the 6 single rows of properties
#     5-10 (22 in all).
#   MNIST FC 2022 (instances_2022.csv): rows 0, 10, …, 80 (9: three per network, both epsilons).
#   MNIST FC 2021 (instances_2021.csv): rows 5, 35, 65 (3: one per network).
# Each instance: `swiftmip encode NET PROP model.mps` (symbolic bounds, the default), then
# `refsolve --solver highs --threads 2 --time-limit T model.mps`; feasible = sat, infeasible = unsat.
#
# usage: Benchmarks/highs-encode.sh [--out results.csv] [--part acas|mnist|all] [--swiftmip PATH] [--alternate]
# Run from the repository root after `swift build -c release`. Appends to --out (one row per instance,
# header written when the file is new); instances already in --out are skipped (resumable). The two
# parts can run at the same time into two files (then concatenate them without the second header).
# Compare with `swiftmip verify --instances` results: Benchmarks/highs-encode-compare.py.
set -euo pipefail
out=/work/status/highs-encode.csv
part=all
swiftmip=.build/release/swiftmip
alternate=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --part) part="$2"; shift 2 ;;
    --swiftmip) swiftmip="$2"; shift 2 ;;
    --alternate) alternate=1; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
nn=../shared/nn
refsolve=../shared/tools/refsolve
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -f "$out" ] || echo "benchmark,onnx,vnnlib,timeout_s,reference,encode_s,binaries,highs_status,highs_verdict,highs_time_s,swiftmip_verdict,swiftmip_time_s" > "$out"

# `swiftmip verify` on one instance: prints "verdict,wall seconds".
run_swiftmip() {
  local t0 t1 word
  t0=$(date +%s.%N)
  word=$("$swiftmip" verify "$nn/$1/$2" "$nn/$1/$3" --timeout "$4" --threads 2 --quiet </dev/null 2>/dev/null | head -1) || true
  t1=$(date +%s.%N)
  echo "${word:-error},$(echo "$t1 - $t0" | bc)"
}

sample() {
  if [ "$part" = acas ] || [ "$part" = all ]; then
    awk -F, '{ r = NR - 1; if (r >= 180 || (r % 45) == 3 || (r % 45) == 14 || (r % 45) == 25 || (r % 45) == 36) print "acasxu," $0 }' $nn/acasxu/instances.csv
  fi
  if [ "$part" = mnist ] || [ "$part" = all ]; then
    awk -F, '{ r = NR - 1; if (r % 10 == 0) print "mnistfc," $0 }' $nn/mnistfc/instances_2022.csv
    awk -F, '{ r = NR - 1; if (r % 30 == 5) print "mnistfc," $0 }' $nn/mnistfc/instances_2021.csv
  fi
}

row=0
sample | while IFS=, read -r bench onnx prop timeout; do
  timeout=${timeout%$'\r'}
  row=$((row + 1))
  if grep -q "^$bench,$onnx,$prop," "$out"; then continue; fi
  ours=","
  if [ "$alternate" = 1 ] && [ $((row % 2)) = 1 ]; then ours=$(run_swiftmip "$bench" "$onnx" "$prop" "$timeout"); fi
  ref=$(awk -F, -v b="$bench" -v o="$onnx" -v p="$prop" '$1 == b && $2 == o && $3 == p { print $5 }' $nn/results/reference.csv)
  mps="$tmp/model.mps"
  t0=$(date +%s.%N)
  enc=$("$swiftmip" encode "$nn/$bench/$onnx" "$nn/$bench/$prop" "$mps" 2>&1) || { echo "$bench,$onnx,$prop,$timeout,$ref,,,encode-error,,,$ours" >> "$out"; continue; }
  t1=$(date +%s.%N)
  encs=$(echo "$t1 - $t0" | bc)
  bins=$(echo "$enc" | sed -n 's/.*(\([0-9]*\) binary.*/\1/p')
  # The encoding time counts against the instance's limit, as it would for a verifier.
  left=$(echo "$timeout - $encs" | bc)
  json=$("$refsolve" --solver highs --threads 2 --time-limit "$left" "$mps" 2>/dev/null | tail -1)
  status=$(echo "$json" | sed -n 's/.*"status": "\([^"]*\)".*/\1/p')
  secs=$(echo "$json" | sed -n 's/.*"total_s": \([0-9.e+-]*\).*/\1/p')
  obj=$(echo "$json" | sed -n 's/.*"objective": \([^,]*\),.*/\1/p')
  case "$status" in
    optimal) verdict=sat ;;
    infeasible) verdict=unsat ;;
    *) if [ -n "$obj" ] && [ "$obj" != null ]; then verdict=sat; else verdict=timeout; fi ;;
  esac
  if [ "$alternate" = 1 ] && [ $((row % 2)) = 0 ]; then ours=$(run_swiftmip "$bench" "$onnx" "$prop" "$timeout"); fi
  echo "$bench,$onnx,$prop,$timeout,$ref,$encs,$bins,$status,$verdict,$secs,$ours" >> "$out"
done
