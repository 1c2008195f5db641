#!/usr/bin/env bash
# The HTTP peer benchmark (see docs/BENCHMARKS.md, "HTTP peer benchmark").
# Usage: benchmarks/peer-http.sh [--quick] [other PeerHttpBenchmark options]
#   --quick: one round of 2 s per client and caller count (about 1 minute); default: 3 rounds of 5 s.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ ! -f benchmarks/target/benchmarks.jar || "${SKIP_BUILD:-}" != "1" ]]; then
  ./mvnw -q -B -DskipTests package -pl benchmarks -am
fi
exec java -Xms1g -Xmx1g -cp benchmarks/target/benchmarks.jar dev.switchboard.benchmarks.peer.PeerHttpBenchmark "$@"
