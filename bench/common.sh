# Sourced by the HTTP benchmarks (lookup.sh, sms.sh, balance.sh), from the repository root:
# a throw-away PostgreSQL cluster (bench/pg_cluster.sh), the bench settings and fresh keys,
# a gunicorn server on loopback, and `run` / `ratio` to drive it with wrk and print figures.
# Environment: BENCH_CONNECTIONS (20), BENCH_SECONDS (30), BENCH_WORKERS (gunicorn, 4),
# BENCH_WEB_PORT (58000), plus pg_cluster.sh's BENCH_PG_PORT, BENCH_PG_OPTS, BENCH_PG_LOG.
# Everything the scripts leave (data files, wrk output) goes under "$work", removed on exit.

connections=${BENCH_CONNECTIONS:-20}
seconds=${BENCH_SECONDS:-30}
workers=${BENCH_WORKERS:-4}
web_port=${BENCH_WEB_PORT:-58000}
# `run` always uses this many wrk threads; scripts that split their requests between
# threads (sms.lua) read it from BENCH_THREADS.
export BENCH_THREADS=2

if ! command -v wrk >/dev/null; then
    echo "bench: installing wrk (Debian package)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi

BENCH_PG_OPTS="-c max_connections=200 ${BENCH_PG_OPTS:-}"
# shellcheck source=bench/pg_cluster.sh
. bench/pg_cluster.sh

# The server is stopped before the cluster: pg_cluster.sh's exit trap calls `cleanup`.
server_pid=""
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=""
    fi
}
eval "pg_cleanup() $(declare -f cleanup | tail -n +2)"
cleanup() {
    stop_server
    pg_cleanup
}

export DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=.
set -a
# shellcheck disable=SC1090
source <(.venv/bin/jamsos keys generate)
set +a

migrate() {
    .venv/bin/jamsos migrate -v 0
}

vacuum_analyze() {
    "$psql_bin" -h 127.0.0.1 -p "$port" -U postgres -q -c "VACUUM ANALYZE" jamsos_bench
}

sql() {  # one query, unaligned output
    "$psql_bin" -h 127.0.0.1 -p "$port" -U postgres -At -F ' ' -c "$1" jamsos_bench
}

# The server's own log (the application logs at INFO, as in production) goes to
# "$work/server.log"; `server_problems` reports what in it is a warning or worse, but for
# the captcha's notice that bench.settings switches its test mode on.
start_server() {
    .venv/bin/gunicorn jamsos.wsgi -w "$workers" -b "127.0.0.1:$web_port" --log-level warning \
        > "$work/server.log" 2>&1 &
    server_pid=$!
    for _ in $(seq 1 50); do
        curl -s -o /dev/null "http://127.0.0.1:$web_port/healthz/" && return 0
        sleep 0.2
    done
    echo "bench: the server did not answer /healthz/ within 10 s" >&2
    tail -n 20 "$work/server.log" >&2
    return 1
}

server_problems() {
    local problems count
    problems=$(grep -E " (WARNING|ERROR|CRITICAL) |Traceback" "$work/server.log" | grep -v CAPTCHA_TEST_MODE || true)
    count=$(printf '%s' "$problems" | grep -c . || true)
    if [ "$count" -gt 0 ]; then
        echo "bench: the server logged $count warnings or errors; the first:"
        printf '%s\n' "$problems" | head -n 5
    fi
}

header() {  # participants
    echo "bench: $1 participants, $connections connections, ${seconds}s each, gunicorn $workers sync workers, $(nproc) cores"
}

# A short warm-up (BENCH_WARMUP=1 in its environment, for scripts that must not send the
# measured run's requests early), then the measured run. Prints one line; keeps the
# requests/s in "$work/<name>.rps" for `ratio`. Non-200: the count of "unexpected status"
# lines the wrk script wrote to stderr.
run() {  # name, wrk script, path
    BENCH_WARMUP=1 wrk -t"$BENCH_THREADS" -c5 -d3s -s "$2" "http://127.0.0.1:$web_port$3" >/dev/null 2>&1
    wrk -t"$BENCH_THREADS" -c"$connections" -d"${seconds}s" --latency -s "$2" "http://127.0.0.1:$web_port$3" \
        > "$work/$1.out" 2> "$work/$1.err"
    local rps p50 p99 errors
    rps=$(awk '/^Requests\/sec/ {print $2}' "$work/$1.out")
    p50=$(awk '$1 == "50%" {print $2}' "$work/$1.out")
    p99=$(awk '$1 == "99%" {print $2}' "$work/$1.out")
    errors=$(grep -c "unexpected status" "$work/$1.err" || true)
    printf '%-34s %10s req/s   p50 %8s   p99 %8s   non-200 %s\n' "$1" "$rps" "$p50" "$p99" "$errors"
    grep -v "unexpected status" "$work/$1.err" >&2 || true
    echo "$rps" > "$work/$1.rps"
}

ratio() {  # label, numerator run name, denominator run name, target
    local a b
    a=$(cat "$work/$2.rps")
    b=$(cat "$work/$3.rps")
    .venv/bin/python -c "print(f'bench: $1 = {float($a) / float($b):.2f} (target >= $4)')"
}
