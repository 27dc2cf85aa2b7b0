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

passed=0 failed=0 status=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  log="$results/$name.log"
  echo "=== $name"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" 2>&1 | tee "$log"
  code=${PIPESTATUS[0]}
  # dotnet test prints "Passed!  - Failed: 0, Passed: 42, Skipped: 0, Total: 42" per assembly.
  summary=$(grep -E '^(Passed|Failed)!  - Failed:' "$log" | tail -n 1)
  if [[ -z "$summary" ]]; then
    echo "$name produced no test summary (exit $code): counted as one failure."
    failed=$((failed + 1)); status=1; continue
  fi
  p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")
  f=$(sed -E 's/.*Failed: *([0-9]+), Passed.*/\1/' <<<"$summary")
  passed=$((passed + p)); failed=$((failed + f))
  [[ $code -ne 0 ]] && status=1
done

[[ $failed -gt 0 ]] && status=1
echo "$passed passed, $failed failed"
exit $status
