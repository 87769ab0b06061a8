# The pass-through family: QEMU's own iSCSI initiator (libiscsi in qemu-block-extra) attaches the LUNs to a
# virtio-scsi HBA with -device scsi-block (disk: SCSI id $DISK_ID, thin: $THIN_ID) and -device scsi-generic
# (the disk again, SCSI id $GENERIC_ID, under another initiator name): the guest's CDBs reach the target
# unchanged, and the two attachments of the disk are two I_T nexuses. Env: DISK_ID THIN_ID GENERIC_ID DISK_SIZE
for m in virtio_scsi sd_mod sg ext4 crc32c_generic; do modprobe $m; done

sg_of() {
    basename /sys/block/$1/device/scsi_generic/*
}
wait_for 60 dev_of "$DISK_ID"
wait_for 30 dev_of "$GENERIC_ID"
DISK=$(dev_of "$DISK_ID") THIN=$(dev_of "$THIN_ID") GENERIC=$(dev_of "$GENERIC_ID")
check scsi_block_disk_appears need "$DISK" "no sd at SCSI id $DISK_ID: $(ls /sys/bus/scsi/devices)"
check scsi_generic_disk_appears need "$GENERIC" "no sd at SCSI id $GENERIC_ID: $(ls /sys/bus/scsi/devices)"
DISK=${DISK:-none} THIN=${THIN:-none} GENERIC=${GENERIC:-none}
check scsi_block_size equal size "$DISK_SIZE" "$(($(cat /sys/block/$DISK/size) * 512))"
check scsi_generic_size equal size "$DISK_SIZE" "$(($(cat /sys/block/$GENERIC/size) * 512))"
check scsi_block_vendor_passed_through equal "T10 vendor" "$(sg_inq /dev/$(sg_of $GENERIC) | sed -n 's/.*Vendor identification: *//p')" \
    "$(sg_inq /dev/$(sg_of $DISK) | sed -n 's/.*Vendor identification: *//p')"

. ./sg3.sh
sg3_checks "/dev/$(sg_of $DISK)" "/dev/$(sg_of $THIN)" "/dev/$THIN" "/dev/$(sg_of $GENERIC)"

. ./ext4.sh
check ext4_write_scsi_block ext4_write /dev/$DISK
# The same LUN read through the other attachment: what scsi-block wrote, scsi-generic reads back.
echo 3 > /proc/sys/vm/drop_caches
blockdev --flushbufs /dev/$GENERIC 2>/dev/null
check ext4_fsck_scsi_generic e2fsck -f -n /dev/$GENERIC
check ext4_verify_scsi_generic ext4_verify /dev/$GENERIC
check ext4_remount_verify_scsi_block ext4_verify /dev/$DISK
