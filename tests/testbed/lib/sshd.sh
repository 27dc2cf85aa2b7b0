# A private OpenSSH server on 127.0.0.1 that only lets `dokku` in, by key, into the forced command.

# Each takes the sshd's folder, port and the name of the server its stand-in plays (empty: the x64
# server; arm64: the arm64 one, arm64.sh); the defaults are the x64 server's. Host keys are shared.
write_sshd_config() {
    local dir=${1:-$SSHD_DIR} port=${2:-$TESTBED_SSH_PORT} server=${3:-} config tmp
    config=$dir/sshd_config
    mkdir -p "$dir"
    tmp=$(mktemp "$dir/sshd_config.XXXXXX")
    cat >"$tmp" <<CONFIG
# Written by tests/testbed/up.sh; rewritten on every run.
ListenAddress 127.0.0.1
Port $port
HostKey $SSHD_DIR/ssh_host_ed25519_key
HostKey $SSHD_DIR/ssh_host_ecdsa_key
PidFile $dir/sshd.pid
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin no
AllowUsers $DOKKU_USER
AuthorizedKeysFile $DOKKU_HOME/.ssh/authorized_keys
LogLevel VERBOSE
PrintMotd no
PrintLastLog no
X11Forwarding no
AllowTcpForwarding no
AllowAgentForwarding no
PermitTunnel no
# Tests open many connections at once (parallel fixtures, several servers, git push beside a session):
# the default 10:30:100 drops some of them before login.
MaxStartups 64:30:128
# So the stand-in finds the server's engine and the test bed without guessing.
SetEnv DOCKER_HOST=unix://$SERVER_DOCKER_SOCK DOKKU_TESTBED_ROOT=$TESTBED_ROOT DOKKU_TESTBED_STATE=$STATE_DIR DOKKU_TESTBED_DOCKER_CLI=$TESTBED_DOCKER_CLI DOKKU_TESTBED_NETWORK=$TESTBED_NETWORK DOKKU_TESTBED_REGISTRY=$TESTBED_REGISTRY${server:+ DOKKU_TESTBED_SERVER=$server}
CONFIG
    chmod 644 "$tmp"
    if cmp -s "$tmp" "$config"; then
        rm -f "$tmp"
        return 1
    fi
    mv "$tmp" "$config"
}

ssh_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/${1:-$TESTBED_SSH_PORT}") 2>/dev/null; }
sshd_listening() { [[ -s $1 ]] && ssh_port_open "$2"; }

ensure_sshd() {
    local dir=${1:-$SSHD_DIR} port=${2:-$TESTBED_SSH_PORT} server=${3:-} pid changed= pidfile
    pidfile=$dir/sshd.pid
    mkdir -p /run/sshd
    chmod 755 /run/sshd
    write_sshd_config "$dir" "$port" "$server" && changed=1
    /usr/sbin/sshd -t -f "$dir/sshd_config" || die "sshd rejects $dir/sshd_config"
    if pid=$(live_pid "$pidfile" sshd "-f $dir/sshd_config"); then
        if [[ -n $changed ]]; then
            # SIGHUP makes sshd re-exec itself with the new config, keeping its pid.
            kill -HUP "$pid"
            sleep 0.1
            wait_until "$TESTBED_WAIT_SECONDS" ssh_port_open "$port" \
                || die "sshd (pid $pid) did not listen on 127.0.0.1:$port within $TESTBED_WAIT_SECONDS s of its reload (log $dir/sshd.log)"
            detail "reloaded sshd (pid $pid): config changed"
        else
            detail "reusing sshd (pid $pid)"
        fi
    else
        rm -f "$pidfile"
        ssh_port_open "$port" && die "something else already listens on 127.0.0.1:$port (not started by the test bed): stop it or set DOKKU_TESTBED_SSH_PORT (DOKKU_TESTBED_ARM64_SSH_PORT)"
        /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log" 9>&-
        wait_until "$TESTBED_WAIT_SECONDS" sshd_listening "$pidfile" "$port" || true
        pid=$(live_pid "$pidfile" sshd "-f $dir/sshd_config") || { tail -n 20 "$dir/sshd.log" >&2; die "sshd did not start"; }
        detail "started sshd (pid $pid) on 127.0.0.1:$port, log $dir/sshd.log"
    fi
}

stop_sshd() {
    local dir=${1:-$SSHD_DIR}
    # Only the listener: sessions in progress end on their own.
    stop_by_pidfile "$dir/sshd.pid" sshd sshd 10 "-f $dir/sshd_config"
}

# The end-to-end check: key auth as dokku, forced command, stand-in (or placeholder) runs.
check_ssh() {
    local port=${1:-$TESTBED_SSH_PORT} out rc=0
    out=$(ssh -i "$CLIENT_KEY" -o UserKnownHostsFile="$KNOWN_HOSTS" -o StrictHostKeyChecking=yes \
        -o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=5 \
        -p "$port" "$DOKKU_USER@127.0.0.1" -- version 2>&1) || rc=$?
    if grep -q 'stand-in not installed' <<<"$out"; then
        detail "ssh reaches the stand-in placeholder (exit $rc): $out"
        return 0
    fi
    if ((rc == 255)); then
        warn "ssh dokku@127.0.0.1:$port failed: $out"
        tail -n 20 "$SSHD_DIR/sshd.log" >&2
        exit 1
    fi
    if ((rc != 0)); then
        # ssh works; the stand-in itself failed. Not the test bed's fault: say so, carry on.
        warn "ssh reaches the stand-in, but 'version' exited $rc: $out"
        return 0
    fi
    detail "ssh -p $port dokku@127.0.0.1 -- version: $(head -n 3 <<<"$out")"
}
