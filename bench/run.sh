#!/usr/bin/env bash
# DokkuDeploy benchmark (GitHub issue 4, item 6). Runs on the test bed; writes bench/RESULTS.md.
#
#   sudo bash bench/run.sh                  # everything, 3 runs per scenario (about 20 min on 2 cores)
#   BENCH_RUNS=1 sudo bash bench/run.sh     # a quicker look (medians of one run are just that run)
#
# Knobs (environment): BENCH_RUNS (3), BENCH_BUILD_RUNS (5), BENCH_MEMORY_RUNS (3), BENCH_CONTEXT_MB (2048),
# BENCH_CONTEXT_FILES (50000), BENCH_RATE (20mbit), BENCH_DELAY (20ms, each way), BENCH_SKIP (space separated:
# deploy build memory), BENCH_RESULTS (bench/RESULTS.md), BENCH_KEEP=1 keeps the temp dir,
# BENCH_SOURCE=head (default: the committed HEAD, exported with git archive) or worktree (the files as they are),
# BENCH_COMMAND_COST (0.3: seconds the stand-in spends on each Dokku command, as a real server does).
#
# Network: a namespace ddbench-srv and a pair of TUN devices 10.231.0.1/30 (root side) - 10.231.0.2/30
# (namespace), joined by bench/delay-line.py (the delay: this kernel has no netem) and shaped with tc tbf on
# both ends (the rate). A second sshd (the test bed's host keys and forced command) listens in the
# namespace; dotnet, docker and ssh run in the root namespace. No traffic goes anywhere but loopback and
# those two addresses. Everything the script creates is removed on exit, also on failure or Ctrl-C.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bench=$root/bench
RUNS=${BENCH_RUNS:-3}
BUILD_RUNS=${BENCH_BUILD_RUNS:-5}
MEMORY_RUNS=${BENCH_MEMORY_RUNS:-3}
CONTEXT_MB=${BENCH_CONTEXT_MB:-2048}
CONTEXT_FILES=${BENCH_CONTEXT_FILES:-50000}
RATE=${BENCH_RATE:-20mbit}
DELAY=${BENCH_DELAY:-20ms}
SKIP=" ${BENCH_SKIP:-} "
RESULTS=${BENCH_RESULTS:-$bench/RESULTS.md}
# Real Dokku spends 0.3-1 s of server time on each command (its plugin triggers); the stand-in spends none, which
# would hide what a command more or less costs. The low end is charged per command, to ours and the baseline alike.
COMMAND_COST=${BENCH_COMMAND_COST:-0.3}

NETNS=ddbench-srv
VETH_HOST=ddbench0 # TUN devices, named as the veth pair of the plan
VETH_NS=ddbench1
ADDR_HOST=10.231.0.1
ADDR_SRV=10.231.0.2
SSH_PORT=22
TCP_TEST_PORT=5201
BASE_REPO=ddbench/aspnet:10.0
LOCK=/run/lock/ddbench.lock
DELAY_PIDFILE=/run/ddbench-delay-line.pid

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# No MSBuild nodes or MSBuild server outlive the script. The compiler server (VBCSCompiler) stays on, as for
# any user: it is shared by every build of this user and SDK and exits by itself after some idle minutes.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
# The SDK only speaks plain HTTP to a registry it is told is insecure.
export DOTNET_CONTAINER_INSECURE_REGISTRIES=127.0.0.1:5000

say() { printf '==> %s\n' "$*" >&2; }
fail() { printf 'bench: %s\n' "$*" >&2; exit 1; }
now() { echo "$EPOCHREALTIME"; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

((EUID == 0)) || fail "run as root (network namespaces, tc, the test bed)"
for tool in ip tc socat sshd ssh jq git awk tar dotnet flock; do
    command -v "$tool" >/dev/null || fail "missing $tool"
done

exec {lock_fd}>"$LOCK"
flock -n "$lock_fd" || fail "another bench/run.sh holds $LOCK"

started=$(now)
load_start=$(cut -d' ' -f1-3 /proc/loadavg)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ddbench.XXXXXX")
chmod 755 "$tmp"
raw=$tmp/raw.tsv
: >"$raw"
apps=()
images=()

# ---------------------------------------------------------------- cleanup -----------------------------------
testbed_ssh() {
    ssh -F /dev/null -p "$DOKKU_TESTBED_SSH_PORT" -i "$DOKKU_TESTBED_SSH_KEY" -o IdentitiesOnly=yes \
        -o UserKnownHostsFile="$DOKKU_TESTBED_KNOWN_HOSTS" -o StrictHostKeyChecking=yes -o BatchMode=yes \
        "$DOKKU_TESTBED_SSH_USER@$DOKKU_TESTBED_SSH_HOST" -- "$@"
}

teardown_network() {
    if ip netns list 2>/dev/null | grep -qw "$NETNS"; then
        # Only our sshd and socat run in our namespace: stop them by pid.
        local pid
        for pid in $(ip netns pids "$NETNS" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
        sleep 0.3
        for pid in $(ip netns pids "$NETNS" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
        ip netns del "$NETNS" 2>/dev/null || true
    fi
    # The delay line owns both TUN devices: they (and their qdiscs) go with it.
    if [[ -s $DELAY_PIDFILE ]]; then
        local delay_line
        delay_line=$(cat "$DELAY_PIDFILE")
        if grep -q delay-line.py "/proc/$delay_line/cmdline" 2>/dev/null; then
            kill "$delay_line" 2>/dev/null || true
            wait "$delay_line" 2>/dev/null || true
        fi
        rm -f "$DELAY_PIDFILE"
    fi
    ip link del "$VETH_HOST" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    say "cleaning up"
    [[ -n ${socat_pid:-} ]] && kill "$socat_pid" 2>/dev/null
    [[ -f $tmp/srv/sshd.pid ]] && kill "$(cat "$tmp/srv/sshd.pid")" 2>/dev/null
    teardown_network
    if [[ -n ${DOKKU_TESTBED_SSH_KEY:-} ]]; then
        local app
        for app in "${apps[@]}"; do testbed_ssh --force apps:destroy "$app" >/dev/null 2>&1; done
        for app in "${apps[@]}"; do
            # Whatever the stand-in left of our apps: containers named APP.*, images dokku/APP and dokku-deploy/APP.
            mapfile -t images < <(docker ps -aq --filter "name=^$app\\." 2>/dev/null)
            ((${#images[@]})) && docker rm -f "${images[@]}" >/dev/null 2>&1
            mapfile -t images < <(docker images --format '{{.Repository}}:{{.Tag}}' "dokku-deploy/$app" 2>/dev/null; docker images --format '{{.Repository}}:{{.Tag}}' "dokku/$app" 2>/dev/null)
            ((${#images[@]})) && docker rmi -f "${images[@]}" >/dev/null 2>&1
        done
        mapfile -t images < <(docker images --format '{{.Repository}}:{{.Tag}}' 2>/dev/null | grep -E '^(ddbench-base-[0-9]+|ddbench-warm|127\.0\.0\.1:5000/ddbench/aspnet):' )
        ((${#images[@]})) && docker rmi -f "${images[@]}" >/dev/null 2>&1
    fi
    if [[ ${BENCH_KEEP:-} == 1 ]]; then
        say "kept $tmp"
    else
        rm -rf "$tmp"
    fi
    say "done in $(elapsed "$started" "$(now)") s (exit $rc)"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- helpers ----------------------------------
record() { printf '%s\t%s\n' "$1" "$2" >>"$raw"; } # record KEY VALUE
values() { awk -F'\t' -v k="$1" '$1 == k { print $2 }' "$raw"; }
median() { # median KEY -> the median of the numeric values recorded under KEY, or "n/a"
    values "$1" | { grep -E '^-?[0-9.]+$' || true; } | sort -g | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "n/a"; exit }
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        if (m == int(m) && m > 1000) printf "%d\n", m; else printf "%.2f\n", m }'
}
all_values() { values "$1" | paste -sd' ' -; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || b + 0 == 0) print "n/a"; else printf "%.2f", a / b }'; }
mib() { awk -v b="$1" 'BEGIN { if (b == "n/a") print "n/a"; else printf "%.2f", b / 1048576 }'; }
link_tx() { cat "/sys/class/net/$VETH_HOST/statistics/tx_bytes"; }
link_rx() { cat "/sys/class/net/$VETH_HOST/statistics/rx_bytes"; }

# Sizes in the product's log ("161.0 KB", "153.8 MB") to bytes, 1024-based.
to_bytes() {
    awk -v v="$1" -v u="$2" 'BEGIN { m = 1; if (u == "KB") m = 1024; else if (u == "MB") m = 1048576; else if (u == "GB") m = 1073741824; printf "%d", v * m }'
}

bench_ssh() {
    ssh -F /dev/null -p "$SSH_PORT" -i "$DOKKU_TESTBED_SSH_KEY" -o IdentitiesOnly=yes \
        -o UserKnownHostsFile="$tmp/known_hosts" -o StrictHostKeyChecking=yes -o BatchMode=yes \
        "dokku@$ADDR_SRV" -- "$@"
}

# A copy of samples/HelloDokku set up like a user's repository (as the end-to-end tests do).
make_workspace() { # make_workspace DIR [without-package]
    local dir=$1
    mkdir -p "$dir"
    cp -r "$src/samples/HelloDokku" "$dir/"
    rm -rf "$dir/HelloDokku/bin" "$dir/HelloDokku/obj"
    cat >"$dir/nuget.config" <<EOF
<configuration>
  <packageSources>
    <clear />
    <add key="bench" value="$tmp/feed" />
    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
  </packageSources>
</configuration>
EOF
    echo "<Project><PropertyGroup><DokkuDeployVersion>$version</DokkuDeployVersion></PropertyGroup></Project>" >"$dir/Directory.Build.props"
    printf 'bin/\nobj/\n' >"$dir/.gitignore"
    if [[ ${2:-} == without-package ]]; then
        sed -i '/Include="DokkuDeploy"/d' "$dir/HelloDokku/HelloDokku.csproj"
        ! grep -q 'Include="DokkuDeploy"' "$dir/HelloDokku/HelloDokku.csproj" || fail "could not remove the package reference"
    fi
    git -C "$dir" init -q -b main
    commit_workspace "$dir" sample
}

commit_workspace() { # commit_workspace DIR MESSAGE
    git -C "$1" add -A
    git -C "$1" -c user.name=bench -c user.email=bench@example.invalid commit -q -m "$2"
}

edit_greeting() { # the one-line code change of scenario (b)
    local program=$1/HelloDokku/Program.cs
    grep -q 'Hello from HelloDokku!' "$program" || fail "Program.cs no longer has the greeting the benchmark edits"
    sed -i 's/Hello from HelloDokku!/Hello from HelloDokku, edited by the benchmark!/' "$program"
    # Committed, as a developer's change is before a deploy: (c) then deploys a clean commit the server already
    # runs, the no-op path, rather than a "-dirty" tag that always goes through Dokku.
    commit_workspace "$1" "one-line change"
}

edit_for_second_app() { # scenario (d): another app from the same base, its app layer new to the server
    local program=$1/HelloDokku/Program.cs
    grep -q 'edited by the benchmark!' "$program" || fail "Program.cs lacks the greeting of scenario (b)"
    sed -i 's/edited by the benchmark!/deployed as a second app by the benchmark!/' "$program"
}

ours_args() { # ours_args APP
    printf '%s\n' "-p:DokkuRemote=ssh://dokku@$ADDR_SRV:$SSH_PORT/$1" "-p:DokkuSshKey=$DOKKU_TESTBED_SSH_KEY" \
        "-p:DokkuKnownHosts=$tmp/known_hosts" "-p:DokkuBaseImage=$DOKKU_TESTBED_ASPNET_IMAGE"
}

base_publish() { # base_publish WORKSPACE REPOSITORY: the SDK's own container publishing, loaded into the test bed daemon
    (cd "$1" && timeout 600 dotnet publish HelloDokku -c Release -nologo -t:PublishContainer \
        "-p:ContainerBaseImage=127.0.0.1:5000/$BASE_REPO" "-p:ContainerRepository=$2" \
        -p:ContainerImageTag=bench -p:ContainerRuntimeIdentifier=linux-x64)
}

# Lines the timing wrapper wrote since line $1: server time after the last byte of git:load-image, and of all commands.
server_times() { # server_times FROM_LINE KEY_PREFIX
    tail -n +"$(($1 + 1))" "$tmp/srv/times.log" | awk -v p="$2" '
        $5 ~ /git:load-image/ && $2 != "-" { release += $3 - $2; send += $2 - $1; loads++ }
        { all += $3 - $1 }
        END { printf "%s.release\t%.2f\n%s.send\t%.2f\n%s.server_all\t%.2f\n", p, (loads ? release : 0), p, (loads ? send : 0), p, all }' >>"$raw"
}

# Runs "$@" timed, with link counters and the wrapper's server times; keeps the output in $tmp/logs/KEY.log.
measure() { # measure KEY -- COMMAND...
    local key=$1 t0 t1 tx0 rx0 lines rc=0
    shift 2
    mkdir -p "$tmp/logs"
    lines=$(wc -l <"$tmp/srv/times.log")
    tx0=$(link_tx) rx0=$(link_rx)
    t0=$(now)
    "$@" >"$tmp/logs/$key.log" 2>&1 || rc=$?
    t1=$(now)
    record "$key.time" "$(elapsed "$t0" "$t1")"
    record "$key.exit" "$rc"
    record "$key.link_tx" "$(($(link_tx) - tx0))"
    record "$key.link_rx" "$(($(link_rx) - rx0))"
    server_times "$lines" "$key"
    say "$key: $(elapsed "$t0" "$t1") s, exit $rc, $(mib $(($(link_tx) - tx0))) MiB sent on the link"
    return 0
}

# ---------------------------------------------------------------- test bed, package ------------------------
say "test bed"
bash "$root/tests/testbed/up.sh" >"$tmp/testbed-up.log" 2>&1 || { tail -n 20 "$tmp/testbed-up.log" >&2; fail "tests/testbed/up.sh failed"; }
set -a
# shellcheck disable=SC1091
. "${DOKKU_TESTBED_ROOT:-/var/lib/dokkudeploy-testbed}/testbed.env"
set +a
docker() { "$DOKKU_TESTBED_DOCKER_CLI" "$@"; }

# Leftovers of a run that was killed with -9.
teardown_network
for i in $(seq 1 "$RUNS"); do
    for app in "bench-ours-$i" "bench-base-$i" "bench-ours-$i-two" "bench-base-$i-two" "bench-ours-$i-plain"; do testbed_ssh --force apps:destroy "$app" >/dev/null 2>&1 || true; done
done

# What is measured: the committed HEAD by default, so that edits in progress in the working tree do not count.
if [[ ${BENCH_SOURCE:-head} == worktree ]]; then
    src=$root
    source_desc="working tree of $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet HEAD -- src samples 2>/dev/null || echo " with uncommitted changes under src/ or samples/")"
else
    src=$tmp/source
    mkdir -p "$src"
    git -C "$root" archive HEAD | tar -x -C "$src"
    rm -rf "$src/bench/ContextMemory"
    mkdir -p "$src/bench"
    cp -r "$bench/ContextMemory" "$src/bench/"
    rm -rf "$src/bench/ContextMemory/bin" "$src/bench/ContextMemory/obj"
    source_desc="commit $(git -C "$root" rev-parse --short HEAD) (git archive HEAD)"
fi

version=0.1.0-bench.$(date -u +%Y%m%d%H%M%S)
say "packing DokkuDeploy $version"
export NUGET_PACKAGES=$tmp/nuget-packages
dotnet pack "$src/src/DokkuDeploy.Tasks" -c Release -nologo -v:q -o "$tmp/feed" "-p:Version=$version" \
    --artifacts-path "$tmp/artifacts" >"$tmp/pack.log" 2>&1 || { tail -n 30 "$tmp/pack.log" >&2; fail "dotnet pack failed"; }

# ---------------------------------------------------------------- shaped link ------------------------------
setup_link() {
    say "link: $NETNS, $ADDR_HOST <-> $ADDR_SRV, $RATE, $DELAY each way"
    if ip -4 addr show | grep -q "inet 10\.231\.0\."; then fail "10.231.0.0/30 is already in use on this machine"; fi
    ip netns add "$NETNS"
    python3 "$bench/delay-line.py" "$VETH_HOST" "$VETH_NS" "${DELAY%ms}" "$tmp/delay-line.ready" >"$tmp/delay-line.log" 2>&1 &
    delay_pid=$!
    echo "$delay_pid" >"$DELAY_PIDFILE"
    local _
    for _ in $(seq 50); do [[ -s $tmp/delay-line.ready ]] && break; sleep 0.1; done
    [[ -s $tmp/delay-line.ready ]] || { cat "$tmp/delay-line.log" >&2; fail "bench/delay-line.py did not start"; }
    ip link set "$VETH_NS" netns "$NETNS"
    ip addr add "$ADDR_HOST/30" dev "$VETH_HOST"
    ip link set "$VETH_HOST" up
    ip -n "$NETNS" link set lo up
    ip -n "$NETNS" addr add "$ADDR_SRV/30" dev "$VETH_NS"
    ip -n "$NETNS" link set "$VETH_NS" up
    # The rate: tbf on each end's egress. The delay: bench/delay-line.py, which carries every packet between
    # the two TUN devices DELAY later (this kernel has no netem). Queue: 100 ms at the rate, then drops.
    tc qdisc add dev "$VETH_HOST" root tbf rate "$RATE" burst 4kb latency 100ms
    tc -n "$NETNS" qdisc add dev "$VETH_NS" root tbf rate "$RATE" burst 4kb latency 100ms

    # The second sshd: the test bed's host keys and settings, the same forced command wrapped by a timer.
    mkdir -p "$tmp/srv"
    install -m 755 "$bench/timed-command" "$tmp/srv/timed-command"
    : >"$tmp/srv/times.log"
    chown "$DOKKU_TESTBED_SSH_USER" "$tmp/srv" "$tmp/srv/times.log"
    local tb_config=$DOKKU_TESTBED_ROOT/sshd/sshd_config
    sed -E "s|^ListenAddress .*|ListenAddress $ADDR_SRV|; s|^Port .*|Port $SSH_PORT|; s|^PidFile .*|PidFile $tmp/srv/sshd.pid|;
            s|^AuthorizedKeysFile .*|AuthorizedKeysFile $tmp/srv/authorized_keys|;
            s|^(SetEnv .*)|\1 DDBENCH_TIMES=$tmp/srv/times.log DOKKU_STANDIN_COMMAND_COST=$COMMAND_COST|" "$tb_config" >"$tmp/srv/sshd_config"
    grep -q "^SetEnv .*DDBENCH_TIMES" "$tmp/srv/sshd_config" ||
        echo "SetEnv DDBENCH_TIMES=$tmp/srv/times.log DOKKU_STANDIN_COMMAND_COST=$COMMAND_COST" >>"$tmp/srv/sshd_config"
    local keys
    keys=$(sed -nE 's/^AuthorizedKeysFile +//p' "$tb_config")
    # shellcheck disable=SC2016 # the backticks belong to the forced command
    sed 's|`cat ~dokku/.sshcommand`|'"$tmp/srv/timed-command"' `cat ~dokku/.sshcommand`|' "$keys" >"$tmp/srv/authorized_keys"
    grep -q "timed-command" "$tmp/srv/authorized_keys" || fail "the test bed's forced command has an unexpected shape: $keys"
    chmod 644 "$tmp/srv/authorized_keys"
    local key
    for key in "$DOKKU_TESTBED_ROOT"/sshd/ssh_host_*_key.pub; do echo "$ADDR_SRV $(cut -d' ' -f1,2 "$key")"; done >"$tmp/known_hosts"
    mkdir -p /run/sshd
    ip netns exec "$NETNS" /usr/sbin/sshd -f "$tmp/srv/sshd_config" -E "$tmp/srv/sshd.log"
    for _ in $(seq 50); do
        (exec 3<>"/dev/tcp/$ADDR_SRV/$SSH_PORT") 2>/dev/null && break
        sleep 0.1
    done
    bench_ssh version >/dev/null || { tail -n 20 "$tmp/srv/sshd.log" >&2; fail "ssh through the shaped link failed"; }
}

check_link() {
    local rtts=() t0 secs _
    for _ in 1 2 3 4 5; do
        t0=$EPOCHREALTIME
        exec 3<>"/dev/tcp/$ADDR_SRV/$SSH_PORT" # a TCP connect takes one round trip
        rtts+=("$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
        exec 3<&-
    done
    rtt=$(printf '%s\n' "${rtts[@]}" | sort -g | sed -n 3p)
    # The receiver exits at the end of the data: timing until then counts every byte delivered, not just
    # the bytes handed to the sender's socket buffer.
    ip netns exec "$NETNS" timeout 60 socat -u "TCP-LISTEN:$TCP_TEST_PORT,bind=$ADDR_SRV,reuseaddr" OPEN:/dev/null &
    socat_pid=$!
    for _ in $(seq 50); do
        ip netns exec "$NETNS" ss -Hltn "sport = :$TCP_TEST_PORT" 2>/dev/null | grep -q . && break
        sleep 0.1
    done
    t0=$(now)
    head -c 5242880 /dev/zero | timeout 60 socat -u - "TCP:$ADDR_SRV:$TCP_TEST_PORT"
    wait "$socat_pid" || true
    secs=$(elapsed "$t0" "$(now)")
    socat_pid=
    throughput=$(calc "%.1f" "5 * 8 * 1.048576 / $secs")
    link_check="TCP connect RTT median of 5: ${rtt} ms (${rtts[*]}); 5 MiB through a socat pair in ${secs} s (until the receiver had it all, one connection set-up included) = ${throughput} Mbit/s"
    say "$link_check"
}

# ---------------------------------------------------------------- scenarios --------------------------------
run_ours() { # run_ours N: (a) first deploy, (b) one-line change, (c) no-op, (d) a second app's first deploy, (e) a first deploy not compressed, with DokkuDeploy
    local i=$1 ws=$tmp/ws-ours-$1 app=bench-ours-$1 args
    make_workspace "$ws"
    mapfile -t args < <(ours_args "$app")
    apps+=("$app")
    export XDG_CACHE_HOME=$tmp/cache-ours-$i
    cd "$ws"
    measure "ours.a.$i" -- timeout 600 dotnet publish HelloDokku -c Release -nologo -t:DokkuDeploy "${args[@]}"
    edit_greeting "$ws"
    measure "ours.b.$i" -- timeout 600 dotnet publish HelloDokku -c Release -nologo -t:DokkuDeploy "${args[@]}" -p:DokkuTimings=true
    measure "ours.c.$i" -- timeout 600 dotnet publish HelloDokku -c Release -nologo -t:DokkuDeploy "${args[@]}"
    edit_for_second_app "$ws"
    apps+=("$app-two")
    mapfile -t args < <(ours_args "$app-two")
    measure "ours.d.$i" -- timeout 600 dotnet publish HelloDokku -c Release -nologo -t:DokkuDeploy "${args[@]}"
    # (e): (a) with DokkuCompress=none, what (a) would cost without gzip. A cache of its own, so nothing tells it
    # that the server holds the layers: the whole image goes, as in (a).
    apps+=("$app-plain")
    mapfile -t args < <(ours_args "$app-plain")
    export XDG_CACHE_HOME=$tmp/cache-ours-$i-plain
    measure "ours.e.$i" -- timeout 600 dotnet publish HelloDokku -c Release -nologo -t:DokkuDeploy "${args[@]}" -p:DokkuCompress=none
    cd "$root"
    unset XDG_CACHE_HOME
    local s line v u
    for s in a b c d e; do
        line=$(grep -oE 'Built [0-9a-f]+ in [0-9.]+ s' "$tmp/logs/ours.$s.$i.log" | tail -n 1 || true)
        [[ -n $line ]] && record "ours.$s.built" "$(awk '{ print $4 }' <<<"$line")"
        line=$(grep -oE "Deployed '[^']+' in [0-9.]+ s \([0-9.]+ [KMG]?B sent\)" "$tmp/logs/ours.$s.$i.log" | tail -n 1 || true)
        if [[ -n $line ]]; then
            record "ours.$s.deployed" "$(sed -E 's/.* in ([0-9.]+) s.*/\1/' <<<"$line")"
            read -r v u < <(sed -E 's/.*\(([0-9.]+) ([KMG]?B) sent\)/\1 \2/' <<<"$line")
            record "ours.$s.payload" "$(to_bytes "$v" "$u")"
        fi
        grep -q "already runs this image" "$tmp/logs/ours.$s.$i.log" && record "ours.$s.noop_answer" "$i"
    done
    # The layers the one-line change touched: in the (b) image, not in the (a) image.
    local id_a id_b
    id_a=$(grep -oE 'Built [0-9a-f]+' "$tmp/logs/ours.a.$i.log" | tail -n 1 | cut -d' ' -f2 || true)
    id_b=$(grep -oE 'Built [0-9a-f]+' "$tmp/logs/ours.b.$i.log" | tail -n 1 | cut -d' ' -f2 || true)
    [[ -n $id_a && -n $id_b ]] && record ours.changed_layers "$(changed_layer_bytes "$id_a" "$id_b")"
    # The second app's own layers: in its image, not in the (b) image the server already holds.
    local id_d
    id_d=$(grep -oE 'Built [0-9a-f]+' "$tmp/logs/ours.d.$i.log" | tail -n 1 | cut -d' ' -f2 || true)
    [[ -n $id_b && -n $id_d ]] && record ours.d.own_layers "$(changed_layer_bytes "$id_b" "$id_d")"
    return 0
}

changed_layer_bytes() { # changed_layer_bytes OLD_IMAGE NEW_IMAGE -> bytes of NEW's layer tars that OLD lacks
    local dir=$tmp/save
    rm -rf "$dir" && mkdir -p "$dir"
    docker save "$2" | tar -x -C "$dir"
    docker image inspect -f '{{json .RootFS.Layers}}' "$1" | jq -r '.[]' >"$dir/old-layers"
    docker image inspect -f '{{json .RootFS.Layers}}' "$2" | jq -r '.[]' >"$dir/new-layers"
    jq -r '.[0].Layers[]' "$dir/manifest.json" >"$dir/new-paths"
    paste "$dir/new-layers" "$dir/new-paths" | while read -r diff_id path; do
        grep -qxF "$diff_id" "$dir/old-layers" || stat -c %s "$dir/$path"
    done | awk '{ s += $1 } END { print s + 0 }'
    rm -rf "$dir"
}

base_deploy() { # base_deploy WORKSPACE REPOSITORY APP [create]: SDK publish, then docker save | ssh git:load-image
    local ws=$1 repo=$2 app=$3
    base_publish "$ws" "$repo" || return
    if [[ ${4:-} == create ]]; then bench_ssh apps:create "$app" || return; fi
    docker save "$repo:bench" | bench_ssh git:load-image "$app" "$repo:bench"
}

run_base() { # run_base N: the same three scenarios with the SDK's PublishContainer and docker save | ssh
    local i=$1 ws=$tmp/ws-base-$1 app=bench-base-$1 repo=ddbench-base-$1 s
    make_workspace "$ws"
    apps+=("$app")
    measure "base.a.$i" -- base_deploy "$ws" "$repo" "$app" create
    record base.a.save_bytes "$(docker save "$repo:bench" | wc -c)"
    edit_greeting "$ws"
    measure "base.b.$i" -- base_deploy "$ws" "$repo" "$app"
    record base.b.save_bytes "$(docker save "$repo:bench" | wc -c)"
    measure "base.c.$i" -- base_deploy "$ws" "$repo" "$app"
    record base.c.save_bytes "$(docker save "$repo:bench" | wc -c)"
    edit_for_second_app "$ws"
    apps+=("$app-two")
    measure "base.d.$i" -- base_deploy "$ws" "$repo" "$app-two" create
    record base.d.save_bytes "$(docker save "$repo:bench" | wc -c)"
    for s in a b c; do
        grep -q "No changes detected" "$tmp/logs/base.$s.$i.log" && record "base.$s.noop_answer" "$i"
    done
    return 0
}

run_publish_only() { # run_publish_only N: plain dotnet publish in the same three states, no deploy
    local i=$1 ws=$tmp/ws-pub-$1
    make_workspace "$ws"
    cd "$ws"
    measure "pub.a.$i" -- timeout 600 dotnet publish HelloDokku -c Release -nologo
    edit_greeting "$ws"
    measure "pub.b.$i" -- timeout 600 dotnet publish HelloDokku -c Release -nologo
    measure "pub.c.$i" -- timeout 600 dotnet publish HelloDokku -c Release -nologo
    edit_for_second_app "$ws"
    measure "pub.d.$i" -- timeout 600 dotnet publish HelloDokku -c Release -nologo
    cd "$root"
}

warm_up() {
    # Fills NUGET_PACKAGES and the SDK's base image cache, and pushes the base image for the SDK baseline, so
    # that no measured run downloads anything.
    say "warm-up (restore, base image into the local registry)"
    docker tag "$DOKKU_TESTBED_ASPNET_IMAGE" "127.0.0.1:5000/$BASE_REPO"
    docker push "127.0.0.1:5000/$BASE_REPO" >"$tmp/push.log" 2>&1 || { cat "$tmp/push.log" >&2; fail "push of the base image to 127.0.0.1:5000 failed"; }
    make_workspace "$tmp/ws-warm"
    base_publish "$tmp/ws-warm" ddbench-warm >"$tmp/warm.log" 2>&1 || { tail -n 30 "$tmp/warm.log" >&2; fail "the SDK's PublishContainer failed"; }
    make_workspace "$tmp/ws-warm-without" without-package
    (cd "$tmp/ws-warm-without" && dotnet restore HelloDokku >>"$tmp/warm.log" 2>&1) || fail "restore without the package failed"
}

# ---------------------------------------------------------------- build overhead ---------------------------
run_build_overhead() {
    say "dotnet build with and without the package, $BUILD_RUNS no-change builds each"
    make_workspace "$tmp/ws-with"
    make_workspace "$tmp/ws-without" without-package
    local k ws t0
    for ws in with without; do (cd "$tmp/ws-$ws" && dotnet build HelloDokku -nologo >"$tmp/logs/build-$ws-warm.log" 2>&1) || fail "dotnet build ($ws) failed"; done
    for k in $(seq "$BUILD_RUNS"); do
        for ws in with without; do # alternating, so drift hits both alike
            cd "$tmp/ws-$ws"
            t0=$(now)
            dotnet build HelloDokku -nologo >"$tmp/logs/build-$ws-$k.log" 2>&1 || fail "dotnet build ($ws) failed"
            record "build.$ws" "$(elapsed "$t0" "$(now)")"
        done
    done
    cd "$root"
    say "build with: $(all_values build.with) s; without: $(all_values build.without) s"
}

# ---------------------------------------------------------------- context memory ---------------------------
run_memory() {
    local mb=$CONTEXT_MB files=$CONTEXT_FILES avail_mb need_mb
    avail_mb=$(df -Pm "$tmp" | awk 'NR == 2 { print $4 }')
    # The files are sparse (about 4 KiB of disk each), but a file system without holes would need it all.
    need_mb=$((mb + files * 8 / 1024 + 1024))
    memory_note=""
    if ((avail_mb < need_mb)); then
        local scaled=$(((avail_mb - 1024) * 8 / 10))
        ((scaled > 64)) || fail "not enough disk for the context tree ($avail_mb MB free)"
        memory_note="Scaled down from $mb MB to $scaled MB: only $avail_mb MB free on $(df -P "$tmp" | awk 'NR == 2 { print $6 }')."
        files=$((files * scaled / mb))
        mb=$scaled
    fi
    say "context memory: $mb MiB in $files files"
    dotnet build "$src/bench/ContextMemory" -c Release -nologo -v:q --artifacts-path "$tmp/artifacts-cm" >"$tmp/cm-build.log" 2>&1 || { tail -n 30 "$tmp/cm-build.log" >&2; fail "building bench/ContextMemory failed"; }
    local harness=$tmp/artifacts-cm/bin/ContextMemory/release/ContextMemory.dll tree=$tmp/context-tree out k mode
    dotnet "$harness" generate "$tree" "$mb" "$files" >"$tmp/logs/memory-generate.log"
    record memory.tree "$(du -sm --apparent-size "$tree" | cut -f1) MiB apparent, $(du -sm "$tree" | cut -f1) MiB on disk, $(find "$tree" -type f | wc -l) files"
    for k in $(seq "$MEMORY_RUNS"); do
        for mode in empty enumerate pack; do
            out=$(/usr/bin/time -f 'time_maxrss_kb=%M' dotnet "$harness" "$mode" "$tree" 2>&1)
            echo "$out" >>"$tmp/logs/memory-$mode.log"
            record "memory.$mode.hwm_kb" "$(grep -oE 'peak_rss_kb=[0-9]+' <<<"$out" | cut -d= -f2)"
            record "memory.$mode.maxrss_kb" "$(grep -oE 'time_maxrss_kb=[0-9]+' <<<"$out" | cut -d= -f2)"
            record "memory.$mode.elapsed" "$(grep -oE 'elapsed_s=[0-9.]+' <<<"$out" | cut -d= -f2)"
            [[ $mode == pack ]] && record memory.pack.summary "$(grep -oE 'files=.*' <<<"$out")"
        done
    done
    rm -rf "$tree"
    memory_scale="$mb MiB, $files files"
}

# ---------------------------------------------------------------- run --------------------------------------
link_check="not measured"
memory_scale=""
memory_note=""
mkdir -p "$tmp/logs"
if [[ $SKIP != *" deploy "* ]]; then
    setup_link
    check_link
    warm_up
    for i in $(seq "$RUNS"); do
        say "run $i of $RUNS"
        run_ours "$i"
        run_base "$i"
        run_publish_only "$i"
    done
fi
[[ $SKIP == *" build "* ]] || run_build_overhead
[[ $SKIP == *" memory "* ]] || run_memory

# ---------------------------------------------------------------- results ----------------------------------
say "writing $RESULTS"
verdict() { # verdict CONDITION(awk expression over a, b, c) A B C
    awk -v a="$2" -v b="$3" -v c="${4:-0}" "BEGIN { if (a == \"n/a\" || b == \"n/a\" || c == \"n/a\") print \"not measured\"; else if ($1) print \"**met**\"; else print \"**not met**\" }"
}
docker_version=$(docker version -f '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null || echo unknown)
sdk_version=$(dotnet --version)
mem_total=$(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
cpu=$(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo)
total_time=$(elapsed "$started" "$(now)")

for s in a b c d e; do
    for t in ours base pub; do
        for m in time link_tx link_rx release send server_all; do
            for i in $(seq "$RUNS"); do values "$t.$s.$i.$m" | sed "s/^/$t.$s.$m\t/" >>"$raw"; done
        done
        for i in $(seq "$RUNS"); do values "$t.$s.$i.exit" | sed "s/^/$t.$s.exit\t/" >>"$raw"; done
    done
done
for s in a b c d e; do
    # "Our own time": the whole deploy less plain dotnet publish of the same state (median of each) and
    # less the server's work after the last byte arrived (median of the runs' wrapper times).
    state=$s
    [[ $s == e ]] && state=d # (e) publishes the source state of (d)
    for i in $(seq "$RUNS"); do
        [[ -n $(values "ours.$s.$i.time") && $(median "pub.$state.time") != n/a ]] || continue
        record "ours.$s.own" "$(awk -v t="$(values "ours.$s.$i.time")" -v p="$(median "pub.$state.time")" -v r="$(values "ours.$s.$i.release")" 'BEGIN { printf "%.2f", t - p - r }')"
        record "ours.$s.own_all" "$(awk -v t="$(values "ours.$s.$i.time")" -v p="$(median "pub.$state.time")" -v r="$(values "ours.$s.$i.server_all")" 'BEGIN { printf "%.2f", t - p - r }')"
    done
done

m() { median "$1"; }
row() { # row LABEL SCENARIO [BASELINE_SCENARIO [PUBLISH_STATE]]
    local s=$2 b=${3:-$2} p=${4:-${3:-$2}}
    printf '| %s | %s s | %s s | **%s×** | %s s | %s MiB | %s MiB | %s s | %s s | %s / %s |\n' "$1" \
        "$(m "ours.$s.time")" "$(m "base.$b.time")" "$(ratio "$(m "base.$b.time")" "$(m "ours.$s.time")")" "$(m "pub.$p.time")" \
        "$(mib "$(m "ours.$s.link_tx")")" "$(mib "$(m "base.$b.link_tx")")" "$(m "ours.$s.release")" "$(m "base.$b.release")" \
        "$(all_values "ours.$s.exit" | tr ' ' ',')" "$(all_values "base.$b.exit" | tr ' ' ',')"
}

timeline_of() { # timeline_of KEY: the deploy's own timeline (the last one its log printed, DokkuTimings=true)
    local log=$tmp/logs/$1.log
    [[ -f $log ]] || { echo "(no log)"; return; }
    awk '/Timeline \(DokkuTimings=true\)/ { block = ""; on = 1 }
         on && !/Timeline/ && !/^ +(\+ |[a-z]+: [0-9]+ step)/ { on = 0 }
         on { sub(/^ +/, ""); block = block $0 "\n" }
         END { printf "%s", block }' "$log"
}

changed=$(m ours.changed_layers)
d_payload=$(m ours.d.payload)
d_own=$(m ours.d.own_layers)
b_tx=$(m ours.b.link_tx)
b_payload=$(m ours.b.payload)
speedup_b=$(ratio "$(m base.b.time)" "$(m ours.b.time)")
own_b=$(m ours.b.own)
own_all_b=$(m ours.b.own_all)
noop_margin=$(awk -v o="$(m ours.c.time)" -v p="$(m pub.c.time)" 'BEGIN { if (o == "n/a" || p == "n/a") print "n/a"; else printf "%.2f", o - p }')
noop_exits=$(all_values ours.c.exit)
build_with=$(m build.with)
build_without=$(m build.without)
build_pct=$(awk -v w="$build_with" -v wo="$build_without" 'BEGIN { if (w == "n/a" || wo == "n/a") print "n/a"; else printf "%.1f", (w / wo - 1) * 100 }')
mem_empty=$(m memory.empty.hwm_kb)
mem_enum=$(m memory.enumerate.hwm_kb)
mem_pack=$(m memory.pack.hwm_kb)
mem_extra=$(awk -v p="$mem_pack" -v e="$mem_empty" 'BEGIN { if (p == "n/a" || e == "n/a") print "n/a"; else printf "%.1f", (p - e) / 1024 }')
mem_extra_enum=$(awk -v p="$mem_pack" -v e="$mem_enum" 'BEGIN { if (p == "n/a" || e == "n/a") print "n/a"; else printf "%.1f", (p - e) / 1024 }')
noop_all_zero=$(awk -v e="$noop_exits" 'BEGIN { n = split(e, v, " "); ok = n > 0; for (i = 1; i <= n; i++) if (v[i] != 0) ok = 0; print ok }')

{
    echo "# DokkuDeploy benchmark results"
    echo
    echo "Written by \`bench/run.sh\` (see bench/README.md for what each number means and how it is derived)."
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); whole run took $(calc "%.1f" "$total_time / 60") min"
    echo "- Machine: $(nproc) cores ($cpu), $mem_total memory, kernel $(uname -r), Docker $docker_version, .NET SDK $sdk_version"
    echo "- DokkuDeploy $version packed from the $source_desc"
    echo "- Load average (1/5/15 min) at start: $load_start; at the end: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine makes every time noisier)"
    echo "- Server time per Dokku command: $COMMAND_COST s (the stand-in charges it, the low end of a real Dokku's 0.3-1 s)"
    echo "- Runs: $RUNS per deploy scenario, $BUILD_RUNS builds each way, $MEMORY_RUNS memory runs per mode; tables show medians"
    echo "- Link: TUN pair into a network namespace, $DELAY each way (bench/delay-line.py; the kernel has no netem) + tc tbf $RATE both directions. Check: $link_check"
    echo
    echo "## Deploys over the shaped link"
    echo
    echo "Wall clock of the whole command. Ours = \`dotnet publish -t:DokkuDeploy\`; baseline = \`dotnet publish -t:PublishContainer\`"
    echo "(SDK container support, loaded into the test bed's daemon) then \`docker save | ssh dokku@… git:load-image\` (plus"
    echo "\`apps:create\` on the first deploy); publish only = plain \`dotnet publish\` of the same source state. Link MiB = bytes"
    echo "the client side of the link (TUN device) sent (SSH, TCP/IP headers included). Release = the server's time after the last byte of"
    echo "\`git:load-image\` arrived (loading, starting, checking, swapping the container), measured by the forced-command wrapper."
    echo
    echo "| Scenario | Ours | Baseline | Baseline / ours | Publish only | Ours link MiB | Baseline link MiB | Ours release | Baseline release | Exit codes ours / baseline |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    row "(a) first deploy, fresh app" a
    row "(b) after a one-line change" b
    row "(c) no-op, same source" c
    row "(d) a second app's first deploy, same server" d
    row "(e) (a) not compressed (DokkuCompress=none), against (a)'s baseline; its publish is warm" e a d
    echo
    echo "Raw times (s), ours a/b/c/d: $(all_values ours.a.time) / $(all_values ours.b.time) / $(all_values ours.c.time) / $(all_values ours.d.time);"
    echo "baseline a/b/c/d: $(all_values base.a.time) / $(all_values base.b.time) / $(all_values base.c.time) / $(all_values base.d.time);"
    echo "publish only a/b/c/d: $(all_values pub.a.time) / $(all_values pub.b.time) / $(all_values pub.c.time) / $(all_values pub.d.time)."
    echo
    echo "Bytes:"
    echo
    echo "| Scenario | Ours: \"… sent\" log line | Ours: link bytes | Baseline: \`docker save\` stream | Baseline: link bytes |"
    echo "|---|---|---|---|---|"
    for s in a b c d e; do
        echo "| ($s) | $(m "ours.$s.payload") | $(m "ours.$s.link_tx") | $(m "base.$s.save_bytes") | $(m "base.$s.link_tx") |"
    done
    echo
    echo "Time from the start of \`git:load-image\` on the server to the last byte of its input (the client streaming"
    echo "the image): ours a/b/c $(m ours.a.send) / $(m ours.b.send) / $(m ours.c.send) s, baseline a/b/c $(m base.a.send) / $(m base.b.send) / $(m base.c.send) s."
    echo "Server time of all SSH commands of a deploy: ours a/b/c $(m ours.a.server_all) / $(m ours.b.server_all) / $(m ours.c.server_all) s."
    echo
    echo "Layers changed by the one-line edit (layer tars in the (b) image that the (a) image lacks): $changed bytes."
    echo "DokkuDeploy's own log: image build (\"Built … in\") a/b/c $(m ours.a.built) / $(m ours.b.built) / $(m ours.c.built) s;"
    echo "transfer + release (\"Deployed … in\") a/b $(m ours.a.deployed) / $(m ours.b.deployed) s."
    echo "No-op answers: ours printed \"already runs this image\" in runs [$(all_values ours.c.noop_answer)] of scenario (c);"
    echo "the baseline got Dokku's \"No changes detected\" in runs [$(all_values base.c.noop_answer)] of scenario (c)."
    echo
    echo "## Our own time beyond \`dotnet publish\` and the server's release"
    echo
    echo "own = (ours, whole command) − (median plain \`dotnet publish\` of the same state) − (server time after the last byte)."
    echo "It holds the image build, the SSH sessions and their round trips, the transfer and our bookkeeping."
    echo "own′ subtracts the server's time of *every* SSH command instead (apps:exists, config, …), i.e. only client + link."
    echo
    echo "| Scenario | own (median) | own′ (median) | per run own |"
    echo "|---|---|---|---|"
    for s in a b c d e; do echo "| ($s) | $(m "ours.$s.own") s | $(m "ours.$s.own_all") s | $(all_values "ours.$s.own") |"; done
    echo
    echo "## \`dotnet build\` with and without the package"
    echo
    echo "No-change incremental \`dotnet build\` (Debug) of the sample, alternating, after one warm-up build each."
    echo
    echo "| | Median | Runs |"
    echo "|---|---|---|"
    echo "| with DokkuDeploy | $build_with s | $(all_values build.with) |"
    echo "| without | $build_without s | $(all_values build.without) |"
    echo "| ratio with / without | $(ratio "$build_with" "$build_without") ($build_pct %) | |"
    echo
    echo "## Peak memory while packing a large build context"
    echo
    echo "Tree: ${memory_scale:-not measured}$([[ -n $memory_scale ]] && echo " ($(values memory.tree))"). ${memory_note}"
    echo "Peak RSS = VmHWM of the harness process (bench/ContextMemory), median of $MEMORY_RUNS runs per mode."
    echo
    echo "| Mode | Peak RSS (VmHWM) | /usr/bin/time max RSS | Time |"
    echo "|---|---|---|---|"
    for mode in empty enumerate pack; do
        echo "| $mode | $(calc "%.1f" "$(m "memory.$mode.hwm_kb" | sed 's#n/a#0#') / 1024") MiB | $(calc "%.1f" "$(m "memory.$mode.maxrss_kb" | sed 's#n/a#0#') / 1024") MiB | $(m "memory.$mode.elapsed") s |"
    done
    echo
    echo "Extra peak for packing: $mem_extra MiB over the empty run, $mem_extra_enum MiB over enumerating only. $(values memory.pack.summary | head -n 1)"
    echo
    echo "## Compression: (a) gzipped (DokkuCompress=auto, a new server) against (e) plain"
    echo
    echo "Transfer + release (\"Deployed … in\") (a) $(m ours.a.deployed) s, (e) $(m ours.e.deployed) s: gzip is $(ratio "$(m ours.e.deployed)" "$(m ours.a.deployed)")× faster;"
    echo "on the link (a) $(mib "$(m ours.a.link_tx)") MiB, (e) $(mib "$(m ours.e.link_tx)") MiB ($(ratio "$(m ours.e.link_tx)" "$(m ours.a.link_tx)")× fewer bytes)."
    echo "(e) runs after (d): the server already holds every layer it loads, which makes its release a little shorter than (a)'s."
    echo
    echo "## Timeline of (b), the one-line change (DokkuTimings=true, last run)"
    echo
    echo '```'
    timeline_of "ours.b.$RUNS"
    echo '```'
    echo
    echo "## Targets (issue 13)"
    echo
    echo "| Target | Measured | Verdict |"
    echo "|---|---|---|"
    echo "| (a) first deploy ≥ 2× faster than the baseline | $(ratio "$(m base.a.time)" "$(m ours.a.time)")× | $(verdict 'a >= 2' "$(ratio "$(m base.a.time)" "$(m ours.a.time)")" 0) |"
    echo "| (b) one-line change ≥ 7× faster, our own time ≤ 1 s | ${speedup_b}×, own $own_b s | $(verdict 'a >= 7 && b <= 1' "$speedup_b" "$own_b") |"
    echo "| (c) no-op ≤ \`dotnet publish\` + 0.5 s | +$noop_margin s, exits [$noop_exits] | $(verdict 'a <= 0.5 && b == 1' "$noop_margin" "$noop_all_zero") |"
    echo "| (d) sends ≤ 1.2 × its own new layers | log line $(ratio "$d_payload" "$d_own")× | $(verdict 'a <= 1.2 * b' "$d_payload" "$d_own") |"
    echo "| Context memory ≤ +50 MB | $mem_extra MiB over empty | $(verdict 'a * 1.048576 <= 50' "$mem_extra" 0) |"
    echo "| \`dotnet build\` with the package ≤ 2 % slower | $build_pct % | $(verdict 'a <= 2' "$build_pct" 0) |"
    echo
    echo "## Targets (issue 4)"
    echo
    echo "| Target | Measured | Verdict |"
    echo "|---|---|---|"
    echo "| Second deploy ≥ 4× faster than the baseline on the shaped link | ${speedup_b}× | $(verdict 'a >= 4' "$speedup_b" 0) |"
    echo "| Bytes sent ≤ 1.2 × the changed layers | log line $(ratio "$b_payload" "$changed")×, on the link $(ratio "$b_tx" "$changed")× ($b_payload / $b_tx bytes vs $changed) | log line: $(verdict 'a <= 1.2 * b' "$b_payload" "$changed"); link: $(verdict 'a <= 1.2 * b' "$b_tx" "$changed") |"
    echo "| Own time beyond \`dotnet publish\` and the server's release ≤ 1 s (second deploy) | own $own_b s (own′ $own_all_b s) | $(verdict 'a <= 1' "$own_b" 0) |"
    echo "| No-op deploy ≤ \`dotnet publish\` + 1 s, exit 0 | +$noop_margin s, exits [$noop_exits] | $(verdict 'a <= 1 && b == 1' "$noop_margin" "$noop_all_zero") |"
    echo "| (d) a second app's first deploy sends ≤ 1.2 × its own new layers | log line $(ratio "$d_payload" "$d_own")× ($d_payload vs $d_own bytes), $(ratio "$(m base.d.time)" "$(m ours.d.time)")× faster than the baseline | $(verdict 'a <= 1.2 * b' "$d_payload" "$d_own") |"
    echo "| \`dotnet build\` with the package ≤ 2 % slower | $build_pct % | $(verdict 'a <= 2' "$build_pct" 0) |"
    echo "| Packing the context: ≤ 100 MB extra peak memory | $mem_extra MiB over empty ($mem_extra_enum MiB over enumerating)$([[ -n $memory_note ]] && echo ", scaled down") | $(verdict 'a * 1.048576 <= 100' "$mem_extra" 0) |"
} >"$RESULTS"
cp "$raw" "$tmp/logs/raw.tsv"
say "results in $RESULTS"
cat "$RESULTS"
