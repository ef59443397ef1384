#!/bin/bash
# Export and import of the scale-20 synthetic set on SQLite and PostgreSQL: wall time and peak resident memory
# (`/usr/bin/time`), the round trips compared byte for byte, and the IATI export validated. Run: benches/archive.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
B="$PWD/${CARGO_TARGET_DIR:-target}/release/coopkb"
SCHEMA="$PWD/standards/iati-2.03/iati-activities-schema.xsd"
PG_SERVER="${COOPKB_BENCH_POSTGRES_SERVER:-postgres://postgres@127.0.0.1:5432}"
D=$(mktemp -d); cd "$D"
trap 'rm -rf "$D"' EXIT
T="/usr/bin/time -f %e_s_%M_KB"
$B --log warn --database-url "sqlite://$D/a.db?mode=rwc" seed --synthetic --scale 20 2>/dev/null
echo "sqlite export:"; $T $B --log warn --database-url "sqlite://$D/a.db?mode=rwc" export --out a.json 2>&1 | tail -1
ls -la a.json
echo "sqlite import:"; $T $B --log info --database-url "sqlite://$D/b.db?mode=rwc" import a.json 2>&1 | tail -2
$B --log warn --database-url "sqlite://$D/b.db?mode=rwc" export --out b.json 2>/dev/null; cmp a.json b.json && echo "sqlite round trip identical"
psql -q "$PG_SERVER/postgres" -c "drop database if exists coopkb_bench_archive" -c "create database coopkb_bench_archive"
P="$PG_SERVER/coopkb_bench_archive"
echo "pg import:"; $T $B --log info --database-url $P import a.json 2>&1 | tail -2
echo "pg export:"; $T $B --log warn --database-url $P export --out c.json 2>&1 | tail -1
cmp a.json c.json && echo "pg round trip identical"
echo "sqlite re-import (nothing changes):"; $T $B --log info --database-url "sqlite://$D/b.db?mode=rwc" import a.json 2>&1 | tail -2
echo "iati export sqlite:"; $T $B --log warn --database-url "sqlite://$D/a.db?mode=rwc" export --format iati --out a.xml 2>&1 | tail -1; ls -la a.xml
xmllint --noout --schema "$SCHEMA" a.xml 2>&1 | tail -1
