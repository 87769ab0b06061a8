# The protection family (issue 23): a ramdisk LUN formatted with T10 PI type 1, attached by QEMU's libiscsi as
# scsi-generic at SCSI id $PI_ID, seen by Linux's sd and probed with sg3_utils: READ CAPACITY (16) PROT_EN and
# P_TYPE, the Extended INQUIRY page's SPT/GRD_CHK/APP_CHK/REF_CHK, a WRITE (10) with WRPROTECT 001b and its
# interleaved PI read back with RDPROTECT 001b, and bad guard / reference tags refused with ABORTED COMMAND
# 10h/01h and 10h/03h. Env: PI_ID, PI_LBA (decimal, < 256), PI_FILL (the data byte, octal), PI_GOOD, PI_BAD_GUARD,
# PI_BAD_REF (the 8 PI bytes, hex, computed by the host: the guest has no CRC16 T10-DIF tool).
for m in virtio_scsi sd_mod sg crc_t10dif; do modprobe $m 2>/dev/null; done

wait_for 60 dev_of "$PI_ID"
PI_DEV=$(dev_of "$PI_ID")
check pi_disk_appears need "$PI_DEV" "no sd at SCSI id $PI_ID: $(ls /sys/bus/scsi/devices)"
PI_DEV=${PI_DEV:-none}
SG=/dev/$(basename /sys/block/$PI_DEV/device/scsi_generic/* 2>/dev/null)

# hex_to_file HEX FILE: appends the bytes HEX names to FILE (busybox printf takes octal escapes).
hex_to_file() {
    local h=$1
    while [ -n "$h" ]; do
        printf "\\$(printf %o $((0x${h%"${h#??}"})))" >> "$2"
        h=${h#??}
    done
}
# block_with_pi PI-HEX FILE: one 512-byte block of PI_FILL followed by its 8 PI bytes.
block_with_pi() {
    dd if=/dev/zero bs=512 count=1 2>/dev/null | tr '\000' "\\$PI_FILL" > "$2"
    hex_to_file "$1" "$2"
    [ "$(wc -c < "$2")" -eq 520 ] || { echo "$2 is $(wc -c < "$2") bytes"; return 1; }
}
LBA_HEX=$(printf %02x "$PI_LBA")

pi_readcap() {
    sg_readcap -l "$SG" > /tmp/rc 2>&1
    grep -q "prot_en=1, p_type=0" /tmp/rc || { cat /tmp/rc; return 1; }
    grep "prot_en" /tmp/rc
}
pi_vpd_ei() {
    sg_vpd -p ei "$SG" > /tmp/ei 2>&1 || { cat /tmp/ei; return 1; }
    for f in "SPT=0" GRD_CHK=1 APP_CHK=1 REF_CHK=1; do
        grep -q "$f" /tmp/ei || { echo "no $f in:"; cat /tmp/ei; return 1; }
    done
    grep -E "SPT|CHK" /tmp/ei
}
# WRITE (10) WRPROTECT 001b of one block with its PI: GOOD.
pi_write() {
    rm -f /tmp/good; block_with_pi "$PI_GOOD" /tmp/good || return 1
    sg_raw -s 520 -i /tmp/good "$SG" 2a 20 00 00 00 "$LBA_HEX" 00 00 01 00 > /tmp/raw 2>&1
    local rc=$?
    cat /tmp/raw
    [ $rc -eq 0 ] && ! grep -qi "sense" /tmp/raw
}
# READ (10) RDPROTECT 001b: the block and the PI that was written.
pi_read_back() {
    rm -f /tmp/back
    sg_raw -r 520 -o /tmp/back "$SG" 28 20 00 00 00 "$LBA_HEX" 00 00 01 00 > /tmp/raw 2>&1 || { cat /tmp/raw; return 1; }
    cmp /tmp/good /tmp/back && echo "PI read back: $(dd if=/tmp/back bs=1 skip=512 2>/dev/null | od -An -tx1)"
}
# pi_refused PI-HEX SENSE-TEXT ASCQ: a WRITE (10) WRPROTECT 001b with this PI ends in ABORTED COMMAND 10h/ASCQ.
pi_refused() {
    rm -f /tmp/bad; block_with_pi "$1" /tmp/bad || return 1
    sg_raw -s 520 -i /tmp/bad "$SG" 2a 20 00 00 00 "$LBA_HEX" 00 00 01 00 > /tmp/raw 2>&1
    cp /tmp/raw /tmp/refused.$3
    cat /tmp/raw
    grep -qi "aborted command" /tmp/raw || { echo "no ABORTED COMMAND"; return 1; }
    grep -qiE "$2|asc=0?x?10, ascq=0?x?0$3" /tmp/raw || { echo "no 10h/0$3h"; return 1; }
}
pi_sd_reads() {
    dd if=/dev/$PI_DEV of=/dev/null bs=4096 count=64 iflag=direct 2>&1
}
pi_sd_dif() {
    dmesg | grep -i "DIF Type 1" || { dmesg | grep -i "$PI_DEV" | tail -20; return 1; }
}

check pi_sg_readcap_long pi_readcap
check pi_sg_vpd_ei pi_vpd_ei
check pi_linux_sd_sees_dif_type1 pi_sd_dif
check pi_sg_raw_write10_wrprotect1 pi_write
check pi_sg_raw_read10_rdprotect1_same_pi pi_read_back
check pi_sg_raw_bad_guard_aborted_10_01 pi_refused "$PI_BAD_GUARD" "guard check failed" 1
check pi_sg_raw_bad_ref_tag_aborted_10_03 pi_refused "$PI_BAD_REF" "reference tag check failed" 3
check pi_refused_write_left_block_unchanged pi_read_back
check pi_sd_reads_through_linux pi_sd_reads

# What the tools printed, for docs/conformance.md (not verdicts).
for f in /tmp/rc /tmp/ei /tmp/refused.1 /tmp/refused.3; do
    grep -iE "prot_en|SPT|_CHK|sense|info|status" "$f" 2>/dev/null | sed "s|^|INFO ${f#/tmp/}: |"
done
dmesg | grep -i "DIF" | sed "s|^|INFO dmesg: |"
