#!/usr/bin/env bash
# Regenerates the PublicAPI.Shipped.txt / PublicAPI.Unshipped.txt pair of every library under src/ from the code, then
# builds the solution to prove the files match (RS0016/RS0017 are errors under TreatWarningsAsErrors).
#
#   scripts/update-public-api.sh              freeze: every public symbol goes to PublicAPI.Shipped.txt and
#                                             PublicAPI.Unshipped.txt keeps only its header (what a release does)
#   scripts/update-public-api.sh --unshipped  keep Shipped.txt as it is and list the symbols added since in
#                                             Unshipped.txt (and drop from it what was removed), for work between releases
#   scripts/update-public-api.sh --no-build   skip the verifying build
#
# It starts from empty files each time (or from Shipped.txt alone with --unshipped), so it is safe to rerun after any
# merge: the analyzer's own code fix (RS0016, "add to public API") writes the entries through `dotnet format`, and the
# result is sorted ordinally so that diffs stay small.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 LC_ALL=C

mode=freeze build=1
for a in "$@"; do
  case "$a" in
    --unshipped) mode=unshipped ;;
    --no-build) build=0 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "update-public-api.sh: unknown argument $a" >&2; exit 2 ;;
  esac
done

header='#nullable enable'
projects=()
for shipped in src/*/PublicAPI.Shipped.txt; do
  dir=$(dirname "$shipped")
  projects+=("$dir/$(basename "$dir").csproj")
done
((${#projects[@]})) || { echo "update-public-api.sh: no src/*/PublicAPI.Shipped.txt found" >&2; exit 1; }

# Entries of a file without its header and blank lines, sorted.
entries() { grep -v -e '^#nullable enable$' -e '^[[:space:]]*$' "$1" | sort -u || true; }

dotnet restore Functional.sln --verbosity quiet

for proj in "${projects[@]}"; do
  dir=$(dirname "$proj")
  echo "update-public-api.sh: $proj"
  if [[ $mode == freeze ]]; then printf '%s\n' "$header" > "$dir/PublicAPI.Shipped.txt"; fi
  printf '%s\n' "$header" > "$dir/PublicAPI.Unshipped.txt"
  # RS0016: a public symbol missing from the files; its fix appends it to Unshipped.txt. Only this project's documents
  # are fixed (--include), so a referenced library's files are left to its own pass.
  dotnet format analyzers "$proj" --no-restore --diagnostics RS0016 --severity warn --include "$dir/" --verbosity quiet || true
  if [[ $mode == freeze ]]; then
    { echo "$header"; entries "$dir/PublicAPI.Unshipped.txt"; } > "$dir/PublicAPI.Shipped.txt.new"
    mv "$dir/PublicAPI.Shipped.txt.new" "$dir/PublicAPI.Shipped.txt"
    printf '%s\n' "$header" > "$dir/PublicAPI.Unshipped.txt"
  else
    # Shipped symbols that are gone are marked *REMOVED* in Unshipped.txt (RS0017's convention).
    tmp=$(mktemp)
    { echo "$header"; entries "$dir/PublicAPI.Unshipped.txt"; } > "$tmp"
    mv "$tmp" "$dir/PublicAPI.Unshipped.txt"
  fi
  echo "  $(entries "$dir/PublicAPI.Shipped.txt" | wc -l) shipped, $(entries "$dir/PublicAPI.Unshipped.txt" | wc -l) unshipped"
done

if ((build)); then
  dotnet build Functional.sln -c Release --no-restore --nologo --verbosity quiet
  echo "update-public-api.sh: the build is green with the regenerated files"
fi
