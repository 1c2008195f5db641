#!/usr/bin/env bash
# Runs every benchmark behind docs/BENCHMARKS.md, one after another, writing each to $OUT.
# Usage: benchmarks/run-all.sh [out-dir]   (about 10 minutes on 2 cores; run on a quiet machine)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-benchmarks/target/results}
mkdir -p "$OUT"
./mvnw -q -B -DskipTests package -pl benchmarks -am
JAR=benchmarks/target/benchmarks.jar
JMH=(-f 1 -wi 3 -i 5 -w 1 -r 1)
run() { local name=$1; shift; echo "== $name (load: $(cut -d' ' -f1-3 /proc/loadavg))"; "$@" > "$OUT/$name.txt" 2>&1; tail -n 25 "$OUT/$name.txt"; }

run pipeline    java -jar $JAR PipelineBenchmark "${JMH[@]}" -prof gc
run resilience  java -jar $JAR ResiliencePolicyBenchmark "${JMH[@]}"
run telemetry   java -jar $JAR TelemetryOverheadBenchmark "${JMH[@]}" -prof gc
run telemetry-cpu java -cp $JAR dev.switchboard.benchmarks.TelemetryOverheadCpu 200000 11
run hedging     java -jar $JAR HedgingBenchmark "${JMH[@]}"
run pick        java -jar $JAR PickBenchmark -f 1 -wi 2 -i 3 -w 1 -r 1
run discovery   java -jar $JAR DiscoveryUpdateBenchmark "${JMH[@]}"
run grpc-interceptors java -jar $JAR GrpcInterceptorOverheadBenchmark "${JMH[@]}"
run client-overhead java -cp $JAR dev.switchboard.benchmarks.ClientOverheadBenchmark
run loopback    java -cp $JAR dev.switchboard.benchmarks.LoopbackComparison 50000 16
run tail-at-scale java -cp $JAR dev.switchboard.benchmarks.TailAtScale 20000 16 5
run rest-vs-grpc java -cp $JAR dev.switchboard.benchmarks.grpc.RestVsGrpcBenchmark 8 5
run grpc-channel java -cp $JAR dev.switchboard.benchmarks.grpc.GrpcChannelLoadBenchmark 8 5 3
run peer-http   java -Xms1g -Xmx1g -cp $JAR dev.switchboard.benchmarks.peer.PeerHttpBenchmark
