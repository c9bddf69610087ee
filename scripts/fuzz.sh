#!/usr/bin/env bash
# Fuzzes every Jazzer @FuzzTest method of the project (wire, relay and transport), one after another, for a bounded
# time each. Exits non-zero if any of them finds something; the failing input is then under the test's
# src/test/resources/<package>/<TestClass>Inputs/<method>/ (see docs/fuzzing.md).
#
# Each target starts from its kept corpus, <module>/src/test/corpus/<TestClass>/<method>/ (committed, so a clean
# clone such as CI's starts where the last kept run ended), and the inputs it finds that reach new code are added
# to it; commit them to keep them.
#
#   scripts/fuzz.sh [seconds-per-test] [pattern]   default 20 s; pattern (grep -E) picks targets, e.g. 'Router|Upgrade'
set -euo pipefail

seconds="${1:-20}"
only="${2:-.}"
case "$seconds" in
  '' | *[!0-9]* | 0) echo "usage: $0 [seconds-per-test]  (a positive whole number; default 20)" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."

# Coverage of Jackson and Java-WebSocket guides the fuzzer too: most of what these tests reach is JSON parsing and
# data binding, and the relay's byte-level targets go through Java-WebSocket's frame and handshake decoding.
includes='dev.monologue.**:com.fasterxml.jackson.**:org.java_websocket.**'
logs="$(mktemp -d "${TMPDIR:-/tmp}/monologue-fuzz.XXXXXX")"
failed=()
start=$(date +%s)

# module  TestClass#method, for every @FuzzTest method (the method is the first "void name(" after the annotation).
tests=$(find . -path '*/src/test/java/*' -name '*FuzzTest.java' -not -path '*/target/*' | sed 's|^\./||' \
  | while read -r f; do
    awk -v module="${f%%/*}" -v cls="$(basename "$f" .java)" '
      /@FuzzTest/ { want = 1; next }
      want && match($0, /void [A-Za-z0-9_]+\(/) {
        print module, cls "#" substr($0, RSTART + 5, RLENGTH - 6); want = 0
      }' "$f"
  done | sort -u | { grep -E -- "$only" || true; })
if [ -z "$tests" ]; then
  echo "no @FuzzTest methods found" >&2
  exit 2
fi
echo "Fuzzing $(echo "$tests" | wc -l) tests for ${seconds}s each; logs in $logs"

# module TestClass -> the class's fully qualified name (Jazzer names its generated corpus after it)
qualified() {
  local file
  file=$(find "$1/src/test/java" -name "$2.java" | head -1)
  echo "$(sed -n 's/^package \([a-z0-9_.]*\);/\1/p' "$file" | head -1).$2"
}

while read -r module test; do
  log="$logs/${test/\#/.}.log"
  t0=$(date +%s)
  cls="${test%%#*}"
  method="${test#*#}"
  kept="$module/src/test/corpus/$cls/$method"
  generated="$module/.cifuzz-corpus/$(qualified "$module" "$cls")/$method"
  mkdir -p "$kept" "$generated"
  cp -rn "$kept"/. "$generated"/
  before=$(find "$kept" -type f | wc -l)
  # -max_total_time given as a libFuzzer argument overrides the @FuzzTest(maxDuration) of the annotation.
  # Only errors are logged, and none of Java-WebSocket's (it logs each invalid frame with its stack trace): a line
  # for each of thousands of garbage frames per second floods the forked test JVM's output channel to Maven (which
  # once crashed Maven's console reader).
  if JAZZER_FUZZ=1 mvn -B -pl "$module" -am test \
      -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=error -Dorg.slf4j.simpleLogger.log.org.java_websocket=off \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" \
      -Djazzer.instrumentation_includes="$includes" >"$log" 2>&1; then
    status=ok
  else
    status=FAILED
    failed+=("$test")
  fi
  # libFuzzer names corpus files by their content's SHA-1: copying without overwriting adds only new inputs
  find "$generated" -maxdepth 1 -type f -exec cp -n {} "$kept"/ \;
  added=$(( $(find "$kept" -type f | wc -l) - before ))
  runs=$(grep -a -o 'Done [0-9]* runs in [0-9]* second(s)' "$log" | tail -1 || true)
  printf '%-60s %-7s %s, %s new corpus inputs (%ss)\n' "$module $test" "$status" "${runs:-no fuzzing summary}" \
    "$added" "$(( $(date +%s) - t0 ))"
done <<<"$tests"

echo "Total: $(( $(date +%s) - start ))s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "Findings or failures in: ${failed[*]}" >&2
  echo "See the logs in $logs; new inputs to keep:" >&2
  git status --porcelain --untracked-files=all -- '*/src/test/resources/*' >&2 || true
  exit 1
fi
echo "New corpus inputs to commit (git add '*/src/test/corpus'):"
git status --porcelain --untracked-files=all -- '*/src/test/corpus/*' | wc -l
