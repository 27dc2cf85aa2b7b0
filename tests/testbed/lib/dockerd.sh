# The two private dockerds: start (or reuse), wait for their API, pick a CLI that talks to them, stop.
# `client` is the developer's engine (DokkuDeploy and tests build there), `server` the Dokku server's
# (the stand-in loads, pulls, builds and runs there). Every function takes the engine's name.

# Sets the engine's paths in the caller's scope (bash's dynamic scoping: declare them `local` first):
# E_NAME E_DIR E_SOCK E_PIDFILE E_EXEC_ROOT E_DATA_ROOT E_LOG E_CONTAINERD_PIDFILE.
engine_paths() {
    case $1 in
        client) E_DIR=$DOCKER_DIR ;;
        server) E_DIR=$SERVER_DOCKER_DIR ;;
        arm64) E_DIR=$ARM64_DOCKER_DIR ;;
        *) die "unknown engine '$1' (client, server or arm64)" ;;
    esac
    E_NAME="dockerd ($1)"
    E_SOCK=$E_DIR/docker.sock
    E_PIDFILE=$E_DIR/docker.pid
    E_EXEC_ROOT=$E_DIR/exec
    E_DATA_ROOT=$E_DIR/data
    E_LOG=$E_DIR/dockerd.log
    # dockerd starts its own containerd; after a kill -9 of dockerd it keeps running.
    E_CONTAINERD_PIDFILE=$E_EXEC_ROOT/containerd/containerd.pid
}

# Flags one engine has beyond the common ones, one per line: its own default bridge, and the client
# engine also listens over TLS (docker-tls.sh). A running engine without them is restarted with them.
engine_extra_args() {
    echo "--bridge=$(engine_bridge "$1")"
    [[ $1 == client ]] && docker_tls_dockerd_args
    return 0
}

# Each engine's own default bridge, so BuildKit's RUN steps find the "bridge" network they run on
# (BuildKit fails with "network bridge not found" without one; the legacy builder does not need it),
# and stopping one engine never takes the other's bridge away (as a shared docker0 would).
engine_bridge() {
    echo "$TESTBED_BRIDGE_PREFIX-$1"
}

engine_bridge_address() {
    case $1 in
        client) echo "$TESTBED_BRIDGE_SUBNETS.1.1/24" ;;
        server) echo "$TESTBED_BRIDGE_SUBNETS.2.1/24" ;;
        arm64) echo "$TESTBED_BRIDGE_SUBNETS.3.1/24" ;;
    esac
}

ensure_engine_bridge() {
    local bridge address
    bridge=$(engine_bridge "$1")
    address=$(engine_bridge_address "$1")
    if ! ip link show "$bridge" >/dev/null 2>&1; then
        ip link add name "$bridge" type bridge
        detail "created bridge $bridge ($address) for $E_NAME"
    fi
    ip -4 addr show dev "$bridge" | grep -q "inet $address " || ip addr add "$address" dev "$bridge"
    ip link set "$bridge" up
}

# True when the engine must be restarted to pick up its flags or renewed certificates.
engine_needs_restart() {
    local name=$1 pid=$2 cmdline
    shift 2
    [[ $name == client && ${DOCKER_TLS_RENEWED:-0} == 1 ]] && return 0
    (($# > 0)) || return 1
    cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)
    [[ " $cmdline" != *" $* "* ]]
}

engine_socket() {
    local E_NAME E_DIR E_SOCK E_PIDFILE E_EXEC_ROOT E_DATA_ROOT E_LOG E_CONTAINERD_PIDFILE
    engine_paths "$1"
    echo "$E_SOCK"
}

docker_ping() {
    curl -sf --max-time 2 --unix-socket "$1" http://localhost/_ping >/dev/null 2>&1
}

# Uses the caller's E_* paths.
wait_for_docker() {
    local pid=$1
    wait_until "$TESTBED_WAIT_SECONDS" docker_answers_or_died "$pid" && docker_ping "$E_SOCK" && return 0
    if [[ -n $pid && ! -d /proc/$pid ]]; then
        warn "$E_NAME exited during start-up; last lines of $E_LOG:"
    else
        warn "$E_NAME API did not answer on $E_SOCK within $TESTBED_WAIT_SECONDS s; last lines of $E_LOG:"
    fi
    tail -n 30 "$E_LOG" >&2
    exit 1
}
docker_answers_or_died() { docker_ping "$E_SOCK" || [[ -n $1 && ! -d /proc/$1 ]]; }

# nsfs mounts of network namespaces survive a dockerd that died; a new dockerd cannot remove them.
unmount_stale_netns() {
    [[ -d $E_EXEC_ROOT ]] || return 0
    unmount_under "$E_EXEC_ROOT" nsfs
}

ensure_dockerd() {
    local E_NAME E_DIR E_SOCK E_PIDFILE E_EXEC_ROOT E_DATA_ROOT E_LOG E_CONTAINERD_PIDFILE pid extra_args
    engine_paths "$1"
    mapfile -t extra_args < <(engine_extra_args "$1")
    # The socket's group must be able to reach it: every directory above it must be traversable.
    mkdir -p "$E_DIR" "$E_DATA_ROOT" "$E_EXEC_ROOT"
    chmod 755 "$TESTBED_ROOT" "$E_DIR"
    getent group docker >/dev/null || groupadd --system docker

    if pid=$(live_pid "$E_PIDFILE" dockerd "--pidfile $E_PIDFILE") && engine_needs_restart "$1" "$pid" "${extra_args[@]}"; then
        detail "$E_NAME (pid $pid) runs without its current flags or certificates: restarting it"
        stop_dockerd "$1"
        pid=
    fi
    if [[ -n $pid ]]; then
        wait_for_docker "$pid"
        [[ $(cat "$E_PIDFILE" 2>/dev/null) == "$pid" ]] || echo "$pid" >"$E_PIDFILE"
        detail "reusing $E_NAME (pid $pid)"
        return 0
    fi
    [[ -e $E_PIDFILE ]] && detail "removing stale pid file $E_PIDFILE"
    rm -f "$E_PIDFILE" "$E_SOCK"
    stop_orphaned_containerd
    stop_orphaned_containers
    unmount_stale_netns

    # --shutdown-timeout 2: test apps need no grace period and down.sh should be quick.
    ensure_engine_bridge "$1"
    # --bridge (in extra_args): the engine's own, see engine_bridge. Tests run containers on a
    # user-defined network besides. No iptables: published ports go through docker-proxy.
    detached dockerd \
        --data-root "$E_DATA_ROOT" \
        --exec-root "$E_EXEC_ROOT" \
        --pidfile "$E_PIDFILE" \
        --host "unix://$E_SOCK" \
        --group docker \
        --iptables=false --ip-masq=false \
        --shutdown-timeout 2 \
        "${extra_args[@]}" \
        </dev/null >>"$E_LOG" 2>&1 &
    pid=$!
    wait_for_docker "$pid"
    detail "started $E_NAME (pid $pid), log $E_LOG"
}

# The newest CLI may refuse an old daemon or need plugins; take the first that answers.
TESTBED_DOCKER_CLI=
detect_docker_cli() {
    local cli version
    for cli in /usr/bin/docker /usr/local/bin/docker $(type -P docker); do
        [[ -x $cli ]] || continue
        if version=$(DOCKER_HOST=unix://$DOCKER_SOCK "$cli" version --format '{{.Client.Version}} -> {{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null); then
            TESTBED_DOCKER_CLI=$cli
            detail "docker CLI $cli: $version"
            return 0
        fi
        detail "docker CLI $cli does not talk to the daemon"
    done
    die "no docker CLI talks to $DOCKER_SOCK"
}

# The docker CLI on one engine: dk_on client|server ARGS...; dk is the client engine.
dk_on() {
    local sock
    sock=$(engine_socket "$1")
    shift
    DOCKER_HOST=unix://$sock "$TESTBED_DOCKER_CLI" "$@"
}
dk() { dk_on client "$@"; }

# Container shims of our daemon (their -address is under its exec root), alive without a dockerd.
orphaned_shims() {
    local pid
    for pid in $(pgrep -x containerd-shim); do
        tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline" | grep -qF -- "-address $E_EXEC_ROOT/" && echo "$pid"
    done
    return 0
}

# After a kill -9, dockerd's containerd exits but the shims keep the containers running (and a new
# dockerd would wait 10 s per container to stop them). Killing each container's init ends its pid
# namespace; a shim without its containerd never exits on its own, so it goes too.
stop_orphaned_containers() {
    local shims shim i
    shims=$(orphaned_shims)
    [[ -n $shims ]] || return 0
    detail "$E_NAME is gone: killing the containers its shims still run (shims: $(tr '\n' ' ' <<<"$shims"))"
    for shim in $shims; do
        pkill -KILL -P "$shim" 2>/dev/null || true
    done
    # Give the containers' processes a moment to go before their parent does.
    for ((i = 0; i < 20; i++)); do
        for shim in $shims; do pgrep -P "$shim" >/dev/null && { sleep 0.05; continue 2; }; done
        break
    done
    for shim in $shims; do kill -KILL "$shim" 2>/dev/null || true; done
}

# A killed dockerd leaves its containerd running for a moment, until it writes a log line to the
# pipe nobody reads any more. A new dockerd would adopt it and then lose it mid start-up.
stop_orphaned_containerd() {
    local cpid
    if cpid=$(live_pid "$E_CONTAINERD_PIDFILE" containerd "$E_EXEC_ROOT/containerd/containerd.toml"); then
        detail "stopping containerd left by a $E_NAME that is gone (pid $cpid)"
        stop_pid "$cpid" containerd 10
    fi
    # dockerd adopts any pid in it that kill(pid, 0) accepts, zombies included.
    rm -f "$E_CONTAINERD_PIDFILE"
}

# On shutdown dockerd gives each container its own stop timeout (10 s by default), and test apps
# (busybox httpd as pid 1) ignore SIGTERM. Stopping them first with a 1 s timeout saves that wait.
stop_running_containers() {
    local cli ids
    cli=$(type -P docker) || return 0
    [[ -x /usr/bin/docker ]] && cli=/usr/bin/docker
    ids=$(DOCKER_HOST=unix://$E_SOCK "$cli" ps -q 2>/dev/null) || return 0
    [[ -n $ids ]] || return 0
    detail "stopping $(wc -w <<<"$ids") running container(s)"
    # shellcheck disable=SC2086
    DOCKER_HOST=unix://$E_SOCK "$cli" stop -t 1 $ids >/dev/null 2>&1 || true
}

stop_dockerd() {
    local E_NAME E_DIR E_SOCK E_PIDFILE E_EXEC_ROOT E_DATA_ROOT E_LOG E_CONTAINERD_PIDFILE pid
    engine_paths "$1"
    if pid=$(live_pid "$E_PIDFILE" dockerd "--pidfile $E_PIDFILE"); then
        stop_running_containers
        detail "stopping $E_NAME (pid $pid)"
        stop_pid "$pid" dockerd 30
    else
        detail "$E_NAME not running"
    fi
    stop_orphaned_containerd
    stop_orphaned_containers
    rm -f "$E_PIDFILE" "$E_SOCK"
    unmount_stale_netns
    ip link del "$(engine_bridge "$1")" 2>/dev/null || true
}
