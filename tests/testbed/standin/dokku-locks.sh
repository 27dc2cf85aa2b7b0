# The stand-in's deploy lock and build records, as Dokku 0.38 keeps them.
# shellcheck shell=bash
#
# From Dokku's plugins/common/functions (acquire_app_deploy_lock, acquire_advisory_lock,
# release_advisory_lock) and plugins/apps (apps:lock, apps:unlock, apps:report --app-locked):
# - the lock is an flock on APP/.deploy.lock, opened with `exec 200>FILE` (created, or truncated) and
#   taken with `flock -n`. Deploys (git_receive_app: git push, git:from-image, git:load-image) take it
#   "exclusive": a deploy that finds it held is refused at once with two ` !` lines and exit 1, it is
#   not queued. The refusal comes after the image was loaded and committed to the app's git repo.
# - the holder writes its build id into the file; the release unlocks and removes the file.
# - apps:lock only creates the file: it holds no flock, so it blocks no deploy, and the next deploy's
#   release removes it (transcripts apps-lock, apps-locked-loadimage, apps-unlock: a load-image on a
#   locked app succeeded, and apps:unlock afterwards found no lock to remove).
# - apps:report's "App locked" is whether the file exists: true during a deploy and after apps:lock.

# Called by every deploy once it is about to build: the lock is held until the process exits.
take_deploy_lock() {
    local app=$1 source=$2 dir
    dir=$(app_dir "$app")
    exec 200>"$dir/.deploy.lock"
    if ! flock -n 200; then
        log_warn "$app currently has a deploy lock in place. Exiting..."
        fail "Run 'apps:unlock' to release the existing deploy lock"
    fi
    LOCKED_APP=$app
    BUILD_ID=$(printf '%08x%06x' "$(date +%s)" "$((RANDOM * 32768 + RANDOM))")
    echo "$BUILD_ID" >&200
    write_build_record "$app" "$BUILD_ID" "$source" running
    on_exit release_deploy_lock
    # A client that hangs up mid-deploy must not leave a half-swapped app behind.
    trap '' PIPE
}

# Dokku's release_advisory_lock: unlock, then remove the file (an apps:lock too).
release_deploy_lock() {
    local status=$1 dir
    dir=$(app_dir "$LOCKED_APP")
    [[ -d $dir ]] || return 0
    if ((status == 0)); then
        write_build_record "$LOCKED_APP" "$BUILD_ID" "" succeeded "$status"
    else
        write_build_record "$LOCKED_APP" "$BUILD_ID" "" failed "$status"
    fi
    flock -u 200 && rm -f "$dir/.deploy.lock"
}

# apps:destroy waits for a running deploy instead (it is no deploy of its own).
wait_for_deploy_lock() {
    exec 201>>"$(app_dir "$1")/.deploy.lock"
    flock 201
}

# One record per build in APP/builds/ID.json, as plugins/builds keeps them (id, app, kind, pid,
# started_at, finished_at, status, source, exit_code).
write_build_record() {
    local app=$1 id=$2 source=$3 status=$4 code=${5:-} dir file now
    dir="$(app_dir "$app")/builds"
    file="$dir/$id.json"
    mkdir -p "$dir"
    now=$(date -u +%Y-%m-%dT%H:%M:%SZ)
    if [[ ! -s $file ]]; then
        # plugins/builds: a source that makes a new image is a "build", a restart of the same image a "deploy".
        local kind=build
        [[ $source == ps:restart || $source == config-redeploy ]] && kind=deploy
        jq -nc --arg id "$id" --arg app "$app" --argjson pid "$$" --arg at "$now" --arg source "$source" --arg kind "$kind" \
            '{id: $id, app: $app, kind: $kind, pid: $pid, started_at: $at, status: "running", source: $source}' >"$file.tmp"
    else
        jq -c --arg at "$now" --arg status "$status" --argjson code "$code" \
            '. + {finished_at: $at, status: $status, exit_code: $code}' "$file" >"$file.tmp"
    fi
    mv -f "$file.tmp" "$file"
}

command_apps_lock() {
    local app=${1:-}
    require_app "$app"
    : >"$(app_dir "$app")/.deploy.lock"
    log_info1 "Deploy lock created"
}

command_apps_unlock() {
    local app=${1:-} lock
    require_app "$app"
    lock="$(app_dir "$app")/.deploy.lock"
    if [[ -e $lock ]]; then
        log_warn "A deploy may be in progress."
        log_warn "Removing the app lock will not stop in progress deploys."
    fi
    rm "$lock" 2>/dev/null || fail "Unable to remove deploy lock"
    log_info1 "Deploy lock removed."
}

# apps:report APP [--app-FLAG]: the lines of plugins/apps/report.go; a flag prints its value bare.
command_apps_report() {
    local app='' flag='' dir locked=false
    while (($#)); do
        case $1 in
            --app-*) flag=$1 ;;
            -*) fail "Invalid flag passed, valid flags: --app-created-at, --app-deploy-source, --app-deploy-source-metadata, --app-dir, --app-locked" ;;
            *) app=$1 ;;
        esac
        shift
    done
    require_app "$app"
    dir=$(app_dir "$app")
    [[ -e $dir/.deploy.lock ]] && locked=true
    local source=''
    [[ -s $dir/source-id ]] && source=docker-image
    [[ -s $dir/git-sha && ! -s $dir/git-source-image ]] && source=git-push
    local -A values=(
        [--app-created-at]=$(stat -c %Y "$dir/config" 2>/dev/null)
        [--app-deploy-source]=$source
        [--app-deploy-source-metadata]=$(cat "$dir/git-source-image" 2>/dev/null)
        [--app-dir]=/home/dokku/$app
        [--app-locked]=$locked
    )
    if [[ -n $flag ]]; then
        [[ -n ${values[$flag]+set} ]] \
            || fail "Invalid flag passed, valid flags: --app-created-at, --app-deploy-source, --app-deploy-source-metadata, --app-dir, --app-locked"
        echo "${values[$flag]}"
        return
    fi
    log_info2 "$app app information"
    local key
    for key in --app-created-at --app-deploy-source --app-deploy-source-metadata --app-dir --app-locked; do
        printf '       %-27s %s\n' "$(label_of "$key"):" "${values[$key]}"
    done
}

# --app-deploy-source → "App deploy source"
label_of() {
    local words=${1#--}
    words=${words//-/ }
    echo "${words^}"
}

# builds:list APP [--format json]: newest first; a running record whose process is gone shows as abandoned.
command_builds_list() {
    local app='' format=stdout file records
    while (($#)); do
        case $1 in
            --format) format=${2:-}; shift ;;
            --format=*) format=${1#*=} ;;
            -*) unknown_flag "$1" ;;
            *) app=$1 ;;
        esac
        shift
    done
    require_app "$app"
    records=$(
        for file in "$(app_dir "$app")/builds/"*.json; do
            jq -c --argjson alive "$(kill -0 "$(jq -r .pid "$file")" 2>/dev/null && echo true || echo false)" \
                '. + {display_status: (if .status == "running" and ($alive | not) then "abandoned" else .status end)}' "$file"
        done | jq -sc 'sort_by(.started_at) | reverse'
    )
    if [[ $format == json ]]; then
        echo "$records"
        return
    fi
    if [[ $records == '[]' ]]; then
        echo "No builds recorded for this app"
        return
    fi
    jq -r '["Build ID", "Kind", "Status", "PID", "Source", "Started"], (.[] | [.id, .kind, .display_status, (.pid | tostring), .source, .started_at]) | join("  ")' <<<"$records"
}
