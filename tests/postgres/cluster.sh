#!/usr/bin/env bash
# cluster.sh start|stop <bindir> <dir> <port>: the throwaway PostgreSQL cluster of the postgres tests.
#
# start: initdb into <dir>/data (fresh), a Unix socket in <dir>/sock only (no
# TCP), fsync off, trust for the cluster's superuser "assoc" and a password
# (scram) for the role "assoc_pw" (password "right"), which the bad-input
# tests log in as. When run as root the server runs as "nobody", owning <dir>.
# stop: pg_ctl stop (immediate), then removes nothing (the log stays).
set -euo pipefail
what=$1 bindir=$2 dir=$3 port=$4
as=()
if [ "$(id -u)" -eq 0 ]; then
	as=(runuser -u nobody --)
fi
case "$what" in
start)
	if [ ! -x "$bindir/initdb" ]; then
		echo "PostgreSQL server binaries not found in $bindir (apt-get install postgresql): postgres tests skipped"
		exit 77
	fi
	if [ -f "$dir/data/postmaster.pid" ]; then
		"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$dir/data" "$dir/sock"
	mkdir -p "$dir/sock"
	[ ${#as[@]} -eq 0 ] || chown nobody "$dir" "$dir/sock"
	"${as[@]}" "$bindir/initdb" -D "$dir/data" -U assoc --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log"; exit 1; }
	cat >"$dir/data/pg_hba.conf" <<HBA
local all assoc_pw scram-sha-256
local all all trust
HBA
	"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
		-o "-c listen_addresses='' -c unix_socket_directories='$dir/sock' -c port=$port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
		start >/dev/null || { cat "$dir/server.log"; exit 1; }
	"$bindir/psql" -X -q -h "$dir/sock" -p "$port" -U assoc -d postgres \
		-c "CREATE ROLE assoc_pw LOGIN PASSWORD 'right'" -c "CREATE DATABASE assoc_pw OWNER assoc_pw"
	echo "PostgreSQL cluster up: socket $dir/sock, port $port"
	;;
stop)
	if [ -f "$dir/data/postmaster.pid" ]; then
		"${as[@]}" "$bindir/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	fi
	echo "PostgreSQL cluster stopped"
	;;
*)
	echo "usage: cluster.sh start|stop <bindir> <dir> <port>" >&2
	exit 2
	;;
esac
