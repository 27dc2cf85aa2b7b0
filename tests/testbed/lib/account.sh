# The dokku account sshd runs the forced command as, the Dokku stand-in it runs, and its state dir.

ensure_dokku_user() {
    getent group docker >/dev/null || groupadd --system docker
    if ! id "$DOKKU_USER" >/dev/null 2>&1; then
        useradd -m -d "$DOKKU_HOME" -s /bin/bash "$DOKKU_USER"
        touch "$DOKKU_USER_MARKER"
        detail "created user $DOKKU_USER"
    fi
    # useradd leaves the password locked ('!'), and sshd refuses locked accounts even for keys.
    if [[ $(getent shadow "$DOKKU_USER" | cut -d: -f2) != '*' ]]; then
        usermod -p '*' "$DOKKU_USER"
    fi
    # So the stand-in can reach the daemon's socket.
    id -nG "$DOKKU_USER" | tr ' ' '\n' | grep -qx docker || usermod -aG docker "$DOKKU_USER"
    mkdir -p "$DOKKU_HOME"
    chown "$DOKKU_USER:" "$DOKKU_HOME"
    echo "$STANDIN_DIR/dokku" >"$DOKKU_HOME/.sshcommand"
    chown "$DOKKU_USER:" "$DOKKU_HOME/.sshcommand"
    chmod 644 "$DOKKU_HOME/.sshcommand"
    mkdir -p "$STATE_DIR"
    chown "$DOKKU_USER:" "$STATE_DIR"
    chmod 700 "$STATE_DIR"
    # The stand-in drives Docker as this user: the socket's group and every directory above it must let it.
    local sock
    for sock in "$SERVER_DOCKER_SOCK" "$DOCKER_SOCK"; do
        runuser -u "$DOKKU_USER" -- curl -sf --max-time 30 --unix-socket "$sock" http://localhost/_ping >/dev/null \
            || die "user $DOKKU_USER cannot use $sock (socket group docker, directories above it must be traversable)"
    done
    detail "user $DOKKU_USER: home $DOKKU_HOME, groups $(id -nG "$DOKKU_USER"), state $STATE_DIR"
}

write_standin_placeholder() {
    cat >"$1/dokku" <<'PLACEHOLDER'
#!/bin/sh
echo ' !     stand-in not installed' >&2
exit 1
PLACEHOLDER
}

# Copied afresh on every run so edits to tests/testbed/standin/ take effect without a restart.
install_standin() {
    local source=$1 staging=$STANDIN_DIR.new
    rm -rf "$staging"
    mkdir -p "$staging"
    if [[ -d $source ]] && [[ -n $(ls -A "$source" 2>/dev/null) ]]; then
        cp -R "$source/." "$staging/"
    fi
    if [[ ! -e $staging/dokku ]]; then
        write_standin_placeholder "$staging"
        detail "no $source/dokku yet: installed a placeholder that exits 1"
    else
        detail "copied $source into $STANDIN_DIR"
    fi
    find "$staging" -type f -exec chmod 755 {} +
    find "$staging" -type d -exec chmod 755 {} +
    chown -R root:root "$staging"
    rm -rf "$STANDIN_DIR"
    mv "$staging" "$STANDIN_DIR"
}

# Like Dokku's `ps:restore` at boot: app containers that stopped with the server's engine (down.sh,
# a kill) run again. Their published host ports, which the stand-in's URLs name, are new ones.
restore_server_apps() {
    local ids
    ids=$(dk_on server container ls -aq --filter label=com.dokku.app-name --filter status=exited) || return 0
    if [[ -z $ids ]]; then
        detail "no stopped app containers"
        return 0
    fi
    # shellcheck disable=SC2086
    dk_on server container start $ids >/dev/null || warn "some app containers did not start again"
    detail "started $(wc -w <<<"$ids") stopped app container(s) again"
}
