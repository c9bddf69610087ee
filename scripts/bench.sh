#!/usr/bin/env bash
# Runs the benchmarks of bench/ from this checkout without installing anything into ~/.m2: builds the modules it
# needs, then starts dev.monologue.bench.Bench with its own class path. Options go to Bench (--help lists them):
#   scripts/bench.sh                 # everything: round trip with the peers, JMH, memory
#   scripts/bench.sh --quick         # a short run
#   scripts/bench.sh --only roundtrip
#   scripts/bench.sh --only cost     # what a call and an idle machine cost on AWS (needs Node for dynalite)
# Socket.IO's packages are installed by the benchmark itself (npm ci in bench/socketio) on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
# 50,000 idle connections need as many descriptors in this process and in the relay's
ulimit -n 120000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
mvn -B -q -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  dev.monologue.bench.Bench "$@"
