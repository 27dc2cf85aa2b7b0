# Base images built offline with docker import (nothing can be pulled): a busybox image for tiny
# test apps and health checks, and an ASP.NET Core 10 runtime image made from the host's runtime.

image_exists() { dk image inspect "$1" >/dev/null 2>&1; }

# import_rootfs_on ENGINE ROOTFS TAG [--change …]: packs a rootfs reproducibly and imports it.
import_rootfs_on() {
    local engine=$1 rootfs=$2 tag=$3; shift 3
    tar -C "$rootfs" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - . \
        | dk_on "$engine" import "$@" - "$tag" >/dev/null
}

# import_rootfs ROOTFS TAG [--change …]: into the developer's engine.
import_rootfs() { import_rootfs_on client "$@"; }

write_base_etc() {
    local rootfs=$1
    mkdir -p "$rootfs/etc"
    cat >"$rootfs/etc/passwd" <<'PASSWD'
root:x:0:0:root:/root:/bin/sh
app:x:1654:1654:app:/home/app:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
PASSWD
    cat >"$rootfs/etc/group" <<'GROUP'
root:x:0:
app:x:1654:
nogroup:x:65534:
GROUP
    mkdir -p "$rootfs/tmp" "$rootfs/root" "$rootfs/home/app"
    chmod 1777 "$rootfs/tmp"
    chmod 700 "$rootfs/root"
    chown 1654:1654 "$rootfs/home/app"
}

new_rootfs() {
    local dir=$TESTBED_ROOT/tmp/$1
    rm -rf "$dir"
    mkdir -p "$dir"
    echo "$dir"
}

build_busybox_image() {
    local rootfs applet
    rootfs=$(new_rootfs busybox-rootfs)
    mkdir -p "$rootfs/bin" "$rootfs/www"
    cp /bin/busybox "$rootfs/bin/busybox"
    for applet in $(/bin/busybox --list); do
        [[ $applet == busybox ]] || ln -s busybox "$rootfs/bin/$applet"
    done
    write_base_etc "$rootfs"
    import_rootfs "$rootfs" "$TESTBED_BUSYBOX_IMAGE" \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'WORKDIR /' \
        --change 'CMD ["sh"]'
    rm -rf "$rootfs"
}

ensure_busybox_image() {
    if image_exists "$TESTBED_BUSYBOX_IMAGE"; then
        detail "$TESTBED_BUSYBOX_IMAGE present"
        return 0
    fi
    build_busybox_image
    detail "built $TESTBED_BUSYBOX_IMAGE"
}

# The host's .NET install the runtime image is made from.
dotnet_host_root() {
    local dotnet
    if [[ -n ${DOKKU_TESTBED_DOTNET_ROOT:-} ]]; then
        echo "$DOKKU_TESTBED_DOTNET_ROOT"
    elif [[ -d /usr/share/dotnet/shared/Microsoft.AspNetCore.App ]]; then
        echo /usr/share/dotnet
    elif [[ -n ${DOTNET_ROOT:-} ]]; then
        echo "$DOTNET_ROOT"
    elif dotnet=$(type -P dotnet); then
        dirname "$(realpath "$dotnet")"
    else
        echo /usr/share/dotnet
    fi
}
DOTNET_HOST_ROOT=$(dotnet_host_root)

# The 10.0.x folders of one shared framework, newest last.
runtime_versions() {
    local framework=$1
    { find "$DOTNET_HOST_ROOT/shared/$framework" -mindepth 1 -maxdepth 1 -type d -name '10.0.*' -printf '%f\n' 2>/dev/null || true; } | sort -V
}

# Copies a file into the rootfs at its canonical directory (the host is merged-/usr), under the
# name it was asked for, following symlinks.
copy_lib() {
    local rootfs=$1 path=$2 dir
    dir=$(realpath "$(dirname "$path")")
    [[ -e $rootfs$dir/$(basename "$path") ]] && return 0
    mkdir -p "$rootfs$dir"
    cp -L "$path" "$rootfs$dir/$(basename "$path")"
}

build_aspnet_image() {
    local rootfs netcore aspnet v
    netcore=$(runtime_versions Microsoft.NETCore.App)
    aspnet=$(runtime_versions Microsoft.AspNetCore.App)
    [[ -n $netcore && -n $aspnet ]] \
        || die "no 10.0.x Microsoft.NETCore.App and Microsoft.AspNetCore.App under $DOTNET_HOST_ROOT/shared: install the .NET 10 runtime"
    rootfs=$(new_rootfs aspnet-rootfs)

    # Merged /usr, like Debian 12: the loader path /lib64/ld-linux-x86-64.so.2 must resolve.
    mkdir -p "$rootfs/usr/bin" "$rootfs/usr/lib" "$rootfs/usr/lib64" "$rootfs/usr/sbin" "$rootfs/usr/share/dotnet/shared" "$rootfs/app"
    ln -s usr/bin "$rootfs/bin"
    ln -s usr/lib "$rootfs/lib"
    ln -s usr/lib64 "$rootfs/lib64"
    ln -s usr/sbin "$rootfs/sbin"

    local dn=$rootfs/usr/share/dotnet
    cp -a "$DOTNET_HOST_ROOT/dotnet" "$DOTNET_HOST_ROOT/host" "$dn/"
    [[ -f $DOTNET_HOST_ROOT/LICENSE.txt ]] && cp -a "$DOTNET_HOST_ROOT/LICENSE.txt" "$dn/"
    mkdir -p "$dn/shared/Microsoft.NETCore.App" "$dn/shared/Microsoft.AspNetCore.App"
    for v in $netcore; do cp -a "$DOTNET_HOST_ROOT/shared/Microsoft.NETCore.App/$v" "$dn/shared/Microsoft.NETCore.App/"; done
    for v in $aspnet; do cp -a "$DOTNET_HOST_ROOT/shared/Microsoft.AspNetCore.App/$v" "$dn/shared/Microsoft.AspNetCore.App/"; done
    ln -s ../share/dotnet/dotnet "$rootfs/usr/bin/dotnet"

    cp /usr/bin/dash "$rootfs/usr/bin/dash"
    ln -s dash "$rootfs/usr/bin/sh"

    # Libraries the runtime loads: its own .so files' closure, plus what it dlopens (OpenSSL, ICU).
    local libdir=/usr/lib/x86_64-linux-gnu dlopened=() lib
    for lib in libssl.so.3 libcrypto.so.3 libicuuc.so.72 libicui18n.so.72 libicudata.so.72; do
        [[ -e $libdir/$lib ]] || die "$libdir/$lib missing on the host (packages libssl3, libicu72)"
        dlopened+=("$libdir/$lib")
    done
    while read -r lib; do
        copy_lib "$rootfs" "$lib"
    done < <(
        {
            printf '%s\n' "$DOTNET_HOST_ROOT/dotnet" /usr/bin/dash "${dlopened[@]}"
            find "$dn" -name '*.so' -type f
        } | xargs ldd 2>/dev/null \
            | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' | sort -u
        printf '%s\n' "${dlopened[@]}"
    )

    mkdir -p "$rootfs/etc/ssl/certs" "$rootfs/usr/lib/ssl"
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
    [[ -f /etc/ssl/openssl.cnf ]] && cp /etc/ssl/openssl.cnf "$rootfs/etc/ssl/"
    ln -s /etc/ssl/certs "$rootfs/usr/lib/ssl/certs"
    ln -s /etc/ssl/certs/ca-certificates.crt "$rootfs/usr/lib/ssl/cert.pem"
    ln -s /etc/ssl/openssl.cnf "$rootfs/usr/lib/ssl/openssl.cnf"
    write_base_etc "$rootfs"

    local newest_netcore newest_aspnet
    newest_netcore=$(tail -n 1 <<<"$netcore")
    newest_aspnet=$(tail -n 1 <<<"$aspnet")
    import_rootfs "$rootfs" "$TESTBED_ASPNET_IMAGE" \
        --change 'ENV PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV DOTNET_ROOT=/usr/share/dotnet' \
        --change 'ENV APP_UID=1654' \
        --change 'ENV ASPNETCORE_HTTP_PORTS=8080' \
        --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' \
        --change "ENV DOTNET_VERSION=$newest_netcore" \
        --change "ENV ASPNET_VERSION=$newest_aspnet" \
        --change 'WORKDIR /app'
    rm -rf "$rootfs"
    detail "built $TESTBED_ASPNET_IMAGE (Microsoft.NETCore.App $newest_netcore, Microsoft.AspNetCore.App $newest_aspnet)"
}

ensure_aspnet_image() {
    local built_from wanted
    wanted=$(runtime_versions Microsoft.AspNetCore.App | tail -n 1)
    built_from=$(dk image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$TESTBED_ASPNET_IMAGE" 2>/dev/null | sed -n 's/^ASPNET_VERSION=//p') || true
    if [[ -n $built_from && $built_from == "$wanted" ]]; then
        detail "$TESTBED_ASPNET_IMAGE present (ASP.NET Core $built_from)"
    else
        # Missing, or the host's runtime was updated since it was built.
        build_aspnet_image
    fi
    smoke_check_aspnet_image
    # Same image under the name a console app's Dockerfile uses.
    if [[ $(dk image inspect -f '{{.Id}}' "$TESTBED_RUNTIME_IMAGE" 2>/dev/null) != "$(dk image inspect -f '{{.Id}}' "$TESTBED_ASPNET_IMAGE")" ]]; then
        dk tag "$TESTBED_ASPNET_IMAGE" "$TESTBED_RUNTIME_IMAGE"
        detail "tagged $TESTBED_RUNTIME_IMAGE"
    fi
}

# Cheap (about 0.3 s): the runtime starts and finds both frameworks. Serving HTTP is left to tests.
smoke_check_aspnet_image() {
    local out
    out=$(dk run --rm --network none "$TESTBED_ASPNET_IMAGE" dotnet --list-runtimes 2>&1) \
        || die "$TESTBED_ASPNET_IMAGE does not run dotnet: $out (rebuild: docker rmi $TESTBED_ASPNET_IMAGE $TESTBED_RUNTIME_IMAGE, then up.sh)"
    grep -q '^Microsoft.AspNetCore.App 10\.0\.' <<<"$out" \
        || die "$TESTBED_ASPNET_IMAGE lacks Microsoft.AspNetCore.App 10.0: $out"
    detail "smoke check: $(tr '\n' ';' <<<"$out" | sed 's/ \[[^]]*\]//g')"
}

# The server engine gets only the busybox image (the stand-in's health checks and git push builds
# run it); everything else reaches it through deploys, as on a real Dokku server. Copied from the
# client engine when missing or when the client's was rebuilt.
ensure_server_busybox_image() {
    local wanted have
    wanted=$(dk image inspect -f '{{.Id}}' "$TESTBED_BUSYBOX_IMAGE")
    have=$(dk_on server image inspect -f '{{.Id}}' "$TESTBED_BUSYBOX_IMAGE" 2>/dev/null) || true
    if [[ $have == "$wanted" ]]; then
        detail "$TESTBED_BUSYBOX_IMAGE present (server engine)"
        return 0
    fi
    dk save "$TESTBED_BUSYBOX_IMAGE" | dk_on server load >/dev/null
    detail "copied $TESTBED_BUSYBOX_IMAGE into the server engine"
}

# --- Images a `git push` build needs on the server (the AssetsDokku sample's Dockerfile) ---------------
# Built in the SERVER engine (the SDK image in the client's too: ensure_sdk_image), under the test bed's
# names and tagged with the names the sample's Dockerfile uses (a private engine, so the real names
# mislead nobody): node:lts-slim from the host's node and npm, mcr.microsoft.com/dotnet/sdk:10.0 from
# the host's SDK (with its packs, so a restore of an app without packages needs no feed), mcr.microsoft.com/dotnet/aspnet:10.0 as the client's aspnet
# image. Each is rebuilt only when missing or when the host's version changed: about 30 s once, then
# three `image inspect`s.
TESTBED_SDK_IMAGE=dokkudeploy-test/sdk:10.0
TESTBED_NODE_IMAGE=dokkudeploy-test/node:lts
SAMPLE_SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
SAMPLE_NODE_IMAGE=node:lts-slim
SAMPLE_ASPNET_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

# image_env ENGINE IMAGE NAME: the value of ENV NAME in IMAGE on ENGINE, or nothing.
image_env() {
    dk_on "$1" image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$2" 2>/dev/null | sed -n "s/^$3=//p" || true
}

# tag_on ENGINE IMAGE NAME: tags IMAGE as NAME on ENGINE unless it already is.
tag_on() {
    local id
    id=$(dk_on "$1" image inspect -f '{{.Id}}' "$2")
    [[ $(dk_on "$1" image inspect -f '{{.Id}}' "$3" 2>/dev/null) == "$id" ]] || dk_on "$1" tag "$2" "$3"
}

# A merged-/usr rootfs with dash as /bin/sh, a CA bundle, the base /etc and the ldd closure of FILES.
new_tool_rootfs() {
    local name=$1 rootfs lib; shift
    rootfs=$(new_rootfs "$name")
    mkdir -p "$rootfs/usr/bin" "$rootfs/usr/lib" "$rootfs/usr/lib64" "$rootfs/usr/sbin" "$rootfs/etc/ssl/certs"
    ln -s usr/bin "$rootfs/bin"
    ln -s usr/lib "$rootfs/lib"
    ln -s usr/lib64 "$rootfs/lib64"
    ln -s usr/sbin "$rootfs/sbin"
    cp /usr/bin/dash "$rootfs/usr/bin/dash"
    ln -s dash "$rootfs/usr/bin/sh"
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
    write_base_etc "$rootfs"
    while read -r lib; do
        copy_lib "$rootfs" "$lib"
    done < <(printf '%s\n' /usr/bin/dash "$@" | xargs ldd 2>/dev/null | awk '/=> \// { print $3 } /^\t\/[^ ]+ \(/ { print $1 }' | sort -u)
    echo "$rootfs"
}

host_sdk_version() {
    { find "$DOTNET_HOST_ROOT/sdk" -mindepth 1 -maxdepth 1 -type d -name '10.0.*' -printf '%f\n' 2>/dev/null || true; } | sort -V | tail -n 1
}

# build_sdk_image ENGINE VERSION
build_sdk_image() {
    local engine=$1 version=$2 rootfs dn libdir=/usr/lib/x86_64-linux-gnu lib dlopened=() sos=()
    for lib in libssl.so.3 libcrypto.so.3 libicuuc.so.72 libicui18n.so.72 libicudata.so.72; do
        [[ -e $libdir/$lib ]] || die "$libdir/$lib missing on the host (packages libssl3, libicu72)"
        dlopened+=("$libdir/$lib")
    done
    mapfile -t sos < <(find "$DOTNET_HOST_ROOT" -name '*.so' -type f)
    rootfs=$(new_tool_rootfs sdk-rootfs "$DOTNET_HOST_ROOT/dotnet" "${dlopened[@]}" "${sos[@]}")
    for lib in "${dlopened[@]}"; do copy_lib "$rootfs" "$lib"; done
    dn=$rootfs/usr/share/dotnet
    mkdir -p "$dn"
    cp -a "$DOTNET_HOST_ROOT/." "$dn/"
    ln -s ../share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
    import_rootfs_on "$engine" "$rootfs" "$TESTBED_SDK_IMAGE" \
        --change 'ENV PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV HOME=/root' \
        --change 'ENV DOTNET_ROOT=/usr/share/dotnet' \
        --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' \
        --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1' \
        --change 'ENV DOTNET_NOLOGO=1' \
        --change 'ENV DOTNET_GENERATE_ASPNET_CERTIFICATE=false' \
        --change 'ENV NUGET_XMLDOC_MODE=skip' \
        --change "ENV DOTNET_SDK_VERSION=$version" \
        --change 'WORKDIR /'
    rm -rf "$rootfs"
}

# The SDK image on ENGINE (server: git push builds; client: a project's own multi-stage Dockerfile, as
# Visual Studio writes it), tagged with the name such Dockerfiles build FROM.
ensure_sdk_image() {
    local engine=$1 sdk
    sdk=$(host_sdk_version)
    [[ -n $sdk ]] || die "no 10.0.x SDK under $DOTNET_HOST_ROOT/sdk"
    if [[ $(image_env "$engine" "$TESTBED_SDK_IMAGE" DOTNET_SDK_VERSION) == "$sdk" ]]; then
        detail "$TESTBED_SDK_IMAGE present ($engine engine, SDK $sdk)"
    else
        build_sdk_image "$engine" "$sdk"
        detail "built $TESTBED_SDK_IMAGE ($engine engine, SDK $sdk)"
    fi
    tag_on "$engine" "$TESTBED_SDK_IMAGE" "$SAMPLE_SDK_IMAGE"
}

# node and npm as the host has them: nodesource's node is one binary with npm in /usr/lib/node_modules;
# Debian's links libnode and finds npm's modules in /usr/share/nodejs.
build_server_node_image() {
    local version=$1 node npm_cli npm_root rootfs
    node=$(realpath "$(type -P node)")
    npm_cli=$(realpath "$(type -P npm)")
    npm_root=$(dirname "$(dirname "$npm_cli")")
    rootfs=$(new_tool_rootfs node-rootfs "$node")
    cp "$node" "$rootfs/usr/bin/node"
    mkdir -p "$rootfs$npm_root"
    cp -a "$npm_root/." "$rootfs$npm_root/"
    if [[ $npm_root == /usr/share/nodejs/* ]]; then
        cp -a /usr/share/nodejs/. "$rootfs/usr/share/nodejs/"
    fi
    printf '#!/bin/sh\nexec /usr/bin/node %s "$@"\n' "$npm_cli" >"$rootfs/usr/bin/npm"
    chmod 755 "$rootfs/usr/bin/npm"
    import_rootfs_on server "$rootfs" "$TESTBED_NODE_IMAGE" \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV HOME=/root' \
        --change 'ENV NPM_CONFIG_UPDATE_NOTIFIER=false' \
        --change "ENV NODE_VERSION=$version" \
        --change 'WORKDIR /' \
        --change 'CMD ["node"]'
    rm -rf "$rootfs"
}

ensure_server_build_images() {
    local sdk node_version have
    # The runtime stage: the client's aspnet image, copied over as the busybox image is.
    have=$(dk_on server image inspect -f '{{.Id}}' "$TESTBED_ASPNET_IMAGE" 2>/dev/null) || true
    if [[ $have != "$(dk image inspect -f '{{.Id}}' "$TESTBED_ASPNET_IMAGE")" ]]; then
        dk save "$TESTBED_ASPNET_IMAGE" | dk_on server load >/dev/null
        detail "copied $TESTBED_ASPNET_IMAGE into the server engine"
    fi
    tag_on server "$TESTBED_ASPNET_IMAGE" "$SAMPLE_ASPNET_IMAGE"

    ensure_sdk_image server

    if type -P node >/dev/null && ! type -P npm >/dev/null; then
        # Debian's nodejs comes without npm (nodesource's includes it): only now is it worth an apt-get.
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends npm >/dev/null || true
    fi
    if ! type -P node >/dev/null || ! type -P npm >/dev/null; then
        warn "node or npm missing on the host: no $TESTBED_NODE_IMAGE, so git push builds with a node stage fail (apt-get install nodejs npm)"
        return 0
    fi
    node_version=$(node --version)
    if [[ $(image_env server "$TESTBED_NODE_IMAGE" NODE_VERSION) == "$node_version" ]]; then
        detail "$TESTBED_NODE_IMAGE present (server engine, node $node_version)"
    else
        build_server_node_image "$node_version"
        detail "built $TESTBED_NODE_IMAGE (server engine, node $node_version)"
    fi
    tag_on server "$TESTBED_NODE_IMAGE" "$SAMPLE_NODE_IMAGE"
}
