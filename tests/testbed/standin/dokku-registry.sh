# The stand-in's registry plugin: `registry:login`, as Dokku 0.38's registry plugin (Go) answers it.
# shellcheck shell=bash
#
# registry:login [--global] [--password-stdin] [APP] SERVER USERNAME [PASSWORD]
# Runs `docker login --username USER --password-stdin SERVER` against the server engine, the password
# on docker's stdin (never on a command line). A global login goes to the dokku user's docker config
# (~dokku/.docker/config.json), which `git:from-image`'s pull then uses; an app's login goes to its own
# config directory ($STATE/.registry/APP, Dokku's /var/lib/dokku/config/registry/APP).
# docker login's own output is captured, not shown; on success Dokku prints one warning line.

registry_config_dir() { echo "$STATE/.registry/$1"; }

command_registry_login() {
    local global='' password_stdin='' args=() app='' server='' username='' password=''
    while (($#)); do
        case $1 in
            --global) global=1 ;;
            --password-stdin) password_stdin=1 ;;
            --) shift; args+=("$@"); break ;;
            -*)
                echo "unknown flag: $1" >&2
                echo "Usage of registry:login:" >&2
                exit 2
                ;;
            *) args+=("$1") ;;
        esac
        shift
    done

    # Global: SERVER USER [PASSWORD]; per app: APP SERVER USER [PASSWORD]. The password is left out of
    # the count with --password-stdin.
    local global_count=3 app_count=4
    if [[ -n $password_stdin ]]; then
        global_count=2
        app_count=3
    fi
    if [[ -n $global ]]; then
        server=${args[0]:-}
        username=${args[1]:-}
        [[ -n $password_stdin ]] || password=${args[2]:-}
    elif ((${#args[@]} == global_count)); then
        log_warn "Deprecated: please use --global flag for global registry login"
        server=${args[0]:-}
        username=${args[1]:-}
        [[ -n $password_stdin ]] || password=${args[2]:-}
    elif ((${#args[@]} >= app_count)); then
        app=${args[0]}
        server=${args[1]}
        username=${args[2]}
        [[ -n $password_stdin ]] || password=${args[3]:-}
    fi

    if [[ -n $password_stdin ]]; then
        password=$(cat)
        # Go's strings.TrimSpace
        password=${password#"${password%%[![:space:]]*}"}
        password=${password%"${password##*[![:space:]]}"}
    fi

    [[ -n $server ]] || fail "Missing server argument"
    [[ -n $username ]] || fail "Missing username argument"
    [[ -n $password ]] || fail "Missing password argument"
    [[ $server == hub.docker.com || $server == docker.com ]] && server=docker.io

    local config_dir='' output status
    if [[ -n $app ]]; then
        require_app "$app"
        config_dir=$(registry_config_dir "$app")
        if ! mkdir -p "$config_dir" || ! chmod 700 "$config_dir" "$STATE/.registry"; then
            fail "Unable to create registry config directory: $config_dir"
        fi
    fi

    # printf is a builtin: the password is in no process's arguments.
    output=$(printf '%s\n' "$password" \
        | DOCKER_CONFIG=${config_dir:-${DOCKER_CONFIG:-$HOME/.docker}} docker_cli login --username "$username" --password-stdin "$server" 2>&1 >/dev/null)
    status=$?
    if ((status != 0)); then
        fail "Unable to run docker login: $output"
    fi

    if [[ -n $app ]]; then
        log_warn "Login Succeeded for $app"
    else
        log_warn "Login Succeeded for global registry"
    fi
}
