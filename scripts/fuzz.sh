#!/usr/bin/env bash
# Fuzzes every Jazzer @FuzzTest method of the project (relay and transport), one after another, for a bounded time
# each. Exits non-zero if any of them finds something; the failing input is then under the test's
# src/test/resources/<package>/<TestClass>Inputs/<method>/ (see docs/fuzzing.md).
#
#   scripts/fuzz.sh [seconds-per-test]     default 20
set -euo pipefail

seconds="${1:-20}"
case "$seconds" in
  '' | *[!0-9]* | 0) echo "usage: $0 [seconds-per-test]  (a positive whole number; default 20)" >&2; exit 2 ;;
esac
cd "$(dirname "$0")/.."

# Coverage of Jackson guides the fuzzer too: most of what these tests reach is JSON parsing and data binding.
includes='dev.monologue.**:com.fasterxml.jackson.**'
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
  done | sort -u)
if [ -z "$tests" ]; then
  echo "no @FuzzTest methods found" >&2
  exit 2
fi
echo "Fuzzing $(echo "$tests" | wc -l) tests for ${seconds}s each; logs in $logs"

while read -r module test; do
  log="$logs/${test/\#/.}.log"
  t0=$(date +%s)
  # -max_total_time given as a libFuzzer argument overrides the @FuzzTest(maxDuration) of the annotation.
  # Only errors are logged: a warning for each of thousands of garbage frames per second floods the forked test
  # JVM's output channel to Maven (which once crashed Maven's console reader).
  if JAZZER_FUZZ=1 mvn -B -pl "$module" -am test \
      -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
      -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" \
      -Djazzer.instrumentation_includes="$includes" >"$log" 2>&1; then
    status=ok
  else
    status=FAILED
    failed+=("$test")
  fi
  runs=$(grep -a -o 'Done [0-9]* runs in [0-9]* second(s)' "$log" | tail -1 || true)
  printf '%-60s %-7s %s (%ss)\n' "$module $test" "$status" "${runs:-no fuzzing summary}" "$(( $(date +%s) - t0 ))"
done <<<"$tests"

echo "Total: $(( $(date +%s) - start ))s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "Findings or failures in: ${failed[*]}" >&2
  echo "See the logs in $logs; new inputs to keep:" >&2
  git status --porcelain -- '*/src/test/resources' >&2 || true
  exit 1
fi
