#!/usr/bin/env bash
# Benchmarks of the money path on a throw-away PostgreSQL cluster (issue 4):
#   1. a wage file of N rows (default 1,000,000) for one contribution month, one employer:
#      parsed, validated, computed, invoiced, paid and posted, each stage timed (rows/s)
#      with the peak memory of the process, beside a plain COPY of the same CSV into a
#      bare table. Target: the whole pipeline within 4x the COPY, under 1 GB.
#   2. the yearly JHT return credited to every account, beside one set-based UPDATE
#      touching the same account rows. Target: within 3x.
#   bench/wage_pipeline.sh              # 1,000,000 workers
#   bench/wage_pipeline.sh 100000       # fewer
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/pg_cluster.sh
echo "bench: money path on PostgreSQL ($(nproc) cores), ${1:-1000000} workers"
PYTHONPATH=. .venv/bin/python bench/wage_pipeline.py "${1:-1000000}"
