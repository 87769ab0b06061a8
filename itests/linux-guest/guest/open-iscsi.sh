# The open-iscsi family: Linux's own iSCSI initiator (iscsi_tcp, iscsid, iscsiadm) and SCSI disk driver
# against the target at $PORTAL (the host's 127.0.0.1 seen from QEMU's user-mode network as 10.0.2.2).
# Env (from the IT): PORTAL TARGET DISK_LUN DISK_SIZE DISK_WCE THIN_LUN HOTPLUG_LUN CHAP_TARGET CHAP_USER
# CHAP_SECRET CHAP_LUN MUTUAL_TARGET MUTUAL_USER MUTUAL_SECRET MUTUAL_TARGET_USER MUTUAL_TARGET_SECRET
start_iscsid linux

# node_login TARGET [iface]: a node record for $PORTAL (SendTargets names 127.0.0.1, which is the guest itself).
node_new() {
    iscsiadm -m node -o new -T "$1" -p "$PORTAL" ${2:+-I $2} >/dev/null
}
node_set() {
    iscsiadm -m node -T "$1" -p "$PORTAL" ${IFACE:+-I $IFACE} -o update -n "$2" -v "$3" >/dev/null
}
login() {
    iscsiadm -m node -T "$1" -p "$PORTAL" ${IFACE:+-I $IFACE} -l
}
logout() {
    iscsiadm -m node -T "$1" -p "$PORTAL" ${IFACE:+-I $IFACE} -u
}
# disk_of TARGET LUN [initiator]: the sdX of that LUN in the (first) session to TARGET, or nothing.
disk_of() {
    local s h
    for s in /sys/class/iscsi_session/session*; do
        [ "$(cat $s/targetname 2>/dev/null)" = "$1" ] || continue
        [ -z "$3" ] || [ "$(cat $s/initiatorname 2>/dev/null)" = "$3" ] || continue
        for h in $s/device/target*/*:*:*:"$2"/block/*; do
            [ -e "$h" ] && basename "$h" && return 0
        done
    done
    return 1
}
sg_of() {
    basename /sys/block/$1/device/scsi_generic/*
}
await_disk() {
    wait_for 60 disk_of "$@" && disk_of "$@"
}

# --- discovery, login ----------------------------------------------------------------------------------
check discovery sh -c "iscsiadm -m discovery -t st -p $PORTAL | grep -F ' $TARGET'"
node_new "$TARGET"
check login login "$TARGET"
DISK=$(await_disk "$TARGET" "$DISK_LUN")
THIN=$(await_disk "$TARGET" "$THIN_LUN")
check disk_appears need "$DISK" "no /dev/sdX for LUN $DISK_LUN of $TARGET: $(ls /sys/block)"
DISK=${DISK:-none} THIN=${THIN:-none}
DSG=/dev/$(sg_of $DISK) TSG=/dev/$(sg_of $THIN)
hctl=$(basename $(readlink -f /sys/block/$DISK/device))

# --- what the disk advertises, read back from sysfs ----------------------------------------------------
sysfs_size() { equal "size" "$DISK_SIZE" "$(($(cat /sys/block/$DISK/size) * 512))"; }
sysfs_block() { equal "logical_block_size" 512 "$(cat /sys/block/$DISK/queue/logical_block_size)"; }
sysfs_wce() { equal "cache_type" "$DISK_WCE" "$(cat /sys/class/scsi_disk/$hctl/cache_type)"; }
sysfs_rotational() {
    local rate expected=1
    rate=$(sg_vpd -p bdc $DSG | sed -n 's/.*[Nn]ominal rotation rate: *//p')
    case "$rate" in *[Nn]on*rotating* | *solid*) expected=0 ;; esac
    equal "rotational (VPD B1h: $rate)" "$expected" "$(cat /sys/block/$DISK/queue/rotational)"
}
sysfs_discard() {
    local thick thin
    thick=$(cat /sys/block/$DISK/queue/discard_max_bytes)
    thin=$(cat /sys/block/$THIN/queue/discard_max_bytes)
    [ "$thin" -gt 0 ] || { echo "thin LUN: discard_max_bytes $thin"; return 1; }
    equal "thin provisioning_mode" unmap "$(cat /sys/block/$THIN/device/scsi_disk/*/provisioning_mode)"
    equal "thick discard_max_bytes" 0 "$thick"
}
sysfs_max_transfer() {
    local blocks kb
    blocks=$(sg_vpd -p bl $DSG | sed -n 's/.*[Mm]aximum transfer length: *\([0-9]*\).*/\1/p')
    kb=$(cat /sys/block/$DISK/queue/max_sectors_kb)
    need "$blocks" "VPD B0h has no maximum transfer length" || return 1
    [ "$blocks" -eq 0 ] || [ "$kb" -le $((blocks / 2)) ] || { echo "max_sectors_kb $kb > VPD B0h $blocks blocks"; return 1; }
    echo "max_sectors_kb $kb, VPD B0h maximum transfer length $blocks blocks"
}
check sysfs_size sysfs_size
check sysfs_logical_block_size sysfs_block
check sysfs_write_cache sysfs_wce
check sysfs_rotational sysfs_rotational
check sysfs_discard sysfs_discard
check sysfs_max_transfer sysfs_max_transfer

# --- a second I_T nexus (another initiator name through an iSCSI iface) for the reservation checks ---------
SECOND=iqn.2026-12.io.quiver.guest:second
iscsiadm -m iface -I second -o new >/dev/null
iscsiadm -m iface -I second -o update -n iface.initiatorname -v $SECOND >/dev/null
node_new "$TARGET" second
IFACE=second login "$TARGET" >/dev/null
DISK2=$(await_disk "$TARGET" "$DISK_LUN" "$SECOND")
check second_nexus need "$DISK2" "no second session through iface 'second'"
DSG2=/dev/$(sg_of ${DISK2:-none})

# --- sg3_utils -----------------------------------------------------------------------------------------
. ./sg3.sh
sg3_checks "$DSG" "$TSG" "/dev/$THIN" "$DSG2"
IFACE=second logout "$TARGET" >/dev/null

# --- ext4 ----------------------------------------------------------------------------------------------
. ./ext4.sh
check ext4_write ext4_write /dev/$DISK
check ext4_fsck e2fsck -f -n /dev/$DISK
check ext4_remount_verify ext4_verify /dev/$DISK

# --- logout, relogin -----------------------------------------------------------------------------------
check logout logout "$TARGET"
check logout_removes_disk sh -c "! ls /sys/block/$DISK >/dev/null 2>&1"
check relogin login "$TARGET"
DISK=$(await_disk "$TARGET" "$DISK_LUN")
check relogin_verify ext4_verify /dev/${DISK:-none}

# --- a LUN added and removed at run time, seen by a session rescan --------------------------------------
lun_added() {
    request add-lun "$HOTPLUG_LUN" || return 1
    iscsiadm -m session -R >/dev/null
    wait_for 30 disk_of "$TARGET" "$HOTPLUG_LUN" || { echo "LUN $HOTPLUG_LUN not seen after -R"; return 1; }
    equal "added LUN size" 33554432 "$(($(cat /sys/block/$(disk_of "$TARGET" "$HOTPLUG_LUN")/size) * 512))"
}
lun_removed() {
    local d
    d=$(disk_of "$TARGET" "$HOTPLUG_LUN") || { echo "no LUN $HOTPLUG_LUN to remove"; return 1; }
    request remove-lun "$HOTPLUG_LUN" || return 1
    iscsiadm -m session -R >/dev/null
    # The kernel keeps the sd until it is deleted; the LUN answers that it is gone (PQ 3 / LUN not supported).
    wait_for 30 sh -c "! sg_turs /dev/$d" || { echo "removed LUN still answers TEST UNIT READY"; return 1; }
    echo 1 > /sys/block/$d/device/delete
    ! disk_of "$TARGET" "$HOTPLUG_LUN"
}
check lun_added_at_run_time lun_added
check lun_removed_at_run_time lun_removed

# --- CHAP, one way and mutual --------------------------------------------------------------------------
chap_login() { # TARGET USER SECRET [TARGET_USER TARGET_SECRET]
    node_new "$1"
    node_set "$1" node.session.auth.authmethod CHAP
    node_set "$1" node.session.auth.username "$2"
    node_set "$1" node.session.auth.password "$3"
    if [ -n "$4" ]; then
        node_set "$1" node.session.auth.username_in "$4"
        node_set "$1" node.session.auth.password_in "$5"
    fi
    login "$1" && await_disk "$1" "$CHAP_LUN" >/dev/null
}
chap_refused() { # TARGET USER WRONG_SECRET
    node_new "$1"
    node_set "$1" node.session.auth.authmethod CHAP
    node_set "$1" node.session.auth.username "$2"
    node_set "$1" node.session.auth.password "$3"
    ! login "$1"
}
check chap_wrong_secret_refused chap_refused "$CHAP_TARGET" "$CHAP_USER" wrong-secret-1234
check chap_login chap_login "$CHAP_TARGET" "$CHAP_USER" "$CHAP_SECRET"
check chap_logout logout "$CHAP_TARGET"
check chap_mutual_login chap_login "$MUTUAL_TARGET" "$MUTUAL_USER" "$MUTUAL_SECRET" "$MUTUAL_TARGET_USER" "$MUTUAL_TARGET_SECRET"
check chap_mutual_logout logout "$MUTUAL_TARGET"
mutual_wrong_target_secret() {
    node_set "$MUTUAL_TARGET" node.session.auth.password_in wrong-target-secret
    ! login "$MUTUAL_TARGET"
}
check chap_mutual_wrong_target_secret_refused mutual_wrong_target_secret

iscsiadm -m node -u >/dev/null 2>&1
