# config:import, which Dokku 0.37 added (dokku/dokku#8085): the config values come as a JSON object on stdin
# (or in a file), so they never pass through a command line, and are merged onto the app's config the way
# config:set merges its pairs, with the same output (nothing under --quiet) and the same restart.
# shellcheck shell=bash

# config:import [--no-restart] [--format json] APP (FILE | -)
command_config_import() {
    local no_restart='' format=envfile arg app source label dir staging input key keys=() positional=()
    # Flags may stand before or after the arguments (Dokku's Go subcommands parse them with pflag).
    while (($#)); do
        arg=$1
        case $arg in
            --no-restart) no_restart=1 ;;
            --format) format=${2:-}; shift ;;
            --format=*) format=${arg#*=} ;;
            --global) fail "The stand-in has no global config" ;;
            -) positional+=("$arg") ;;
            -*) unknown_flag "$arg" ;;
            *) positional+=("$arg") ;;
        esac
        shift
    done
    app=${positional[0]:-}
    require_app "$app"
    source=${positional[1]:-}
    [[ -n $source ]] || fail "Please specify a file to import, or - to read stdin"
    [[ $format == json ]] || fail "The stand-in imports --format json only, not '$format'"

    dir=$(app_dir "$app")
    staging=$(mktemp -d "$dir/.config-import.XXXXXX")
    # shellcheck disable=SC2064
    trap "rm -rf '$staging'" EXIT
    input=$staging/.input
    if [[ $source == - ]]; then
        label=stdin
        cat >"$input"
    else
        label=$source
        cat -- "$source" >"$input" 2>/dev/null || fail "Unable to read $source"
    fi
    jq -e 'type == "object" and all(.[]; type == "string")' "$input" >/dev/null 2>&1 \
        || fail "Unable to parse json from $label: expected an object of string values"

    # Values go from the JSON file to one file per key; only keys ever reach an argument.
    mapfile -t keys < <(jq -r 'keys[]' "$input")
    ((${#keys[@]} > 0)) || return 0
    for key in "${keys[@]}"; do
        [[ $key =~ ^[A-Za-z_][A-Za-z0-9_.-]*$ ]] || fail "Invalid env key: $key"
        jq -j --arg key "$key" '.[$key]' "$input" >"$staging/$key"
    done
    for key in "${keys[@]}"; do mv -f "$staging/$key" "$dir/config/$key"; done
    log_info1 "Setting config vars"
    print_env_entries "$app" "${keys[@]}"
    restart_after_config_change "$app"
}
