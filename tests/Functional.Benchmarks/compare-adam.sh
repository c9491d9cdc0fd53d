#!/bin/sh
# Times one Adam step, ours against torch.optim.Adam (PyTorch 1.13, /usr/bin/python3), alternately:
# ours, theirs, ours, theirs, ... for ROUNDS rounds, then prints the median of each side's per-run medians
# and the ratio ours/theirs (below 1 means ours is faster).
#   tests/Functional.Benchmarks/compare-adam.sh [ROUNDS=2] [REPS=2000] [TORCH_THREADS=1]
set -eu
rounds=${1:-2}; reps=${2:-2000}; threads=${3:-1}
here=$(cd "$(dirname "$0")" && pwd)
dotnet build "$here" -c Release -v q -nologo >/dev/null
dll="$here/bin/Release/net10.0/Functional.Benchmarks.dll"
ours=""; theirs=""
i=0
while [ "$i" -lt "$rounds" ]; do
    o=$(dotnet "$dll" adam --reps "$reps" | awk '/^median_us/ {print $2}')
    t=$(/usr/bin/python3 "$here/peer/adam.py" --reps "$reps" --threads "$threads" | awk '/^median_us/ {print $2}')
    echo "round $((i + 1)): ours $o us, torch $t us"
    ours="$ours $o"; theirs="$theirs $t"
    i=$((i + 1))
done
python3 - "$ours" "$theirs" "$threads" <<'PY'
import statistics, sys
ours = [float(v) for v in sys.argv[1].split()]
theirs = [float(v) for v in sys.argv[2].split()]
o, t = statistics.median(ours), statistics.median(theirs)
print(f"Adam step, 784-256-128-10 float32: ours {o:.1f} us, torch (threads={sys.argv[3]}) {t:.1f} us, ratio ours/torch {o / t:.2f}x")
PY
