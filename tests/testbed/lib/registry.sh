# A local Docker registry (Debian's docker-registry, distribution 2.8) on 127.0.0.1:5000, no auth.

registry_answers() {
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$TESTBED_REGISTRY/v2/" 2>/dev/null) == 200 ]]
}

write_registry_config() {
    local config=$REGISTRY_DIR/config.yml tmp
    tmp=$(mktemp "$REGISTRY_DIR/config.yml.XXXXXX")
    # The packaged /etc/docker/registry/config.yml turns on htpasswd auth; this one has none.
    cat >"$tmp" <<CONFIG
version: 0.1
log:
  level: info
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: $REGISTRY_DIR/data
  delete:
    enabled: true
http:
  addr: $TESTBED_REGISTRY
  headers:
    X-Content-Type-Options: [nosniff]
CONFIG
    if cmp -s "$tmp" "$config"; then
        rm -f "$tmp"
        return 1
    fi
    chmod 644 "$tmp"
    mv "$tmp" "$config"
}

ensure_registry() {
    local pid changed=
    mkdir -p "$REGISTRY_DIR/data"
    write_registry_config && changed=1
    if pid=$(live_pid "$REGISTRY_PIDFILE" docker-registry "$REGISTRY_DIR/config.yml"); then
        if [[ -z $changed ]] && registry_answers; then
            detail "reusing registry (pid $pid)"
            return 0
        fi
        detail "restarting registry (pid $pid): config changed or not answering"
        stop_pid "$pid" registry 10
    fi
    rm -f "$REGISTRY_PIDFILE"
    if registry_answers || (exec 3<>"/dev/tcp/${TESTBED_REGISTRY%:*}/${TESTBED_REGISTRY#*:}") 2>/dev/null; then
        die "something else already listens on $TESTBED_REGISTRY (not started by the test bed): stop it first"
    fi
    setsid docker-registry serve "$REGISTRY_DIR/config.yml" </dev/null >>"$REGISTRY_DIR/registry.log" 2>&1 9>&- &
    pid=$!
    echo "$pid" >"$REGISTRY_PIDFILE"
    local i
    for ((i = 0; i < 100; i++)); do
        registry_answers && { detail "started registry (pid $pid) on $TESTBED_REGISTRY, log $REGISTRY_DIR/registry.log"; return 0; }
        [[ -d /proc/$pid ]] || break
        sleep 0.1
    done
    warn "registry did not answer on http://$TESTBED_REGISTRY/v2/; last lines of $REGISTRY_DIR/registry.log:"
    tail -n 20 "$REGISTRY_DIR/registry.log" >&2
    exit 1
}

stop_registry() {
    stop_by_pidfile "$REGISTRY_PIDFILE" docker-registry registry 10 "$REGISTRY_DIR/config.yml"
}
