#!/usr/bin/env bash
# Fuzzes one parser with SharpFuzz + AFL++ (issue 15): tests/fuzz/run.sh TARGET SECONDS
# Targets: safetensors checkpoint idx csv spec manifest (see docs/reliability.md), and canary, the harness's own check
# that an escaping exception registers as a crash (a planted one; a run of a minute must report it).
# Builds tests/Functional.Fuzz in Release into its own output directory, instruments the assemblies that hold the
# parsers (Functional.dll, Functional.Cli.dll) in place, and runs afl-fuzz for SECONDS from tests/fuzz/seeds/TARGET.
# Findings go to tests/fuzz/findings/TARGET (not committed); each crash or hang becomes a file under
# tests/data/fuzz-regressions/TARGET/ replayed by Functional.Tests (FuzzRegressionTests).
# Needs: Debian afl++ (apt-get install -y afl++), the local tool manifest (.config/dotnet-tools.json).
set -euo pipefail
target=${1:?usage: run.sh TARGET SECONDS}
seconds=${2:?usage: run.sh TARGET SECONDS}
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
out=$root/tests/fuzz/build/$target
findings=$root/tests/fuzz/findings/$target
command -v afl-fuzz >/dev/null || { echo "run.sh: afl-fuzz not found (apt-get install -y afl++)" >&2; exit 1; }
[ -d "tests/fuzz/seeds/$target" ] || { echo "run.sh: no seeds for target '$target' in tests/fuzz/seeds" >&2; exit 1; }
dotnet tool restore >/dev/null
dotnet build tests/Functional.Fuzz -c Release -v q -o "$out" >/dev/null
for dll in Functional.dll Functional.Cli.dll; do dotnet tool run sharpfuzz "$out/$dll" >/dev/null; done
rm -rf "$findings"; mkdir -p "$findings"
# -t 1000: an input that runs past 1 s is a hang. -m none: the CLR reserves far more address space than it uses;
# the allocation bound is checked by the parsers themselves (docs/reliability.md).
AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
  afl-fuzz -i "tests/fuzz/seeds/$target" -o "$findings" -t 1000 -m none -V "$seconds" -- dotnet "$out/Functional.Fuzz.dll" "$target"
stats=$findings/default/fuzzer_stats
[ -f "$stats" ] && grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs) ' "$stats"
