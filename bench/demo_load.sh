#!/usr/bin/env bash
# Benchmark: `jamsos demo --participants N` on a throw-away PostgreSQL cluster.
# Target (issue 2): 100,000 participants generated and loaded in under 60 s on 2 cores.
#   bench/demo_load.sh            # 100000 participants
#   bench/demo_load.sh 20000      # fewer
# Prints the wall time, the load summary and the database size; cleans up after itself.
set -euo pipefail
cd "$(dirname "$0")/.."
participants=${1:-100000}
# Its own port, so it can run beside the HTTP benchmarks.
export BENCH_PG_PORT=${BENCH_PG_PORT:-55432}
# shellcheck source=bench/pg_cluster.sh
. bench/pg_cluster.sh

echo "bench: jamsos demo --participants $participants --no-serve on PostgreSQL ($(nproc) cores)"
start=$(date +%s%N)
.venv/bin/jamsos demo --participants "$participants" --no-serve | grep -E "^(Dimuat|Basis)"
end=$(date +%s%N)
"$psql_bin" -h 127.0.0.1 -p "$port" -U postgres -At -c \
    "SELECT 'database size: ' || pg_size_pretty(pg_database_size('jamsos_bench'))" postgres
echo "bench: wall time including migrations: $(( (end - start) / 1000000 )) ms"
