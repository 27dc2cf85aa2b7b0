# Shared pieces of the Dokku stand-in: test bed settings, Dokku's log line formats, app state.
# shellcheck shell=bash
# shellcheck disable=SC2034 # settings used by the other files

DOKKU_VERSION=0.38.27

# KEY=VALUE lines, read rather than sourced so a value with spaces cannot run anything.
load_testbed_env() {
    local file=${DOKKU_TESTBED_ENV:-$STANDIN_DIR/../testbed.env} key value
    if [[ ! -r $file ]]; then
        echo " !     Dokku stand-in: test bed settings not found at $file (run: bash tests/testbed/up.sh)" >&2
        exit 1
    fi
    while IFS= read -r line || [[ -n $line ]]; do
        [[ $line =~ ^[A-Za-z_][A-Za-z0-9_]*= ]] || continue
        key=${line%%=*}
        value=${line#*=}
        export "$key=$value"
    done <"$file"
    # testbed.env's DOCKER_HOST is the developer's engine; the server's own engine is this one.
    if [[ -n ${DOKKU_TESTBED_SERVER_DOCKER_HOST:-} ]]; then
        export DOCKER_HOST=$DOKKU_TESTBED_SERVER_DOCKER_HOST
    fi
    # The arm64 server's sshd names it (tests/testbed/lib/arm64.sh): its own engine, which runs arm64
    # images under QEMU, its own apps and app addresses, and a machine that `dokku report` calls aarch64.
    SERVER_MACHINE=$(uname -m)
    if [[ ${DOKKU_TESTBED_SERVER:-} == arm64 ]]; then
        export DOCKER_HOST=${DOKKU_TESTBED_ARM64_DOCKER_HOST:?DOKKU_TESTBED_ARM64_DOCKER_HOST missing from $file}
        export DOKKU_TESTBED_STATE=${DOKKU_TESTBED_ARM64_STATE:?DOKKU_TESTBED_ARM64_STATE missing from $file}
        export DOKKU_TESTBED_APP_ADDRESSES=${DOKKU_TESTBED_ARM64_APP_ADDRESSES:?DOKKU_TESTBED_ARM64_APP_ADDRESSES missing from $file}
        SERVER_MACHINE=aarch64
    fi
    DOCKER_CLI=${DOKKU_TESTBED_DOCKER_CLI:-docker}
    STATE=${DOKKU_TESTBED_STATE:?DOKKU_TESTBED_STATE missing from $file}
    NETWORK=${DOKKU_TESTBED_NETWORK:-dokkudeploy}
    BUSYBOX_IMAGE=${DOKKU_TESTBED_BUSYBOX_IMAGE:-}
    # The legacy builder, as Dokku 0.38 on Docker 20.10 uses.
    export DOCKER_BUILDKIT=0
}

docker_cli() { "$DOCKER_CLI" "$@"; }

# Dokku's line formats. Quiet mode drops progress, never errors.
log_info1() { [[ -n $QUIET ]] || echo "-----> $*"; }
log_info2() { [[ -n $QUIET ]] || echo "=====> $*"; }
log_verbose() { [[ -n $QUIET ]] || echo "       $*"; }
log_warn() { echo " !     $*" >&2; }
fail() { fail_with 1 "$@"; }
fail_with() {
    local code=$1
    shift
    echo " !     $*" >&2
    exit "$code"
}

app_dir() { echo "$STATE/$1"; }
app_exists() { [[ -n $1 && -d $STATE/$1/config ]]; }
app_is_deployed() { [[ -s $STATE/$1/image-id ]]; }

is_valid_app_name() { [[ $1 =~ ^[a-z0-9][a-z0-9.-]*$ ]]; }

require_valid_app_name() {
    [[ -n ${1:-} ]] || fail "Please specify an app to run the command on"
    is_valid_app_name "$1" \
        || fail "App name must begin with lowercase alphanumeric character, and may only contain lowercase alphanumerics, dots, and hyphens"
}

# Every app command: a bad name fails with 1, a missing app with 20.
require_app() {
    require_valid_app_name "${1:-}"
    app_exists "$1" || fail_with 20 "App $1 does not exist"
}

# Creates the app's state atomically; returns 1 when it already exists.
create_app_state() {
    local app=$1 dir
    dir=$(app_dir "$app")
    mkdir -p "$STATE"
    mkdir "$dir" 2>/dev/null || return 1
    mkdir "$dir/config.new"
    # Dokku sets this when no global vhost is configured, as on the test bed.
    printf '1' >"$dir/config.new/NO_VHOST"
    mv "$dir/config.new" "$dir/config"
}

# Commands to run when the process exits, in order, with its exit status as their argument: several
# parts need cleanup (a staging dir, a build context, the deploy lock) and bash keeps one EXIT trap.
ON_EXIT=()
on_exit() {
    ON_EXIT+=("$1")
    trap 'run_on_exit $?' EXIT
}
run_on_exit() {
    local status=$1 command
    for command in "${ON_EXIT[@]}"; do $command "$status"; done
}

config_keys() {
    local f
    for f in "$(app_dir "$1")/config/"*; do
        basename "$f"
    done | LC_ALL=C sort
}

config_value() { cat "$(app_dir "$1")/config/$2"; }

# KEY: value lines as Dokku's columnize prints them: keys padded to the widest, then two spaces.
print_env_entries() {
    local app=$1
    shift
    local width=0 key
    for key in "$@"; do ((${#key} + 1 > width)) && width=$((${#key} + 1)); done
    for key in "$@"; do
        log_verbose "$(printf "%-${width}s  %s" "$key:" "$(config_value "$app" "$key")")"
    done
}

# Port maps as Dokku 0.38 keeps them (plugins/ports, docs/networking/port-management.md): `ports:set`
# writes the app's own map ("Ports map"); each deploy detects one from the image ("Ports map
# detected"): every EXPOSEd tcp port N as http:N:N, or http:80:5000 when the image EXPOSEs nothing.
# The app's own map wins. A map is space-separated scheme:host-port:container-port words, sorted.
detected_port_map() {
    local image=$1 exposed port
    # shellcheck disable=SC2016 # a Go template, not shell
    exposed=$(docker_cli image inspect -f '{{range $p, $v := .Config.ExposedPorts}}{{$p}} {{end}}' "$image" 2>/dev/null \
        | tr ' ' '\n' | sed -n 's#/tcp$##p')
    if [[ -z $exposed ]]; then
        echo "http:80:5000"
        return
    fi
    for port in $exposed; do echo "http:$port:$port"; done | LC_ALL=C sort | paste -sd' '
}

# The map the app is routed by: its own, else the one detected from IMAGE.
port_map_for() {
    local app=$1 image=$2
    if [[ -s $(app_dir "$app")/ports ]]; then
        cat "$(app_dir "$app")/ports"
    else
        detected_port_map "$image"
    fi
}

# The container port the app is given as PORT and checked on: the map's first http mapping.
container_port_for() {
    local mapping
    for mapping in $(port_map_for "$1" "$2"); do
        if [[ $mapping == http:* ]]; then
            echo "${mapping##*:}"
            return
        fi
    done
    echo 5000
}

# Each app gets its own loopback address, standing in for APP.DOMAIN: Dokku's nginx tells apps apart
# by Host on shared ports 80 and 443; here every app can have its own port 80.
app_address() {
    local app=$1 file n
    file=$(app_dir "$app")/address
    if [[ ! -s $file ]]; then
        (
            flock 9
            n=$(($(cat "$STATE/.address-counter" 2>/dev/null || echo 0) + 1))
            echo "$n" >"$STATE/.address-counter"
            echo "${DOKKU_TESTBED_APP_ADDRESSES:-127.77}.$((n / 250 % 250)).$((n % 250 + 2))" >"$file"
        ) 9>>"$STATE/.address.flock"
    fi
    cat "$file"
}

# The URLs of a port map, as Dokku prints them: one per http mapping, no port for 80.
urls_for_map() {
    local app=$1 map=$2 address mapping host
    address=$(app_address "$app")
    for mapping in $map; do
        [[ $mapping == http:* ]] || continue
        host=$(cut -d: -f2 <<<"$mapping")
        if [[ $host == 80 ]]; then echo "http://$address"; else echo "http://$address:$host"; fi
    done
}

# Go's json.Marshal escapes <, > and & in strings; jq does not.
go_json() { sed -e 's/</\\u003c/g' -e 's/>/\\u003e/g' -e 's/&/\\u0026/g'; }

# The app's bare repo (git push target; image deploys are committed into it too, as Dokku does).
ensure_app_repo() {
    local app=$1 repo
    repo="$(app_dir "$app")/repo.git"
    if [[ ! -d $repo ]]; then
        git -c init.defaultBranch=master init -q --bare "$repo.new.$$" && mv -T "$repo.new.$$" "$repo" 2>/dev/null
        rm -rf "$repo.new.$$"
    fi
    printf '#!/usr/bin/env bash\nexec %q git-hook %q\n' "$STANDIN_DIR/dokku" "$app" >"$repo/hooks/pre-receive"
    chmod 755 "$repo/hooks/pre-receive"
    echo "$repo"
}

# What git:report shows: the deployed commit, when, and the image it came from (image deploys).
record_git_source() {
    local app=$1 sha=$2 image=$3 dir
    dir=$(app_dir "$app")
    echo "$sha" >"$dir/git-sha"
    date +%s >"$dir/git-updated-at"
    printf '%s' "$image" >"$dir/git-source-image"
}

# Dokku commits a `FROM IMAGE` Dockerfile for image deploys; a later push must build on it.
commit_image_source() {
    local app=$1 image=$2 repo blob tree parent commit
    repo=$(ensure_app_repo "$app")
    blob=$(printf 'FROM %s\n' "$image" | GIT_DIR=$repo git hash-object -w --stdin) || return 1
    tree=$(printf '100644 blob %s\tDockerfile\n' "$blob" | GIT_DIR=$repo git mktree) || return 1
    parent=$(GIT_DIR=$repo git rev-parse -q --verify refs/heads/master)
    commit=$(GIT_DIR=$repo GIT_AUTHOR_NAME=Dokku GIT_AUTHOR_EMAIL=automated@dokku.sh \
        GIT_COMMITTER_NAME=Dokku GIT_COMMITTER_EMAIL=automated@dokku.sh \
        git commit-tree "$tree" ${parent:+-p "$parent"} -m "Deploy $image") || return 1
    GIT_DIR=$repo git update-ref refs/heads/master "$commit" || return 1
    record_git_source "$app" "$commit" "$image"
}

# A broken server, on request of a test: $STATE/.faults/APP names how git:load-image of APP misbehaves
# ("app-missing-on-load": Dokku calls the app missing, exit 20, even just after apps:create;
# "fail-after-warnings": the deploy stops with exit 1 after only Dokku's routine warnings, as a tool
# missing on the server does, visible only with trace:on). Real servers have no such file.
injected_fault() {
    local file="$STATE/.faults/$1"
    [[ -r $file ]] && head -n 1 "$file"
    return 0
}
