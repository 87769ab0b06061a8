# The tape family: a tape library (changer + two drives) attached through QEMU's libiscsi as scsi-generic
# (changer: SCSI id $CHANGER_ID, drives: $DRIVE_ID and $DRIVE2_ID), driven by Linux's st and ch drivers and
# by mt-st, mtx, tapeinfo, loaderinfo, tar and dd. The library holds TAPE01..TAPE03 in slots 1..3 of
# $SLOTS slots and one import/export element. The last check asks the host to restart the target
# (REQUEST restart) and reads back what was written before. Env: CHANGER_ID DRIVE_ID DRIVE2_ID SLOTS
for m in virtio_scsi sg st ch; do modprobe $m; done

# node_of SCSI-ID CLASS PATTERN: the node of that class (scsi_tape, scsi_generic, scsi_changer) at the id.
node_of() {
    local d n
    for d in /sys/bus/scsi/devices/*:0:"$1":0/$2/*; do
        [ -e "$d" ] || continue
        n=$(basename "$d")
        echo "$n" | grep -qE "^$3\$" && echo "$n" && return 0
    done
    return 1
}
wait_for 60 node_of "$CHANGER_ID" scsi_generic 'sg[0-9]+'
wait_for 30 node_of "$DRIVE_ID" scsi_tape 'nst[0-9]+'
wait_for 30 node_of "$DRIVE2_ID" scsi_tape 'nst[0-9]+'
CHG=/dev/$(node_of "$CHANGER_ID" scsi_generic 'sg[0-9]+')
NST=/dev/$(node_of "$DRIVE_ID" scsi_tape 'nst[0-9]+')
DSG=/dev/$(node_of "$DRIVE_ID" scsi_generic 'sg[0-9]+')
NST2=/dev/$(node_of "$DRIVE2_ID" scsi_tape 'nst[0-9]+')
DSG2=/dev/$(node_of "$DRIVE2_ID" scsi_generic 'sg[0-9]+')
MT=mt-st
command -v mt-st >/dev/null || MT=mt

check changer_and_drives_appear need "$(node_of "$DRIVE2_ID" scsi_tape 'nst[0-9]+')" \
    "changer $CHG drive $NST drive2 $NST2: $(ls /sys/bus/scsi/devices)"
check ch_driver_binds_changer need "$(node_of "$CHANGER_ID" scsi_changer 'sch[0-9]+')" "no sch node for the changer"
check inquiry_changer_type_8 sh -c "sg_inq $CHG | grep -q 'PDT=8'"
check inquiry_drive_type_1_removable sh -c "sg_inq $DSG | grep -q 'PDT=1' && sg_inq $DSG | grep -q 'RMB=1'"
serials() {
    local a b
    a=$(sg_vpd -p sn "$DSG" | sed -n 's/.*Unit serial number: *//p')
    b=$(sg_vpd -p sn "$DSG2" | sed -n 's/.*Unit serial number: *//p')
    echo "drive0 '$a' drive1 '$b'"
    [ -n "$a" ] && [ -n "$b" ] && [ "$a" != "$b" ]
}
check drive_serials_unique serials
check loaderinfo sh -c "loaderinfo -f $CHG; loaderinfo -f $CHG | grep -q 'Number of Storage Elements: $SLOTS'"
mtx_has() {
    local s
    s=$(mtx -f "$CHG" status) || { echo "$s"; return 1; }
    echo "$s"
    for p in "$@"; do
        echo "$s" | grep -qE "$p" || { echo "missing: $p"; return 1; }
    done
}
check mtx_status_barcodes mtx_has 'Storage Element 1:Full :VolumeTag=TAPE01' 'Storage Element 3:Full :VolumeTag=TAPE03' \
    'Storage Element 4:Empty' 'Data Transfer Element 0:Empty' 'IMPORT/EXPORT:Empty'
check mtx_load mtx -f "$CHG" load 1 0
check mtx_status_loaded mtx_has 'Data Transfer Element 0:Full \(Storage Element 1 Loaded\):VolumeTag ?= ?TAPE01'
ready() {
    wait_for 30 sh -c "$MT -f $1 status | grep -q ONLINE"
    $MT -f "$1" status
}
check mt_status_online ready "$NST"
check tapeinfo sh -c "tapeinfo -f $DSG; tapeinfo -f $DSG | grep -q 'MaxBlock: 16777215'"

# A directory tree with empty, tiny, odd-sized and multi-megabyte files.
mkdir -p /tmp/tree/a/b/c /tmp/tree/d
: > /tmp/tree/empty
echo hello > /tmp/tree/a/hello
dd if=/dev/urandom of=/tmp/tree/a/b/odd bs=1 count=12345 2>/dev/null
dd if=/dev/urandom of=/tmp/tree/a/b/c/big bs=65536 count=40 2>/dev/null
dd if=/dev/urandom of=/tmp/tree/d/medium bs=4096 count=77 2>/dev/null
cp /bin/busybox /tmp/tree/d/busybox

# tar_to_tape BLOCK-SIZE RECORD: the tree's tar archive to the no-rewind device in RECORD-byte writes (the guest's
# tar is busybox's, which has no blocking factor: dd cuts the archive into records, the last one zero-padded).
tar_to_tape() {
    $MT -f "$NST" setblk "$1" && $MT -f "$NST" rewind || return 1
    tar -C /tmp/tree -cf /tmp/w.tar . || return 1
    dd if=/tmp/w.tar of="$NST" bs="$2" conv=sync 2>/tmp/dd.err || { cat /tmp/dd.err; return 1; }
}
# tar_from_tape RECORD: reads the archive back in RECORD-byte reads and compares the tree file by file.
tar_from_tape() {
    rm -rf /tmp/out /tmp/r.tar && mkdir /tmp/out
    dd if="$NST" of=/tmp/r.tar bs="$1" 2>/tmp/dd.err || { cat /tmp/dd.err; return 1; }
    tar -C /tmp/out -xf /tmp/r.tar || return 1
    diff -r /tmp/tree /tmp/out && echo "$(find /tmp/out -type f | wc -l) files equal"
}
tar_roundtrip() {
    tar_to_tape "$1" "$2" && $MT -f "$NST" rewind && tar_from_tape "$2"
}
check tar_variable_mode tar_roundtrip 0 10240
check tar_fixed_64k_mode tar_roundtrip 65536 65536
status_has() {
    local s
    s=$($MT -f "$NST" status)
    echo "$s"
    echo "$s" | grep -q "$1"
}
check mt_status_fixed_64k status_has 'Tape block size 65536 bytes'
check mt_status_density status_has 'Density code 0x44'

# Three files of three 4 KiB blocks (st writes a filemark when it closes after writing), then one more filemark:
# A0 A1 A2 FM B0 B1 B2 FM C0 C1 C2 FM FM -- logical objects 0..12, EOD at 13.
for f in A B C; do dd if=/dev/urandom of=/tmp/f$f bs=4096 count=3 2>/dev/null; done
positions() {
    $MT -f "$NST" setblk 0 && $MT -f "$NST" rewind || return 1
    for f in A B C; do dd if=/tmp/f$f of="$NST" bs=4096 2>/dev/null || return 1; done
    $MT -f "$NST" weof 1 || return 1
    $MT -f "$NST" rewind && $MT -f "$NST" fsf 1 || return 1
    equal "tell after fsf 1" "At block 4." "$($MT -f "$NST" tell)" || return 1
    dd if="$NST" of=/tmp/rB bs=4096 2>/dev/null && cmp /tmp/fB /tmp/rB || return 1
    equal "tell after reading file 1" "At block 8." "$($MT -f "$NST" tell)" || return 1
    $MT -f "$NST" bsf 2 || return 1
    equal "tell after bsf 2" "At block 3." "$($MT -f "$NST" tell)" || return 1
    $MT -f "$NST" seek 8 || return 1
    dd if="$NST" of=/tmp/rC bs=4096 2>/dev/null && cmp /tmp/fC /tmp/rC || return 1
    $MT -f "$NST" eod || return 1
    equal "tell at end of data" "At block 13." "$($MT -f "$NST" tell)" || return 1
    $MT -f "$NST" status
}
check weof_fsf_bsf_tell_seek_eod positions

# dd in variable mode with several block sizes, each size a file of its own; a read with a smaller buffer than
# the block fails (ILI with a negative residue: st answers ENOMEM).
dd if=/dev/urandom of=/tmp/data bs=262144 count=4 2>/dev/null
block_sizes() {
    $MT -f "$NST" setblk 0 && $MT -f "$NST" rewind || return 1
    for bs in 512 4096 65536 262144; do
        dd if=/tmp/data of="$NST" bs=$bs count=4 2>/dev/null || { echo "write bs=$bs"; return 1; }
    done
    $MT -f "$NST" rewind || return 1
    for bs in 512 4096 65536 262144; do
        dd if="$NST" of=/tmp/r bs=$bs 2>/dev/null || { echo "read bs=$bs"; return 1; }
        head -c $((bs * 4)) /tmp/data > /tmp/w
        cmp /tmp/w /tmp/r || { echo "bs=$bs differs"; return 1; }
    done
    $MT -f "$NST" rewind && $MT -f "$NST" fsf 1 || return 1
    if dd if="$NST" of=/dev/null bs=1024 count=1 2>/tmp/err; then
        echo "a 1024-byte read of a 4096-byte block succeeded"
        return 1
    fi
    cat /tmp/err
}
check dd_block_sizes block_sizes

erase() {
    $MT -f "$NST" rewind && $MT -f "$NST" erase && $MT -f "$NST" rewind || return 1
    n=$(dd if="$NST" bs=65536 2>/dev/null | wc -c)
    equal "bytes after erase" 0 "$n"
}
check erase_leaves_nothing erase

check mtx_unload mtx -f "$CHG" unload 1 0
check drive_empty_after_unload sh -c "$MT -f $NST status 2>&1 | grep -q DR_OPEN || ! $MT -f $NST status"
check mtx_transfer mtx -f "$CHG" transfer 2 $SLOTS
check mtx_status_after_transfer mtx_has 'Storage Element 2:Empty' "Storage Element $SLOTS:Full :VolumeTag=TAPE02"
check mtx_load_second_drive mtx -f "$CHG" load $SLOTS 1
check second_drive_online ready "$NST2"
check mtx_export_to_mail_slot mtx -f "$CHG" transfer 3 $((SLOTS + 1))
check mtx_status_after_export mtx_has 'IMPORT/EXPORT:Full :VolumeTag=TAPE03' 'Data Transfer Element 1:Full'

# The same cartridge after a restart of the target: written, flushed, read back.
before_restart() {
    mtx -f "$CHG" load 1 0 && ready "$NST" >/dev/null || return 1
    tar_to_tape 0 10240 && $MT -f "$NST" rewind
}
check write_before_restart before_restart
check target_restarts request restart
after_restart() {
    wait_for 120 sh -c "$MT -f $NST status | grep -q ONLINE" || { $MT -f "$NST" status; return 1; }
    $MT -f "$NST" rewind || $MT -f "$NST" rewind || return 1
    tar_from_tape 10240
}
check same_cartridge_after_restart after_restart
check mtx_status_after_restart mtx_has 'Data Transfer Element 0:Full \(Storage Element 1 Loaded\):VolumeTag ?= ?TAPE01'
