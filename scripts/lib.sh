# scripts/lib.sh — helpers shared by Seam's scripts (sourced, not run).
# shellcheck shell=bash

SEAM_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export SEAM_ROOT

say()  { printf '%s\n' "$*"; }
step() { printf '\n== %s\n' "$*"; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo when available.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@";
  elif command -v sudo >/dev/null 2>&1; then sudo "$@";
  else die "need root for: $* (run as root or install sudo)"; fi
}

jobs_count() { nproc 2>/dev/null || echo 2; }
