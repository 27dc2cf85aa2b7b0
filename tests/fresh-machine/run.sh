#!/usr/bin/env bash
# The fresh-machine check: runs the README's two commands on a machine that has nothing but what a new
# machine of ours has: Debian 12 (a debootstrap minbase root), the .NET SDK (the host's, read-only),
# git and the CA certificates. No docker, no sshd, no busybox, no registry, no node. It passes only when
# `bash samples/deploy-hello.sh` installed what it needs and the sample answered HTTP inside that root,
# and a short subset of `bash tests/run.sh` passed there too.
#
#   sudo bash tests/fresh-machine/run.sh                 # as .ci/run calls it
#   DOKKU_FRESH_TESTS=none sudo bash tests/fresh-machine/run.sh   # only the first README command
#
# The root runs in its own mount and PID namespaces (so every process and mount it makes dies with it)
# and shares the host's network, so its test bed takes ports, a network name and a root of its own:
# it never collides with the host's test bed, which may be running at the same time.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
# shellcheck source=/dev/null
. "$repo/tests/testbed/lib/common.sh"
# shellcheck source=/dev/null
. "$here/lib/fresh-root.sh"

[[ $(id -u) == 0 ]] || die "run as root (it builds a Debian root with debootstrap and mounts into it)"

FRESH_DIR=${DOKKU_FRESH_DIR:-$TESTBED_ROOT-fresh-machine}
FRESH_CACHE=${DOKKU_FRESH_CACHE:-$TESTBED_ROOT/fresh-machine-cache}
FRESH_ROOT=$FRESH_DIR/root
FRESH_LOG=$FRESH_DIR/inside.log
# The subset of the second README command that runs inside: the end-to-end deploy of the sample with
# the packed package (`tests/run.sh --project … --filter …`), or `none`.
FRESH_TESTS=${DOKKU_FRESH_TESTS:-DokkuDeploy.EndToEnd.Tests:FullyQualifiedName~DeployTests.The_sample_deploys_answers_and_a_one_line_change_deploys_the_new_answer}

total_start=$(now)
trap 'rc=$?; cleanup_fresh_root; ((rc == 0)) && remove_fresh_dir; ((rc == 0)) || warn "fresh-machine check failed in step ${CURRENT_STEP:-start} (exit $rc); inside log: $FRESH_LOG"' EXIT

timed host-tools ensure_host_tools
timed debian-root make_fresh_root
timed project copy_project_into_root
timed machine-files give_root_machine_files
log "inside the fresh root: bash samples/deploy-hello.sh, then the tests ($FRESH_TESTS)"
inside_start=$(now)
rc=0
run_inside_root "$FRESH_TESTS" || rc=$?
# The timings measured inside are part of this run's table.
while IFS= read -r line; do TIMINGS+=("$line"); done < <(sed -n 's/^FRESH-TIMING //p' "$FRESH_LOG")
TIMINGS+=("$(printf '%-22s %6s s' inside-total "$(elapsed_since "$inside_start")")")
CURRENT_STEP=inside
if ((rc != 0)); then
    warn "inside the fresh root (exit $rc); its last lines:"
    tail -n 40 "$FRESH_LOG" >&2
    exit "$rc"
fi
grep -q '^FRESH-ANSWER Hello from HelloDokku!' "$FRESH_LOG" || die "the sample did not answer HTTP inside the fresh root"
detail "the sample answered inside the fresh root: $(sed -n 's/^FRESH-ANSWER //p' "$FRESH_LOG" | head -n 1)"
TIMINGS+=("$(printf '%-22s %6s s' total "$(elapsed_since "$total_start")")")
print_timings
log "fresh machine: both README commands work"
