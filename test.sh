#!/usr/bin/env bash
# The one test command: installs what is missing (tests/scripts/setup.sh), builds everything,
# starts one throwaway PostgreSQL 15 shared by every test project (unless TAPLINE_TEST_POSTGRES
# names an admin connection string), runs the web unit tests and every xunit project, stops the
# server again and prints one summary line over all of them.
set -uo pipefail
cd "$(dirname "$0")"
results="${TEST_RESULTS_DIR:-$PWD/TestResults}"
rm -rf "$results"; mkdir -p "$results"

tests/scripts/setup.sh || exit 1

if [ -z "${TAPLINE_TEST_POSTGRES:-}" ]; then
  # shellcheck source=tests/scripts/postgres.sh
  . tests/scripts/postgres.sh
  pg_start || exit 1
  trap pg_stop EXIT
  trap 'exit 143' INT TERM
fi

if [ -f web/package.json ]; then
  (cd web && npm test --silent) || exit 1
fi

dotnet build Aspire.sln -c Release -nologo -clp:ErrorsOnly || exit 1
dotnet test Aspire.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?

passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  c=$(grep -o '<Counters [^>]*>' "$trx" | head -1)
  p=$(sed -E 's/.* passed="([0-9]+)".*/\1/' <<<"$c"); f=$(sed -E 's/.* failed="([0-9]+)".*/\1/' <<<"$c")
  n=$(sed -E 's/.* notExecuted="([0-9]+)".*/\1/' <<<"$c")
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + n))
done
echo "Tests: $passed passed, $failed failed, $skipped skipped"
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then echo "no test ran"; exit 1; fi
exit $status
