#!/usr/bin/env bash
# Runs the benchmark (see bench/README.md).
#   bench/run.sh --quick          one line per variant, a few minutes
#   bench/run.sh                  everything: throughput, latency, state, checkpoints, Kafka, CEP
#   bench/run.sh --sections cep   one part only
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl bench -am install -DskipTests
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java -Xms12g -Xmx12g -XX:+AlwaysPreTouch -XX:+UseG1GC -XX:-UseDynamicNumberOfCompilerThreads \
  -Dlog4j2.configurationFile=nudge-log4j2.xml \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  dev.nudge.bench.Benchmark "$@"
