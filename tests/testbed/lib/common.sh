# Paths, logging, timing and process helpers shared by up.sh and down.sh.
# Sourced, not executed.

TESTBED_ROOT=${DOKKU_TESTBED_ROOT:-/var/lib/dokkudeploy-testbed}
TESTBED_SSH_PORT=${DOKKU_TESTBED_SSH_PORT:-3022}
TESTBED_NETWORK=${DOKKU_TESTBED_NETWORK:-dokkudeploy}
# Each engine's default bridge: PREFIX-client on SUBNETS.1.1/24, PREFIX-server on SUBNETS.2.1/24 (dockerd.sh).
TESTBED_BRIDGE_PREFIX=${DOKKU_TESTBED_BRIDGE_PREFIX:-dkdtb}
TESTBED_BRIDGE_SUBNETS=${DOKKU_TESTBED_BRIDGE_SUBNETS:-10.213}
# Where the stand-in serves each app (its APP.DOMAIN): PREFIX.x.y on loopback, one address per app.
TESTBED_APP_ADDRESSES=${DOKKU_TESTBED_APP_ADDRESSES:-127.77}
TESTBED_REGISTRY=127.0.0.1:${DOKKU_TESTBED_REGISTRY_PORT:-5000}
TESTBED_ASPNET_IMAGE=dokkudeploy-test/aspnet:10.0
TESTBED_RUNTIME_IMAGE=dokkudeploy-test/runtime:10.0
TESTBED_BUSYBOX_IMAGE=dokkudeploy-test/busybox:latest

# The developer's engine: DokkuDeploy and the tests build images here (DOCKER_HOST in testbed.env).
DOCKER_DIR=$TESTBED_ROOT/docker
DOCKER_SOCK=$DOCKER_DIR/docker.sock
# The Dokku server's engine: a second dockerd, so the server holds only the layers deploys gave it,
# as a real server does. Same layout inside (see engine_paths in dockerd.sh).
SERVER_DOCKER_DIR=$TESTBED_ROOT/server-docker
SERVER_DOCKER_SOCK=$SERVER_DOCKER_DIR/docker.sock

# The arm64 Dokku server (arm64.sh): its own engine, which runs arm64 images under QEMU, its own sshd
# port, stand-in state and app addresses (127.N+2: beside this bed's 127.N and the fresh-machine bed's).
# DOKKU_TESTBED_ARM64=0 leaves it out.
TESTBED_ARM64=${DOKKU_TESTBED_ARM64:-1}
ARM64_DOCKER_DIR=$TESTBED_ROOT/arm64-docker
ARM64_DOCKER_SOCK=$ARM64_DOCKER_DIR/docker.sock
ARM64_SSHD_DIR=$TESTBED_ROOT/arm64-sshd
ARM64_SSHD_PIDFILE=$ARM64_SSHD_DIR/sshd.pid
TESTBED_ARM64_SSH_PORT=${DOKKU_TESTBED_ARM64_SSH_PORT:-$((TESTBED_SSH_PORT + 1))}
TESTBED_ARM64_APP_ADDRESSES=${DOKKU_TESTBED_ARM64_APP_ADDRESSES:-127.$((${TESTBED_APP_ADDRESSES#127.} + 2))}
ARM64_STATE_DIR=$TESTBED_ROOT/arm64-state
TESTBED_ASPNET_ARM64_IMAGE=dokkudeploy-test/aspnet-arm64:10.0

REGISTRY_DIR=$TESTBED_ROOT/registry
REGISTRY_PIDFILE=$REGISTRY_DIR/registry.pid

SSHD_DIR=$TESTBED_ROOT/sshd
SSHD_PIDFILE=$SSHD_DIR/sshd.pid

CLIENT_DIR=$TESTBED_ROOT/client
CLIENT_KEY=$CLIENT_DIR/id_ed25519
KNOWN_HOSTS=$CLIENT_DIR/known_hosts

STANDIN_DIR=$TESTBED_ROOT/standin
STATE_DIR=$TESTBED_ROOT/state
ENV_FILE=$TESTBED_ROOT/testbed.env
# Written when up.sh created the dokku account, so down.sh --purge removes only what we made.
DOKKU_USER_MARKER=$TESTBED_ROOT/.dokku-user-created-by-testbed

DOKKU_USER=dokku
DOKKU_HOME=/home/dokku

# Outside TESTBED_ROOT, so --purge cannot delete it while it is held.
TESTBED_LOCK=/run/lock/dokkudeploy-testbed-scripts.lock

log() { printf '==> %s\n' "$*"; }
detail() { printf '    %s\n' "$*"; }
warn() { printf ' !  %s\n' "$*" >&2; }
die() { printf ' !  %s\n' "$*" >&2; exit 1; }

# detached CMD...: runs CMD as a daemon, in a session of its own and with no descriptor of ours beyond
# stdin, stdout and stderr (give those as redirections). An inherited one would be held for the daemon's
# life: the lock of `flock FILE bash tests/run.sh` (never released again), a CI log pipe (never at EOF).
# Start it in the background: detached dockerd … </dev/null >>LOG 2>&1 &
detached() {
    local fd
    for fd in /proc/$BASHPID/fd/*; do
        fd=${fd##*/}
        ((fd > 2)) && eval "exec $fd>&-" 2>/dev/null
    done
    exec setsid "$@"
}

now() { date +%s.%N; }

# How long the bed waits for a daemon it started, or a container, to answer. Generous on purpose: a
# fresh machine's first dockerd, first container or first sshd start takes seconds, not tenths, on two
# loaded cores. DOKKU_TESTBED_WAIT_SECONDS sets it.
TESTBED_WAIT_SECONDS=${DOKKU_TESTBED_WAIT_SECONDS:-180}

# wait_until SECONDS CMD...: runs CMD every 0.1 s until it succeeds (0) or SECONDS of wall time pass (1).
wait_until() {
    local limit=$1 deadline
    shift
    deadline=$((SECONDS + limit))
    until "$@"; do
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}
elapsed_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }

# Runs a named part and prints how long it took; the summary is printed by print_timings.
TIMINGS=()
CURRENT_STEP=
timed() {
    local name=$1; shift
    CURRENT_STEP=$name
    local start; start=$(now)
    log "$name"
    "$@"
    local took; took=$(elapsed_since "$start")
    detail "($name: ${took} s)"
    TIMINGS+=("$(printf '%-22s %6s s' "$name" "$took")")
}
print_timings() {
    log "timings"
    local line
    for line in "${TIMINGS[@]}"; do detail "$line"; done
}

# Daemons are started with 9>&- so they do not inherit (and hold forever) this lock.
take_lock() {
    mkdir -p "$(dirname "$TESTBED_LOCK")"
    exec 9>"$TESTBED_LOCK"
    flock -w 300 9 || die "another up.sh/down.sh holds $TESTBED_LOCK for more than 300 s"
}

# Prints the pid from a pid file when that process is alive AND is ours: its command name matches
# and its command line mentions the testbed root (guards against a recycled pid). When the pid
# file is missing or wrong, falls back to a process whose command line contains $3 (a string only
# our instance has, such as its config path), so a lost pid file never leaks a daemon.
live_pid() {
    local pidfile=$1 comm=$2 needle=${3:-} pid
    if [[ -r $pidfile ]]; then
        pid=$(tr -dc '0-9' <"$pidfile")
        if [[ -n $pid ]] && is_ours "$pid" "$comm" "$TESTBED_ROOT"; then
            echo "$pid"
            return 0
        fi
    fi
    [[ -n $needle ]] || return 1
    for pid in $(pgrep -x "$comm"); do
        if is_ours "$pid" "$comm" "$needle"; then
            echo "$pid"
            return 0
        fi
    done
    return 1
}

is_ours() {
    local pid=$1 comm=$2 needle=$3
    [[ -d /proc/$pid ]] || return 1
    [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$comm" ]] || return 1
    # A zombie (its parent was killed, init has not reaped it yet) counts as gone.
    [[ $(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null) != Z ]] || return 1
    tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "$needle"
}

# Sends TERM, waits up to $3 seconds, then KILL.
stop_pid() {
    local pid=$1 what=$2 wait_s=${3:-20} i
    kill -TERM "$pid" 2>/dev/null || return 0
    for ((i = 0; i < wait_s * 10; i++)); do
        [[ -d /proc/$pid && $(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null) != Z ]] || return 0
        sleep 0.1
    done
    warn "$what (pid $pid) ignored TERM for ${wait_s} s: sending KILL"
    kill -KILL "$pid" 2>/dev/null || true
    sleep 0.2
}

stop_by_pidfile() {
    local pidfile=$1 comm=$2 what=$3 wait_s=${4:-20} needle=${5:-} pid
    if pid=$(live_pid "$pidfile" "$comm" "$needle"); then
        detail "stopping $what (pid $pid)"
        stop_pid "$pid" "$what" "$wait_s"
    else
        detail "$what not running"
    fi
    rm -f "$pidfile"
}

# Mount points under a directory, deepest first.
mounts_under() {
    local dir=$1
    awk -v d="$dir/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r
}

unmount_under() {
    local dir=$1 fstype=${2:-} m
    while read -r m; do
        [[ -n $m ]] || continue
        if [[ -n $fstype ]] && ! awk -v m="$m" -v t="$fstype" '$5 == m && $0 ~ (" - " t " ") { f = 1 } END { exit !f }' /proc/self/mountinfo; then
            continue
        fi
        umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || warn "could not unmount $m"
    done < <(mounts_under "$dir")
}
