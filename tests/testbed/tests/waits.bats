#!/usr/bin/env bats
# wait_until (common.sh): every wait of the test bed for a daemon or container it started. Its limit is
# wall time, not a count of tries: a try that itself takes seconds (a curl on a loaded machine) used to
# make "50 tries" mean anything from 5 s to a minute, and 5 s was too short for a fresh machine's first container.

setup() {
    . "$BATS_TEST_DIRNAME/../lib/common.sh"
    MARK=$(mktemp)
    rm -f "$MARK"
}

teardown() { rm -f "$MARK"; }

ready_on_third_try() {
    echo x >>"$MARK.count"
    (($(wc -l <"$MARK.count") >= 3))
}

@test "it returns as soon as the command succeeds" {
    rm -f "$MARK.count"
    run wait_until 30 ready_on_third_try
    [[ $status == 0 ]]
    [[ $(wc -l <"$MARK.count") == 3 ]]
    rm -f "$MARK.count"
}

@test "it gives up after its limit of wall time, however fast each try fails" {
    start=$SECONDS
    run wait_until 2 false
    [[ $status == 1 ]]
    ((SECONDS - start >= 1 && SECONDS - start <= 4))
}

@test "the default limit is generous and can be set" {
    [[ $TESTBED_WAIT_SECONDS == 180 ]]
    DOKKU_TESTBED_WAIT_SECONDS=600 . "$BATS_TEST_DIRNAME/../lib/common.sh"
    [[ $TESTBED_WAIT_SECONDS == 600 ]]
}
