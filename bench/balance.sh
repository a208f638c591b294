#!/usr/bin/env bash
# Benchmark: authenticated GET /api/v1/me/balance (bearer access tokens of sampled
# participants' accounts, a different one each request), beside the bare view doing one
# indexed query, on the same data in the same run.
#   bench/balance.sh              # 1,000,000 participants, 20 connections, 30 s per target
#   bench/balance.sh 200000       # fewer participants
# Environment: BENCH_MONTHS (contribution history loaded, 3), BENCH_ACCOUNTS (accounts
# and tokens, 5,000); BENCH_CONNECTIONS, BENCH_SECONDS, BENCH_WORKERS and the rest: see
# bench/common.sh.
# Target (issue 5): at least half of the bare view's throughput.
set -euo pipefail
cd "$(dirname "$0")/.."
participants=${1:-1000000}
. bench/common.sh

# Tokens issued before the run must outlast it; the per-log-in limit must not refuse.
export JAMSOS_API_ACCESS_SECONDS=86400 JAMSOS_API_RATE=1000000000/60

migrate
.venv/bin/python bench/balance_data.py "$participants" "$work/tokens.txt" "$work/indexes.txt" \
    "${BENCH_ACCOUNTS:-5000}"
vacuum_analyze
start_server
export BENCH_TOKENS="$work/tokens.txt" BENCH_INDEXES="$work/indexes.txt"

header "$participants"
run "bare view (one indexed query)" bench/bare.lua /bench/bare/
run "API balance (GET, bearer token)" bench/balance.lua /api/v1/me/balance
ratio "API balance / bare view" "API balance (GET, bearer token)" "bare view (one indexed query)" 0.50
server_problems
