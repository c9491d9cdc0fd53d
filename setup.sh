#!/usr/bin/env bash
# Prepares a fresh Debian machine for Functional, then restores and builds the solution.
# Idempotent: packages already installed are skipped, and apt-get runs only when one is missing.
#   ./setup.sh            install what is missing (as root), restore, build Release
set -euo pipefail
cd "$(dirname "$0")"

# libopenblas0-pthread: the fast GEMM backend (the library falls back to managed code without it).
# dataset-fashion-mnist: Fashion-MNIST under /usr/share/datasets/fashion-mnist/.
# openmpi-bin: mpirun and libmpi.so.40 for data-parallel training (Functional.Distributed and its tests).
packages=(libopenblas0-pthread dataset-fashion-mnist openmpi-bin)

missing=()
for p in "${packages[@]}"; do
  dpkg -s "$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup.sh: missing Debian packages: ${missing[*]}" >&2
    echo "run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "setup.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "setup.sh: the .NET 10 SDK (dotnet) is not on PATH; install it first" >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet restore Functional.sln --verbosity quiet
dotnet build Functional.sln -c Release --no-restore --nologo --verbosity quiet
echo "setup.sh: ready (Release build of Functional.sln)"
