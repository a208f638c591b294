#!/usr/bin/env bash
# Benchmark: the public Cek Kepesertaan look-up over HTTP, beside a bare view doing one
# indexed query, on the same data in the same run.
#   bench/lookup.sh              # 1,000,000 participants, 20 connections, 30 s per target
#   bench/lookup.sh 100000       # fewer participants
# Environment: BENCH_CONNECTIONS (20), BENCH_SECONDS (30), BENCH_WORKERS (gunicorn, 4).
# Target (issue 3): the look-up reaches at least half the bare view's throughput, and its
# p99 stays under 50 ms at 20 concurrent clients.
set -euo pipefail
cd "$(dirname "$0")/.."
participants=${1:-1000000}
connections=${BENCH_CONNECTIONS:-20}
seconds=${BENCH_SECONDS:-30}
workers=${BENCH_WORKERS:-4}
pg_port=${BENCH_PG_PORT:-55433}
web_port=${BENCH_WEB_PORT:-58000}

if ! command -v wrk >/dev/null; then
    echo "bench: installing wrk (Debian package)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

work=$(mktemp -d /tmp/jamsos-bench-lookup.XXXXXX)
pg_ctl=tests/pg/pg_ctl
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    "$pg_ctl" stop -D "$work/data" -m fast >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT

"$pg_ctl" initdb -D "$work/data" -o "--auth=trust --username=postgres" >/dev/null
"$pg_ctl" start -D "$work/data" -l "$work/data/server.log" -w \
    -o "-p $pg_port -c listen_addresses=127.0.0.1 -k $work/data -c max_connections=200" >/dev/null
psql_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)/psql
"$psql_bin" -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "CREATE DATABASE jamsos_bench" postgres

export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/jamsos_bench"
export JAMSOS_VAR_DIR="$work/var" DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=.
# Limits far above what the load generator can reach: this measures the work, not the limiter's refusals.
export JAMSOS_LOOKUP_LIMIT_PER_CLIENT=1000000000/60 JAMSOS_LOOKUP_LIMIT_OVERALL=1000000000/60
export JAMSOS_LOOKUP_LIMIT_FAILURES_PER_NIK=1000000000/60
set -a
# shellcheck disable=SC1090
source <(.venv/bin/jamsos keys generate)
set +a

.venv/bin/jamsos migrate -v 0
.venv/bin/python bench/lookup_data.py "$participants" "$work/bodies.txt" "$work/indexes.txt"
"$psql_bin" -h 127.0.0.1 -p "$pg_port" -U postgres -q -c "VACUUM ANALYZE" jamsos_bench

.venv/bin/gunicorn jamsos.wsgi -w "$workers" -b "127.0.0.1:$web_port" --log-level warning &
server_pid=$!
for _ in $(seq 1 50); do
    curl -s -o /dev/null "http://127.0.0.1:$web_port/healthz/" && break
    sleep 0.2
done

token=$(.venv/bin/python -c "import secrets, string; print(''.join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32)))")
export BENCH_BODIES="$work/bodies.txt" BENCH_INDEXES="$work/indexes.txt" BENCH_CSRF="$token"

run() {  # name, wrk script, path
    wrk -t2 -c5 -d3s -s "$2" "http://127.0.0.1:$web_port$3" >/dev/null 2>&1  # warm-up
    wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$2" "http://127.0.0.1:$web_port$3" \
        > "$work/$1.out" 2> "$work/$1.err"
    local rps p50 p99 errors
    rps=$(awk '/^Requests\/sec/ {print $2}' "$work/$1.out")
    p50=$(awk '$1 == "50%" {print $2}' "$work/$1.out")
    p99=$(awk '$1 == "99%" {print $2}' "$work/$1.out")
    errors=$(grep -c "unexpected status" "$work/$1.err" || true)
    printf '%-34s %10s req/s   p50 %8s   p99 %8s   non-200 %s\n' "$1" "$rps" "$p50" "$p99" "$errors"
    echo "$rps" > "$work/$1.rps"
}

echo "bench: $participants participants, $connections connections, ${seconds}s each, gunicorn $workers sync workers, $(nproc) cores"
run "bare view (one indexed query)" bench/bare.lua /bench/bare/
run "Cek Kepesertaan look-up (POST)" bench/lookup.lua /cek-kepesertaan/
bare=$(cat "$work/bare view (one indexed query).rps")
lookup=$(cat "$work/Cek Kepesertaan look-up (POST).rps")
.venv/bin/python -c "print(f'bench: look-up / bare view = {float($lookup) / float($bare):.2f} (target >= 0.50)')"
