#!/usr/bin/env bats
# packages.sh against a fake dpkg-query and apt-get: the install step must see every package that is
# not fully installed (never installed, unknown to dpkg, half-installed), name each one it installs,
# and say which package apt failed on and why. The first version of it, run under `set -euo
# pipefail`, lost the whole list when dpkg-query met one unknown name (it exits 1 then).

setup() {
    FAKE=$(mktemp -d)
    export FAKE_STATUS=$FAKE/status FAKE_APT_LOG=$FAKE/apt.log FAKE_APT_FAIL=
    : >"$FAKE_STATUS"; : >"$FAKE_APT_LOG"
    # dpkg-query -W -f=FORMAT NAME...: a line per package dpkg knows, exit 1 if any is unknown (as dpkg does).
    cat >"$FAKE/dpkg-query" <<'SH'
#!/bin/bash
rc=0
for name in "${@:3}"; do
    line=$(awk -v p="$name" '$1 == p' "$FAKE_STATUS")
    if [[ -n $line ]]; then echo "$line"; else echo "dpkg-query: no packages found matching $name" >&2; rc=1; fi
done
exit $rc
SH
    # apt-get update | install -y -q --no-install-recommends NAME...: "installs" by marking the
    # packages installed, unless one is named in FAKE_APT_FAIL (then apt's own message, exit 100).
    cat >"$FAKE/apt-get" <<'SH'
#!/bin/bash
echo "$*" >>"$FAKE_APT_LOG"
[[ $1 == update ]] && exit 0
for name in "${@:5}"; do
    if [[ " $FAKE_APT_FAIL " == *" $name "* ]]; then
        echo "Reading package lists..."
        echo "E: Unable to locate package $name"
        exit 100
    fi
done
for name in "${@:5}"; do
    grep -v "^$name " "$FAKE_STATUS" >"$FAKE_STATUS.new"; mv "$FAKE_STATUS.new" "$FAKE_STATUS"
    echo "$name installed" >>"$FAKE_STATUS"
done
SH
    printf '#!/bin/sh\nexit 0\n' >"$FAKE/dpkg"
    chmod +x "$FAKE"/*
    export DPKG_QUERY=$FAKE/dpkg-query APT_GET=$FAKE/apt-get DPKG=$FAKE/dpkg POLICY_RC_D=$FAKE/policy-rc.d
    LIB=$BATS_TEST_DIRNAME/../lib
}

teardown() { rm -rf "$FAKE"; }

# Runs a snippet the way up.sh runs the library: sourced, under set -euo pipefail.
in_testbed() {
    run bash -c "set -euo pipefail; . '$LIB/common.sh'; . '$LIB/packages.sh'; $1"
}

status_is() { printf '%s %s\n' "$1" "$2" >>"$FAKE_STATUS"; }

@test "a package that is installed is not missing" {
    status_is git installed
    in_testbed 'packages_missing git'
    [ "$status" -eq 0 ]
    [ "$output" = "" ]
}

@test "a package dpkg knows but that is not installed is missing" {
    status_is git installed
    status_is openssh-server not-installed
    in_testbed 'packages_missing git openssh-server'
    [ "$status" -eq 0 ]
    [ "$output" = "openssh-server" ]
}

@test "a package dpkg has never heard of is missing, and the others are still checked" {
    status_is git installed
    status_is jq not-installed
    in_testbed 'packages_missing docker.io git jq busybox-static'
    [ "$status" -eq 0 ]
    [ "$output" = "$(printf 'docker.io\njq\nbusybox-static')" ]
}

@test "half-installed, unpacked and half-configured packages are missing" {
    status_is docker.io half-installed
    status_is sshd-thing unpacked
    status_is registry half-configured
    status_is curl installed
    in_testbed 'packages_missing docker.io sshd-thing registry curl'
    [ "$output" = "$(printf 'docker.io\nsshd-thing\nregistry')" ]
}

@test "the list survives mapfile under set -euo pipefail, as up.sh reads it" {
    in_testbed 'mapfile -t m < <(packages_missing docker.io openssh-server); echo "${#m[@]}: ${m[*]}"'
    [ "$status" -eq 0 ]
    [ "$output" = "2: docker.io openssh-server" ]
}

@test "ensure_packages installs what is missing and names each package" {
    TESTBED_PACKAGES_OVERRIDE=1
    status_is git installed
    in_testbed 'TESTBED_PACKAGES=(git docker.io openssh-server); TESTBED_OPTIONAL_PACKAGES=(socat); ensure_packages'
    [ "$status" -eq 0 ]
    [[ $output == *"installing docker.io (required)"* ]]
    [[ $output == *"installing openssh-server (required)"* ]]
    [[ $output == *"installing socat (optional)"* ]]
    [[ $output != *"installing git"* ]]
    grep -qx 'install -y -q --no-install-recommends docker.io openssh-server' "$FAKE_APT_LOG"
    grep -q '^docker.io installed$' "$FAKE_STATUS"
    [ ! -e "$POLICY_RC_D" ]   # the daemons' init scripts were held off only while installing
}

@test "nothing is installed when everything is present" {
    status_is git installed
    status_is socat installed
    in_testbed 'TESTBED_PACKAGES=(git); TESTBED_OPTIONAL_PACKAGES=(socat); ensure_packages'
    [ "$status" -eq 0 ]
    [[ $output == *"all 1 packages (and 1 optional ones) installed"* ]]
    [ ! -s "$FAKE_APT_LOG" ]
}

@test "when apt fails it says which package and why, and the test bed stops" {
    export FAKE_APT_FAIL=docker-registry
    in_testbed 'TESTBED_PACKAGES=(docker.io docker-registry); TESTBED_OPTIONAL_PACKAGES=(); ensure_packages; echo SHOULD-NOT-GET-HERE'
    [ "$status" -ne 0 ]
    [[ $output == *"apt-get install failed (exit 100) for: docker-registry"* ]]
    [[ $output == *"E: Unable to locate package docker-registry"* ]]
    [[ $output == *"cannot come up without these packages"* ]]
    [[ $output != *SHOULD-NOT-GET-HERE* ]]
}

@test "a failed optional package fails under CI and only warns otherwise" {
    export FAKE_APT_FAIL=podman
    in_testbed 'TESTBED_PACKAGES=(git); TESTBED_OPTIONAL_PACKAGES=(podman); CI=false ensure_packages'
    [ "$status" -eq 0 ]
    [[ $output == *"optional packages not installed"* ]]
    in_testbed 'TESTBED_PACKAGES=(git); TESTBED_OPTIONAL_PACKAGES=(podman); CI=true ensure_packages'
    [ "$status" -ne 0 ]
    [[ $output == *"for: podman"* ]]
}
