#!/usr/bin/env bash
# Benchmark: signed inbound `CEK <NIK>` messages from participants' registered phones to
# POST /sms/inbound/, beside the bare view doing one indexed query, on the same data in
# the same run.
#   bench/sms.sh              # 1,000,000 participants, 20 connections, 30 s per target
#   bench/sms.sh 200000       # fewer participants
# Environment: BENCH_MONTHS (contribution history loaded, 3), BENCH_SMS_MESSAGES (signed
# requests prepared, 200,000: more than the run can send, so no message id repeats);
# BENCH_CONNECTIONS, BENCH_SECONDS, BENCH_WORKERS and the rest: see bench/common.sh.
# Every message does the whole work: claim the id, limits, policy check, audit row, reply
# queued in the outbox and sent after commit. Tasks run in-process (ImmediateBackend), so
# each reply is really sent through the file SMS backend inside the request; production's
# database task backend would leave the sending to `jamsos db_worker`.
# Target (issue 6): at least 300 messages/s on a 2-core machine, and at least a third of
# the bare view's throughput.
set -euo pipefail
cd "$(dirname "$0")/.."
participants=${1:-1000000}
. bench/common.sh

JAMSOS_SMS_INBOUND_SECRET=$(.venv/bin/python -c "import secrets; print(secrets.token_hex(32))")
export JAMSOS_SMS_INBOUND_SECRET
# The requests are signed once, before the run: their timestamp must stay within the skew.
export JAMSOS_SMS_MAX_SKEW_SECONDS=86400
# Limits far above what the load generator can reach: this measures the work, not the limiter's refusals.
export JAMSOS_SMS_LIMIT_PER_MSISDN=1000000000/60 JAMSOS_SMS_LIMIT_OVERALL=1000000000/60
export JAMSOS_SMS_LIMIT_FAILURES_PER_NUMBER=1000000000/60
export JAMSOS_SMS_BACKEND=file JAMSOS_NOTIFY_FILE_DIR="$work/outbox"
export JAMSOS_TASKS_BACKEND=django_tasks.backends.immediate.ImmediateBackend

migrate
.venv/bin/python bench/sms_data.py "$participants" "$work/sms.txt" "$work/sms-warmup.txt" \
    "$work/indexes.txt" "${BENCH_SMS_MESSAGES:-200000}"
vacuum_analyze
start_server
export BENCH_SMS="$work/sms.txt" BENCH_SMS_WARMUP="$work/sms-warmup.txt" BENCH_INDEXES="$work/indexes.txt"

header "$participants"
echo "bench: replies sent in-process (JAMSOS_TASKS_BACKEND=ImmediateBackend) through the file SMS backend"
run "bare view (one indexed query)" bench/bare.lua /bench/bare/
run "SMS CEK, signed inbound (POST)" bench/sms.lua /sms/inbound/
ratio "SMS / bare view" "SMS CEK, signed inbound (POST)" "bare view (one indexed query)" 0.33
.venv/bin/python -c "print(f'bench: SMS messages/s = {float($(cat "$work/SMS CEK, signed inbound (POST).rps")):.0f} (target >= 300)')"
echo "bench: inbound messages by outcome (warm-up included): $(sql "SELECT string_agg(outcome || ' ' || n, ', ') FROM (SELECT outcome, count(*) n FROM sms_inbound GROUP BY 1 ORDER BY 1) t")"
echo "bench: outbox SMS by status: $(sql "SELECT string_agg(status || ' ' || n, ', ') FROM (SELECT status, count(*) n FROM notify_outbox WHERE kind = 'sms' GROUP BY 1 ORDER BY 1) t"); lines in the file backend: $(cat "$work"/outbox/*.jsonl 2>/dev/null | wc -l)"
server_problems
