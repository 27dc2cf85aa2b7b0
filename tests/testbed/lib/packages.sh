# Installs the Debian packages the test bed needs, running apt-get update only when something is missing.

TESTBED_PACKAGES=(docker.io openssh-server openssh-client git busybox-static iproute2 docker-registry jq curl ca-certificates)
TESTBED_OPTIONAL_PACKAGES=(socat)

package_installed() {
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null) == installed ]]
}

ensure_packages() {
    local missing=() optional=() p
    for p in "${TESTBED_PACKAGES[@]}"; do package_installed "$p" || missing+=("$p"); done
    for p in "${TESTBED_OPTIONAL_PACKAGES[@]}"; do package_installed "$p" || optional+=("$p"); done
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
