#!/usr/bin/env bash
# Runs every test of the repo: brings the test bed up (Docker engine, sshd, registry, Dokku stand-in),
# builds the solution, runs each test project and the test bed's own script tests, and ends with one
# line: "N passed, N failed" (under CI=true a test that did not run counts as failed).
#
#   bash tests/run.sh                                     # everything
#   bash tests/run.sh --project DokkuDeploy.Tests --filter 'FullyQualifiedName~Ssh'   # a subset
#
# Under CI=true a test that did not run is a failure, whatever the reason (skipped, inconclusive, not
# executed): only [Explicit] tests may be left out, and they are listed by name.
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

only_project= filter=
while (($# > 0)); do
  case $1 in
    --project) only_project=$2; shift 2 ;;
    --filter) filter=$2; shift 2 ;;
    *) echo "usage: $0 [--project NAME] [--filter EXPRESSION]" >&2; exit 2 ;;
  esac
done

results="$root/artifacts/test-results"
rm -rf "$results" && mkdir -p "$results"

if ! bash tests/testbed/up.sh; then
  echo "The test bed did not come up; tests that need it will fail." >&2
fi

passed=0 failed=0 not_run=0 status=0

# The test bed's own scripts (packages.sh and friends), tested with bats.
if [[ -z $only_project ]]; then
  echo "=== testbed scripts (bats)"
  if command -v bats >/dev/null 2>&1; then
    bats --tap tests/testbed/tests 2>&1 | tee "$results/testbed-scripts.tap"
    p=$(grep -c '^ok ' "$results/testbed-scripts.tap"); f=$(grep -c '^not ok ' "$results/testbed-scripts.tap")
    passed=$((passed + p)); failed=$((failed + f))
    grep '^not ok ' "$results/testbed-scripts.tap" | sed 's/^/  FAILED (bats) /' >"$results/testbed-scripts.failed"
  else
    echo "bats is not installed (up.sh installs it): counted as one failure."
    echo "  FAILED (bats) bats is not installed" >"$results/testbed-scripts.failed"
    failed=$((failed + 1))
  fi
fi

if ! dotnet build DokkuDeploy.sln -c Release -v:minimal -nologo; then
  echo "the solution did not build: counted as one failure"
  echo "$passed passed, $((failed + 1)) failed"
  exit 1
fi

for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  [[ -n $only_project && $name != "$only_project" ]] && continue
  echo "=== $name"
  dotnet test "$project" -c Release --no-build --nologo ${filter:+--filter "$filter"} \
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
  p=$(count passed); f=$(count failed)
  passed=$((passed + p)); failed=$((failed + f + $(count error) + $(count timeout) + $(count aborted)))
  [[ $code -ne 0 ]] && status=1
done

# Every result that is neither passed nor failed (skipped, ignored, inconclusive, not executed, pending)
# is a test that did not run. Only [Explicit] ones are left out on purpose, and they are named.
if compgen -G "$results/*.trx" >/dev/null; then
  awk -f tests/lib/trx-results.awk "$results"/*.trx >"$results/all-results.tsv"
  awk -F '\t' '$1 !~ /^(Passed|Failed|Error|Timeout|Aborted)$/' "$results/all-results.tsv" >"$results/not-run.tsv"
  # TRX gives an [Explicit] test the outcome and message of an ignored one, so the test sources say
  # which are explicit: the method named after each [Explicit] attribute.
  find tests -name '*.cs' -not -path '*/obj/*' -not -path '*/bin/*' -print0 | xargs -0 -r awk '
    /\[Explicit/ { wanted = 1; next }
    wanted && /(public|internal)[^=]*\(/ { match($0, /[A-Za-z_0-9]+ *\(/); name = substr($0, RSTART, RLENGTH - 1); sub(/ +$/, "", name); print name; wanted = 0 }
  ' >"$results/explicit-methods.txt"
  awk -F '\t' -v out="$results/explicit.tsv" -v rest="$results/not-run-unexplained.tsv" '
    FNR == NR { explicit[$0] = 1; next }
    { method = $2; sub(/\(.*/, "", method); sub(/.*\./, "", method); print > ((method in explicit) ? out : rest) }
  ' "$results/explicit-methods.txt" "$results/not-run.tsv"
  touch "$results/explicit.tsv" "$results/not-run-unexplained.tsv"
  if [[ -s $results/explicit.tsv ]]; then
    echo "Left out on purpose ([Explicit]; run each by name with --filter \"Name=...\"):"
    awk -F '\t' '{ printf "  EXPLICIT %s (%s)\n", $2, $3 }' "$results/explicit.tsv"
  fi
  not_run=$(wc -l <"$results/not-run-unexplained.tsv")
  if ((not_run > 0)); then
    echo "Tests that did not run:"
    awk -F '\t' '{ printf "  NOT RUN (%s) %s: %s\n", $1, $2, $3 }' "$results/not-run-unexplained.tsv"
    if [[ ${CI:-} == true ]]; then
      echo "Under CI=true a test that does not run is a failure: $not_run counted as failed."
      failed=$((failed + not_run)); status=1
    fi
  fi
fi

if [[ $failed -gt 0 ]]; then
  status=1
  echo "Failed tests:"
  cat "$results/testbed-scripts.failed" 2>/dev/null
  awk -F '\t' '$1 ~ /^(Failed|Error|Timeout|Aborted)$/ { printf "  FAILED %s\n      %s\n", $2, substr($3, 1, 300) }' "$results/all-results.tsv" 2>/dev/null
fi
# The last line is the whole run's count, as CI reads it.
if ((not_run > 0)); then
  echo "$not_run test(s) did not run$([[ ${CI:-} == true ]] && echo ' (counted as failed: CI=true)')"
else
  echo "every selected test ran"
fi
echo "$passed passed, $failed failed"
exit $status
