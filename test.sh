#!/usr/bin/env bash
# The one test command: builds everything, runs every xunit project (each starts the
# throwaway PostgreSQL it needs from /usr/lib/postgresql/15/bin unless TAPLINE_TEST_POSTGRES
# is set) and prints one summary line over all of them.
set -uo pipefail
cd "$(dirname "$0")"
results="${TEST_RESULTS_DIR:-$PWD/TestResults}"
rm -rf "$results"; mkdir -p "$results"

if [ -f web/package.json ]; then
  [ -d web/node_modules ] || (cd web && npm ci --no-audit --no-fund) || exit 1
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
