#!/usr/bin/env bash
# Brings the DokkuDeploy test bed up: two private dockerds (the developer's engine, where images are
# built, and the Dokku server's engine, where the stand-in loads and runs them), base images,
# networks, registry, sshd with a `dokku` account whose forced command is the Dokku stand-in.
# Reuses what already runs; safe to run again at any time. Writes $DOKKU_TESTBED_ROOT/testbed.env last, when everything answers.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
for lib in common packages docker-tls dockerd network images shape-images registry account keys sshd arm64 envfile; do
    # shellcheck source=/dev/null
    . "$HERE/lib/$lib.sh"
done

[[ $(id -u) == 0 ]] || die "run as root (it starts dockerd and sshd and manages the dokku account)"

# --minimal: only what a deploy of the sample needs (samples/deploy-hello.sh): no optional packages, no
# images for the other app shapes or for server-side builds, no arm64 server. A new user's first
# command installs and builds a third of what the whole test suite needs. A bed that is already
# complete stays complete (its testbed.env says DOKKU_TESTBED_SCOPE=full), and tests/run.sh completes a minimal one.
TESTBED_SCOPE=full
if [[ ${1:-} == --minimal ]]; then
    grep -qx 'DOKKU_TESTBED_SCOPE=full' "$ENV_FILE" 2>/dev/null || TESTBED_SCOPE=minimal
elif (($# > 0)); then
    die "unknown argument $1 (up.sh takes only --minimal)"
fi
if [[ $TESTBED_SCOPE == minimal ]]; then
    TESTBED_OPTIONAL_PACKAGES=()
    TESTBED_ARM64=0
fi
full() { [[ $TESTBED_SCOPE == full ]]; }

take_lock
total_start=$(now)
# Left behind by a failed run, the env file would claim a test bed that is not ready.
trap 'rc=$?; if ((rc != 0)); then rm -f "$ENV_FILE"; warn "up.sh failed in step ${CURRENT_STEP:-start} (exit $rc); see the messages above"; fi' EXIT

mkdir -p "$TESTBED_ROOT" "$TESTBED_ROOT/tmp"
chmod 755 "$TESTBED_ROOT"

timed packages ensure_packages
timed docker-tls-certs ensure_docker_tls_certs
timed dockerd ensure_dockerd client
timed docker-tls check_docker_tls
timed server-dockerd ensure_dockerd server
timed docker-cli detect_docker_cli
timed network ensure_network client
timed server-network ensure_network server
timed busybox-image ensure_busybox_image
timed server-busybox ensure_server_busybox_image
timed aspnet-image ensure_aspnet_image
if full; then
    # runtime-deps and runtime images for self-contained, AOT and console/worker apps (shape-images.sh).
    timed shape-images ensure_shape_images
    # The images a git push build of samples/AssetsDokku needs on the server (node, sdk, aspnet; built once).
    timed server-build-images ensure_server_build_images
    # The SDK image a project's own multi-stage Dockerfile (Visual Studio's) builds FROM, on the developer's engine.
    timed client-sdk-image ensure_sdk_image client
fi
# The arm64 server (arm64.sh): QEMU through binfmt_misc, its engine, and the arm64 ASP.NET image to build on.
if [[ $TESTBED_ARM64 == 1 ]]; then
    timed binfmt-aarch64 ensure_binfmt_aarch64
    timed arm64-server ensure_arm64_server
    timed aspnet-arm64-image ensure_aspnet_arm64_image
fi
# Apps run on the server engine: that is where published ports must answer.
timed port-publishing check_port_publishing server
timed registry ensure_registry
timed dokku-account ensure_dokku_user
timed standin install_standin "$HERE/standin"
timed server-apps restore_server_apps
if [[ $TESTBED_ARM64 == 1 ]]; then timed arm64-apps restore_arm64_apps; fi
timed keys ensure_keys
timed sshd ensure_sshd
if [[ $TESTBED_ARM64 == 1 ]]; then timed arm64-sshd ensure_arm64_sshd; fi
# The stand-in reads testbed.env, so the env file goes before the end-to-end check; the EXIT trap
# deletes it again if the check fails.
timed env-file write_env_file
timed ssh-check check_ssh
if [[ $TESTBED_ARM64 == 1 ]]; then timed arm64-ssh-check check_ssh "$TESTBED_ARM64_SSH_PORT"; fi

TIMINGS+=("$(printf '%-22s %6s s' total "$(elapsed_since "$total_start")")")
print_timings
log "test bed ready ($TESTBED_SCOPE): $ENV_FILE"
