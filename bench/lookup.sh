#!/usr/bin/env bash
# Benchmark: the public Cek Kepesertaan look-up over HTTP, beside a bare view doing one
# indexed query, on the same data in the same run.
#   bench/lookup.sh              # 1,000,000 participants, 20 connections, 30 s per target
#   bench/lookup.sh 100000       # fewer participants
# Environment: BENCH_CONNECTIONS (20), BENCH_SECONDS (30), BENCH_WORKERS (gunicorn, 4),
# BENCH_MONTHS (contribution history loaded, 12); see bench/common.sh for the rest.
# Target (issue 3): the look-up reaches at least half the bare view's throughput, and its
# p99 stays under 50 ms at 20 concurrent clients.
set -euo pipefail
cd "$(dirname "$0")/.."
participants=${1:-1000000}
. bench/common.sh

# Limits far above what the load generator can reach: this measures the work, not the limiter's refusals.
export JAMSOS_LOOKUP_LIMIT_PER_CLIENT=1000000000/60 JAMSOS_LOOKUP_LIMIT_OVERALL=1000000000/60
export JAMSOS_LOOKUP_LIMIT_FAILURES_PER_NIK=1000000000/60

migrate
.venv/bin/python bench/lookup_data.py "$participants" "$work/bodies.txt" "$work/indexes.txt"
vacuum_analyze
start_server

token=$(.venv/bin/python -c "import secrets, string; print(''.join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32)))")
export BENCH_BODIES="$work/bodies.txt" BENCH_INDEXES="$work/indexes.txt" BENCH_CSRF="$token"

header "$participants"
run "bare view (one indexed query)" bench/bare.lua /bench/bare/
run "Cek Kepesertaan look-up (POST)" bench/lookup.lua /cek-kepesertaan/
ratio "look-up / bare view" "Cek Kepesertaan look-up (POST)" "bare view (one indexed query)" 0.50
