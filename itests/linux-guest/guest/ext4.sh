# ext4 on a LUN: a few hundred files with checksums, written, checked by e2fsck, and verified after a remount.
# EXT4_HASH: the checksum tool (default md5sum; iser.sh uses sha256sum).
EXT4_SUMS=/tmp/ext4.sums
ext4_write() {
    local i
    mkfs.ext4 -q -F "$1" || return 1
    mkdir -p /mnt/ext4 && mount -t ext4 "$1" /mnt/ext4 || return 1
    mkdir -p /mnt/ext4/d1 /mnt/ext4/d2
    i=0
    while [ $i -lt 300 ]; do
        dd if=/dev/urandom of=/mnt/ext4/d$((i % 2 + 1))/f$i bs=1k count=$((i % 61 + 1)) 2>/dev/null || return 1
        i=$((i + 1))
    done
    (cd /mnt/ext4 && find d1 d2 -type f | sort | xargs ${EXT4_HASH:-md5sum} > $EXT4_SUMS) || return 1
    [ "$(wc -l < $EXT4_SUMS)" -eq 300 ] || { echo "only $(wc -l < $EXT4_SUMS) files written"; return 1; }
    umount /mnt/ext4
}
ext4_verify() {
    mkdir -p /mnt/ext4 && mount -t ext4 "$1" /mnt/ext4 || return 1
    (cd /mnt/ext4 && ${EXT4_HASH:-md5sum} -c $EXT4_SUMS > /tmp/ext4.verify) || { grep -v ': OK$' /tmp/ext4.verify | head; umount /mnt/ext4; return 1; }
    umount /mnt/ext4
}
