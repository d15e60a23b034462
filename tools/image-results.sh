#!/usr/bin/env bash
# Reproduces docs/results.md's image tables on this machine: the bundled fashion model steered toward
# JPEG compressibility and toward class:sneaker by every method at N = 64, M = 8, T = 50, then the
# Frechet distance of each method's 64 designs (and of 64 held-out natural images) to the test images in
# the judge classifier's features. Writes OUT/<run>/ and OUT/<run>.table, OUT/<run>.fid (default OUT:
# out/results-images); about 10 minutes on 2 cores. The durable oracle archive is off.
set -euo pipefail
home="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$home/out/results-images}"
data=/usr/share/datasets/fashion-mnist
mkdir -p "$out"
"$home/bin/install-deps" --images
export SVDD_JAVA_OPTS="${SVDD_JAVA_OPTS:--Xmx6g} -Dsvdd.reward.archive-url="
head -n 64 "$home/models/fashion/data/heldout.tsv" > "$out/natural.tsv"
methods=svdd,svdd-r,best-of-n,smc,pretrained
for reward in jpeg-compressibility class:sneaker; do
  name="${reward//:/-}"
  "$home/bin/svdd" sample --task fashion --reward "$reward" --method "$methods" --particles 64 --candidates 8 \
    --steps 50 --seed 7 --out "$out/$name" 2>/dev/null | tee "$out/$name.table"
  files=()
  for m in ${methods//,/ }; do files+=("$out/$name/$m.jsonl"); done
  "$home/bin/svdd" fid --task fashion --test "$data/t10k-images-idx3-ubyte.gz" --samples 0 \
    --designs "${files[@]}" "$out/natural.tsv" 2>/dev/null | tee "$out/$name.fid"
done
# reward against M: SVDD toward JPEG compressibility at N = 64, T = 50, M = 1, 2, 4, 8, 16
for m in 1 2 4 8 16; do
  "$home/bin/svdd" sample --task fashion --reward jpeg-compressibility --method svdd --particles 64 --candidates "$m" \
    --steps 50 --seed 7 --out "$out/jpeg-m$m" 2>/dev/null | grep "^svdd " | tee "$out/jpeg-m$m.table"
done
