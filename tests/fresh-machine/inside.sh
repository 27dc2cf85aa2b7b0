#!/bin/bash
# Runs inside the fresh root (see run.sh): exactly the README's first command, then a short subset of
# the second. Prints FRESH-TIMING and FRESH-ANSWER lines for run.sh to pick up.
set -uo pipefail
cd /root/DokkuDeploy

now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.2f", b - a }'; }
timing() { printf 'FRESH-TIMING %-22s %6s s\n' "$1" "$2"; }

# The test bed's dockerds make bridges in the host's network namespace: name them for run.sh to remove.
remove_networks() {
    local sock
    for sock in /var/lib/dokkudeploy-testbed/docker/docker.sock /var/lib/dokkudeploy-testbed/server-docker/docker.sock; do
        [[ -S $sock ]] || continue
        local id
        for id in $(DOCKER_HOST=unix://$sock docker network ls -q --filter driver=bridge 2>/dev/null); do
            echo "br-${id:0:12}" >>/root/fresh-bridges
        done
        DOCKER_HOST=unix://$sock docker ps -aq 2>/dev/null | xargs -r env DOCKER_HOST=unix://$sock docker rm -f >/dev/null 2>&1
        DOCKER_HOST=unix://$sock docker network prune -f >/dev/null 2>&1
    done
    # Each engine's own default bridge (tests/testbed/lib/dockerd.sh); down.sh removes them too.
    printf '%s\n' "${DOKKU_TESTBED_BRIDGE_PREFIX:-dkdtb}-client" "${DOKKU_TESTBED_BRIDGE_PREFIX:-dkdtb}-server" >>/root/fresh-bridges
    bash tests/testbed/down.sh >/dev/null 2>&1 || true
}
trap remove_networks EXIT

echo "Debian $(cat /etc/debian_version); before the first command:"
for tool in docker dockerd sshd busybox docker-registry node; do
    printf '  %-16s %s\n' "$tool" "$(command -v "$tool" || echo absent)"
done

start=$(now)
echo '$ bash samples/deploy-hello.sh'
bash samples/deploy-hello.sh 2>&1 | tee /tmp/deploy-hello.log
rc=${PIPESTATUS[0]}
timing readme-deploy-hello "$(took "$start")"
((rc == 0)) || { echo "samples/deploy-hello.sh failed (exit $rc)"; exit "$rc"; }
url=$(grep -oE 'App URL: \S+' /tmp/deploy-hello.log | tail -n 1 | cut -d' ' -f3)
[[ -n $url ]] || { echo "samples/deploy-hello.sh printed no App URL"; exit 1; }
answer=$(curl -fsS --max-time 30 "$url") || { echo "the sample at $url did not answer"; exit 1; }
echo "FRESH-ANSWER $answer"

[[ ${DOKKU_FRESH_TESTS:-none} == none ]] && exit 0
project=${DOKKU_FRESH_TESTS%%:*} filter=${DOKKU_FRESH_TESTS#*:}
start=$(now)
echo "\$ bash tests/run.sh --project $project --filter '$filter'"
bash tests/run.sh --project "$project" --filter "$filter"
rc=$?
timing readme-tests-subset "$(took "$start")"
exit "$rc"
