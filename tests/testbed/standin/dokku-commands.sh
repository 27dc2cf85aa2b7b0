# The stand-in's commands, one function each, named after the Dokku command they answer.
# shellcheck shell=bash

command_help() {
    cat <<'HELP'
Usage: dokku [--quiet|--trace|--force] COMMAND <app> [command-specific-options]

Commands answered by the DokkuDeploy test bed's Dokku stand-in:
    apps:create, apps:destroy, apps:exists, apps:list, apps:lock, apps:report, apps:unlock, builds:list
    config:export, config:get, config:import, config:set, config:show, config:unset
    git:from-image, git:load-image, git:report, git-receive-pack, registry:login
    logs, ports:clear, ports:report, ports:set, ps:rebuild, ps:report, ps:restart, url, urls, version
HELP
}

# Go-style flag parsing of Dokku's subcommands: flags first, an unknown one exits 2.
unknown_flag() { fail_with 2 "flag provided but not defined: ${1#-}"; }

command_apps_list() {
    local format='' app apps=()
    while (($#)); do
        case $1 in
            --format) format=${2:-}; shift ;;
            --format=*) format=${1#*=} ;;
            -*) unknown_flag "$1" ;;
        esac
        shift
    done
    for app in "$STATE"/*/config; do
        app=${app%/config}
        apps+=("${app##*/}")
    done
    if ((${#apps[@]} > 0)); then
        mapfile -t apps < <(printf '%s\n' "${apps[@]}" | LC_ALL=C sort)
    fi
    if [[ $format == json ]]; then
        if ((${#apps[@]} == 0)); then echo '[]'; else printf '%s\n' "${apps[@]}" | jq -Rnc '[inputs]'; fi
        return
    fi
    if ((${#apps[@]} == 0)); then
        log_warn "You haven't deployed any applications yet"
        return
    fi
    log_info2 "My Apps"
    printf '%s\n' "${apps[@]}"
}

command_apps_exists() {
    require_app "${1:-}"
}

command_apps_create() {
    local app=${1:-}
    require_valid_app_name "$app"
    create_app_state "$app" || fail "Name is already taken"
    log_info1 "Creating $app..."
    log_info1 "Global server virtual host not set, disabling app vhost..."
}

command_apps_destroy() {
    local app=${1:-} answer
    require_app "$app"
    if [[ -z $FORCE ]]; then
        log_warn "WARNING: Potentially Destructive Action"
        log_warn "This command will destroy app $app."
        log_warn "To proceed, type \"$app\""
        printf '> '
        IFS= read -r answer || fail "EOF"
        [[ $answer == "$app" ]] || fail "Confirmation did not match $app. Aborted."
    fi
    wait_for_deploy_lock "$app"
    log_info1 "Destroying $app (including all add-ons)"
    log_info1 "Cleaning up..."
    log_info1 "Retiring old containers and images"
    local containers
    mapfile -t containers < <(docker_cli container ls -aq --filter "label=com.dokku.app-name=$app")
    ((${#containers[@]} > 0)) && docker_cli container rm -f "${containers[@]}" >/dev/null 2>&1
    docker_cli container rm -f "$app.router" >/dev/null 2>&1
    docker_cli image rm "dokku/$app:latest" >/dev/null 2>&1
    rm -rf "$(app_dir "$app")"
}

remove_config_staging() { rm -rf "$CONFIG_STAGING"; }

# Parses config:set/config:unset flags into the caller's locals: encoded, no_restart.
parse_config_flags() {
    CONFIG_ARGS=()
    while (($#)); do
        case $1 in
            --encoded) encoded=1 ;;
            --no-restart) no_restart=1 ;;
            --global) fail "The stand-in has no global config" ;;
            -*) unknown_flag "$1" ;;
            *) break ;;
        esac
        shift
    done
    CONFIG_ARGS=("$@")
}

# A config change on a deployed app restarts it: everything from here on goes to stdout.
restart_after_config_change() {
    local app=$1
    [[ -z $no_restart ]] && app_is_deployed "$app" || return 0
    exec 2>&1
    take_deploy_lock "$app" config-redeploy
    log_info1 "Restarting app $app"
    release_and_deploy "$app" "$(<"$(app_dir "$app")/image-id")"
}

command_config_set() {
    local encoded='' no_restart='' app pair key value dir staging keys=()
    parse_config_flags "$@"
    set -- "${CONFIG_ARGS[@]}"
    app=${1:-}
    require_app "$app"
    shift
    (($# > 0)) || fail "At least one env pair must be given"
    dir=$(app_dir "$app")
    staging=$(mktemp -d "$dir/.config-set.XXXXXX")
    CONFIG_STAGING=$staging
    on_exit remove_config_staging
    for pair in "$@"; do
        [[ $pair == *=* ]] || fail "Invalid env pair: $pair"
        key=${pair%%=*}
        value=${pair#*=}
        [[ $key =~ ^[A-Za-z_][A-Za-z0-9_.-]*$ ]] || fail "Invalid env pair: $pair"
        if [[ -n $encoded ]]; then
            printf '%s' "$value" | base64 -d >"$staging/$key" 2>/dev/null \
                || fail "Unable to decode base64 value for $key"
        else
            printf '%s' "$value" >"$staging/$key"
        fi
        keys+=("$key")
    done
    for key in "${keys[@]}"; do mv -f "$staging/$key" "$dir/config/$key"; done
    mapfile -t keys < <(printf '%s\n' "${keys[@]}" | LC_ALL=C sort -u)
    log_info1 "Setting config vars"
    print_env_entries "$app" "${keys[@]}"
    restart_after_config_change "$app"
}

command_config_unset() {
    local encoded='' no_restart='' app key
    parse_config_flags "$@"
    set -- "${CONFIG_ARGS[@]}"
    app=${1:-}
    require_app "$app"
    shift
    (($# > 0)) || fail "At least one key must be given"
    for key in "$@"; do
        log_info1 "Unsetting $key"
        rm -f "$(app_dir "$app")/config/$key"
    done
    restart_after_config_change "$app"
}

command_config_get() {
    local app=${1:-} key=${2:-} file
    require_app "$app"
    [[ -n $key ]] || fail "Expected: key"
    file="$(app_dir "$app")/config/$key"
    [[ -f $file ]] || exit 1
    cat "$file"
    echo
}

config_as_json() {
    local app=$1 key args=()
    while IFS= read -r key; do
        [[ -n $key ]] && args+=(--rawfile "$key" "$(app_dir "$app")/config/$key")
    done < <(config_keys "$app")
    jq -ncS "${args[@]}" '$ARGS.named' | go_json
}

command_config_export() {
    local format=exports app key value
    while (($#)); do
        case $1 in
            --format) format=${2:-}; shift ;;
            --format=*) format=${1#*=} ;;
            --merged) ;;
            -*) unknown_flag "$1" ;;
            *) break ;;
        esac
        shift
    done
    app=${1:-}
    require_app "$app"
    case $format in
        json) config_as_json "$app" ;;
        json-list) config_as_json "$app" | jq -c 'to_entries | map({name: .key, value: .value})' | go_json ;;
        exports | envfile | shell)
            while IFS= read -r key; do
                [[ -n $key ]] || continue
                value=$(config_value "$app" "$key")
                value=${value//\'/\'\\\'\'}
                case $format in
                    exports) printf "export %s='%s'\n" "$key" "$value" ;;
                    envfile) printf "%s='%s'\n" "$key" "$value" ;;
                    shell) printf "%s='%s' " "$key" "$value" ;;
                esac
            done < <(config_keys "$app")
            [[ $format == shell ]] && echo
            ;;
        *) fail "Unknown export format: $format" ;;
    esac
}

command_config_show() {
    local app=${1:-} keys
    require_app "$app"
    mapfile -t keys < <(config_keys "$app")
    log_info2 "$app env vars"
    ((${#keys[@]} > 0)) && print_env_entries "$app" "${keys[@]}"
}

# git:load-image APP IMAGE: stdin is a `docker save` tar.
command_git_load_image() {
    local app='' image=''
    while (($#)); do
        case $1 in
            --build-dir | --user-email | --user-name) shift ;;
            -*) unknown_flag "$1" ;;
            *) if [[ -z $app ]]; then app=$1; else image=$1; fi ;;
        esac
        shift
    done
    local fault
    fault=$(injected_fault "$app")
    [[ $fault == app-missing-on-load ]] && fail_with 20 "App $app does not exist"
    require_app "$app"
    [[ -n $image ]] || fail "Please specify a docker image"
    exec 2>&1
    [[ -t 0 ]] && fail "Expected a docker image tar on stdin"
    docker_cli image load || exit 1
    [[ $fault == fail-after-warnings ]] && fail_after_routine_warnings "$app"
    ensure_source_image "$image"
    deploy_image_source "$app" "$image" git:load-image
}

command_git_from_image() {
    local app='' image=''
    while (($#)); do
        case $1 in
            --force) FORCE=1 ;;
            --build-dir | --user-email | --user-name) shift ;;
            -*) unknown_flag "$1" ;;
            *) if [[ -z $app ]]; then app=$1; else image=$1; fi ;;
        esac
        shift
    done
    require_app "$app"
    [[ -n $image ]] || fail "Please specify a docker image"
    exec 2>&1
    ensure_source_image "$image"
    deploy_image_source "$app" "$image" git:from-image
}

# git push ssh://dokku@HOST:PORT/APP: a bare repo per app whose pre-receive hook builds and deploys.
command_git_receive_pack() {
    local app=${1:-} repo
    app=${app//\'/}
    app=${app#/}
    app=${app%.git}
    require_valid_app_name "$app"
    # Dokku creates the app on a first push; stdout here is git's protocol stream, so silently.
    app_exists "$app" || create_app_state "$app" || app_exists "$app" || fail "Unable to create $app"
    repo=$(ensure_app_repo "$app")
    exec git receive-pack "$repo"
}

# Runs as the repo's pre-receive hook: its output reaches the pusher as `remote:` lines, and a
# failure rejects the push.
command_git_hook() {
    local app=${1:-} newrev ref
    require_app "$app"
    exec 2>&1
    while read -r _ newrev ref; do
        [[ $newrev =~ ^0+$ ]] && continue
        if [[ $ref != refs/heads/master ]]; then
            log_warn "WARNING: deploy did not complete, you must push to master."
            log_warn "for example, try 'git push <dokku> ${ref#refs/heads/}:master'"
            continue
        fi
        (
            take_deploy_lock "$app" git-hook
            record_git_source "$app" "$newrev" ""
            build_and_deploy_commit "$app" "$newrev"
        ) || exit 1
    done
}

command_git_report() {
    local app=${1:-} dir sha='' updated='' image=''
    require_app "$app"
    dir=$(app_dir "$app")
    [[ -s $dir/git-sha ]] && sha=$(<"$dir/git-sha")
    [[ -s $dir/git-updated-at ]] && updated=$(<"$dir/git-updated-at")
    [[ -s $dir/git-source-image ]] && image=$(<"$dir/git-source-image")
    log_info2 "$app git information"
    while IFS='|' read -r label value; do
        printf '       %-31s %s\n' "$label:" "$value"
    done <<REPORT
Git computed archive max files|10000
Git computed archive max size|1073741824
Git computed deploy branch|master
Git computed keep git dir|false
Git deploy branch|master
Git global archive max files|
Git global archive max size|
Git global deploy branch|
Git global keep git dir|
Git keep git dir|
Git last updated at|$updated
Git rev env var|GIT_REV
Git sha|$sha
Git source image|$image
REPORT
}

command_ps_report() {
    local app=${1:-} deployed=false processes=0 running=false cid status='' proc=web
    require_app "$app"
    if app_is_deployed "$app"; then
        deployed=true
        processes=1
        [[ -s $(app_dir "$app")/process-type ]] && proc=$(<"$(app_dir "$app")/process-type")
        cid=$(docker_cli container inspect -f '{{.Id}} {{.State.Status}}' "$app.$proc.1" 2>/dev/null)
        if [[ -n $cid ]]; then
            status="${cid#* } (CID: ${cid:0:11})"
            [[ ${cid#* } == running ]] && running=true
        fi
    fi
    log_info2 "$app ps information"
    while IFS='|' read -r label value; do
        printf '       %-33s %s\n' "$label:" "$value"
    done <<REPORT
Deployed|$deployed
Processes|$processes
Ps can scale|true
Ps computed dockerfile start cmd|
Ps computed procfile path|Procfile
Ps computed restart policy|on-failure:10
Ps computed skip deploy|false
Ps computed start cmd|
Ps computed stop timeout seconds|30
Ps dockerfile start cmd|
Ps global procfile path|
Ps global restart policy|
Ps global skip deploy|
Ps global stop timeout seconds|
Ps procfile path|
Ps restart policy|
Ps skip deploy|
Ps start cmd|
Ps stop timeout seconds|
Restore|true
Running|$running
REPORT
    [[ -n $status ]] && printf '       %-33s %s\n' "Status $proc 1:" "$status"
    return 0
}

command_ps_restart() {
    local app=${1:-} dir id
    require_app "$app"
    dir=$(app_dir "$app")
    app_is_deployed "$app" || fail "App $app has not been deployed"
    exec 2>&1
    take_deploy_lock "$app" "$COMMAND"
    id=$(<"$dir/image-id")
    [[ $COMMAND == ps:rebuild && -s $dir/source-id ]] && id=$(<"$dir/source-id")
    release_and_deploy "$app" "$id"
}

command_ports_set() {
    local app=${1:-} mapping
    require_app "$app"
    shift
    (($# > 0)) || fail "No port mapping specified"
    for mapping in "$@"; do
        [[ $mapping =~ ^(http|https|grpc|grpcs|tcp|udp):[0-9]+:[0-9]+$ ]] || fail "Invalid port map $mapping [len=1]"
    done
    printf '%s\n' "$@" | LC_ALL=C sort -u | paste -sd' ' >"$(app_dir "$app")/ports"
    # Dokku rebuilds the proxy config at once: a running app is served by the new map right away. An
    # app whose container is gone keeps the map for its next deploy, as Dokku's does.
    local cid
    app_is_deployed "$app" && cid=$(<"$(app_dir "$app")/container-id") \
        && docker_cli container inspect "$cid" >/dev/null 2>&1 \
        && route_app "$app" "$cid" "$(<"$(app_dir "$app")/ports")"
    return 0
}

# Dokku deletes both the app's own map and the detected one; the next deploy detects it again.
command_ports_clear() {
    local app=${1:-}
    require_app "$app"
    rm -f "$(app_dir "$app")/ports" "$(app_dir "$app")/ports-detected"
}

# Dokku's report: "Ports map" (the app's own, from ports:set) and "Ports map detected" (from the
# image, at the last deploy); --ports-map and --ports-map-detected print one of them bare.
command_ports_report() {
    local app='' flag='' map='' detected='' dir
    while (($#)); do
        case $1 in
            --ports-map | --ports-map-detected) flag=$1 ;;
            --format | --format=*) [[ $1 == --format ]] && shift ;;
            -*) fail "Invalid flag passed, valid flags: --ports-map, --ports-map-detected" ;;
            *) app=$1 ;;
        esac
        shift
    done
    require_app "$app"
    dir=$(app_dir "$app")
    [[ -s $dir/ports ]] && map=$(<"$dir/ports")
    [[ -s $dir/ports-detected ]] && detected=$(<"$dir/ports-detected")
    case $flag in
        --ports-map) echo "$map"; return ;;
        --ports-map-detected) echo "$detected"; return ;;
    esac
    log_info2 "$app ports information"
    printf '       %-20s%s\n' "Ports map:" "$map" "Ports map detected:" "$detected"
}

command_logs() {
    local app='' num=100 quiet='' cid proc=web
    while (($#)); do
        case $1 in
            -n | --num) num=${2:-100}; shift ;;
            --num=*) num=${1#*=} ;;
            -q | --quiet) quiet=1 ;;
            -t | --tail | -p | --ps) [[ $1 == -p || $1 == --ps ]] && shift ;;
            -*) unknown_flag "$1" ;;
            *) app=$1 ;;
        esac
        shift
    done
    require_app "$app"
    app_is_deployed "$app" || fail "App $app has not been deployed"
    cid=$(<"$(app_dir "$app")/container-id")
    [[ -s $(app_dir "$app")/process-type ]] && proc=$(<"$(app_dir "$app")/process-type")
    [[ $num =~ ^[0-9]+$ ]] || fail "Invalid --num value: $num"
    ((num == 0)) && num=all
    if [[ -n $quiet ]]; then
        docker_cli logs --tail "$num" "$cid" 2>&1
    else
        docker_cli logs -t --tail "$num" "$cid" 2>&1 | sed -E "s/^([^ ]+) /\1 ${app}[${proc}.1]: /"
    fi
}
