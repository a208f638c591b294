# Sourced by the bench scripts: start a throw-away PostgreSQL cluster, export DATABASE_URL,
# and stop and remove it on exit. Port: BENCH_PG_PORT (default 55433).
# The server gets the memory and WAL room of a modest production server (1 GB shared
# buffers, 8 GB of WAL between checkpoints) instead of PostgreSQL's laptop defaults;
# BENCH_PG_OPTS adds or overrides settings.
port=${BENCH_PG_PORT:-55433}
work=$(mktemp -d /tmp/jamsos-bench.XXXXXX)
pg_ctl=tests/pg/pg_ctl
cleanup() {
    "$pg_ctl" stop -D "$work/data" -m fast >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
"$pg_ctl" initdb -D "$work/data" -o "--auth=trust --username=postgres" >/dev/null
"$pg_ctl" start -D "$work/data" -l "$work/data/server.log" -w \
    -o "-p $port -c listen_addresses=127.0.0.1 -k $work/data -c shared_buffers=1GB -c max_wal_size=8GB -c work_mem=64MB ${BENCH_PG_OPTS:-}" >/dev/null
psql_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql
[ -x "$psql_bin" ] || psql_bin=psql
"$psql_bin" -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE DATABASE jamsos_bench" postgres
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/jamsos_bench"
export JAMSOS_VAR_DIR="$work/var"
mkdir -p "$JAMSOS_VAR_DIR"
# BENCH_PG_LOG=file copies the server log there on exit (e.g. with
# BENCH_PG_OPTS="-c log_min_duration_statement=100" to see the slow statements).
if [ -n "${BENCH_PG_LOG:-}" ]; then
    trap 'cp "$work/data/server.log" "$BENCH_PG_LOG"; cleanup' EXIT
fi
