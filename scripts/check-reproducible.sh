#!/usr/bin/env bash
# Builds the published modules twice, each time from a fresh copy of the sources in a directory of its own, and
# compares every jar and zip the two builds wrote, byte for byte. Fails, naming the archives, when one differs: then
# `diff <(unzip -lv A) <(unzip -lv B)` shows the entries that did.
# Usage: [MODULES=wire,api] scripts/check-reproducible.sh [mvn args...]
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
modules=${MODULES:-wire,api,processor,binding,transport,relay,relay-aws,stand-in}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for build in first second; do
  mkdir -p "$work/$build"
  # what git tracks or would track, as it is in the working tree (not target/ and the like)
  (cd "$root" && git ls-files -z --cached --others --exclude-standard \
    | tar --null --files-from=- --ignore-failed-read -cf - 2>/dev/null) | tar -xf - -C "$work/$build"
  echo "Building $modules ($build build, in $work/$build)..."
  (cd "$work/$build" && mvn -B -q -pl "$modules" -am package -DskipTests -Djacoco.skip "$@")
done

cd "$work/first"
archives=$(find . -mindepth 3 -maxdepth 3 -path './*/target/*' \( -name '*.jar' -o -name '*.zip' \) | sort)
if [[ -z "$archives" ]]; then
  echo "error: the build wrote no jar; see the output above" >&2
  exit 1
fi
differ=0
count=0
for a in $archives; do
  count=$((count + 1))
  if ! cmp -s "$a" "$work/second/$a"; then
    echo "differs: $a" >&2
    differ=$((differ + 1))
  fi
done
if [[ $differ -gt 0 ]]; then
  echo "error: $differ of $count archives differ between two builds of the same sources" >&2
  exit 1
fi
echo "reproducible: $count archives byte-identical across two builds"
