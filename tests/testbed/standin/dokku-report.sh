# `dokku report`: the server's vitals, as Dokku 0.38 prints them (plugins/00_dokku-standard/subcommands/report):
# uname, memory, docker version, `docker -D system info`, git, sigil, herokuish, dokku, plugn, plugins, each
# under a `-----> ` line, command output indented 7 spaces; then `report APP` adds the app's reports.
# The machine is the server's: on the arm64 server, uname's and the engine's x86_64 read aarch64, as
# they would on an arm64 host (its engine runs here, on x86_64, under QEMU). The tools the stand-in does
# not have (sigil, herokuish, plugn) print fixed versions.
# shellcheck shell=bash

as_server_machine() {
    if [[ $SERVER_MACHINE == "$(uname -m)" ]]; then cat; else sed "s/$(uname -m)/$SERVER_MACHINE/g"; fi
}

command_report() {
    local app=${1:-}
    [[ $app == --format ]] && fail "--format flag not supported on global report"
    echo "-----> uname: $(uname -a | as_server_machine)"
    echo "-----> memory: "
    free -m | sed "s/^/       /"
    echo "-----> docker version: "
    docker_cli version | sed "s/^/       /"
    echo "-----> docker daemon info: "
    docker_cli -D system info 2>/dev/null | as_server_machine | sed "s/^/       /"
    echo "-----> git version: $(git --version)"
    echo "-----> sigil version: 0.11.0"
    echo "-----> herokuish version: "
    printf '%s\n' "herokuish: 0.10.4" "buildpacks:" "  heroku-buildpack-dotnet     v0" | sed "s/^/       /"
    echo "-----> dokku version: dokku version $DOKKU_VERSION"
    echo "-----> plugn version: 0.15.0"
    echo "-----> dokku plugins: "
    printf '%s\n' "00_dokku-standard    $DOKKU_VERSION enabled    dokku core standard plugin" \
        "apps                 $DOKKU_VERSION enabled    dokku core apps plugin" | sed "s/^/       /"
    if [[ $app == --all ]]; then
        for app in $(config_apps); do command_ps_report "$app"; done
    elif [[ -n $app ]]; then
        require_app "$app"
        command_ps_report "$app"
    fi
}

config_apps() {
    local dir
    for dir in "$STATE"/*/config; do basename "$(dirname "$dir")"; done
}
