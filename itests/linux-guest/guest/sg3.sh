# sg3_utils against a disk LUN ($1, an sg node), a thin LUN ($2, its sg node; $3, its block device) and, for
# the reservation checks, a second I_T nexus to the disk LUN ($4, an sg node reached through another initiator).
# Checks are named sg_*; the caller has lib.sh's check/skip.
sg3_inq() { sg_inq "$1" | grep -q "Peripheral device type: disk" || { sg_inq "$1"; return 1; }; }
sg3_readcap() { sg_readcap -l "$1" | grep -q "Logical block length=512 bytes" || { sg_readcap -l "$1"; return 1; }; }
# REPORT TARGET PORT GROUPS as INQUIRY's TPGS field promises (SPC-4 6.4.2): with TPGS 0 (no ALUA for this LUN)
# the command may be unsupported; otherwise it must list the groups with their states.
sg3_rtpg() {
    local tpgs
    tpgs=$(sg_inq "$1" | sed -n 's/.*TPGS=\([0-3]\).*/\1/p')
    need "$tpgs" "INQUIRY shows no TPGS field" || return 1
    if [ "$tpgs" = 0 ]; then
        sg_rtpg "$1" > /tmp/rtpg 2>&1 && ! grep -q "target port group" /tmp/rtpg && { cat /tmp/rtpg; return 1; }
        echo "TPGS=0: $(head -2 /tmp/rtpg)"
    else
        sg_rtpg -d "$1" > /tmp/rtpg 2>&1 && grep -qi "target port group" /tmp/rtpg || { cat /tmp/rtpg; return 1; }
    fi
}
sg3_modes() { sg_modes -a "$1" > /tmp/modes && grep -qi "caching" /tmp/modes || { cat /tmp/modes; return 1; }; }
# A reservation change gives the other nexus a unit attention (SPC-4 5.13): TEST UNIT READY takes it first.
sg3_persist_key() { sg_turs "$1" >/dev/null 2>&1; sg_persist -n -i -k "$1" | grep -qi "0x$2" || { sg_persist -n -i -k "$1"; return 1; }; }
sg3_reservation_is() { # SG TYPE-TEXT
    sg_turs "$1" >/dev/null 2>&1
    sg_persist -n -i -r "$1" > /tmp/res
    grep -qi "$2" /tmp/res || { cat /tmp/res; return 1; }
}
# A WRITE(10) of one block through the second nexus: RESERVATION CONFLICT while the first holds type 1.
sg3_write_conflicts() {
    dd if=/dev/zero of=/tmp/block bs=512 count=1 2>/dev/null
    sg_raw -s 512 -i /tmp/block "$1" 2a 00 00 00 00 10 00 00 01 00 > /tmp/raw 2>&1
    grep -qi "reservation conflict" /tmp/raw || { cat /tmp/raw; return 1; }
}
pr_register() { sg_persist -n -o -G -S 0x1 "$1" && sg_persist -n -o -G -S 0x2 "$2"; }
pr_keys() { sg3_persist_key "$1" 1 && sg3_persist_key "$1" 2; }
pr_reserve1() { sg_persist -n -o -R -K 0x1 -T 1 "$1" && sg3_reservation_is "$2" "type: Write Exclusive *$"; }
pr_release() { sg_persist -n -o -L -K 0x1 -T 1 "$1" && sg3_reservation_is "$1" "no reservation"; }
pr_reserve5() { sg_persist -n -o -R -K 0x1 -T 5 "$1" && sg3_reservation_is "$2" "registrants only"; }
pr_preempt() { sg_persist -n -o -P -K 0x2 -S 0x1 -T 5 "$2" && sg3_reservation_is "$1" "Key=0x2" && ! sg3_persist_key "$1" 1; }
pr_clear() {
    sg_persist -n -o -C -K 0x2 "$2" || return 1
    sg_turs "$1" >/dev/null 2>&1
    sg_persist -n -i -k "$1" | grep -qi "no registered"
}
sg3_persist() {
    local a=$1 b=$2
    sg_persist -n -o -C -K 0x1 "$a" >/dev/null 2>&1
    sg_persist -n -o -C -K 0x2 "$b" >/dev/null 2>&1
    check sg_persist_register pr_register "$a" "$b"
    check sg_persist_read_keys pr_keys "$a"
    check sg_persist_reserve_type1 pr_reserve1 "$a" "$b"
    check sg_persist_type1_conflicts_other_nexus sg3_write_conflicts "$b"
    check sg_persist_release pr_release "$a"
    check sg_persist_reserve_type5 pr_reserve5 "$a" "$b"
    check sg_persist_preempt pr_preempt "$a" "$b"
    check sg_persist_clear pr_clear "$a" "$b"
}
sg3_unmap() { # SG BLOCKDEV: write, see it mapped, unmap, see it deallocated
    dd if=/dev/urandom of="$2" bs=1M count=1 oflag=direct 2>/dev/null || return 1
    sg_get_lba_status -m 2048 "$1" > /tmp/lba1 || { cat /tmp/lba1; return 1; }
    grep -qi "mapped\|0x0 *2048 *0" /tmp/lba1 || { echo "before UNMAP:"; cat /tmp/lba1; return 1; }
    sg_unmap --lba=0 --num=2048 "$1" || return 1
    sg_get_lba_status -m 2048 "$1" > /tmp/lba2 || { cat /tmp/lba2; return 1; }
    grep -qi "dealloc\|unmapped\|anchored" /tmp/lba2 || { echo "after UNMAP:"; cat /tmp/lba2; return 1; }
}
sg3_fstrim() { # BLOCKDEV
    mkfs.ext4 -q -F -E nodiscard "$1" || return 1
    mkdir -p /mnt/thin && mount -t ext4 "$1" /mnt/thin || return 1
    dd if=/dev/urandom of=/mnt/thin/big bs=1M count=16 2>/dev/null && sync && rm /mnt/thin/big && sync
    fstrim -v /mnt/thin > /tmp/fstrim 2>&1
    local rc=$?
    umount /mnt/thin
    cat /tmp/fstrim
    [ $rc -eq 0 ] && grep -q "trimmed" /tmp/fstrim && ! grep -q "(0 bytes) trimmed\|: 0 B" /tmp/fstrim
}
sg3_checks() {
    local d=$1 t=$2 tdev=$3 d2=${4:-$1}
    check sg_inq sg3_inq "$d"
    check sg_vpd_all sg_vpd -a "$d"
    check sg_readcap sg3_readcap "$d"
    check sg_modes sg3_modes "$d"
    check sg_logs sg_logs -a "$d"
    check sg_rtpg sg3_rtpg "$d"
    sg3_persist "$d" "$d2"
    check sg_unmap_thin sg3_unmap "$t" "$tdev"
    check fstrim_thin sg3_fstrim "$tdev"
}
