#!/usr/bin/env bash
# Runs the benchmarks of bench/ from this checkout without installing anything into ~/.m2: builds the modules it
# needs, then starts dev.monologue.bench.Bench with its own class path. Options go to Bench (--help lists them):
#   scripts/bench.sh                 # everything: round trip with the peers, JMH, memory
#   scripts/bench.sh --quick         # a short run
#   scripts/bench.sh --only roundtrip
#   scripts/bench.sh --only cost     # what a call and an idle machine cost on AWS (needs Node for dynalite)
# Socket.IO's packages are installed by the benchmark itself (npm ci in bench/socketio) on first use. The NATS
# contender needs Debian's nats-server, installed here when missing and apt-get can (as root); without it the
# benchmark runs without that contender and says so.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nats-server >/dev/null 2>&1 && [ ! -x /usr/sbin/nats-server ] && [ "$(id -u)" = 0 ] \
    && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q nats-server >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nats-server >/dev/null; } \
    || echo "bench.sh: could not install nats-server; the NATS contender will be left out" >&2
fi
# 50,000 idle connections need as many descriptors in this process and in the relay's
ulimit -n 120000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
mvn -B -q -pl bench -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
exec java ${BENCH_JAVA_OPTS:-} -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  dev.monologue.bench.Bench "$@"
