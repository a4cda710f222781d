#!/usr/bin/env bash
# run.sh <bindir> <dir> <port> <database> <command...>: run a test on a fresh
# database of its own on the cluster of cluster.sh, named by ASSOC_TEST_URL.
set -euo pipefail
bindir=$1 dir=$2 port=$3 db=$4
shift 4
if [ ! -S "$dir/sock/.s.PGSQL.$port" ]; then
	echo "no PostgreSQL cluster at $dir/sock (the postgres_cluster_start test did not start one): skipped"
	exit 77
fi
"$bindir/psql" -X -q -h "$dir/sock" -p "$port" -U assoc -d postgres \
	-c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" -c "CREATE DATABASE \"$db\""
export ASSOC_TEST_URL="postgresql://assoc@/$db?host=$dir/sock&port=$port"
export ASSOC_TEST_PG_SOCKET="$dir/sock" ASSOC_TEST_PG_PORT="$port"
exec "$@"
