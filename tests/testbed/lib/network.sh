# The user-defined bridge network tests run containers and builds on (one in each engine), and a
# check that ports published to 127.0.0.1 on it answer from the host. Each takes the engine's name.

ensure_network() {
    local engine=$1
    if dk_on "$engine" network inspect "$TESTBED_NETWORK" >/dev/null 2>&1; then
        detail "network $TESTBED_NETWORK exists ($engine engine)"
    else
        dk_on "$engine" network create --driver bridge "$TESTBED_NETWORK" >/dev/null
        detail "created network $TESTBED_NETWORK ($engine engine)"
    fi
}

probe_answers() { [[ $(curl -sf --max-time 10 "http://127.0.0.1:$1/" 2>/dev/null) == probe-ok ]]; }

check_port_publishing() {
    local engine=$1 probe=dokkudeploy-testbed-probe port
    dk_on "$engine" rm -f "$probe" >/dev/null 2>&1 || true
    dk_on "$engine" run -d --name "$probe" --network "$TESTBED_NETWORK" -p 127.0.0.1::5000 \
        "$TESTBED_BUSYBOX_IMAGE" sh -c 'echo probe-ok > /www/index.html && exec httpd -f -p 5000 -h /www' >/dev/null
    port=$(dk_on "$engine" port "$probe" 5000/tcp | head -n 1 | sed 's/.*://')
    local answered=0
    wait_until "$TESTBED_WAIT_SECONDS" probe_answers "$port" && answered=1
    dk_on "$engine" rm -f "$probe" >/dev/null 2>&1 || true
    ((answered)) || die "a container on network $TESTBED_NETWORK ($engine engine) published on 127.0.0.1:$port did not answer within $TESTBED_WAIT_SECONDS s"
    detail "127.0.0.1:$port -> container on $TESTBED_NETWORK ($engine engine) answered"
}
