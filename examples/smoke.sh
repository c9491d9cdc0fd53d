#!/usr/bin/env bash
# Builds and runs every app in examples/ in a smoke mode (few epochs, a --limit on the Fashion-MNIST chapters), so the
# examples never drift from the library. Run from anywhere; .ci/run runs it after the tests.
#   examples/smoke.sh [NAME ...]      all apps, or only those named (e.g. ch07-linear-regression)
# Each app has a timeout of its own (TIMEOUT, default 300 s; most take 10-40 s, mostly the first build). Budget: about
# 10 minutes for all of them on the 2-core CI machine. explore.csx runs only when csharprepl is installed.
# Prints "examples: PASS|FAIL name (N s)" per app and "examples: N passed, N failed" last; exits non-zero on a failure.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 TERM=dumb
timeout=${TIMEOUT:-300}

# The smoke arguments of each app: a few epochs, small data. An app missing here runs with no arguments.
declare -A smoke=(
  [ch07-linear-regression]="--epochs 50"
  [ch08-logistic-regression]="--epochs 200"
  [ch09-deep-regression]="--epochs 200"
  [ch10-minibatch-sgd]="--epochs 5"
  [ch11-adam]="--epochs 5"
  [ch12-early-stopping]="--epochs 20 --patience 5"
  [ch13-binary]="--epochs 20 --patience 5"
  [ch13-multiclass]="--epochs 1 --limit 1000"
  [ch14-regularization]="--epochs 1 --limit 1000"
  [ch18-cnn]="--epochs 1 --limit 256"
  [ch19-rnn]="--epochs 1 --limit 256 --n-layers 1 --hidden-size 16"
  [char-lm]="--epochs 1 --limit 64 --length 40 --text README.md"   # dict-devil may be absent
  [sine-forecast]="--epochs 2"
  [onnx-export]="--epochs 1 --limit 2000"
)

apps=("$@")
((${#apps[@]})) || for f in examples/*.cs; do apps+=("$(basename "$f" .cs)"); done
passed=0 failed=0 start=$SECONDS
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for app in "${apps[@]}"; do
  t=$SECONDS
  # shellcheck disable=SC2086
  if timeout "$timeout" dotnet run -c Release "examples/$app.cs" -- ${smoke[$app]:-} >"$out/$app.log" 2>&1; then
    passed=$((passed + 1)); echo "examples: PASS $app ($((SECONDS - t)) s)"
  else
    failed=$((failed + 1)); echo "examples: FAIL $app ($((SECONDS - t)) s)"; tail -n 30 "$out/$app.log" | sed 's/^/    /'
  fi
done
if (($# == 0)); then
  if command -v csharprepl >/dev/null; then
    t=$SECONDS
    if (cd examples && timeout "$timeout" csharprepl --eval-file explore.csx) >"$out/explore.csx.log" 2>&1; then
      passed=$((passed + 1)); echo "examples: PASS explore.csx ($((SECONDS - t)) s)"
    else
      failed=$((failed + 1)); echo "examples: FAIL explore.csx"; tail -n 30 "$out/explore.csx.log" | sed 's/^/    /'
    fi
  else
    echo "examples: explore.csx not run (csharprepl is not installed: dotnet tool install -g csharprepl)"
  fi
fi
echo "examples: all in $((SECONDS - start)) s"
echo "examples: $passed passed, $failed failed"
((failed == 0))
