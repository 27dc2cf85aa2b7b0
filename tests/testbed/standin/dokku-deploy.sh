# The stand-in's deploy: shared by git:load-image, git:from-image, git push and config changes.
# Prints the lines Dokku 0.38 prints (its label-layer `docker build` steps left out), starts the new
# container beside the old one, checks it, and only then retires the old one.
# shellcheck shell=bash

# Image sources (load-image, from-image): the image must be on the engine, or be pulled.
ensure_source_image() {
    local image=$1
    log_info1 "Generating build context"
    if docker_cli image inspect "$image" >/dev/null 2>&1; then
        log_info1 "Image exists on host, skipping pull"
    else
        log_info1 "Pulling image"
        docker_cli image pull "$image" || fail "Unable to pull image $image"
    fi
}

# Dokku commits the image into the app's git repo; the same image twice is "no changes".
deploy_image_source() {
    local app=$1 image=$2 source=$3 dir id
    dir=$(app_dir "$app")
    id=$(docker_cli image inspect -f '{{.Id}}' "$image") || fail "Unable to inspect image $image"
    log_info1 "Updating git repository with specified build context"
    if [[ ! -e $dir/deploy-branch ]]; then
        log_verbose "Detected branch, setting deploy-branch to master"
        echo master >"$dir/deploy-branch"
    fi
    if [[ -z $FORCE && -s $dir/source-id && $(<"$dir/source-id") == "$id" ]]; then
        log_warn "No changes detected, skipping git commit"
        log_warn "Call 'ps:rebuild' on app to rebuild the app from existing source"
        exit 1
    fi
    echo "$id" >"$dir/source-id"
    commit_image_source "$app" "$image" || fail "Unable to commit the build context for $image"
    # As Dokku's git_receive_app: the lock is taken after the commit, so a refused deploy has committed.
    take_deploy_lock "$app" "$source"
    log_info1 "Cleaning up..."
    log_info1 "Building $app from Dockerfile"
    docker_cli tag "$image" "dokku/$app:latest" || fail "Unable to tag $image as dokku/$app:latest"
    release_and_deploy "$app" "$id"
}

# git push: the pushed commit's Dockerfile, built with the engine's legacy builder.
build_and_deploy_commit() {
    local app=$1 rev=$2 context id
    log_info1 "Cleaning up..."
    log_info1 "Building $app from Dockerfile"
    context=$(mktemp -d "${TMPDIR:-/tmp}/dokku-standin-build.XXXXXX")
    BUILD_CONTEXT=$context
    on_exit remove_build_context
    git archive --format=tar "$rev" | tar -x -C "$context" || fail "Unable to extract $rev"
    [[ -f $context/Dockerfile ]] \
        || fail "No Dockerfile in the pushed commit: the stand-in builds Dockerfile apps only"
    docker_cli build --network "$NETWORK" -t "dokku/$app:latest" "$context" 2>&1 \
        || fail "App build failed"
    id=$(docker_cli image inspect -f '{{.Id}}' "dokku/$app:latest") || fail "Unable to inspect dokku/$app:latest"
    echo "$id" >"$(app_dir "$app")/source-id"
    release_and_deploy "$app" "$id"
}

remove_build_context() { rm -rf "$BUILD_CONTEXT"; }

# A file from the image's working directory (Procfile, app.json), read from a created, never started container.
image_file() {
    local image=$1 file=$2 cid
    # A command of our own: the image may have none, and the container never starts.
    cid=$(docker_cli container create "$image" true 2>/dev/null) || return 0
    read_app_file "$cid" "$image" "$file"
    docker_cli rm -f "$cid" >/dev/null 2>&1
}

read_app_file() {
    local cid=$1 image=$2 file=$3 workdir
    workdir=$(docker_cli image inspect -f '{{.Config.WorkingDir}}' "$image" 2>/dev/null)
    workdir=${workdir%/}
    docker_cli cp "$cid:$workdir/$file" - 2>/dev/null | tar -xO 2>/dev/null
}

# Dokku runs the Procfile's commands (as arguments to an ENTRYPOINT, in place of CMD) and scales web to 1,
# every other type to 0 unless app.json's formation says otherwise; with no Procfile the image's own
# command is the web process. The stand-in runs one process: web when it is scaled, else the first other
# type that is. Prints "TYPE" and then the command's words, one a line.
pick_process() {
    local procfile=$1 app_json=$2 type quantity line words=()
    if [[ -z $procfile ]]; then
        echo web
        return 0
    fi
    while IFS= read -r line; do
        [[ $line =~ ^([A-Za-z0-9_-]+):[[:space:]]*(.*)$ ]] || continue
        type=${BASH_REMATCH[1]}
        quantity=$(jq -r --arg t "$type" '.formation[$t].quantity // (if $t == "web" then 1 else 0 end)' <<<"${app_json:-null}" 2>/dev/null)
        if ((${quantity:-0} > 0)); then
            echo "$type"
            # Dokku splits the command on whitespace.
            read -ra words <<<"${BASH_REMATCH[2]}"
            printf '%s\n' "${words[@]}"
            return 0
        fi
    done < <(grep -E '^web:' <<<"$procfile"; grep -vE '^web:' <<<"$procfile")
    return 1
}

container_stayed_up() {
    [[ $(docker_cli inspect -f '{{.State.Running}} {{.RestartCount}}' "$1" 2>/dev/null) == "true 0" ]]
}

print_container_output() {
    local app=$1 cid=$2 proc=${3:-web}
    log_info2 "Start of $app container output (${cid:0:12} $proc.1)"
    if [[ -z $QUIET ]]; then
        docker_cli logs "$cid" 2>&1 | sed 's/^/       /'
    fi
    log_info2 "End of $app container output (${cid:0:12} $proc.1)"
}

# One app.json healthchecks.web entry (Dokku 0.31+ format). HTTP checks run inside the container's
# network namespace, as Dokku's checks do, never from the host to a container address.
run_healthcheck() {
    local cid=$1 port=$2 check=$3 name path attempts timeout wait delay content uptime check_port
    # Fields split on \x1f, not a tab: IFS whitespace would merge empty fields.
    IFS=$'\x1f' read -r name path attempts timeout wait delay content uptime check_port < <(jq -r '[
        (.name // "default"), (.path // ""), (.attempts // 3), (.timeout // 5), (.wait // 5),
        (.initialDelay // 0), (.content // ""), (.uptime // ""), (.port // "")
      ] | map(tostring | gsub("[\u001f\n]"; " ")) | join("\u001f")' <<<"$check")
    [[ -n $check_port ]] && port=$check_port
    if [[ -n $uptime ]]; then
        log_verbose "Running healthcheck name='$name' type='uptime' uptime=$uptime ($proc.1)"
        sleep "$uptime"
        if container_stayed_up "$cid"; then
            log_verbose "Healthcheck succeeded name='$name' ($proc.1)"
            return 0
        fi
        log_warn "Failure in name='$name': container did not stay up for $uptime seconds"
        return 1
    fi
    if [[ -z $path ]]; then
        log_warn "Failure in name='$name': the stand-in runs path and uptime checks only"
        return 1
    fi
    [[ $path == /* ]] || path=/$path
    log_verbose "Running healthcheck name='$name' attempts=$attempts path='$path' timeout=$timeout type='path' wait=$wait ($proc.1)"
    ((delay > 0)) && sleep "$delay"
    local attempt body reason
    for ((attempt = 1; attempt <= attempts; attempt++)); do
        # busybox 1.35's `wget -T` segfaults; its `timeout` applet bounds the request instead.
        if body=$(docker_cli run --rm --network "container:$cid" "$BUSYBOX_IMAGE" \
            timeout "$timeout" wget -q -O- "http://127.0.0.1:$port$path" 2>&1); then
            if [[ -z $content || $body == *"$content"* ]]; then
                log_verbose "Healthcheck succeeded name='$name' ($proc.1)"
                return 0
            fi
            reason="expected content '$content' not found in response"
        else
            reason=$(tail -n 1 <<<"$body")
        fi
        log_warn "Failure in name='$name': $reason (attempt $attempt/$attempts)"
        ((attempt < attempts)) && sleep "$wait"
    done
    return 1
}

# Starts APP.web.1.upcoming-N from IMAGE_ID with the app's config, checks it, swaps it in.
release_and_deploy() {
    local app=$1 image=$2 dir port map url name cid app_json checks failed=0 old retired key proc procfile process=() start=()
    dir=$(app_dir "$app")
    procfile=$(image_file "$image" Procfile)
    app_json=$(image_file "$image" app.json)
    mapfile -t process < <(pick_process "$procfile" "$app_json") || true
    ((${#process[@]} > 0)) || fail "The Procfile scales no process type above 0: the stand-in runs one process (web, or one other type app.json's formation scales)"
    proc=${process[0]}
    start=("${process[@]:1}")
    log_info1 "Releasing $app..."
    log_info1 "Checking for predeploy task"
    log_verbose "No predeploy task found, skipping"
    log_info1 "Checking for release task"
    log_verbose "No release task found, skipping"
    # Heroku's postdeploy runs once, on an app's first deploy; Dokku only looks for it then.
    if ! app_is_deployed "$app"; then
        log_info1 "Checking for heroku.postdeploy task"
        log_verbose "No heroku.postdeploy task found, skipping"
    fi
    log_info2 "Processing deployment checks"

    detected_port_map "$image" >"$dir/ports-detected"
    map=$(port_map_for "$app" "$image")
    port=$(container_port_for "$app" "$image")
    # Config reaches docker through the environment (-e KEY without a value), never its command line,
    # where any user of the server could read it in /proc; real Dokku uses an env file for the same reason.
    local env_args=(-e "PORT=$port") keys=()
    while IFS= read -r key; do
        [[ -n $key ]] && keys+=("$key") && env_args+=(-e "$key")
    done < <(config_keys "$app")
    name="$app.$proc.1.upcoming-$((RANDOM % 30000 + 1000))"
    cid=$(
        for key in "${keys[@]}"; do
            # The x keeps a value's trailing newlines through $( ).
            value=$(config_value "$app" "$key" && printf x)
            export "$key=${value%x}"
        done
        docker_cli container create --name "$name" --network "$NETWORK" \
            --publish "127.0.0.1::$port" --restart on-failure:10 \
            --label "com.dokku.app-name=$app" --label "com.dokku.process-type=$proc" \
            --label com.dokku.container-type=deploy --label dokku= \
            "${env_args[@]}" "$image" "${start[@]}"
    ) || fail "Unable to create a container for $app"

    checks=
    # Only the web process is checked by app.json's web checks; others get the uptime check.
    [[ -n $app_json && $proc == web ]] && checks=$(jq -c '.healthchecks.web // [] | .[]' <<<"$app_json" 2>/dev/null)
    if [[ -z $checks ]]; then
        log_verbose "No web healthchecks found in app.json. Simple container checks will be performed."
        log_verbose "For more efficient zero downtime deployments, add healthchecks to your app.json. See https://dokku.com/docs/deployment/zero-downtime-deploys/ for examples"
    fi
    log_info1 "Deploying $app via the docker-local scheduler..."
    log_info1 "Deploying $proc (count=1)"
    docker_cli start "$cid" >/dev/null || failed=1
    log_verbose "Attempting pre-flight checks ($proc.1)"
    if ((failed == 0)); then
        if [[ -z $checks ]]; then
            log_verbose "Running healthcheck name='default' type='uptime' uptime=2 (shim)"
            sleep 2
            if container_stayed_up "$cid"; then
                log_verbose "Healthcheck succeeded name='default' (shim)"
            else
                log_warn "Failure in name='default': container exited or restarted within 2 seconds"
                failed=1
            fi
        else
            while IFS= read -r check; do
                run_healthcheck "$cid" "$port" "$check" || failed=$((failed + 1))
            done <<<"$checks"
        fi
    fi
    if ((failed > 0)); then
        log_warn "Could not start due to $failed failed checks ($proc.1)"
        print_container_output "$app" "$cid" "$proc"
        docker_cli rm -f "$cid" >/dev/null 2>&1
        exit 1
    fi
    log_verbose "All checks successful ($proc.1)"
    print_container_output "$app" "$cid" "$proc"

    local before=web
    [[ -s $dir/process-type ]] && before=$(<"$dir/process-type")
    old=$(docker_cli container inspect -f '{{.Id}}' "$app.$before.1" 2>/dev/null)
    [[ -n $old ]] && log_verbose "Scheduling old container shutdown in 60 seconds ($proc.1)"
    log_info1 "Running post-deploy"
    log_info1 "Renaming containers"
    if [[ -n $old ]]; then
        retired="$app.$before.1.$(date +%s)"
        log_verbose "Found previous container(s) (${old:0:12}) named $app.$before.1"
        log_verbose "Renaming container (${old:0:12}) $app.$before.1 to $retired"
        docker_cli rename "$old" "$retired"
    fi
    log_verbose "Renaming container $name (${cid:0:12}) to $app.$proc.1"
    docker_cli rename "$cid" "$app.$proc.1" || fail "Unable to rename $name"
    echo "$proc" >"$dir/process-type"
    log_info1 "Checking for postdeploy task"
    log_verbose "No postdeploy task found, skipping"
    echo "$image" >"$dir/image-id"
    echo "$cid" >"$dir/container-id"
    if [[ -n $old ]]; then
        log_info1 "Shutting down old containers in 60 seconds"
        # The stand-in retires the old container at once: tests want a quiet engine, not a timer.
        docker_cli rm -f "$old" >/dev/null 2>&1
    fi
    if [[ $proc == web ]]; then
        route_app "$app" "$cid" "$map" || fail "Unable to route $app's ports"
    else
        # Nothing listens: Dokku's proxy sends nothing to a worker.
        docker_cli rm -f "$app.router" >/dev/null 2>&1
    fi
    log_info2 "Application deployed:"
    while IFS= read -r url; do log_verbose "$url"; done < <(urls_for_map "$app" "$map")
    [[ -n $QUIET ]] || echo
}

# Dokku's nginx sends each http mapping's host port to the released container. The stand-in's router
# does the same: one busybox container per app on the app's loopback address, one `nc -ll` per host
# port, each connection passed to the container address the router reads at that moment, so the
# swap to a new release needs no restart. It is made again only when the app's ports change.
route_app() {
    local app=$1 cid=$2 map=$3 dir router=$app.router address mapping host container listeners='' publish=()
    dir=$(app_dir "$app")
    mkdir -p "$dir/route"
    docker_cli inspect -f "{{(index .NetworkSettings.Networks \"$NETWORK\").IPAddress}}" "$cid" >"$dir/route/ip.new" \
        && mv "$dir/route/ip.new" "$dir/route/ip" || return 1
    [[ $(docker_cli inspect -f '{{index .Config.Labels "com.dokkudeploy.port-map"}}' "$router" 2>/dev/null) == "$map" ]] \
        && return 0
    docker_cli rm -f "$router" >/dev/null 2>&1
    address=$(app_address "$app")
    for mapping in $map; do
        [[ $mapping == http:* ]] || continue
        host=$(cut -d: -f2 <<<"$mapping")
        container=$(cut -d: -f3 <<<"$mapping")
        printf '#!/bin/sh\nexec nc "$(cat /route/ip)" %s\n' "$container" >"$dir/route/to-$host"
        chmod 755 "$dir/route/to-$host"
        publish+=(--publish "$address:$host:$host")
        listeners+="nc -ll -p $host -e /route/to-$host & "
    done
    docker_cli run -d --name "$router" --network "$NETWORK" --restart unless-stopped \
        --label "com.dokkudeploy.router-for=$app" --label "com.dokkudeploy.port-map=$map" \
        -v "$dir/route:/route:ro" "${publish[@]}" "$BUSYBOX_IMAGE" sh -c "${listeners}wait" >/dev/null
}

# The shape of tests/Shared/Transcripts/loadimage-failed-after-warnings.synthesized.txt:
# a deploy that dies with no error line of its own, its only " !" lines the routine warnings.
fail_after_routine_warnings() {
    local app=$1
    log_info1 "Generating build context"
    log_info1 "Image exists on host, skipping pull"
    log_info1 "Updating git repository with specified build context"
    log_info1 "Releasing $app..."
    log_info2 "Processing deployment checks"
    log_warn "No healthchecks found in app.json for web process type"
    log_info1 "Deploying $app via the docker-local scheduler..."
    log_info1 "Deploying web (count=1)"
    log_verbose "Attempting pre-flight checks (web.1)"
    log_warn "No web listeners specified"
    exit 1
}
