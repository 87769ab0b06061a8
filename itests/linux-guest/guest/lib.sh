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

# direct_dd NAME DISK SEEK_MIB DIAGNOSE: 64 MiB of random data written to DISK at SEEK_MIB MiB and read back with
# O_DIRECT (RDMA transports: each 1 MiB request is the target's RDMA READs or WRITEs), compared by sha256; prints
# "GUEST TIMING NAME_dd_write_mb_s|NAME_dd_read_mb_s MB/s" (under TCG a figure of the emulator more than of the
# target). DIAGNOSE runs when a dd fails.
direct_dd() {
    local t0 t1
    dd if=/dev/urandom of=/tmp/dd-pattern bs=1M count=64 2>/dev/null || return 1
    t0=$(seconds)
    dd if=/tmp/dd-pattern of="$2" bs=1M seek="$3" count=64 oflag=direct conv=fsync 2>&1 || { $4; return 1; }
    t1=$(seconds)
    echo "GUEST TIMING $1_dd_write_mb_s $(awk "BEGIN {printf \"%.1f\", 67.108864 / ($t1 - $t0)}")"
    dd if="$2" of=/tmp/dd-readback bs=1M skip="$3" count=64 iflag=direct 2>&1 || { $4; return 1; }
    echo "GUEST TIMING $1_dd_read_mb_s $(awk "BEGIN {printf \"%.1f\", 67.108864 / ($(seconds) - $t1)}")"
    equal sha256 "$(sha256sum < /tmp/dd-pattern)" "$(sha256sum < /tmp/dd-readback)" || return 1
    rm -f /tmp/dd-pattern /tmp/dd-readback
}

# dev_of SCSI-ID: the sdX the guest's virtio-scsi HBA has at that target id, LUN 0.
dev_of() {
    local d
    for d in /sys/bus/scsi/devices/*:0:"$1":0/block/*; do
        [ -e "$d" ] && basename "$d" && return 0
    done
    return 1
}

# mp_without_udev [LINE...]: dm-multipath in a guest without udevd: the udev database entries of every sd disk
# written by hand (what udevd would record once it had processed the device; multipath enumerates only such
# devices), WWIDs read from sysfs (uid_attribute ""), and LINEs added to /etc/multipath.conf's defaults. With
# DM_DISABLE_UDEV=1 libdevmapper makes the /dev/mapper nodes itself.
mp_without_udev() {
    local d l
    mkdir -p /run/udev/data /etc/multipath
    for d in /sys/block/sd*; do
        printf 'I:1000000\nE:DEVTYPE=disk\nG:systemd\n' > /run/udev/data/b$(cat $d/dev)
    done
    {
        printf 'defaults {\n    user_friendly_names no\n    find_multipaths no\n    uid_attribute ""\n'
        for l in "$@"; do
            printf '    %s\n' "$l"
        done
        printf '}\n'
    } > /etc/multipath.conf
}

# mp_alua_without_udev: mp_without_udev with path groups by ALUA priority (the ALUA handler), round robin within
# a group, no automatic failback, 30 checker intervals of queueing when no path is left.
mp_alua_without_udev() {
    mp_without_udev "path_grouping_policy group_by_prio" 'path_selector "round-robin 0"' "prio alua" \
        "failback manual" "no_path_retry 30" "retain_attached_hw_handler yes"
}

# iscsi_login_failfast TARGET PORTAL: a node record for TARGET at PORTAL whose session fails its commands 5 s
# after its connection was lost (replacement_timeout; multipath then uses another path), logged in.
iscsi_login_failfast() {
    iscsiadm -m node -o new -T "$1" -p "$2" >/dev/null
    iscsiadm -m node -T "$1" -p "$2" -o update -n node.session.timeo.replacement_timeout -v 5 >/dev/null
    iscsiadm -m node -T "$1" -p "$2" -l >/dev/null
}

# mp_iscsi_start INITIATOR-NAME: open-iscsi and dm-multipath with the ALUA handler, without udev (libdevmapper
# makes the /dev/mapper nodes itself): the modules loaded, the initiator named, iscsid running.
mp_iscsi_start() {
    local m
    export DM_DISABLE_UDEV=1
    for m in iscsi_tcp sd_mod sg dm_mod dm_multipath dm_round_robin scsi_dh_alua; do modprobe $m; done
    echo "InitiatorName=$1" > /etc/iscsi/initiatorname.iscsi
    mkdir -p /run/lock/iscsi /var/lib/iscsi /etc/iscsi/nodes /etc/iscsi/send_targets /etc/multipath
    iscsid
    sleep 1
}

# mp_login_two_paths TARGET_A PORTAL_A KEY_A TARGET_B PORTAL_B KEY_B: logs in to both (iscsi_login_failfast) and
# sets A and B to the sdX the family's own path_of finds for KEY_A and KEY_B, waiting up to 60 s for each.
mp_login_two_paths() {
    iscsi_login_failfast "$1" "$2"
    iscsi_login_failfast "$4" "$5"
    wait_for 60 path_of "$3"
    wait_for 60 path_of "$6"
    A=$(path_of "$3") B=$(path_of "$6")
}

# The host's JDK, shared read-only by LinuxGuest.withHostJdk() (virtio-9p, mounted by init).
GUEST_JDK=/host/jdk

# seconds: the guest's uptime in seconds with two decimals, for timings.
seconds() {
    cut -d' ' -f1 /proc/uptime
}

# host_jdk_checks: the host's JDK runs in this guest: its share is mounted read-only, every library a headless
# JVM loads resolves with the guest's own loader (not the host's), and `java -version` runs.
host_jdk_checks() {
    local t0
    check host_jdk_mounted_read_only host_jdk_read_only
    check host_jdk_libraries_resolve host_jdk_libraries
    t0=$(seconds)
    check host_jdk_java_version "$GUEST_JDK/bin/java" -Xshare:auto -version
    echo "GUEST java -version took $(awk "BEGIN {print $(seconds) - $t0}") s: $("$GUEST_JDK/bin/java" -version 2>&1 | head -1)"
}

host_jdk_read_only() {
    grep -q " $GUEST_JDK 9p ro," /proc/mounts || { echo "$GUEST_JDK is not a read-only 9p mount:"; cat /proc/mounts; return 1; }
    if touch "$GUEST_JDK/.written-by-guest" 2>/dev/null; then
        echo "the guest could write into $GUEST_JDK"
        return 1
    fi
}

# The X11/AWT libraries are left out: a headless JVM never loads them, and the guest has no X libraries.
host_jdk_libraries() {
    local f missing
    missing=$(for f in "$GUEST_JDK"/bin/java "$GUEST_JDK"/lib/*.so "$GUEST_JDK"/lib/server/libjvm.so; do
        case ${f##*/} in libawt_xawt.so|libjawt.so|libsplashscreen.so) continue ;; esac
        /lib64/ld-linux-x86-64.so.2 --library-path "$GUEST_JDK/lib:$GUEST_JDK/lib/server" --list "$f" 2>&1 \
            | grep "not found" | sed "s|^|${f##*/}: |"
    done)
    [ -z "$missing" ] || { echo "$missing"; return 1; }
}

# Quiver's unpacked distribution, shared read-only by LinuxGuest.withQuiver(home), and the writable base on a
# tmpfs where start_quiver_in_guest puts its etc/ (a copy) and data/.
QUIVER_HOME=/host/quiver
QUIVER_BASE=/run/quiver

# listening PORT: something listens on TCP PORT in this guest (IPv4 or IPv6), from /proc/net.
listening() {
    local hex
    hex=$(printf ':%04X ' "$1")
    cat /proc/net/tcp /proc/net/tcp6 2>/dev/null | awk -v p="$hex" 'index($0, p) && $4 == "0A" {found = 1} END {exit !found}'
}

# start_quiver_in_guest [SECONDS] (not inside `check`: it sets QUIVER_PID in this shell): starts the shared distribution with the host's JDK through its own bin/start,
# from KARAF_BASE=$QUIVER_BASE (a tmpfs) with copies of its etc/ and deploy/ (QUIVER_ETC_EXTRA: a directory
# whose files are copied over etc/, for a family's own configuration) and an empty data/; then waits (default 600 s) until the
# iSCSI portal (quiver.iscsi.port, 3260) and Karaf's SSH port (8101) listen. Sets QUIVER_PID, and prints
# "GUEST TIMING quiver_jvm|quiver_iscsi|quiver_karaf SECONDS" (from bin/start to: the JVM's pid file, the
# portal listening, the shell's SSH port listening). Returns non-zero if Quiver did not come up.
start_quiver_in_guest() {
    local t0 limit=${1:-600}
    rm -rf "$QUIVER_BASE"
    mkdir -p "$QUIVER_BASE/data"
    cp -R "$QUIVER_HOME/etc" "$QUIVER_HOME/deploy" "$QUIVER_BASE/"
    [ -z "${QUIVER_ETC_EXTRA:-}" ] || cp -R "$QUIVER_ETC_EXTRA"/. "$QUIVER_BASE/etc/"
    # KARAF_BASE (its lock and pid files, deploy/) is the tmpfs too; system/ and lib/ stay on the share.
    export JAVA_HOME=$GUEST_JDK KARAF_HOME=$QUIVER_HOME KARAF_BASE=$QUIVER_BASE KARAF_ETC=$QUIVER_BASE/etc \
        KARAF_DATA=$QUIVER_BASE/data KARAF_REDIRECT=$QUIVER_BASE/data/console.out
    # QUIVER_JAVA_OPTS replaces bin/setenv's JVM options (EXTRA_JAVA_OPTS) when set.
    [ -z "${QUIVER_JAVA_OPTS:-}" ] || export EXTRA_JAVA_OPTS="$QUIVER_JAVA_OPTS"
    t0=$(seconds)
    "$QUIVER_HOME/bin/start" 2>&1 | sed 's/^/    /'
    wait_for "$limit" test -s "$QUIVER_BASE/karaf.pid" || { echo "no karaf.pid after $limit s"; quiver_log_tail; return 1; }
    QUIVER_PID=$(cat "$QUIVER_BASE/karaf.pid")
    echo "GUEST TIMING quiver_jvm $(awk "BEGIN {print $(seconds) - $t0}")"
    quiver_await_port "$limit" "$(quiver_property quiver.iscsi.port)" \
        || { echo "the iSCSI portal does not listen after $limit s"; quiver_log_tail; return 1; }
    echo "GUEST TIMING quiver_iscsi $(awk "BEGIN {print $(seconds) - $t0}")"
    quiver_await_port "$limit" "$(quiver_property quiver.ssh.port)" \
        || { echo "the SSH port does not listen after $limit s"; quiver_log_tail; return 1; }
    echo "GUEST TIMING quiver_karaf $(awk "BEGIN {print $(seconds) - $t0}")"
}

# quiver_await_port SECONDS PORT: waits until PORT listens; gives up early when the JVM has exited.
quiver_await_port() {
    local n=$(($1 * 2))
    while [ $n -gt 0 ]; do
        listening "$2" && return 0
        not_running "$QUIVER_PID" && { echo "Quiver's JVM (pid $QUIVER_PID) exited"; return 1; }
        sleep 0.5
        n=$((n - 1))
    done
    return 1
}

# quiver_property NAME: a property of the guest's Quiver's etc/system.properties.
quiver_property() {
    sed -n "s/^$1 *= *//p" "$QUIVER_BASE/etc/system.properties" | tail -n 1
}

# stop_quiver_in_guest [SECONDS]: bin/stop, then waits (default 120 s) for the JVM to exit; prints
# "GUEST TIMING quiver_stop SECONDS". Returns non-zero if it is still running.
stop_quiver_in_guest() {
    local t0 limit=${1:-120}
    t0=$(seconds)
    "$QUIVER_HOME/bin/stop" 2>&1 | sed 's/^/    /'
    wait_for "$limit" not_running "$QUIVER_PID" || { echo "Quiver (pid $QUIVER_PID) still runs $limit s after bin/stop"; return 1; }
    echo "GUEST TIMING quiver_stop $(awk "BEGIN {print $(seconds) - $t0}")"
}

# karaf_log_errors FILE: prints the ERROR and FATAL lines of a Karaf log and fails if there are any, except
# pax-web whiteboard's own dispatch errors once the framework is shutting down: as bundles stop it re-maps the
# /quiver context and can report a servlet that is registered once as mapped twice ("Multiple servlets map to
# path /metrics: quiver-metrics, quiver-metrics"), a race inside pax-web 8 at shutdown, not Quiver's operation.
karaf_log_errors() {
    awk '/received shutdown command/ { stopping = 1 }
         / (ERROR|FATAL) / && !(stopping && /pax-web-extender-whiteboard/) { print; bad = 1 }
         END { exit (bad ? 1 : 0) }' "$1"
}

# not_running PID: no such process, or only its zombie (an orphan's parent here is the init script).
not_running() {
    [ ! -d "/proc/$1" ] || grep -q '^State:.*Z' "/proc/$1/status" 2>/dev/null
}

# quiver_log_tail: the last lines of the guest's Quiver's karaf.log and console output, for a failed check.
quiver_log_tail() {
    tail -n 40 "$QUIVER_BASE/data/log/karaf.log" 2>/dev/null
    tail -n 20 "$QUIVER_BASE/data/console.out" 2>/dev/null
}

# run_step NAME COMMAND...: as check, but COMMAND runs in this shell (it may set variables, e.g.
# start_quiver_in_guest's QUIVER_PID) and its output goes to /tmp/NAME.out; GUEST TIMING lines are echoed either way.
run_step() {
    local name=$1
    shift
    if "$@" > "/tmp/$name.out" 2>&1; then
        echo "CHECK $name PASS"
    else
        echo "CHECK $name FAIL exit $?"
        grep -v '^GUEST TIMING' "/tmp/$name.out" | tail -n 70 | sed "s/^/    | /"
    fi
    grep '^GUEST TIMING' "/tmp/$name.out"
}

# rxe_link: a soft-RoCE device rxe0 over eth0, ACTIVE (transports.sh, rdma.sh).
rxe_link() {
    # rxe computes its ICRC with the crypto API's "crc32", a module of its own in Debian's kernel.
    modprobe crc32_generic
    modprobe rdma_rxe && modprobe ib_uverbs && modprobe rdma_ucm || return 1
    rdma link add rxe0 type rxe netdev eth0 || return 1
    rdma link show
    wait_for 10 grep -q ACTIVE /sys/class/infiniband/rxe0/ports/1/state
}
