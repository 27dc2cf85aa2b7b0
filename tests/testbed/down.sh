#!/usr/bin/env bash
# Stops what up.sh started (sshd, registry, both dockerds), found by their pid files. Keeps images and
# keys so the next up.sh is fast. `down.sh --purge` also deletes the test bed root and the dokku
# account's test bed state.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
for lib in common dockerd registry sshd; do
    # shellcheck source=/dev/null
    . "$HERE/lib/$lib.sh"
done

purge=
case "${1:-}" in
    "") ;;
    --purge) purge=1 ;;
    *) die "usage: $0 [--purge]" ;;
esac

[[ $(id -u) == 0 ]] || die "run as root"

take_lock
total_start=$(now)

# Not ready any more, from the first moment.
rm -f "$ENV_FILE"

timed sshd stop_sshd
timed arm64-sshd stop_sshd "$ARM64_SSHD_DIR"
timed registry stop_registry
timed server-dockerd stop_dockerd server
timed arm64-dockerd stop_dockerd arm64
timed dockerd stop_dockerd client

purge_all() {
    local created_user=
    [[ -e $DOKKU_USER_MARKER ]] && created_user=1
    # Overlay and netns mounts left by a daemon that died would make rm -rf fail.
    unmount_under "$TESTBED_ROOT"
    rm -rf "$TESTBED_ROOT"
    detail "deleted $TESTBED_ROOT"
    if id "$DOKKU_USER" >/dev/null 2>&1; then
        if [[ -n $created_user ]]; then
            # -f: a stand-in process may still run as dokku.
            userdel -f -r "$DOKKU_USER" 2>/dev/null || userdel -f "$DOKKU_USER"
            rm -rf "$DOKKU_HOME"
            detail "deleted user $DOKKU_USER and $DOKKU_HOME"
        else
            # An account the test bed did not create: remove only what up.sh wrote into it.
            rm -f "$DOKKU_HOME/.sshcommand" "$DOKKU_HOME/.ssh/authorized_keys"
            detail "removed the test bed's files from $DOKKU_HOME (account kept: not created by up.sh)"
        fi
    fi
}
[[ -n $purge ]] && timed purge purge_all

TIMINGS+=("$(printf '%-22s %6s s' total "$(elapsed_since "$total_start")")")
print_timings
log "test bed down${purge:+ and purged}"
