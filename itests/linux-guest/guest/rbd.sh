# The rbd family (issue 25): open-iscsi logs in to $TARGET at $PORTAL, whose LUN $LUN is a vdisk_rbd device
# (a Ceph RBD image), and ext4.sh's checks run on it: mkfs.ext4, 300 files with checksums, e2fsck, a remount
# that verifies every file, and the same verification after a logout and a new login (a new session and a new
# sd device: nothing the guest cached survives).
# Env: PORTAL TARGET LUN DISK_SIZE
start_iscsid rbd
# rbd_disk: the sdX of LUN $LUN in the session to $TARGET.
rbd_disk() {
    local h
    for h in /sys/class/iscsi_session/session*/device/target*/*:*:*:"$LUN"/block/*; do
        [ -e "$h" ] && basename "$h" && return 0
    done
    return 1
}
rbd_node() {
    iscsiadm -m node -T "$TARGET" -p "$PORTAL" "$@"
}
rbd_node -o new >/dev/null
check rbd_login rbd_node -l
wait_for 60 rbd_disk
DISK=$(rbd_disk)
check rbd_disk_appears need "$DISK" "no /dev/sdX for LUN $LUN of $TARGET: $(ls /sys/block)"
DISK=${DISK:-none}
check rbd_disk_size equal "size" "$DISK_SIZE" "$(($(cat /sys/block/$DISK/size 2>/dev/null || echo 0) * 512))"

. ./ext4.sh
check rbd_ext4_write ext4_write /dev/$DISK
check rbd_ext4_fsck e2fsck -f -n /dev/$DISK
check rbd_ext4_remount_verify ext4_verify /dev/$DISK

check rbd_logout rbd_node -u
check rbd_logout_removes_disk sh -c "! ls /sys/block/$DISK >/dev/null 2>&1"
check rbd_relogin rbd_node -l
wait_for 60 rbd_disk
DISK=$(rbd_disk)
check rbd_relogin_verify ext4_verify /dev/${DISK:-none}
rbd_node -u >/dev/null
