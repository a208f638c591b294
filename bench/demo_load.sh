#!/usr/bin/env bash
# Benchmark: `jamsos demo --participants N` on a throw-away PostgreSQL cluster.
# Target (issue 2): 100,000 participants generated and loaded in under 60 s on 2 cores.
#   bench/demo_load.sh            # 100000 participants
#   bench/demo_load.sh 20000      # fewer
# Prints the wall time, the load summary and the database size; cleans up after itself.
set -euo pipefail
cd "$(dirname "$0")/.."
participants=${1:-100000}
port=${BENCH_PG_PORT:-55432}
work=$(mktemp -d /tmp/jamsos-bench.XXXXXX)
pg_ctl=tests/pg/pg_ctl
cleanup() {
    "$pg_ctl" stop -D "$work/data" -m fast >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

"$pg_ctl" initdb -D "$work/data" -o "--auth=trust --username=postgres" >/dev/null
"$pg_ctl" start -D "$work/data" -l "$work/data/server.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $work/data" >/dev/null
psql_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql
[ -x "$psql_bin" ] || psql_bin=psql
"$psql_bin" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE jamsos_bench" postgres

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/jamsos_bench"
export JAMSOS_VAR_DIR="$work/var"
echo "bench: jamsos demo --participants $participants --no-serve on PostgreSQL ($(nproc) cores)"
start=$(date +%s%N)
.venv/bin/jamsos demo --participants "$participants" --no-serve | grep -E "^(Dimuat|Basis)"
end=$(date +%s%N)
"$psql_bin" -h 127.0.0.1 -p "$port" -U postgres -At -c \
    "SELECT 'database size: ' || pg_size_pretty(pg_database_size('jamsos_bench'))" postgres
echo "bench: wall time including migrations: $(( (end - start) / 1000000 )) ms"
