#!/usr/bin/env bash
# What two Vina processes at once give on this machine against one alone, with nothing else running: the
# ceiling of the two-reward-node benchmark (MoleculeBenchmarks#rewardNodes_twoNodesOneSlotEachVersusOne).
# Eight drug-like probes are prepared once (RDKit ETKDG + MMFF, seed 42; Open Babel PDBQT), then each round
# times one `vina --batch` of all eight on Abl alone, two at once, and one alone again:
# ceiling = (alone + alone again) / pair. Prints each round and the median.
#   tools/vina-ceiling.sh [ROUNDS]   (default 12; about 25 s a round)
set -euo pipefail
rounds="${1:-12}"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || { echo "vina-ceiling.sh: ROUNDS must be a whole number of at least 1, got '$rounds'" >&2; exit 2; }
for tool in vina obabel; do
  command -v "$tool" >/dev/null || { echo "vina-ceiling.sh: $tool is missing: bin/install-deps --test" >&2; exit 2; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
zcat /usr/share/doc/autodock-vina/test-data/protein.pdbqt.gz > receptor.pdbqt
/usr/bin/python3 - <<'PY'
import subprocess
from rdkit import Chem
from rdkit.Chem import AllChem
probes = ["CC(=O)Oc1ccccc1C(=O)O", "CC(C)Cc1ccc(cc1)C(C)C(=O)O", "CN1CCC[C@H]1c1cccnc1",
          "Cn1cnc2c1c(=O)n(C)c(=O)n2C", "CC(=O)Nc1ccc(O)cc1", "OC(=O)c1ccccc1O", "COc1ccc2[nH]cc(CCN)c2c1",
          "NC(=O)c1cccnc1"]
for i, smiles in enumerate(probes):
    m = Chem.AddHs(Chem.MolFromSmiles(smiles))
    AllChem.EmbedMolecule(m, randomSeed=42)
    AllChem.MMFFOptimizeMolecule(m)
    Chem.MolToMolFile(m, f"l{i}.mol")
    subprocess.run(["obabel", f"l{i}.mol", "-O", f"l{i}.pdbqt"], check=True, capture_output=True)
PY
dock() {
  mkdir -p "$1"
  GLIBC_TUNABLES=glibc.malloc.hugetlb=1 vina --receptor receptor.pdbqt --batch l?.pdbqt --dir "$1" \
    --center_x 11 --center_y 90.5 --center_z 57.5 --size_x 22 --size_y 24 --size_z 28 \
    --cpu 1 --seed 1 --exhaustiveness 1 > "$1.log" 2>&1
}
seconds() { local s; s=$(date +%s.%N); "$@"; awk -v from="$s" -v to="$(date +%s.%N)" 'BEGIN { print to - from }'; }
pair() { dock b & dock c & wait; }
echo "round  alone  pair  alone  ceiling"
for r in $(seq 1 "$rounds"); do
  a=$(seconds dock a1); p=$(seconds pair); z=$(seconds dock a2)
  awk -v r="$r" -v a="$a" -v p="$p" -v z="$z" 'BEGIN { printf "%5d  %5.2f  %5.2f  %5.2f  %.2f\n", r, a, p, z, (a + z) / p }'
done | tee rounds.txt
awk '{print $5}' rounds.txt | sort -n | awk '{v[NR]=$1} END {m = NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2; printf "median ceiling %.2fx over %d rounds\n", m, NR}'
