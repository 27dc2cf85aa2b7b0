# Installs the Debian packages the test bed needs, running apt-get update only when something is missing.
# Loud on purpose: it names every package it installs, and when apt fails it names the package and
# quotes apt's reason. tests/testbed/tests/packages.bats covers it.

# libssl3 and libicu72 go into the ASP.NET image (the runtime dlopens them); bats runs the test bed's own
# script tests (tests/run.sh counts them); containerd (docker.io's dependency, named for its own use) is the
# importer of Docker's containerd image store that ContainerdImportTests runs privately.
TESTBED_PACKAGES=(docker.io containerd openssh-server openssh-client openssl git busybox-static iproute2 docker-registry apache2-utils jq curl ca-certificates procps libssl3 libicu72 bats)
# nodejs (with npm) builds the node stage image of git push builds; podman serves the Docker API for the
# test that finds Podman's socket; clang and zlib1g-dev are Native AOT's linker and the library it links;
# with the arm64 server, qemu-user-static runs its images, and debootstrap (its Debian arm64 libraries)
# and gcc-aarch64-linux-gnu (its `dotnet`) make its ASP.NET image. Under CI=true
# the tests that need them fail without them, so they are installed as loudly as the others; only a
# developer's run goes on without them (with a warning).
TESTBED_OPTIONAL_PACKAGES=(socat nodejs podman clang zlib1g-dev)
if [[ ${TESTBED_ARM64:-1} == 1 ]]; then TESTBED_OPTIONAL_PACKAGES+=(qemu-user-static debootstrap gcc-aarch64-linux-gnu); fi
# Debian's nodejs has no npm of its own (NodeSource's has, and conflicts with Debian's npm package).
command -v npm >/dev/null 2>&1 || TESTBED_OPTIONAL_PACKAGES+=(npm)

# The dpkg-query to ask; tests point it at a fake.
DPKG_QUERY=${DPKG_QUERY:-dpkg-query}
APT_GET=${APT_GET:-apt-get}
DPKG=${DPKG:-dpkg}
POLICY_RC_D=${POLICY_RC_D:-/usr/sbin/policy-rc.d}

# Prints the given packages that are not fully installed, one a line: never installed, unknown to
# dpkg, or left half-installed/unpacked/half-configured by an interrupted apt. One dpkg-query for
# all (it is slow to start). dpkg-query exits 1 when ANY name is unknown to it, yet still prints the
# others: its exit code carries no information here, so it is ignored, never allowed to end a
# `set -e` caller or empty the list.
packages_missing() {
    (($# > 0)) || return 0
    local status
    status=$("$DPKG_QUERY" -W -f='${Package} ${db:Status-Status}\n' "$@" 2>/dev/null) || true
    local p
    for p in "$@"; do
        # Architecture-qualified names (libssl3:amd64) are listed by their bare name.
        awk -v p="${p%%:*}" '$1 == p && $2 == "installed" { found = 1 } END { exit !found }' <<<"$status" || echo "$p"
    done
}

# Installs the given packages one apt-get call, naming each; on failure, finds which ones apt could
# not install and prints apt's own lines about them.
apt_install() {
    local what=$1; shift
    (($# > 0)) || return 0
    local p
    for p in "$@"; do detail "installing $p ($what)"; done
    local out rc=0
    out=$("$APT_GET" install -y -q --no-install-recommends "$@" 2>&1) || rc=$?
    ((rc == 0)) && return 0
    # The package apt names as the cause; else the ones it left uninstalled (apt installs none of a
    # batch when it cannot resolve one of them).
    local failed=() p
    for p in "$@"; do
        grep -qE "(Unable to locate package|Package|package) '?$p'?( |$)|^ ?$p : (Depends|PreDepends|Conflicts|Breaks)|(processing|installing) package $p([: ]|$)" <<<"$out" \
            && failed+=("$p")
    done
    ((${#failed[@]} > 0)) || mapfile -t failed < <(packages_missing "$@")
    ((${#failed[@]} > 0)) || failed=("$@")
    warn "apt-get install failed (exit $rc) for: ${failed[*]}"
    # apt's E:/W: lines and the lines naming a failed package say why (no candidate, unmet
    # dependency, a postinst that failed, a held lock, a mirror that cannot be reached).
    grep -E '^(E|W|Err):|Unable to locate|has no installation candidate|Depends:|dpkg: error|returned an error' <<<"$out" >&2 \
        || tail -n 15 <<<"$out" >&2
    return "$rc"
}

ensure_packages() {
    local missing optional
    mapfile -t missing < <(packages_missing "${TESTBED_PACKAGES[@]}")
    mapfile -t optional < <(packages_missing "${TESTBED_OPTIONAL_PACKAGES[@]}")
    if ((${#missing[@]} == 0 && ${#optional[@]} == 0)); then
        detail "all ${#TESTBED_PACKAGES[@]} packages (and ${#TESTBED_OPTIONAL_PACKAGES[@]} optional ones) installed"
        return 0
    fi
    ((${#missing[@]} > 0)) && detail "missing: ${missing[*]}"
    ((${#optional[@]} > 0)) && detail "missing (optional): ${optional[*]}"
    export DEBIAN_FRONTEND=noninteractive NEEDRESTART_SUSPEND=1
    # Without systemd, the packages' postinst would start a system dockerd, sshd on :22 and a
    # registry on :5000 through their init scripts. policy-rc.d answering 101 forbids that.
    local policy=$POLICY_RC_D added_policy=
    if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added_policy=1
    fi
    local rc=0 out
    # A package left half-configured by an interrupted run blocks every later install until configured.
    "$DPKG" --configure -a >/dev/null 2>&1 || true
    detail "apt-get update"
    out=$("$APT_GET" update -q 2>&1) || { rc=$?; warn "apt-get update failed (exit $rc):"; grep -E '^(E|W|Err):' <<<"$out" >&2 || tail -n 10 <<<"$out" >&2; }
    ((rc == 0)) && { apt_install required "${missing[@]}" || rc=$?; }
    if ((rc == 0 && ${#optional[@]} > 0)); then
        if ! apt_install optional "${optional[@]}"; then
            if [[ ${CI:-} == true ]]; then
                rc=1
            else
                warn "optional packages not installed: the tests that need them will fail"
            fi
        fi
    fi
    [[ -n $added_policy ]] && rm -f "$policy"
    ((rc == 0)) || die "the test bed cannot come up without these packages (apt-get exit $rc); the lines above say why"
    local still
    mapfile -t still < <(packages_missing "${missing[@]}")
    ((${#still[@]} == 0)) || die "apt-get succeeded but these are still not installed: ${still[*]}"
    detail "installed ${#missing[@]} required and ${#optional[@]} optional packages"
}
