# The arm64 Dokku server: a third dockerd whose containers run arm64 programs under QEMU (qemu-user-static
# registered with binfmt_misc), an sshd on its own port whose stand-in plays an arm64 server (its
# `dokku report` says aarch64) with its own state and app addresses, and, in the developer's engine, an
# offline arm64 ASP.NET image to build the sample on. Sourced after common, dockerd, network, images,
# sshd and keys. Everything is skipped with DOKKU_TESTBED_ARM64=0.

ARM64_IMAGE_CACHE=$TESTBED_ROOT/arm64-image
ARM64_DEBIAN_MIRROR=${DOKKU_TESTBED_DEBIAN_MIRROR:-http://deb.debian.org/debian}
# The Debian arm64 packages the runtime needs, and dash as /bin/sh.
ARM64_DEBS=(libc6 libgcc-s1 libstdc++6 libssl3 libicu72 zlib1g dash)
BINFMT_DIR=/proc/sys/fs/binfmt_misc
# Our own entry, so an entry some other tool registered without the F flag (whose interpreter a
# container cannot open) does not decide: the kernel tries the newest entry first.
BINFMT_ENTRY=dokkudeploy-qemu-aarch64

# The kernel runs aarch64 ELF files with qemu-aarch64-static, also inside containers: F opens the
# interpreter now, from the host's filesystem. Kernel-wide, and harmless to anything else.
ensure_binfmt_aarch64() {
    local qemu=/usr/bin/qemu-aarch64-static
    [[ -x $qemu ]] || die "$qemu missing (package qemu-user-static): the arm64 server needs it; DOKKU_TESTBED_ARM64=0 leaves that server out"
    mountpoint -q "$BINFMT_DIR" || mount -t binfmt_misc binfmt_misc "$BINFMT_DIR" \
        || die "cannot mount binfmt_misc on $BINFMT_DIR"
    if [[ -e $BINFMT_DIR/$BINFMT_ENTRY ]] && grep -q '^enabled' "$BINFMT_DIR/$BINFMT_ENTRY" \
        && grep -q "^interpreter $qemu\$" "$BINFMT_DIR/$BINFMT_ENTRY" && grep -q '^flags: .*F' "$BINFMT_DIR/$BINFMT_ENTRY"; then
        detail "binfmt_misc runs aarch64 programs with $qemu ($BINFMT_ENTRY)"
        return 0
    fi
    [[ -e $BINFMT_DIR/$BINFMT_ENTRY ]] && echo -1 >"$BINFMT_DIR/$BINFMT_ENTRY"
    # Magic and mask of an aarch64 ELF executable, as qemu's own qemu-binfmt-conf.sh has them.
    printf '%s' ":$BINFMT_ENTRY:M::"'\x7f\x45\x4c\x46\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\xb7\x00'":"'\xff\xff\xff\xff\xff\xff\xff\x00\xff\xff\xff\xff\xff\xff\xff\xff\xfe\xff\xff\xff'":$qemu:F" \
        >"$BINFMT_DIR/register" || die "cannot register $qemu with binfmt_misc"
    detail "registered $qemu with binfmt_misc as $BINFMT_ENTRY (flag F)"
}

# The linux-arm64 runtime packs of the host's runtime versions, from NuGet (the SDK's own restore,
# into a private package folder), and the Debian arm64 packages (debootstrap --download-only: no
# arm64 in the host's apt). Both kept in the cache: fetched once.
fetch_arm64_inputs() {
    local netcore=$1 aspnet=$2 project=$ARM64_IMAGE_CACHE/packs
    mkdir -p "$project"
    cat >"$project/packs.csproj" <<PROJECT
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  <ItemGroup>
    <PackageDownload Include="Microsoft.NETCore.App.Runtime.linux-arm64" Version="[$netcore]" />
    <PackageDownload Include="Microsoft.AspNetCore.App.Runtime.linux-arm64" Version="[$aspnet]" />
  </ItemGroup>
</Project>
PROJECT
    if [[ ! -d $ARM64_IMAGE_CACHE/nuget/microsoft.netcore.app.runtime.linux-arm64/$netcore \
        || ! -d $ARM64_IMAGE_CACHE/nuget/microsoft.aspnetcore.app.runtime.linux-arm64/$aspnet ]]; then
        NUGET_PACKAGES=$ARM64_IMAGE_CACHE/nuget "$DOTNET_HOST_ROOT/dotnet" restore "$project/packs.csproj" \
            >"$ARM64_IMAGE_CACHE/restore.log" 2>&1 \
            || { tail -n 20 "$ARM64_IMAGE_CACHE/restore.log" >&2; die "could not restore the linux-arm64 runtime packs $netcore/$aspnet from NuGet"; }
        detail "restored the linux-arm64 runtime packs (Microsoft.NETCore.App $netcore, Microsoft.AspNetCore.App $aspnet)"
    fi
    if ! ls "$ARM64_IMAGE_CACHE/debian/var/cache/apt/archives/"libicu72_*_arm64.deb >/dev/null 2>&1; then
        command -v debootstrap >/dev/null || die "debootstrap missing (package debootstrap): the arm64 image needs Debian's arm64 libraries"
        rm -rf "$ARM64_IMAGE_CACHE/debian"
        debootstrap --download-only --arch=arm64 --variant=minbase --include=libicu72,libssl3,libstdc++6,zlib1g \
            bookworm "$ARM64_IMAGE_CACHE/debian" "$ARM64_DEBIAN_MIRROR" >"$ARM64_IMAGE_CACHE/debootstrap.log" 2>&1 \
            || { tail -n 20 "$ARM64_IMAGE_CACHE/debootstrap.log" >&2; die "debootstrap could not download Debian's arm64 packages from $ARM64_DEBIAN_MIRROR"; }
        detail "downloaded Debian bookworm arm64 packages into $ARM64_IMAGE_CACHE/debian"
    fi
}

# docker import makes an image of the engine's own platform (20.10 ignores --platform without
# experimental mode): the config says amd64. Rewritten to arm64 through save and load.
set_image_architecture() {
    local image=$1 arch=$2 dir config sum old
    old=$(dk image inspect -f '{{.Id}}' "$image")
    dir=$(mktemp -d "$TESTBED_ROOT/tmp/arch.XXXXXX")
    dk save "$image" | tar -C "$dir" -xf -
    config=$(jq -r '.[0].Config' "$dir/manifest.json")
    jq -c --arg arch "$arch" '.architecture = $arch | del(.variant)' "$dir/$config" >"$dir/config.new"
    sum=$(sha256sum "$dir/config.new" | cut -d' ' -f1)
    rm -f "$dir/$config"
    mv "$dir/config.new" "$dir/$sum.json"
    jq -c --arg config "$sum.json" '.[0].Config = $config' "$dir/manifest.json" >"$dir/manifest.new"
    mv "$dir/manifest.new" "$dir/manifest.json"
    tar -C "$dir" -cf - . | dk load >/dev/null
    rm -rf "$dir"
    # The imported amd64 config, now without a tag.
    dk rmi "$old" >/dev/null 2>&1 || true
}

build_aspnet_arm64_image() {
    local netcore=$1 aspnet=$2 rootfs dn pack deb cc=aarch64-linux-gnu-gcc
    command -v "$cc" >/dev/null || die "$cc missing (package gcc-aarch64-linux-gnu): it builds the arm64 image's dotnet"
    fetch_arm64_inputs "$netcore" "$aspnet"
    rootfs=$(mktemp -d "$TESTBED_ROOT/tmp/aspnet-arm64-rootfs.XXXXXX")
    for deb in "${ARM64_DEBS[@]}"; do
        dpkg-deb -x "$(ls "$ARM64_IMAGE_CACHE/debian/var/cache/apt/archives/${deb}_"*_arm64.deb | head -n 1)" "$rootfs"
    done
    dn=$rootfs/usr/share/dotnet
    mkdir -p "$dn/host/fxr/$netcore" "$dn/shared/Microsoft.NETCore.App/$netcore" "$dn/shared/Microsoft.AspNetCore.App/$aspnet" \
        "$rootfs/usr/bin" "$rootfs/etc/ssl/certs" "$rootfs/tmp" "$rootfs/app"
    pack=$ARM64_IMAGE_CACHE/nuget/microsoft.netcore.app.runtime.linux-arm64/$netcore/runtimes/linux-arm64
    cp "$pack/native/libhostfxr.so" "$dn/host/fxr/$netcore/"
    cp "$pack/lib/net10.0/"* "$pack/native/"* "$dn/shared/Microsoft.NETCore.App/$netcore/"
    rm -f "$dn/shared/Microsoft.NETCore.App/$netcore/libhostfxr.so"
    cp "$ARM64_IMAGE_CACHE/nuget/microsoft.aspnetcore.app.runtime.linux-arm64/$aspnet/runtimes/linux-arm64/lib/net10.0/"* \
        "$dn/shared/Microsoft.AspNetCore.App/$aspnet/"
    "$cc" -O2 -Wall -DFXR_VERSION="\"$netcore\"" -DDOTNET_ROOT='"/usr/share/dotnet"' \
        -o "$dn/dotnet" "$(dirname "${BASH_SOURCE[0]}")/dotnet-muxer.c" -ldl
    ln -s ../share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
    chmod 1777 "$rootfs/tmp"
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/"
    write_base_etc "$rootfs"
    tar -C "$rootfs" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf - . \
        | dk import \
            --change 'ENV PATH=/usr/share/dotnet:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
            --change 'ENV DOTNET_ROOT=/usr/share/dotnet' \
            --change 'ENV APP_UID=1654' \
            --change 'ENV ASPNETCORE_HTTP_PORTS=8080' \
            --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' \
            --change "ENV DOTNET_VERSION=$netcore" \
            --change "ENV ASPNET_VERSION=$aspnet" \
            --change 'WORKDIR /app' \
            - "$TESTBED_ASPNET_ARM64_IMAGE" >/dev/null
    rm -rf "$rootfs"
    set_image_architecture "$TESTBED_ASPNET_ARM64_IMAGE" arm64
    detail "built $TESTBED_ASPNET_ARM64_IMAGE (linux/arm64: Microsoft.NETCore.App $netcore, Microsoft.AspNetCore.App $aspnet)"
}

ensure_aspnet_arm64_image() {
    local netcore aspnet built_from platform out
    netcore=$(runtime_versions Microsoft.NETCore.App | tail -n 1)
    aspnet=$(runtime_versions Microsoft.AspNetCore.App | tail -n 1)
    built_from=$(image_env_of "$TESTBED_ASPNET_ARM64_IMAGE" ASPNET_VERSION)
    platform=$(dk image inspect -f '{{.Os}}/{{.Architecture}}' "$TESTBED_ASPNET_ARM64_IMAGE" 2>/dev/null) || true
    if [[ $built_from == "$aspnet" && $platform == linux/arm64 ]]; then
        detail "$TESTBED_ASPNET_ARM64_IMAGE present (linux/arm64, ASP.NET Core $aspnet)"
    else
        build_aspnet_arm64_image "$netcore" "$aspnet"
    fi
    # About 1 s under QEMU: the arm64 runtime starts and finds both frameworks.
    out=$(dk run --rm --network none "$TESTBED_ASPNET_ARM64_IMAGE" dotnet --list-runtimes 2>&1) \
        || die "$TESTBED_ASPNET_ARM64_IMAGE does not run dotnet under QEMU: $out (rebuild: docker rmi $TESTBED_ASPNET_ARM64_IMAGE, then up.sh)"
    grep -q '^Microsoft.AspNetCore.App 10\.0\.' <<<"$out" || die "$TESTBED_ASPNET_ARM64_IMAGE lacks Microsoft.AspNetCore.App 10.0: $out"
    detail "smoke check (arm64 under QEMU): $(grep -v WARNING <<<"$out" | tr '\n' ';' | sed 's/ \[[^]]*\]//g')"
}

image_env_of() {
    dk image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$1" 2>/dev/null | sed -n "s/^$2=//p" || true
}

# The arm64 server: its engine (which holds only busybox, like the x64 server's), its state and its sshd.
ensure_arm64_server() {
    local wanted have
    ensure_dockerd arm64
    ensure_network arm64
    wanted=$(dk image inspect -f '{{.Id}}' "$TESTBED_BUSYBOX_IMAGE")
    have=$(dk_on arm64 image inspect -f '{{.Id}}' "$TESTBED_BUSYBOX_IMAGE" 2>/dev/null) || true
    if [[ $have != "$wanted" ]]; then
        dk save "$TESTBED_BUSYBOX_IMAGE" | dk_on arm64 load >/dev/null
        detail "copied $TESTBED_BUSYBOX_IMAGE into the arm64 engine"
    fi
    mkdir -p "$ARM64_STATE_DIR"
    chown "$DOKKU_USER:" "$ARM64_STATE_DIR"
    chmod 700 "$ARM64_STATE_DIR"
}

restore_arm64_apps() {
    local ids
    ids=$(dk_on arm64 container ls -aq --filter label=com.dokku.app-name --filter status=exited) || return 0
    [[ -z $ids ]] && return 0
    # shellcheck disable=SC2086
    dk_on arm64 container start $ids >/dev/null || warn "some arm64 app containers did not start again"
    detail "started $(wc -w <<<"$ids") stopped arm64 app container(s) again"
}

ensure_arm64_sshd() {
    ensure_sshd "$ARM64_SSHD_DIR" "$TESTBED_ARM64_SSH_PORT" arm64
}

stop_arm64_server() {
    stop_sshd "$ARM64_SSHD_DIR"
    stop_dockerd arm64
}
