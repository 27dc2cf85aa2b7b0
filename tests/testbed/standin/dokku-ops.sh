# The stand-in's commands for operating a deployed app (beyond logs and ps:report, in dokku-commands.sh).
# shellcheck shell=bash

# urls APP / url APP: the app's URLs, one per line, bare (no Dokku prefix): one per http mapping of
# the app's port map, on the app's loopback address (the stand-in's APP.DOMAIN), no port for 80.
# An app that is not deployed has no URL: nothing is printed.
command_urls() {
    local app=${1:-} dir
    require_app "$app"
    app_is_deployed "$app" || return 0
    dir=$(app_dir "$app")
    urls_for_map "$app" "$(port_map_for "$app" "$(<"$dir/image-id")")"
    return 0
}
