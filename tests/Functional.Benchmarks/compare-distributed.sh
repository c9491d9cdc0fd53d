#!/usr/bin/env bash
# Data-parallel scaling on one machine: the CLI's fc model trained by 1 process with 2 BLAS threads against
# `mpirun -np 2` with 1 thread per rank, the same global batch, alternating ROUNDS times. Prints images/s of each,
# the ratio of the medians of the epoch times (2 ranks / 1 process; target <= 1.1) and the all-reduce time per step.
#   tests/Functional.Benchmarks/compare-distributed.sh [ROUNDS=3] [LIMIT=30000] [EPOCHS=3] [MODEL=fc] [BATCH=256]
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${1:-3} limit=${2:-30000} epochs=${3:-3} model=${4:-fc} batch=${5:-256}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 TERM=dumb DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet build src/Functional.Cli -c Release -v q -nologo >/dev/null
cli=src/Functional.Cli/bin/Release/net10.0/Functional.Cli.dll
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
common=(--model "$model" --limit "$limit" --n-epochs "$epochs" --batch-size "$batch" --verbose 0)
train=$(python3 -c "print(int($limit*0.8))")
one=() two=() ar=()
for r in $(seq "$rounds"); do
  out=$(dotnet "$cli" train --model-fn "$tmp/one.safetensors" --threads 2 "${common[@]}")
  # Median of the epochs after the first (JIT and page faults stay out).
  one+=("$(grep '^Epoch seconds:' <<<"$out" | cut -d: -f2 | tr ' ' '\n' | tail -n +3 | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')")
  out=$(mpirun --oversubscribe -np 2 dotnet "$cli" train --model-fn "$tmp/two.safetensors" --threads 1 "${common[@]}")
  two+=("$(grep '^Epoch seconds:' <<<"$out" | cut -d: -f2 | tr ' ' '\n' | tail -n +3 | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')")
  ar+=("$(grep '^All-reduce:' <<<"$out" | awk '{print $2}')")
  echo "round $r: 1 process ${one[-1]} s/epoch, 2 ranks ${two[-1]} s/epoch, all-reduce ${ar[-1]} ms/step"
done
python3 - "$train" "$batch" "${one[*]}" "${two[*]}" "${ar[*]}" <<'PY'
import statistics as st, sys
n, b = int(sys.argv[1]), int(sys.argv[2])
one, two, ar = ([float(x) for x in a.split()] for a in sys.argv[3:6])
m1, m2, ma = st.median(one), st.median(two), st.median(ar)
steps = -(-n // b)
print(f"1 process, 2 threads: {m1:.3f} s/epoch, {n/m1:,.0f} images/s")
print(f"2 ranks, 1 thread each: {m2:.3f} s/epoch, {n/m2:,.0f} images/s")
print(f"ratio 2 ranks / 1 process: {m2/m1:.2f}x (target <= 1.1x); all-reduce {ma:.2f} ms/step = {ma*steps/1e3/m2*100:.0f}% of the 2-rank epoch ({steps} steps)")
PY
