# TLS for the client engine: it also listens on tcp://127.0.0.1:2376 with --tlsverify, as a remote
# engine secured the way Docker documents it. The certificates are made once by openssl and reused:
#   docker-tls/ca/{ca.pem,ca-key.pem}        the test bed's own CA (no other certificate is signed by it)
#   docker-tls/server/{ca.pem,cert.pem,key.pem}  dockerd's (SAN IP:127.0.0.1, DNS:localhost)
#   docker-tls/client/{ca.pem,cert.pem,key.pem}  a client's, laid out as a DOCKER_CERT_PATH

DOCKER_TLS_PORT=${DOKKU_TESTBED_DOCKER_TLS_PORT:-2376}
DOCKER_TLS_HOST=tcp://127.0.0.1:$DOCKER_TLS_PORT
DOCKER_TLS_DIR=$TESTBED_ROOT/docker-tls
DOCKER_TLS_CA_DIR=$DOCKER_TLS_DIR/ca
DOCKER_TLS_SERVER_DIR=$DOCKER_TLS_DIR/server
DOCKER_TLS_CLIENT_DIR=$DOCKER_TLS_DIR/client
# Set to 1 when ensure_docker_tls_certs wrote new files: a running dockerd still holds the old ones.
DOCKER_TLS_RENEWED=0

docker_tls_certs_usable() {
    local f
    for f in "$DOCKER_TLS_CA_DIR"/ca.pem "$DOCKER_TLS_CA_DIR"/ca-key.pem \
        "$DOCKER_TLS_SERVER_DIR"/{ca,cert,key}.pem "$DOCKER_TLS_CLIENT_DIR"/{ca,cert,key}.pem; do
        [[ -s $f ]] || return 1
    done
    # A certificate that expires within a week is remade rather than failing a test run later.
    openssl x509 -checkend 604800 -noout -in "$DOCKER_TLS_SERVER_DIR/cert.pem" >/dev/null 2>&1 &&
        openssl x509 -checkend 604800 -noout -in "$DOCKER_TLS_CLIENT_DIR/cert.pem" >/dev/null 2>&1
}

# sign_docker_tls_cert DIR CN EXTENSIONS: a key and a certificate signed by the test bed's CA.
sign_docker_tls_cert() {
    local dir=$1 cn=$2 extensions=$3
    openssl req -new -newkey rsa:2048 -nodes -subj "/CN=$cn" \
        -keyout "$dir/key.pem" -out "$dir/req.csr" 2>/dev/null
    openssl x509 -req -in "$dir/req.csr" -days 3650 -sha256 \
        -CA "$DOCKER_TLS_CA_DIR/ca.pem" -CAkey "$DOCKER_TLS_CA_DIR/ca-key.pem" \
        -set_serial "0x$(openssl rand -hex 16)" \
        -extfile <(printf '%s\n' "$extensions") -out "$dir/cert.pem" 2>/dev/null
    rm -f "$dir/req.csr"
    cp "$DOCKER_TLS_CA_DIR/ca.pem" "$dir/ca.pem"
    chmod 600 "$dir/key.pem"
    chmod 644 "$dir/cert.pem" "$dir/ca.pem"
}

ensure_docker_tls_certs() {
    if docker_tls_certs_usable; then
        detail "reusing the TLS certificates in $DOCKER_TLS_DIR"
        return 0
    fi
    rm -rf "$DOCKER_TLS_DIR"
    mkdir -p "$DOCKER_TLS_CA_DIR" "$DOCKER_TLS_SERVER_DIR" "$DOCKER_TLS_CLIENT_DIR"
    chmod 755 "$DOCKER_TLS_DIR" "$DOCKER_TLS_SERVER_DIR" "$DOCKER_TLS_CLIENT_DIR"
    chmod 700 "$DOCKER_TLS_CA_DIR"
    openssl req -x509 -new -newkey rsa:2048 -nodes -days 3650 -sha256 \
        -subj "/CN=DokkuDeploy test bed Docker CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -keyout "$DOCKER_TLS_CA_DIR/ca-key.pem" -out "$DOCKER_TLS_CA_DIR/ca.pem" 2>/dev/null
    chmod 600 "$DOCKER_TLS_CA_DIR/ca-key.pem"
    sign_docker_tls_cert "$DOCKER_TLS_SERVER_DIR" localhost \
        "$(printf '%s\n' 'basicConstraints=CA:FALSE' 'keyUsage=critical,digitalSignature,keyEncipherment' \
            'extendedKeyUsage=serverAuth' 'subjectAltName=IP:127.0.0.1,DNS:localhost')"
    sign_docker_tls_cert "$DOCKER_TLS_CLIENT_DIR" dokkudeploy-testbed-client \
        "$(printf '%s\n' 'basicConstraints=CA:FALSE' 'keyUsage=critical,digitalSignature' 'extendedKeyUsage=clientAuth')"
    DOCKER_TLS_RENEWED=1
    detail "wrote a CA, a server and a client certificate to $DOCKER_TLS_DIR"
}

# dockerd flags for the TLS listener, one per line (engine_args in dockerd.sh adds them to the client engine).
docker_tls_dockerd_args() {
    printf '%s\n' --host "$DOCKER_TLS_HOST" --tlsverify \
        --tlscacert "$DOCKER_TLS_SERVER_DIR/ca.pem" \
        --tlscert "$DOCKER_TLS_SERVER_DIR/cert.pem" \
        --tlskey "$DOCKER_TLS_SERVER_DIR/key.pem"
}

# The engine answers over TLS with the client certificate, and verifies it against our CA only.
check_docker_tls() {
    wait_until "$TESTBED_WAIT_SECONDS" docker_tls_ping \
        || die "the client engine does not answer over TLS on $DOCKER_TLS_HOST within $TESTBED_WAIT_SECONDS s (see $DOCKER_DIR/dockerd.log)"
    detail "client engine answers on $DOCKER_TLS_HOST (TLS, client certificate)"
}
docker_tls_ping() {
    curl -sf --max-time 10 --cacert "$DOCKER_TLS_CLIENT_DIR/ca.pem" \
        --cert "$DOCKER_TLS_CLIENT_DIR/cert.pem" --key "$DOCKER_TLS_CLIENT_DIR/key.pem" \
        "https://127.0.0.1:$DOCKER_TLS_PORT/_ping" >/dev/null 2>&1
}
