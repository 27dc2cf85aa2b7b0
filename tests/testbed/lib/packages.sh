# Installs the Debian packages the test bed needs, running apt-get update only when something is missing.

# libssl3 and libicu72 go into the ASP.NET image (the runtime dlopens them).
TESTBED_PACKAGES=(docker.io openssh-server openssh-client git busybox-static iproute2 docker-registry apache2-utils jq curl ca-certificates procps libssl3 libicu72)
# nodejs (with npm) builds the node stage image of git push builds; podman serves the Docker API for the
# test that finds Podman's socket. Optional: only those tests need them.
TESTBED_OPTIONAL_PACKAGES=(socat nodejs podman)

# Prints the given packages that are not installed (one dpkg-query for all: it is slow to start).
packages_missing() {
    local installed
    installed=$(dpkg-query -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null | awk '$2 == "installed" { print $1 }')
    local p
    for p in "$@"; do grep -qx "$p" <<<"$installed" || echo "$p"; done
}

ensure_packages() {
    local missing optional
    mapfile -t missing < <(packages_missing "${TESTBED_PACKAGES[@]}")
    mapfile -t optional < <(packages_missing "${TESTBED_OPTIONAL_PACKAGES[@]}")
    if ((${#missing[@]} == 0 && ${#optional[@]} == 0)); then
        detail "all packages present"
        return 0
    fi
    detail "installing: ${missing[*]} ${optional[*]}"
    export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
    # Without systemd, the packages' postinst would start a system dockerd, sshd on :22 and a
    # registry on :5000 through their init scripts. policy-rc.d answering 101 forbids that.
    local policy=/usr/sbin/policy-rc.d added_policy=
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added_policy=1
    fi
    local rc=0
    apt-get update -qq || rc=$?
    if ((rc == 0 && ${#missing[@]} > 0)); then
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null || rc=$?
    fi
    if ((rc == 0 && ${#optional[@]} > 0)); then
        apt-get install -y -qq --no-install-recommends "${optional[@]}" >/dev/null \
            || warn "optional packages not installed: ${optional[*]}"
    fi
    [[ -n $added_policy ]] && rm -f "$policy"
    ((rc == 0)) || die "apt-get failed (exit $rc) installing: ${missing[*]}"
}
