# The user-defined bridge network tests run containers and builds on, and a check that ports
# published to 127.0.0.1 on it answer from the host.

ensure_network() {
    if dk network inspect "$TESTBED_NETWORK" >/dev/null 2>&1; then
        detail "network $TESTBED_NETWORK exists"
    else
        dk network create --driver bridge "$TESTBED_NETWORK" >/dev/null
        detail "created network $TESTBED_NETWORK"
    fi
}

check_port_publishing() {
    local probe=dokkudeploy-testbed-probe port i
    dk rm -f "$probe" >/dev/null 2>&1 || true
    dk run -d --name "$probe" --network "$TESTBED_NETWORK" -p 127.0.0.1::5000 \
        "$TESTBED_BUSYBOX_IMAGE" sh -c 'echo probe-ok > /www/index.html && exec httpd -f -p 5000 -h /www' >/dev/null
    port=$(dk port "$probe" 5000/tcp | head -n 1 | sed 's/.*://')
    local answer=
    for ((i = 0; i < 50; i++)); do
        answer=$(curl -sf --max-time 1 "http://127.0.0.1:$port/" 2>/dev/null) && break
        sleep 0.1
    done
    dk rm -f "$probe" >/dev/null 2>&1 || true
    [[ $answer == probe-ok ]] || die "a container on network $TESTBED_NETWORK published on 127.0.0.1:$port did not answer"
    detail "127.0.0.1:$port -> container on $TESTBED_NETWORK answered"
}
