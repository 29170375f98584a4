#!/usr/bin/env bash
# Puts <source> at <target> without ever writing into <target>'s file: unchanged content is left alone, changed
# content is copied beside it and renamed over it. A running ctsft has the libraries of its output folder mapped;
# overwriting one in place (cp truncates the same inode) makes the kernel drop the process's private, relocated
# pages of it, which then fault back in from the file unrelocated. At exit the dynamic loader then called the
# shim's destructor through its unrelocated .fini_array entry, 0x1120, and the process died with SIGSEGV after
# writing all its outputs. A rename leaves running processes on the old inode.
# Usage: replace-file.sh <source> <target>
set -euo pipefail
source="$1"; target="$2"
if [[ -f "$target" ]] && cmp -s "$source" "$target"; then exit 0; fi
tmp="$(dirname "$target")/.$(basename "$target").replacing-$$"
cp "$source" "$tmp"
mv -f "$tmp" "$target"
