# The pieces of the fresh-machine check (run.sh): a Debian root made with debootstrap (cached as a
# tarball), the project and the machine's own files copied in, and one run inside it in private
# mount and PID namespaces. Sourced, not executed; uses common.sh's log/detail/warn/die/timed.

# What a new machine of ours has besides Debian's minbase: git, the CA certificates (the machine's own
# CA among them) and what the .NET SDK itself needs to start (Microsoft's list for Debian 12: ICU,
# OpenSSL, libstdc++, zlib). The SDK comes from the host, bind-mounted read-only.
FRESH_INCLUDE=git,ca-certificates,libicu72,libssl3,libstdc++6,zlib1g
FRESH_SUITE=bookworm
FRESH_MIRROR=${DOKKU_FRESH_MIRROR:-http://deb.debian.org/debian}
# Its test bed's own ports, network, engine bridges and app addresses, beside the host's (3022, 2376,
# 5000, 5001, dokkudeploy, dkdtb-* on 10.213.x, apps on 127.77.x.y): the root shares the host's network namespace.
FRESH_TESTBED_ENV=(
    DOKKU_TESTBED_SSH_PORT=3122
    DOKKU_TESTBED_DOCKER_TLS_PORT=2476
    DOKKU_TESTBED_REGISTRY_PORT=5100
    DOKKU_TESTBED_AUTH_REGISTRY_PORT=5101
    DOKKU_TESTBED_NETWORK=dokkudeploy-fresh
    DOKKU_TESTBED_BRIDGE_PREFIX=dkdfr
    DOKKU_TESTBED_BRIDGE_SUBNETS=10.214
    DOKKU_TESTBED_APP_ADDRESSES=127.78
    # The arm64 server (QEMU, a third engine, its image) is for the host bed's tests only.
    DOKKU_TESTBED_ARM64=0
)
# The variables a machine of ours sets for its CA and network, passed through as the machine has them;
# nothing else of the host's environment enters.
FRESH_PASSED_ENV=(http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY SSL_CERT_FILE SSL_CERT_DIR
    CURL_CA_BUNDLE GIT_SSL_CAINFO NODE_EXTRA_CA_CERTS REQUESTS_CA_BUNDLE NUGET_CERT_REVOCATION_MODE)

ensure_host_tools() {
    # shellcheck source=/dev/null
    . "$repo/tests/testbed/lib/packages.sh"
    local missing
    mapfile -t missing < <(packages_missing debootstrap util-linux iproute2)
    if ((${#missing[@]} > 0)); then
        export DEBIAN_FRONTEND=noninteractive
        "$APT_GET" update -q >/dev/null 2>&1 || true
        apt_install "fresh-machine check" "${missing[@]}" || die "cannot install ${missing[*]} on this machine"
    fi
    detail "debootstrap $(dpkg-query -W -f='${Version}' debootstrap), unshare $(unshare --version | awk '{ print $NF }')"
}

# Removes the previous run's root. Its mounts lived in a namespace that is gone, but a run killed
# half-way through setting up may have left a bind mount here.
remove_fresh_dir() {
    [[ -d $FRESH_DIR ]] || return 0
    unmount_under "$FRESH_DIR"
    rm -rf --one-file-system "$FRESH_DIR"
}

# A new root every run, from a cached debootstrap tarball (made on the first run: about 35 s).
make_fresh_root() {
    remove_fresh_dir
    mkdir -p "$FRESH_DIR" "$FRESH_CACHE"
    local key tarball
    key=$(printf '%s %s %s' "$FRESH_SUITE" "$FRESH_INCLUDE" "$FRESH_MIRROR" | sha256sum | cut -c1-12)
    tarball=$FRESH_CACHE/debian-$FRESH_SUITE-minbase-$key.tar
    if [[ ! -s $tarball ]]; then
        local build=$FRESH_CACHE/build-root
        rm -rf --one-file-system "$build"
        detail "debootstrap --variant=minbase --include=$FRESH_INCLUDE $FRESH_SUITE from $FRESH_MIRROR"
        if ! debootstrap --variant=minbase --include="$FRESH_INCLUDE" "$FRESH_SUITE" "$build" "$FRESH_MIRROR" >"$FRESH_CACHE/debootstrap.log" 2>&1; then
            tail -n 20 "$FRESH_CACHE/debootstrap.log" >&2
            die "debootstrap failed (log: $FRESH_CACHE/debootstrap.log)"
        fi
        # Cached clean: apt's downloaded packages are not part of a machine.
        rm -rf "$build"/var/cache/apt/archives/*.deb
        tar -C "$build" --numeric-owner -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
        rm -rf --one-file-system "$build"
        detail "cached as $tarball"
    else
        detail "from the cached $tarball"
    fi
    mkdir -p "$FRESH_ROOT"
    tar -C "$FRESH_ROOT" --numeric-owner -xf "$tarball"
    detail "Debian $(cat "$FRESH_ROOT/etc/debian_version") root in $FRESH_ROOT ($(du -sm "$FRESH_ROOT" | cut -f1) MB)"
}

# A clone of the repository, as CI checks it out, with this work tree's changes on top (so a change not
# yet committed is what runs): the same files a `git clone` of the committed tree would give in CI.
copy_project_into_root() {
    local dest=$FRESH_ROOT/root/DokkuDeploy
    git -c advice.detachedHead=false clone -q --no-hardlinks "$repo" "$dest"
    (cd "$repo" && git ls-files -z -c -o --exclude-standard \
        | tar --null --ignore-failed-read -T - -cf - 2>/dev/null) | tar -C "$dest" -xf -
    (cd "$repo" && git ls-files -z -d) | (cd "$dest" && xargs -0 -r rm -f --)
    local changes
    changes=$(git -C "$dest" status --porcelain | wc -l)
    detail "project at /root/DokkuDeploy ($(git -C "$dest" rev-parse --short HEAD), $changes uncommitted change(s) from this work tree)"
}

# What every machine of ours has that Debian's minbase has not: the .NET SDK (mounted read-only at
# run time), the machine's CA certificates, its resolver and its apt sources.
give_root_machine_files() {
    local dotnet_root
    dotnet_root=$(dirname "$(realpath "$(command -v dotnet)")")
    [[ -x $dotnet_root/dotnet ]] || die "no .NET SDK on this machine (dotnet not on PATH)"
    FRESH_DOTNET_ROOT=$dotnet_root
    mkdir -p "$FRESH_ROOT$dotnet_root"
    ln -sf "$dotnet_root/dotnet" "$FRESH_ROOT/usr/bin/dotnet"
    cp /etc/resolv.conf "$FRESH_ROOT/etc/resolv.conf"
    cp /etc/hosts "$FRESH_ROOT/etc/hosts"
    if [[ -f /etc/apt/sources.list.d/debian.sources ]]; then
        cp /etc/apt/sources.list.d/debian.sources "$FRESH_ROOT/etc/apt/sources.list.d/"
        rm -f "$FRESH_ROOT/etc/apt/sources.list"
    fi
    if compgen -G "/usr/local/share/ca-certificates/*" >/dev/null; then
        cp -a /usr/local/share/ca-certificates/. "$FRESH_ROOT/usr/local/share/ca-certificates/"
        chroot "$FRESH_ROOT" update-ca-certificates >/dev/null 2>&1 || warn "update-ca-certificates failed in the fresh root"
    fi
    cp "$here/inside.sh" "$FRESH_ROOT/root/fresh-inside.sh"
    detail ".NET SDK $(dotnet --version) from $dotnet_root (read-only), CA certificates, resolver, apt sources"
}

# Runs inside.sh in the root: new mount and PID namespaces (every process dies with the namespace's
# first process, every mount with the namespace), the root bound on itself, /proc of its own, the host's /dev and /sys (for
# dockerd's cgroups), a private /tmp and /run. Output goes to $FRESH_LOG and, indented, to this log.
run_inside_root() {
    local tests=$1
    local env=(PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root
        LANG=C.UTF-8 TERM=dumb CI=true "DOKKU_FRESH_TESTS=$tests" "${FRESH_TESTBED_ENV[@]}") v
    for v in "${FRESH_PASSED_ENV[@]}"; do
        [[ -n ${!v:-} ]] && env+=("$v=${!v}")
    done
    # shellcheck disable=SC2016 # expanded by the inner bash
    unshare --mount --pid --fork --propagation private -- bash -c '
        set -e
        root=$1 dotnet_root=$2; shift 2
        # The root is a mount point of its own, as a machine'"'"'s / is: dockerd remounts / private when
        # it unpacks a layer, which fails (EINVAL) on a plain directory.
        mount --bind "$root" "$root"
        mount --rbind /dev "$root/dev"
        mount -t proc proc "$root/proc"
        mount --rbind /sys "$root/sys"
        mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
        mount -t tmpfs -o mode=755 tmpfs "$root/run"
        mount --bind "$dotnet_root" "$root$dotnet_root"
        mount -o remount,bind,ro "$root$dotnet_root"
        exec chroot "$root" /usr/bin/env -i "$@" /bin/bash /root/fresh-inside.sh
    ' fresh "$FRESH_ROOT" "$FRESH_DOTNET_ROOT" "${env[@]}" 2>&1 | tee "$FRESH_LOG" | sed 's/^/  | /'
    return "${PIPESTATUS[0]}"
}

# The root's dockerds made bridges in the host's network namespace (the one part of the root that is
# not private); inside.sh removes them, and this catches what a killed run left.
cleanup_fresh_root() {
    local bridge
    if [[ -r $FRESH_ROOT/root/fresh-bridges ]]; then
        while read -r bridge; do
            [[ -n $bridge ]] && ip link show "$bridge" >/dev/null 2>&1 && ip link del "$bridge" 2>/dev/null && detail "removed bridge $bridge"
        done <"$FRESH_ROOT/root/fresh-bridges"
    fi
    return 0
}
