# The offline base images the other app shapes run on, made from the host's .NET install the way
# images.sh makes the ASP.NET one (sourced after it: uses its helpers):
#   runtime-deps: only the native libraries a self-contained or Native AOT app loads, no dotnet;
#   runtime:      dotnet and Microsoft.NETCore.App without ASP.NET Core, for console and worker apps.
# Tagged in the developer's engine under the official names too, so a deploy that infers its base image
# (mcr.microsoft.com/dotnet/runtime-deps:10.0, …/runtime:10.0) builds offline: a private engine, so the
# real names mislead nobody. Rebuilt only when missing or when the host's runtime changed.

TESTBED_RUNTIME_DEPS_IMAGE=dokkudeploy-test/runtime-deps:10.0
TESTBED_DOTNET_RUNTIME_IMAGE=dokkudeploy-test/dotnet-runtime:10.0

# A merged-/usr rootfs with dash, CA certificates, the base /etc, and the ldd closure of FILES plus the
# libraries .NET dlopens (OpenSSL, ICU).
new_dotnet_rootfs() {
    local name=$1 rootfs libdir=/usr/lib/x86_64-linux-gnu lib dlopened=(); shift
    for lib in libssl.so.3 libcrypto.so.3 libicuuc.so.72 libicui18n.so.72 libicudata.so.72; do
        [[ -e $libdir/$lib ]] || die "$libdir/$lib missing on the host (packages libssl3, libicu72)"
        dlopened+=("$libdir/$lib")
    done
    rootfs=$(new_tool_rootfs "$name" "$@" "${dlopened[@]}")
    for lib in "${dlopened[@]}"; do copy_lib "$rootfs" "$lib"; done
    mkdir -p "$rootfs/app"
    echo "$rootfs"
}

shape_image_changes() {
    printf '%s\n' \
        --change 'ENV PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV APP_UID=1654' \
        --change 'ENV ASPNETCORE_HTTP_PORTS=8080' \
        --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' \
        --change "ENV DOTNET_VERSION=$1" \
        --change 'WORKDIR /app'
}

build_runtime_deps_image() {
    local version=$1 rootfs sos=() changes=()
    # The native libraries of the runtime a self-contained app carries: the same as the host's.
    mapfile -t sos < <(find "$DOTNET_HOST_ROOT/shared/Microsoft.NETCore.App/$version" -name '*.so' -type f)
    rootfs=$(new_dotnet_rootfs runtime-deps-rootfs "${sos[@]}")
    # The closure names the runtime's own libraries too (they link each other): a self-contained app brings those.
    rm -rf "$rootfs$(realpath "$DOTNET_HOST_ROOT")"
    mapfile -t changes < <(shape_image_changes "$version")
    import_rootfs "$rootfs" "$TESTBED_RUNTIME_DEPS_IMAGE" "${changes[@]}"
    rm -rf "$rootfs"
}

build_dotnet_runtime_image() {
    local version=$1 rootfs sos=() changes=() dn
    mapfile -t sos < <(find "$DOTNET_HOST_ROOT/host" "$DOTNET_HOST_ROOT/shared/Microsoft.NETCore.App/$version" -name '*.so' -type f)
    rootfs=$(new_dotnet_rootfs runtime-rootfs "$DOTNET_HOST_ROOT/dotnet" "${sos[@]}")
    dn=$rootfs/usr/share/dotnet
    mkdir -p "$dn/shared/Microsoft.NETCore.App"
    cp -a "$DOTNET_HOST_ROOT/dotnet" "$DOTNET_HOST_ROOT/host" "$dn/"
    cp -a "$DOTNET_HOST_ROOT/shared/Microsoft.NETCore.App/$version" "$dn/shared/Microsoft.NETCore.App/"
    ln -s ../share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
    mapfile -t changes < <(shape_image_changes "$version")
    import_rootfs "$rootfs" "$TESTBED_DOTNET_RUNTIME_IMAGE" --change 'ENV DOTNET_ROOT=/usr/share/dotnet' "${changes[@]}"
    rm -rf "$rootfs"
}

# Tags IMAGE as NAME in the developer's engine unless it already is.
client_tag() {
    [[ $(dk image inspect -f '{{.Id}}' "$2" 2>/dev/null) == "$(dk image inspect -f '{{.Id}}' "$1")" ]] || dk tag "$1" "$2"
}

ensure_shape_images() {
    local version image builder built_from out
    version=$(runtime_versions Microsoft.NETCore.App | tail -n 1)
    [[ -n $version ]] || die "no 10.0.x Microsoft.NETCore.App under $DOTNET_HOST_ROOT/shared: install the .NET 10 runtime"
    for image in "$TESTBED_RUNTIME_DEPS_IMAGE:build_runtime_deps_image" "$TESTBED_DOTNET_RUNTIME_IMAGE:build_dotnet_runtime_image"; do
        builder=${image##*:}
        image=${image%:*}
        built_from=$(dk image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$image" 2>/dev/null | sed -n 's/^DOTNET_VERSION=//p') || true
        if [[ $built_from == "$version" ]]; then
            detail "$image present (Microsoft.NETCore.App $version)"
        else
            "$builder" "$version"
            detail "built $image (Microsoft.NETCore.App $version)"
        fi
    done
    # Smoke checks (about 0.3 s each): no dotnet in runtime-deps; dotnet without ASP.NET Core in runtime.
    out=$(dk run --rm --network none "$TESTBED_RUNTIME_DEPS_IMAGE" sh -c 'test ! -e /usr/share/dotnet && echo clean' 2>&1) \
        && [[ $out == clean ]] || die "$TESTBED_RUNTIME_DEPS_IMAGE is not a runtime-deps image: $out"
    out=$(dk run --rm --network none "$TESTBED_DOTNET_RUNTIME_IMAGE" dotnet --list-runtimes 2>&1) \
        || die "$TESTBED_DOTNET_RUNTIME_IMAGE does not run dotnet: $out"
    grep -q '^Microsoft.NETCore.App 10\.0\.' <<<"$out" && ! grep -q AspNetCore <<<"$out" \
        || die "$TESTBED_DOTNET_RUNTIME_IMAGE should have Microsoft.NETCore.App 10.0 only: $out"
    client_tag "$TESTBED_RUNTIME_DEPS_IMAGE" mcr.microsoft.com/dotnet/runtime-deps:10.0
    client_tag "$TESTBED_DOTNET_RUNTIME_IMAGE" mcr.microsoft.com/dotnet/runtime:10.0
    client_tag "$TESTBED_ASPNET_IMAGE" mcr.microsoft.com/dotnet/aspnet:10.0
}
