#!/usr/bin/env bash
# The store's unit tests on PostgreSQL: starts a throwaway cluster, runs hone_store_test with
# HONE_TEST_POSTGRES pointing at it (each case makes and drops its own database), stops it.
set -euo pipefail
: "${STORE_TEST:?STORE_TEST must point at the built hone_store_test}"
source "$(dirname "$0")/tools/postgres.sh"
trap pg_stop EXIT
pg_start
HONE_TEST_POSTGRES="$PG_URL" "$STORE_TEST" --gtest_brief=1 --gtest_filter='Engines/StoreTest.*/postgresql' "$@"
