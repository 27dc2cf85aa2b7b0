#!/usr/bin/env bash
# Runs every test of the repo: brings the test bed up (Docker engine, sshd, registry, Dokku stand-in),
# builds the solution, runs each test project, and ends with one line: "N passed, N failed".
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

if ! bash tests/testbed/up.sh; then
  echo "The test bed did not come up; tests that need it will fail." >&2
fi

if ! dotnet build DokkuDeploy.sln -c Release -v:minimal -nologo; then
  echo "0 passed, 1 failed"
  exit 1
fi

passed=0 failed=0 skipped=0 status=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "=== $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" 2>&1 | tee "$results/$name.log"
  code=${PIPESTATUS[0]}
  # The TRX report's <Counters total=".." passed=".." failed=".." …> is the count to trust.
  counters=$(grep -o '<Counters [^>]*>' "$results/$name.trx" 2>/dev/null | head -n 1)
  if [[ -z "$counters" ]]; then
    echo "$name produced no test report (exit $code): counted as one failure."
    failed=$((failed + 1)); status=1; continue
  fi
  count() { sed -nE "s/.* $1=\"([0-9]+)\".*/\1/p" <<<"$counters"; }
  p=$(count passed); f=$(count failed); t=$(count total); x=$(count executed)
  passed=$((passed + p)); failed=$((failed + f + $(count error) + $(count timeout) + $(count aborted)))
  skipped=$((skipped + t - x))
  [[ $code -ne 0 ]] && status=1
done

if [[ $failed -gt 0 ]]; then
  status=1
  echo "Failed tests:"
  python3 tests/lib/failed-tests.py "$results"/*.trx 2>&1 || grep -h -o 'testName="[^"]*"[^>]*outcome="Failed"' "$results"/*.trx
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
