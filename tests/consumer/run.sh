#!/usr/bin/env bash
# The consumer test (issue 14): installs Functional as a user would, from packages, and uses nothing from the
# repository's source.
#   tests/consumer/run.sh            pack, then check the console app, the file-based app and the tool
# 1. `dotnet pack Functional.sln` into a temporary local feed.
# 2. In a fresh folder outside the repository, with a nuget.config that adds the feed to the normal sources and a
#    package cache of its own (so a stale Functional from an earlier run can never be restored):
#    a. `dotnet new console` + `dotnet add package Functional`, then tests/consumer/Program.cs: Iris, an MLP trained
#       with Trainer.Fit, predictions, accuracy; the printed accuracy must reach 0.9;
#    b. the same program as a .NET 10 file-based app that starts with `#:package Functional@VERSION`;
#    c. `dotnet tool install --tool-path TMP --add-source FEED Functional.Cli`, then `functional info` and
#       `functional train --limit 2000 --n-epochs 1`.
# Prints one "consumer: PASS|FAIL name" line per check and "consumer: N passed, N failed" at the end; exits non-zero
# on any failure. Leaves nothing behind unless KEEP=1.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 TERM=dumb
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' "$root/src/Directory.Build.props" | head -1)
work=$(mktemp -d "${TMPDIR:-/tmp}/functional-consumer.XXXXXX")
[[ "${KEEP:-0}" == 1 ]] || trap 'rm -rf "$work"' EXIT
log=$work/log
passed=0 failed=0
check() {  # check NAME COMMAND...: runs COMMAND, logging its output; PASS when it exits 0
  local name=$1; shift
  if "$@" >"$log.$name" 2>&1; then passed=$((passed + 1)); echo "consumer: PASS $name"
  else failed=$((failed + 1)); echo "consumer: FAIL $name"; sed 's/^/    /' "$log.$name" | tail -n 40; fi
}

feed=$work/feed
pack() { dotnet pack "$root/Functional.sln" -c Release -o "$feed" --nologo -v q; ls "$feed"/Functional.$version.nupkg; }
check pack pack

export NUGET_PACKAGES=$work/packages
cat > "$work/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="functional-local" value="$feed" />
  </packageSources>
</configuration>
XML

accuracy_ok() {  # accuracy_ok FILE: the program's line says "test accuracy A" with A >= 0.9
  cat "$1"
  awk '/test accuracy/ { a = $NF } END { exit !(a + 0 >= 0.9) }' "$1"
}

console_app() {
  cd "$work" && dotnet new console -o app >/dev/null && cd app &&
    dotnet add package Functional --version "$version" >/dev/null &&
    cp "$here/Program.cs" Program.cs &&
    dotnet build -c Release --nologo -v q &&
    dotnet bin/Release/net10.0/app.dll > out.txt && accuracy_ok out.txt
}
check console-app console_app

file_app() {
  mkdir -p "$work/script" && cd "$work/script" &&
    { echo "#:package Functional@$version"; cat "$here/Program.cs"; } > iris.cs &&
    dotnet run iris.cs > out.txt && accuracy_ok out.txt
}
check file-based-app file_app

tools=$work/tools
install_tool() { dotnet tool install --tool-path "$tools" --add-source "$feed" --version "$version" Functional.Cli; }
check tool-install install_tool
check tool-info "$tools/functional" info
tool_train() {
  cd "$work" && "$tools/functional" train --limit 2000 --n-epochs 1 --verbose 0 --model-fn "$work/runs/fc.safetensors" &&
    test -s "$work/runs/fc.safetensors"
}
check tool-train tool_train

for f in "$log".*; do n=${f##*.}; case $n in console-app|file-based-app) grep -h "test accuracy" "$f" | sed "s/^/consumer: $n printed: /";; esac; done
echo "consumer: $passed passed, $failed failed"
((failed == 0))
