#!/usr/bin/env bash
# Runs the benchmark (see bench/README.md).
#   bench/run.sh --quick          one line per variant, a few minutes
#   bench/run.sh                  everything: throughput, latency, state, checkpoints, Kafka, CEP
#   bench/run.sh --sections cep   one part only
#   bench/run.sh codecs --quick   the hand-written CSV reader, JSON writer and event parser
#                                 against Jackson (bench/README.md, "Hand-written codecs")
#   bench/run.sh cycles --instacart orders.csv --taobao UserBehavior.csv
#                                 next-purchase estimators on real orders
#                                 (bench/README.md, "Purchase cycle estimators")
set -euo pipefail
main=dev.nudge.bench.Benchmark
if [[ "${1:-}" == codecs ]]; then
  main=dev.nudge.bench.Codecs
  shift
elif [[ "${1:-}" == cycles ]]; then
  main=dev.nudge.bench.CycleEstimators
  shift
fi
cd "$(dirname "$0")/.."
mvn -B -q -pl bench -am install -DskipTests
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java -Xms12g -Xmx12g -XX:+AlwaysPreTouch -XX:+UseG1GC -XX:-UseDynamicNumberOfCompilerThreads \
  -Dlog4j2.configurationFile=nudge-log4j2.xml \
  -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  "$main" "$@"
