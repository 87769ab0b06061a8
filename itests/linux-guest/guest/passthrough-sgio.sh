# SCST's dev handlers on this guest's own SCSI devices through SG_IO (PassThroughGuestIT), Quiver running in the
# guest (start_quiver_in_guest): dev_disk takes QEMU's scsi-hd by its H:C:I:L address (scst.conf's DEVICE 0:0:0:0),
# dev_cdrom the scsi-cd by its bsg node (sg_io_v4), dev_tape the tape drive the host's Quiver serves through QEMU's
# libiscsi (scsi-generic) by /dev/sgN. The guest's open-iscsi logs in to them over loopback; data written through
# Quiver is read back from the device itself, ext4 with checksummed files and e2fsck, the CD's pattern, st with a
# short variable block; the host's libiscsi reaches the disk through user networking (REQUEST host-libiscsi).
# dev_raid and dev_processor take devices of the kernel's scsi_debug (no QEMU device has those types): a storage
# array controller (0Ch) from the start, and a processor (03h) added while Quiver serves, with its device and LUN
# written into the running Quiver's etc/ as a user would.
# Env: CD_SHA256 and CD_BYTES (the CD image's sha256 and size).
TARGET=iqn.2026-12.io.quiver:sgio
PORTAL=127.0.0.1:3260
for m in virtio_scsi sd_mod sr_mod st sg; do modprobe $m; done
host_jdk_checks

# hctl_of_type TYPE: the H:C:I:L of the guest's own (virtio-scsi) device of peripheral type TYPE.
hctl_of_type() {
    local d
    for d in /sys/bus/scsi/devices/*:*:*:*; do
        [ "$(cat "$d/type" 2>/dev/null)" = "$1" ] && basename "$d" && return 0
    done
    return 1
}
wait_for 60 hctl_of_type 1
DISK_HCTL=$(hctl_of_type 0)
CD_HCTL=$(hctl_of_type 5)
TAPE_HCTL=$(hctl_of_type 1)
three_devices() {
    [ -n "$DISK_HCTL" ] && [ -n "$CD_HCTL" ] && [ -n "$TAPE_HCTL" ] || { ls -l /sys/bus/scsi/devices; return 1; }
}
check guest_has_scsi_hd_cd_and_tape three_devices
sg_of() { basename "$(ls -d /sys/bus/scsi/devices/$1/scsi_generic/* 2>/dev/null | head -1)"; }
LOCAL_DISK=$(basename "$(ls -d /sys/bus/scsi/devices/$DISK_HCTL/block/* 2>/dev/null | head -1)")
TAPE_SG=$(sg_of "$TAPE_HCTL")
CD_NODE=/dev/bsg/$CD_HCTL
check cd_has_a_bsg_node test -c "$CD_NODE"

# scsi_debug's peripheral type is one module-wide parameter: the array controller's host now, the processor's later.
SDEBUG=/sys/bus/pseudo/drivers/scsi_debug
modprobe scsi_debug ptype=12 num_tgts=1 max_luns=1 dev_size_mb=4
# debug_hctl TYPE: the H:C:I:L of the scsi_debug device that was scanned with peripheral type TYPE.
debug_hctl() {
    local d
    for d in /sys/bus/scsi/devices/*:*:*:*; do
        grep -qF scsi_debug "$d/model" 2>/dev/null && [ "$(cat "$d/type")" = "$1" ] && basename "$d" && return 0
    done
    return 1
}
wait_for 30 debug_hctl 12
RAID_HCTL=$(debug_hctl 12)
check guest_has_a_scsi_debug_storage_array sh -c "test -n '$RAID_HCTL' || ls -l /sys/bus/scsi/devices"
RAID_SG=$(sg_of "$RAID_HCTL")

# The pass-through devices, their target and LUNs as configuration files over etc/, and quiver-passthrough booted.
EXTRA=/tmp/etc-extra
mkdir -p $EXTRA
awk '{print} /quiver-nullio\// {v = $0; sub(/.*quiver-nullio\//, "", v); sub(/,.*/, "", v); print "    quiver-passthrough/" v ", \\"}' \
    "$QUIVER_HOME/etc/org.apache.karaf.features.cfg" > $EXTRA/org.apache.karaf.features.cfg
printf 'name = %s\n' "$DISK_HCTL" > $EXTRA/io.quiver.handler.passthrough.disk-sgdisk.cfg
printf 'name = sgcd\nfilename = %s\n' "$CD_NODE" > $EXTRA/io.quiver.handler.passthrough.cdrom-sgcd.cfg
printf 'name = sgtape\nfilename = /dev/%s\n' "$TAPE_SG" > $EXTRA/io.quiver.handler.passthrough.tape-sgtape.cfg
printf 'name = %s\n' "$RAID_HCTL" > $EXTRA/io.quiver.handler.passthrough.raid-sgraid.cfg
printf 'name = %s\nenabled = true\n' "$TARGET" > $EXTRA/io.quiver.transport.iscsi.target-sgio.cfg
lun=0
for d in "$DISK_HCTL" sgcd sgtape "$RAID_HCTL"; do
    printf 'target = %s\nlun = %s\ndevice = %s\n' "$TARGET" $lun "$d" > $EXTRA/io.quiver.core.lun-sgio$lun.cfg
    lun=$((lun + 1))
done
# Listening on every guest address, so that the host's libiscsi reaches the portal through user networking.
sed 's/^quiver.bind.address *=.*/quiver.bind.address = 0.0.0.0/' "$QUIVER_HOME/etc/system.properties" > $EXTRA/system.properties
export QUIVER_ETC_EXTRA=$EXTRA
run_step quiver_starts_in_guest start_quiver_in_guest

start_iscsid sgio
# session_dev LUN CLASS: the block (sd, sr) or st node the session to $TARGET has at LUN.
session_dev() {
    local s d
    for s in /sys/class/iscsi_session/session*; do
        [ "$(cat "$s/targetname" 2>/dev/null)" = "$TARGET" ] || continue
        for d in "$s"/device/target*/*:0:0:"$1"/$2/*; do
            # st's class has st1, nst1, st1a...: the rewinding node's name is the drive's.
            case "$(basename "$d")" in n*|*[a-z]) [ "$2" = scsi_tape ] && continue ;; esac
            [ -e "$d" ] && basename "$d" && return 0
        done
    done
    return 1
}
check iscsi_discovery_lists_the_target sh -c "iscsiadm -m discovery -t st -p $PORTAL | grep -F $TARGET"
check iscsi_login_over_loopback sh -c "iscsiadm -m node -T $TARGET -l && iscsiadm -m session"
four_luns() { wait_for 180 session_dev 2 scsi_tape && wait_for 30 session_dev 3 scsi_generic; }
check four_pass_through_luns four_luns
DISK=$(session_dev 0 block)
CD=$(session_dev 1 block)
TAPE=$(session_dev 2 scsi_tape)
DISK_SG=$(basename "$(ls -d /sys/block/$DISK/device/scsi_generic/* 2>/dev/null | head -1)")

check disk_is_the_scsi_hd sh -c "sg_inq -p 0x80 /dev/$DISK_SG | grep -F QVRSGIO0"
check disk_capacity_of_the_image sh -c "sg_readcap /dev/$DISK_SG | grep -F 'Device size: 268435456 bytes'"
check disk_reports_the_core_port_designators sh -c "sg_vpd -p di /dev/$DISK_SG | grep -i 'Relative target port'"

# 6 MiB written through Quiver with O_DIRECT, read back from the scsi-hd itself, and the other way.
through_and_back() {
    dd if=/dev/urandom of=/tmp/a bs=1M count=6 2>/dev/null
    dd if=/tmp/a of=/dev/$DISK bs=1M seek=20 count=6 oflag=direct conv=fsync 2>&1 || return 1
    dd if=/dev/$LOCAL_DISK of=/tmp/b bs=1M skip=20 count=6 iflag=direct 2>&1 || return 1
    equal device "$(sha256sum < /tmp/a)" "$(sha256sum < /tmp/b)" || return 1
    dd if=/dev/urandom of=/dev/$LOCAL_DISK bs=1M seek=40 count=3 oflag=direct conv=fsync 2>/dev/null
    dd if=/dev/$LOCAL_DISK of=/tmp/c bs=1M skip=40 count=3 iflag=direct 2>/dev/null
    dd if=/dev/$DISK of=/tmp/d bs=1M skip=40 count=3 iflag=direct 2>&1 || return 1
    equal quiver "$(sha256sum < /tmp/c)" "$(sha256sum < /tmp/d)"
}
check data_through_quiver_is_on_the_device through_and_back
check persistent_reservation_kept_by_the_core sh -c "sg_persist --out --register --param-sark=0x5a /dev/$DISK_SG \
    && sg_persist --in --read-keys /dev/$DISK_SG | grep -F 0x5a"

ext4_files() {
    mkfs.ext4 -q -F /dev/$DISK || return 1
    mkdir -p /mnt/pt && mount /dev/$DISK /mnt/pt || return 1
    for i in 1 2 3 4; do dd if=/dev/urandom of=/mnt/pt/f$i bs=256k count=$((i * 3)) 2>/dev/null; done
    (cd /mnt/pt && sha256sum f1 f2 f3 f4 > /tmp/sums)
    umount /mnt/pt && echo 3 > /proc/sys/vm/drop_caches
    mount /dev/$DISK /mnt/pt && (cd /mnt/pt && sha256sum -c /tmp/sums) || return 1
    umount /mnt/pt && e2fsck -fn /dev/$DISK
}
check ext4_checksummed_files_and_fsck ext4_files

check cd_is_a_cdrom sh -c "sg_inq /dev/$CD | grep -i 'PDT=5\|cd/dvd'"
cd_pattern() {
    equal cd "$CD_SHA256" "$(dd if=/dev/$CD bs=64k count=$((CD_BYTES / 65536)) 2>/dev/null | sha256sum | cut -d' ' -f1)"
}
check cd_reads_the_image_pattern cd_pattern
check cd_refuses_writes sh -c "! dd if=/dev/zero of=/dev/$CD bs=2048 count=1 oflag=direct 2>/dev/null"

MT=mt-st
command -v mt-st >/dev/null || MT=mt
# The tape: a tar archive and a short variable block (10 KiB read with 64 KiB asked: st gets the ILI residual).
tape_tar() {
    $MT -f /dev/n$TAPE rewind && $MT -f /dev/n$TAPE setblk 0 || return 1
    # busybox's tar has no blocking factor: dd cuts the archive into 10 KiB records (the last one zero-padded),
    # read back asking 64 KiB per record, so every record comes back short (ILI) with its own length.
    tar -C /tmp/etc-extra -cf /tmp/w.tar . && dd if=/tmp/w.tar of=/dev/n$TAPE bs=10240 conv=sync 2>/dev/null || return 1
    $MT -f /dev/n$TAPE weof 1 && $MT -f /dev/n$TAPE rewind || return 1
    dd if=/dev/n$TAPE of=/tmp/r.tar bs=65536 2>&1 || return 1
    mkdir -p /tmp/untar && tar -C /tmp/untar -xf /tmp/r.tar || return 1
    diff -r /tmp/etc-extra /tmp/untar
}
check tape_tar_through_dev_tape tape_tar
short_block() {
    $MT -f /dev/n$TAPE rewind || return 1
    dd if=/dev/urandom of=/tmp/blk bs=10240 count=1 2>/dev/null
    dd if=/tmp/blk of=/dev/n$TAPE bs=10240 count=1 2>/dev/null && $MT -f /dev/n$TAPE weof 1 || return 1
    $MT -f /dev/n$TAPE rewind || return 1
    dd if=/dev/n$TAPE of=/tmp/blk2 bs=65536 count=1 2>&1 | tee /tmp/dd.out
    equal bytes 10240 "$(stat -c %s /tmp/blk2)" && cmp /tmp/blk /tmp/blk2
}
check tape_short_block_read short_block
check tape_status_through_dev_tape sh -c "$MT -f /dev/n$TAPE status"

# dev_raid: the array controller's identity, its serial number and TEST UNIT READY through Quiver.
RAID=$(session_dev 3 scsi_generic)
serial_of() { sg_inq -p 0x80 "/dev/$1" 2>/dev/null | sed -n 's/.*Unit serial number: *//p'; }
same_serial() {
    local a b
    a=$(serial_of "$1")
    b=$(serial_of "$2")
    [ -n "$a" ] && equal serial "$a" "$b"
}
# pdt_is SG TYPE: standard INQUIRY (the core's, with the device's type) names that peripheral device type.
pdt_is() {
    sg_inq "/dev/$1" > /tmp/inq 2>&1
    cat /tmp/inq
    grep -qE "PDT=$2([^0-9]|\$)" /tmp/inq
}
# ready SG: TEST UNIT READY, once more after a unit attention (the device's or the new nexus's power on, which no
# upper driver has taken: only sg is bound to these types).
ready() {
    sg_turs "/dev/$1" > /tmp/tur 2>&1 && return 0
    cat /tmp/tur
    grep -qi "unit attention" /tmp/tur && sg_turs "/dev/$1"
}
check raid_is_a_storage_array_controller pdt_is "$RAID" 12
check raid_serial_is_the_devices same_serial "$RAID_SG" "$RAID"
check raid_test_unit_ready ready "$RAID"

# dev_processor, added to the running Quiver: a processor of scsi_debug's, its device and LUN 4 as files in etc/
# (Karaf's fileinstall applies them), and open-iscsi's rescan finds the LUN. From here on scsi_debug answers
# INQUIRY with type 3 for its first device too: the array controller is not asked again.
processor_hot_add() {
    echo 3 > $SDEBUG/ptype && echo 1 > $SDEBUG/add_host || return 1
    wait_for 30 debug_hctl 3 || { ls -l /sys/bus/scsi/devices; return 1; }
    PROC_HCTL=$(debug_hctl 3)
    PROC_SG=$(sg_of "$PROC_HCTL")
    printf 'name = %s\n' "$PROC_HCTL" > $QUIVER_BASE/etc/io.quiver.handler.passthrough.processor-sgproc.cfg
    printf 'target = %s\nlun = 4\ndevice = %s\n' "$TARGET" "$PROC_HCTL" > $QUIVER_BASE/etc/io.quiver.core.lun-sgio4.cfg
}
run_step processor_added_to_the_running_quiver processor_hot_add
rescanned_lun4() { iscsiadm -m session -R >/dev/null 2>&1; session_dev 4 scsi_generic; }
check processor_lun_after_rescan wait_for 120 rescanned_lun4
PROC=$(session_dev 4 scsi_generic)
check processor_is_a_processor pdt_is "$PROC" 3
check processor_serial_is_the_devices same_serial "$PROC_SG" "$PROC"
check processor_test_unit_ready ready "$PROC"
# SEND DIAGNOSTIC (self-test) and an opcode no device knows: the same outcome through Quiver as on the device.
outcome() {
    "$@" > /tmp/outcome 2>&1
    echo "exit $?"
    grep -iE 'sense key|additional sense' /tmp/outcome
}
same_outcome() {
    local a b
    a=$(outcome "$@" "/dev/$PROC_SG")
    b=$(outcome "$@" "/dev/$PROC")
    echo "$b"
    equal outcome "$a" "$b"
}
check processor_send_diagnostic_self_test same_outcome sg_senddiag -t
unknown_opcode() { sg_raw "$1" c5 00 00 00 00 00 00 00 00 00; }
check processor_unknown_opcode_sense same_outcome unknown_opcode

check host_libiscsi_reaches_the_disk request host-libiscsi
check iscsi_logout iscsiadm -m node -T $TARGET -u
check karaf_log_split_limit_read sh -c "grep -F 'are split' $QUIVER_BASE/data/log/karaf.log"
grep -hF "are split" $QUIVER_BASE/data/log/karaf.log | sed "s/^/GUEST INFO /"
run_step quiver_stops_cleanly stop_quiver_in_guest
check karaf_log_has_no_error karaf_log_errors "$QUIVER_BASE/data/log/karaf.log"
