# The stand-in's commands for operating a deployed app (beyond logs and ps:report, in dokku-commands.sh).
# shellcheck shell=bash

# urls APP / url APP: the app's URLs, one per line, bare (no Dokku prefix). Dokku without a vhost
# gives http://HOST:PORT; the stand-in's URL is the running container's port published on loopback.
# An app that is not deployed has no URL: nothing is printed.
command_urls() {
    local app=${1:-} dir cid port host_port
    require_app "$app"
    app_is_deployed "$app" || return 0
    dir=$(app_dir "$app")
    cid=$(<"$dir/container-id")
    port=$(container_port_for "$app" "$(<"$dir/image-id")")
    host_port=$(docker_cli port "$cid" "$port/tcp" 2>/dev/null | grep -m1 '^127\.0\.0\.1:') || return 0
    echo "http://127.0.0.1:${host_port##*:}"
    return 0
}
