# Sourced by test.sh: one throwaway PostgreSQL 15 for the whole test run, on loopback in a
# temporary directory, exported as TAPLINE_TEST_POSTGRES so every test project shares it
# (tests/TestSupport/PostgresServer.cs reads it). pg_stop removes the server and its files.
pg_bin=/usr/lib/postgresql/15/bin

pg_run() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_start() {
  pg_root=$(mktemp -d /tmp/tapline-test-pg.XXXXXX) || return 1
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$pg_root"
  pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  pg_run "$pg_bin/initdb" -D "$pg_root/data" -A trust -U tapline --no-sync -E UTF8 >"$pg_root/initdb.log" 2>&1 \
    || { cat "$pg_root/initdb.log" >&2; return 1; }
  pg_run "$pg_bin/pg_ctl" -D "$pg_root/data" -l "$pg_root/log" -w \
    -o "-p $pg_port -k $pg_root -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=600" \
    start >/dev/null || { cat "$pg_root/log" >&2; return 1; }
  export TAPLINE_TEST_POSTGRES="Host=127.0.0.1;Port=$pg_port;Username=tapline;Database=postgres;Pooling=false"
  echo "test PostgreSQL on 127.0.0.1:$pg_port ($pg_root)"
}

pg_stop() {
  [ -n "${pg_root:-}" ] || return 0
  pg_run "$pg_bin/pg_ctl" -D "$pg_root/data" -m immediate -w stop >/dev/null 2>&1
  rm -rf "$pg_root"
  pg_root=
}
