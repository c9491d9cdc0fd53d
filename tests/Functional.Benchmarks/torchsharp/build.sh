#!/usr/bin/env bash
# Builds the TorchSharp peer (TorchSharpPeer.csproj, kept out of Functional.sln) and makes it loadable on Debian
# bookworm. Idempotent: each run builds (msbuild copies the package's unpatched library into the output again) and
# patches that fresh copy. Run it again after any plain `dotnet build` of this project.
#   tests/Functional.Benchmarks/torchsharp/build.sh
#   dotnet tests/Functional.Benchmarks/torchsharp/bin/Release/net10.0/TorchSharpPeer.dll --model mlp --epochs 2
#
# Why a patch: TorchSharp 0.107's native libLibTorchSharp.so needs the symbol std::ios_base_library_init at version
# GLIBCXX_3.4.32 (GCC 13's libstdc++). Bookworm's libstdc++ stops at GLIBCXX_3.4.30, so the library fails to load.
# The patched copy (in bin/Release/net10.0/ only, never in git):
#   1. patchelf --clear-symbol-version: the reference to _ZSt21ios_base_library_initv becomes unversioned;
#   2. the version need GLIBCXX_3.4.32 (of libstdc++.so.6) gets the VER_FLG_WEAK flag, so the dynamic loader no longer
#      refuses the library when libstdc++ lacks that version (patchelf cannot edit .gnu.version_r; one byte, via dd);
#   3. patchelf --add-needed libTorchSharpPeerShim.so: the shim (ios_base_library_init.cpp, compiled with g++)
#      defines the function; the library's RUNPATH has $ORIGIN/, so it is found next to it.
# It is the only symbol the library needs above GLIBCXX_3.4.30; the script checks that and stops if that changes.
set -euo pipefail
cd "$(dirname "$0")"
out=bin/Release/net10.0
lib=$out/libLibTorchSharp.so
shim=libTorchSharpPeerShim.so
sym=_ZSt21ios_base_library_initv
need=GLIBCXX_3.4.32

# Tools: patchelf, g++, readelf (binutils); installed when missing and running as root.
missing=()
command -v patchelf >/dev/null || missing+=(patchelf)
command -v g++ >/dev/null || missing+=(g++)
command -v readelf >/dev/null || missing+=(binutils)
if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "build.sh: missing: ${missing[*]}; run: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# The first restore brings TorchSharp-cpu 0.107.0 and libtorch-cpu-linux-x64 2.10.0 (about 600 MB).
dotnet build TorchSharpPeer.csproj -c Release -nologo -v q
[[ -f $lib ]] || { echo "build.sh: $lib not found after the build" >&2; exit 1; }

libstdcxx=$(ldconfig -p | awk '/libstdc\+\+\.so\.6 .*x86-64/ && !f {print $NF; f = 1}')
if [[ -n $libstdcxx ]] && grep -qa "$need" "$libstdcxx"; then
  echo "build.sh: $libstdcxx provides $need; no patch needed"
else
  # Every symbol the library needs at a libstdc++ version newer than bookworm's (3.4.30) must be the one we shim.
  others=$(objdump -T "$lib" | { grep -E '\(GLIBCXX_3\.4\.(3[1-9]|[4-9][0-9])\)' || true; } | { grep -v " $sym\$" || true; })
  if [[ -n $others ]]; then
    echo "build.sh: $lib needs more than $sym from a newer libstdc++; the shim does not cover:" >&2
    echo "$others" >&2
    exit 1
  fi
  mkdir -p obj
  g++ -O2 -shared -fPIC -o "obj/$shim" ios_base_library_init.cpp
  tmp=$(mktemp "$out/.libLibTorchSharp.so.XXXXXX")
  trap 'rm -f "$tmp"' EXIT
  cp "$lib" "$tmp"
  patchelf --clear-symbol-version "$sym" "$tmp"
  patchelf --add-needed "$shim" "$tmp"
  # Set VER_FLG_WEAK (2) in the Elf64_Vernaux of $need: file offset of .gnu.version_r + entry offset + 4 (vna_flags,
  # after the 4-byte vna_hash). Offsets are read after patchelf, which may have moved the section.
  read -r secoff entry < <(readelf -V -W "$tmp" | awk -v need="$need" '
    /^Version needs section/ { getline; for (i = 1; i <= NF; i++) if ($i == "Offset:") so = $(i + 1) }
    so != "" && $2 == "Name:" && $3 == need { e = $1; sub(":", "", e); print so, e; exit }')
  [[ -n ${secoff:-} && -n ${entry:-} ]] || { echo "build.sh: no version need $need in $lib" >&2; exit 1; }
  printf '\x02' | dd of="$tmp" bs=1 seek=$((secoff + entry + 4)) conv=notrunc status=none
  [[ $(readelf -V -W "$tmp") =~ Name:\ $need\ +Flags:\ WEAK ]] || { echo "build.sh: patching the version need failed" >&2; exit 1; }
  cp "obj/$shim" "$out/$shim"
  chmod 755 "$tmp"
  mv "$tmp" "$lib"
  trap - EXIT
  echo "build.sh: patched $lib ($sym unversioned, $need weak, needs $shim)"
fi

dotnet "$out/TorchSharpPeer.dll" --check
