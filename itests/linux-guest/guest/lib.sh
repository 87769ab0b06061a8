# Shared helpers of the guest's test scripts (sourced by run.sh after ./env).
# Each check prints exactly one verdict line on the console: "CHECK <name> PASS|FAIL|SKIP <reason>";
# a failed check's output follows it, indented, so the IT's failure message shows why.

# check NAME COMMAND...: runs COMMAND; PASS when it exits 0.
check() {
    local name=$1 out
    shift
    if out=$("$@" 2>&1); then
        echo "CHECK $name PASS"
    else
        echo "CHECK $name FAIL exit $?"
        printf '%s\n' "$out" | tail -n 70 | sed "s/^/    | /"
    fi
}

# skip NAME REASON...: the check cannot run here, and the reason says why.
skip() {
    local name=$1
    shift
    echo "CHECK $name SKIP $*"
}

# fail_if_empty VALUE MESSAGE: for checks written as functions.
need() {
    [ -n "$1" ] || { echo "$2"; return 1; }
}

# start_iscsid NAME: the modules an iSCSI disk with ext4 needs and open-iscsi's daemon, as initiator
# iqn.2026-12.io.quiver.guest:NAME.
start_iscsid() {
    for m in iscsi_tcp sd_mod sg ext4 crc32c_generic; do modprobe $m; done
    echo "InitiatorName=iqn.2026-12.io.quiver.guest:$1" > /etc/iscsi/initiatorname.iscsi
    mkdir -p /run/lock/iscsi /var/lib/iscsi /etc/iscsi/nodes /etc/iscsi/send_targets
    iscsid
    sleep 1
}

# request WORDS...: asks the host (LinuxGuest's request handler) to act, e.g. add a LUN; returns its answer.
stty -F /dev/ttyS0 -echo 2>/dev/null
request() {
    # On the console itself: a check's own output is captured, the host must see this line.
    echo "REQUEST $*" > /dev/ttyS0
    local reply
    read -r reply < /dev/ttyS0
    echo "REPLY $reply"
    [ "$reply" = "${reply#ERROR}" ]
}

# wait_for SECONDS COMMAND...: repeats COMMAND every half second until it succeeds.
wait_for() {
    local n=$(($1 * 2))
    shift
    while [ $n -gt 0 ]; do
        "$@" >/dev/null 2>&1 && return 0
        sleep 0.5
        n=$((n - 1))
    done
    return 1
}

# equal WHAT EXPECTED ACTUAL
equal() {
    [ "$2" = "$3" ] || { echo "$1: expected '$2', got '$3'"; return 1; }
}

# dev_of SCSI-ID: the sdX the guest's virtio-scsi HBA has at that target id, LUN 0.
dev_of() {
    local d
    for d in /sys/bus/scsi/devices/*:0:"$1":0/block/*; do
        [ -e "$d" ] && basename "$d" && return 0
    done
    return 1
}
