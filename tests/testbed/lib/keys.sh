# Keys: the sshd's host keys, the test client's key, Dokku-style authorized_keys, known_hosts.

ensure_key() {
    local file=$1 type=$2 comment=$3
    [[ -f $file && -f $file.pub ]] && return 0
    rm -f "$file" "$file.pub"
    ssh-keygen -q -t "$type" -N '' -C "$comment" -f "$file"
}

ensure_host_keys() {
    mkdir -p "$SSHD_DIR"
    chmod 755 "$SSHD_DIR"
    ensure_key "$SSHD_DIR/ssh_host_ed25519_key" ed25519 dokkudeploy-testbed-host
    ensure_key "$SSHD_DIR/ssh_host_ecdsa_key" ecdsa dokkudeploy-testbed-host
    chmod 600 "$SSHD_DIR/ssh_host_ed25519_key" "$SSHD_DIR/ssh_host_ecdsa_key"
}

ensure_client_key() {
    mkdir -p "$CLIENT_DIR"
    chmod 755 "$CLIENT_DIR"
    ensure_key "$CLIENT_KEY" ed25519 dokkudeploy-testbed-client
    chmod 600 "$CLIENT_KEY" "$CLIENT_KEY.pub"
}

key_fingerprint() { ssh-keygen -lf "$1" | awk '{ print $2 }'; }

# Exactly the line Dokku's `ssh-keys:add` writes. Other keys already in the file are kept.
ensure_authorized_key() {
    local pub=$1 name=$2 type blob fingerprint line file=$DOKKU_HOME/.ssh/authorized_keys tmp
    read -r type blob _ <"$pub"
    fingerprint=$(key_fingerprint "$pub")
    line="command=\"FINGERPRINT=$fingerprint NAME=\\\"$name\\\" \`cat ~dokku/.sshcommand\` \$SSH_ORIGINAL_COMMAND\",no-agent-forwarding,no-user-rc,no-X11-forwarding,no-port-forwarding $type $blob"
    mkdir -p "$DOKKU_HOME/.ssh"
    tmp=$(mktemp "$DOKKU_HOME/.ssh/authorized_keys.XXXXXX")
    if [[ -f $file ]]; then
        grep -vF " $type $blob" "$file" >"$tmp" || true
    fi
    echo "$line" >>"$tmp"
    chown "$DOKKU_USER:" "$DOKKU_HOME/.ssh" "$tmp"
    chmod 700 "$DOKKU_HOME/.ssh"
    chmod 600 "$tmp"
    mv "$tmp" "$file"
}

write_known_hosts() {
    local tmp type blob keyfile
    tmp=$(mktemp "$KNOWN_HOSTS.XXXXXX")
    for keyfile in "$SSHD_DIR/ssh_host_ed25519_key.pub" "$SSHD_DIR/ssh_host_ecdsa_key.pub"; do
        read -r type blob _ <"$keyfile"
        echo "[127.0.0.1]:$TESTBED_SSH_PORT $type $blob" >>"$tmp"
        # The arm64 server's sshd (arm64.sh) shows the same host keys on its own port.
        if [[ $TESTBED_ARM64 == 1 ]]; then echo "[127.0.0.1]:$TESTBED_ARM64_SSH_PORT $type $blob" >>"$tmp"; fi
    done
    chmod 644 "$tmp"
    mv "$tmp" "$KNOWN_HOSTS"
}

ensure_keys() {
    ensure_host_keys
    ensure_client_key
    ensure_authorized_key "$CLIENT_KEY.pub" admin
    write_known_hosts
    detail "client key $CLIENT_KEY ($(key_fingerprint "$CLIENT_KEY.pub")), host key $(key_fingerprint "$SSHD_DIR/ssh_host_ed25519_key.pub")"
}
