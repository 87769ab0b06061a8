# Quiver inside the guest (GuestQuiverIT): the host's JDK and Quiver's distribution are shared read-only
# (/host/jdk, /host/quiver); Quiver starts from a writable copy of its etc/ with its default configuration
# (target iqn.2026-11.io.quiver:default on 127.0.0.1:3260, LUN 0 a 1 GiB fileio disk in data/), the guest's
# own open-iscsi logs in over loopback, and sg3_utils and a checksummed write/read run on the LUN; then Quiver
# stops through bin/stop. Env: none.
TARGET=iqn.2026-11.io.quiver:default
PORTAL=127.0.0.1:3260
host_jdk_checks

run_step quiver_starts_in_guest start_quiver_in_guest

start_iscsid quiver-in-guest
lun_of_session() {
    local d
    for d in /sys/class/iscsi_session/session*/device/target*/*:0:0:0/block/*; do
        [ -e "$d" ] && basename "$d" && return 0
    done
    return 1
}
check iscsi_discovery_over_loopback sh -c "iscsiadm -m discovery -t st -p $PORTAL | grep -F '$TARGET'"
check iscsi_login_over_loopback iscsiadm -m node -T "$TARGET" -p "$PORTAL" -l
wait_for 60 lun_of_session
DISK=$(lun_of_session)
check lun_appears need "$DISK" "no sd behind the session: $(ls /sys/bus/scsi/devices)"
DISK=${DISK:-none}
SG=$(basename /sys/block/$DISK/device/scsi_generic/* 2>/dev/null)
SG=${SG:-none}
check sg_inq_names_quiver sh -c "sg_inq /dev/$SG | grep -i 'Vendor identification: *QUIVER'"
check sg_readcap_1gib sh -c "sg_readcap /dev/$SG | grep -F 'Device size: 1073741824 bytes'"

# 8 MiB of random data at an offset of 100 MiB, written and read back with O_DIRECT (no page cache in between).
checksummed_write_read() {
    dd if=/dev/urandom of=/tmp/pattern bs=1M count=8 2>/dev/null
    dd if=/tmp/pattern of=/dev/$DISK bs=1M seek=100 count=8 oflag=direct conv=fsync 2>&1 || return 1
    dd if=/dev/$DISK of=/tmp/readback bs=1M skip=100 count=8 iflag=direct 2>&1 || return 1
    equal sha256 "$(sha256sum < /tmp/pattern)" "$(sha256sum < /tmp/readback)"
}
t0=$(seconds)
check checksummed_write_read checksummed_write_read
echo "GUEST TIMING write_read_8mib $(awk "BEGIN {print $(seconds) - $t0}")"
check iscsi_logout iscsiadm -m node -T "$TARGET" -p "$PORTAL" -u
run_step quiver_stops_cleanly stop_quiver_in_guest
check karaf_log_has_no_error karaf_log_errors "$QUIVER_BASE/data/log/karaf.log"
