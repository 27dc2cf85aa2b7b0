# Two local Docker registries (Debian's docker-registry, distribution 2.8):
#   127.0.0.1:5000  no auth (the plain one)
#   127.0.0.1:5001  htpasswd auth (bcrypt), for the `registry` deploy method and registry:login
# Both engines reach them over plain HTTP: dockerd treats 127.0.0.0/8 registries as insecure-allowed.

TESTBED_AUTH_REGISTRY=127.0.0.1:${DOKKU_TESTBED_AUTH_REGISTRY_PORT:-5001}
TESTBED_AUTH_REGISTRY_USER=dokkudeploy
AUTH_REGISTRY_DIR=$TESTBED_ROOT/registry-auth
AUTH_REGISTRY_PIDFILE=$AUTH_REGISTRY_DIR/registry.pid
# One line: the password. Mode 600, made once; tests read it from testbed.env.
AUTH_REGISTRY_PASSWORD_FILE=$AUTH_REGISTRY_DIR/password
AUTH_REGISTRY_HTPASSWD=$AUTH_REGISTRY_DIR/htpasswd

auth_registry_password() { cat "$AUTH_REGISTRY_PASSWORD_FILE"; }

# 200 from the plain one; from the auth one 401 without credentials and 200 with them (sent through
# curl's config on stdin, so the password is never on a command line).
registry_answers() {
    local address=$1 auth=${2:-}
    if [[ -z $auth ]]; then
        [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$address/v2/" 2>/dev/null) == 200 ]]
        return
    fi
    [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://$address/v2/" 2>/dev/null) == 401 ]] || return 1
    [[ $(printf 'user = "%s:%s"\n' "$TESTBED_AUTH_REGISTRY_USER" "$(auth_registry_password)" \
        | curl -s -K - -o /dev/null -w '%{http_code}' --max-time 2 "http://$address/v2/" 2>/dev/null) == 200 ]]
}

registry_answers_or_died() { registry_answers "$2" "$3" || [[ ! -d /proc/$1 ]]; }

# Writes $1 from stdin when it differs; returns 1 when unchanged.
write_if_changed() {
    local target=$1 mode=$2 tmp
    tmp=$(mktemp "$target.XXXXXX")
    cat >"$tmp"
    if cmp -s "$tmp" "$target"; then
        rm -f "$tmp"
        return 1
    fi
    chmod "$mode" "$tmp"
    mv "$tmp" "$target"
}

# $1 directory, $2 address, $3 optional htpasswd file.
write_registry_config() {
    local dir=$1 address=$2 htpasswd=${3:-}
    # The packaged /etc/docker/registry/config.yml turns on htpasswd auth with its own file: ours
    # names its own, or none.
    {
        cat <<CONFIG
version: 0.1
log:
  level: info
  fields:
    service: registry
storage:
  cache:
    blobdescriptor: inmemory
  filesystem:
    rootdirectory: $dir/data
  delete:
    enabled: true
http:
  addr: $address
  headers:
    X-Content-Type-Options: [nosniff]
CONFIG
        if [[ -n $htpasswd ]]; then
            cat <<CONFIG
auth:
  htpasswd:
    realm: dokkudeploy-testbed
    path: $htpasswd
CONFIG
        fi
    } | write_if_changed "$dir/config.yml" 644
}

# The password is made once and kept: a test bed that is up keeps its credentials. The htpasswd
# line (bcrypt, `htpasswd -B`, the only hash distribution accepts) is rewritten only when it no
# longer matches the password; the password goes to htpasswd on stdin.
ensure_auth_registry_credentials() {
    mkdir -p "$AUTH_REGISTRY_DIR"
    chmod 755 "$AUTH_REGISTRY_DIR"
    if [[ ! -s $AUTH_REGISTRY_PASSWORD_FILE ]]; then
        (umask 077 && head -c 18 /dev/urandom | base64 | tr '+/' 'xy' >"$AUTH_REGISTRY_PASSWORD_FILE")
        rm -f "$AUTH_REGISTRY_HTPASSWD"
        detail "made a password for registry user $TESTBED_AUTH_REGISTRY_USER ($AUTH_REGISTRY_PASSWORD_FILE)"
    fi
    chmod 600 "$AUTH_REGISTRY_PASSWORD_FILE"
    if [[ -s $AUTH_REGISTRY_HTPASSWD ]] \
        && auth_registry_password | htpasswd -iv "$AUTH_REGISTRY_HTPASSWD" "$TESTBED_AUTH_REGISTRY_USER" >/dev/null 2>&1; then
        return 1
    fi
    auth_registry_password | htpasswd -iBn "$TESTBED_AUTH_REGISTRY_USER" 2>/dev/null | sed '/^$/d' \
        | write_if_changed "$AUTH_REGISTRY_HTPASSWD" 644 || true
    detail "wrote $AUTH_REGISTRY_HTPASSWD (bcrypt)"
    return 0
}

# $1 name for messages, $2 directory, $3 pid file, $4 address, $5 "auth" or empty; $6 "changed" when
# the caller changed its files. Reuses a running registry that answers.
ensure_one_registry() {
    local name=$1 dir=$2 pidfile=$3 address=$4 auth=$5 changed=$6 pid
    if pid=$(live_pid "$pidfile" docker-registry "$dir/config.yml"); then
        if [[ -z $changed ]] && registry_answers "$address" "$auth"; then
            detail "reusing $name (pid $pid)"
            return 0
        fi
        detail "restarting $name (pid $pid): config changed or not answering"
        stop_pid "$pid" "$name" 10
    fi
    rm -f "$pidfile"
    if (exec 3<>"/dev/tcp/${address%:*}/${address#*:}") 2>/dev/null; then
        die "something else already listens on $address (not started by the test bed): stop it first"
    fi
    detached docker-registry serve "$dir/config.yml" </dev/null >>"$dir/registry.log" 2>&1 &
    pid=$!
    echo "$pid" >"$pidfile"
    if wait_until "$TESTBED_WAIT_SECONDS" registry_answers_or_died "$pid" "$address" "$auth" && registry_answers "$address" "$auth"; then
        detail "started $name (pid $pid) on $address, log $dir/registry.log"
        return 0
    fi
    warn "$name did not answer on http://$address/v2/ within $TESTBED_WAIT_SECONDS s; last lines of $dir/registry.log:"
    tail -n 20 "$dir/registry.log" >&2
    exit 1
}

ensure_registry() {
    local changed=
    mkdir -p "$REGISTRY_DIR/data"
    write_registry_config "$REGISTRY_DIR" "$TESTBED_REGISTRY" && changed=1
    ensure_one_registry registry "$REGISTRY_DIR" "$REGISTRY_PIDFILE" "$TESTBED_REGISTRY" "" "$changed"

    changed=
    ensure_auth_registry_credentials && changed=1
    mkdir -p "$AUTH_REGISTRY_DIR/data"
    write_registry_config "$AUTH_REGISTRY_DIR" "$TESTBED_AUTH_REGISTRY" "$AUTH_REGISTRY_HTPASSWD" && changed=1
    ensure_one_registry "auth registry" "$AUTH_REGISTRY_DIR" "$AUTH_REGISTRY_PIDFILE" "$TESTBED_AUTH_REGISTRY" auth "$changed"
}

stop_registry() {
    stop_by_pidfile "$REGISTRY_PIDFILE" docker-registry registry 10 "$REGISTRY_DIR/config.yml"
    stop_by_pidfile "$AUTH_REGISTRY_PIDFILE" docker-registry "auth registry" 10 "$AUTH_REGISTRY_DIR/config.yml"
}
