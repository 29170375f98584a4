#!/usr/bin/env bash
# Makes TorchSharp's libLibTorchSharp.so loadable on systems whose libstdc++ lacks GLIBCXX_3.4.32
# (Debian 12 ships GCC 12's). Run by build/TorchSharpNative.targets after every build of a project
# that references TorchSharp; does nothing where the system libstdc++ already has that version.
# Usage: fix-libtorchsharp.sh <output-dir> <intermediate-dir>
set -euo pipefail
out="$1"; obj="$2"; here="$(cd "$(dirname "$0")" && pwd)"
version=GLIBCXX_3.4.32
shim_name=libctsft_glibcxx_shim.so

stdcxx="$(ldconfig -p 2>/dev/null | awk '/libstdc\+\+\.so\.6 .*x86-64/ {print $NF; exit}')"
if [[ -z "$stdcxx" ]] || grep -qa "$version" "$stdcxx"; then
  rm -f "$out/$shim_name"
  exit 0
fi

if ! find "$out" -name libLibTorchSharp.so -print -quit | grep -q .; then exit 0; fi
mkdir -p "$obj"
if [[ ! -x "$obj/weaken_version_need" || "$here/weaken_version_need.c" -nt "$obj/weaken_version_need" ]]; then
  gcc -O2 -o "$obj/weaken_version_need" "$here/weaken_version_need.c"
fi
if [[ ! -f "$obj/$shim_name" || "$here/glibcxx_3_4_32_shim.cpp" -nt "$obj/$shim_name" ]]; then
  g++ -O2 -shared -fPIC -o "$obj/$shim_name" "$here/glibcxx_3_4_32_shim.cpp" \
      -Wl,--version-script="$here/glibcxx_3_4_32_shim.map"
fi
bash "$here/replace-file.sh" "$obj/$shim_name" "$out/$shim_name"

while IFS= read -r -d '' lib; do
  tmp="$lib.patching"
  cp "$lib" "$tmp"            # never edit in place: the output file may be a link into the NuGet cache
  "$obj/weaken_version_need" "$tmp" "$version"
  bash "$here/replace-file.sh" "$tmp" "$lib"
  rm -f "$tmp"
done < <(find "$out" -name libLibTorchSharp.so -print0)
