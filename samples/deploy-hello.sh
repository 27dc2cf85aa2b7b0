#!/usr/bin/env bash
# Deploys samples/HelloDokku with DokkuDeploy exactly as a user would (`dotnet publish -t:DokkuDeploy`),
# using the package built from this repo, then shows what the app answers.
#
#   bash samples/deploy-hello.sh                                   # to the local Dokku stand-in (started here)
#   DOKKU_REMOTE=dokku@your-server:hello bash samples/deploy-hello.sh  # to your own Dokku server
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "==> Packing DokkuDeploy into artifacts/packages"
dotnet pack src/DokkuDeploy.Tasks -c Release -v:quiet -nologo -o artifacts/packages

# A private package folder, so that the sample always restores the package just packed.
export NUGET_PACKAGES="$root/artifacts/nuget-packages"
rm -rf "$NUGET_PACKAGES/dokkudeploy"

args=()
if [[ -z "${DOKKU_REMOTE:-}${DOKKU_HOST:-}" ]]; then
  echo "==> No DOKKU_REMOTE: deploying to the local Dokku stand-in"
  bash tests/testbed/up.sh --minimal
  set -a; . "${DOKKU_TESTBED_ROOT:-/var/lib/dokkudeploy-testbed}/testbed.env"; set +a
  args+=(
    "-p:DokkuRemote=ssh://$DOKKU_TESTBED_SSH_USER@$DOKKU_TESTBED_SSH_HOST:$DOKKU_TESTBED_SSH_PORT/hello"
    "-p:DokkuSshKey=$DOKKU_TESTBED_SSH_KEY"
    "-p:DokkuKnownHosts=$DOKKU_TESTBED_KNOWN_HOSTS"
    # No registry is reachable here: the test bed builds an ASP.NET Core runtime image offline.
    "-p:DokkuBaseImage=$DOKKU_TESTBED_ASPNET_IMAGE"
  )
fi

echo "==> dotnet publish -t:DokkuDeploy"
log=$(mktemp)
dotnet publish samples/HelloDokku -c Release -t:DokkuDeploy -p:DokkuVerifyUrl=/health "${args[@]}" | tee "$log"
url=$(grep -oE 'App URL: \S+' "$log" | tail -n 1 | cut -d' ' -f3)
rm -f "$log"
if [[ -n "$url" && -z "${DOKKU_REMOTE:-}${DOKKU_HOST:-}" ]]; then
  echo "==> $url answers:"
  curl -fsS "$url"; echo
fi
