#!/usr/bin/env bash
# Epoch time of `functional train --model fc` against PyTorch 1.13 on the same model and data, alternating runs.
# Usage: tests/Functional.Benchmarks/peer/compare_fc.sh [epochs=3] [threads=1] [rounds=1]
# Prints each run's median seconds per epoch and, per round, the ratio ours / PyTorch.
set -euo pipefail
epochs=${1:-3}; threads=${2:-1}; rounds=${3:-1}
root=$(cd "$(dirname "$0")/../../.." && pwd)
dotnet build "$root/src/Functional.Cli" -c Release -v q -nologo >/dev/null
cli="$root/src/Functional.Cli/bin/Release/net10.0/Functional.Cli.dll"
tmp=$(mktemp -d)
for r in $(seq "$rounds"); do
  ours=$(dotnet "$cli" train --model-fn "$tmp/fc.safetensors" --n-epochs "$epochs" --threads "$threads" --verbose 0 \
         | sed -n 's/.*median \([0-9.]*\) s\/epoch.*/\1/p')
  peer=$(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$root/tests/Functional.Benchmarks/peer/fc_train.py" --n-epochs "$epochs" --threads "$threads" \
         | awk '/^epoch_seconds/ {print $2}' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "round $r: functional ${ours} s/epoch, pytorch ${peer} s/epoch, ratio $(python3 -c "print(f'{$ours/$peer:.2f}')")"
done
rm -rf "$tmp"
