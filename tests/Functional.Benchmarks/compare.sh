#!/usr/bin/env bash
# End-to-end comparison, ours against PyTorch 1.13 (and TorchSharp when its peer builds): builds Release, then runs
# compare.py with the arguments given (see `compare.sh --help`). With no arguments: the full default run (mlp, fc, cnn,
# rnn; two alternating rounds), which also rewrites the compare section of docs/performance.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build() { dotnet build "$1" -c Release -v q -nologo >/dev/null; }
build "$root/src/Functional.Cli"
build "$here/Functional.Benchmarks.csproj"
# The TorchSharp peer is out of the solution; build it when it is there and not left out. If it does not build (the
# TorchSharp-cpu package does not restore), the run goes on without it unless an older build is present.
ts="$here/torchsharp/TorchSharpPeer.csproj"
if [[ -f "$ts" && " $* " != *" --no-torchsharp "* && " $* " != *" --torchsharp"* ]]; then
  # build.sh, not a plain build: a build copies the unpatched libLibTorchSharp.so back, and build.sh patches it (see its header)
  bash "$here/torchsharp/build.sh" >/dev/null || echo "compare.sh: the TorchSharp peer did not build; see $here/torchsharp" >&2
fi
exec /usr/bin/python3 "$here/compare.py" "$@"
