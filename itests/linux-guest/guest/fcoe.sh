# Linux's software FCoE initiator (fcoe/libfcoe/libfc, FIP VN2VN) against Quiver's fcst target on the guest's
# second NIC, eth1: a tap device in a network namespace the test made, with Quiver's VN_Port on its host side.
# The controller is made through the fcoe sysfs interface (/sys/bus/fcoe/ctlr_create, mode, enabled), which is
# what fcoe-utils' fcoeadm does for fcoemon; fcoemon itself (a daemon talking to lldpad) has no DCB to do here.
# Then: the remote port logs in as an FCP target, its LUN is an sd disk, sg3_utils and persistent reservations
# work through it, parallel direct I/O reads back what it wrote, ext4 with checksummed files survives e2fsck, a LUN reset (sg_reset -d), a link flap in the guest and one on
# the target's side (REQUEST target-link-flap), and the driver uninstalled and installed again under I/O (REQUEST
# target-driver-reinstall).
# Env: FCOE_NIC (eth1), TARGET_WWPN (Quiver's port name, colon notation), LUN, DISK_SIZE (bytes)
. ./sg3.sh
. ./ext4.sh

wwpn_hex=0x$(echo "$TARGET_WWPN" | tr -d ':')
# The rport of Quiver's WWPN (fc_remote_ports/rport-H:B-N), once libfc has it.
fc_rport() {
    local r
    for r in /sys/class/fc_remote_ports/rport-*; do
        [ "$(cat "$r/port_name" 2>/dev/null)" = "$wwpn_hex" ] && echo "$r" && return 0
    done
    return 1
}
fc_online() { local r; r=$(fc_rport) && [ "$(cat "$r/port_state")" = Online ]; }
# The sd disk of LUN $LUN behind that rport (its SCSI target sits under the rport's device).
fc_disk() {
    local r d
    r=$(fc_rport) || return 1
    for d in $(readlink -f "$r/device")/target*/*:"$LUN"/block/*; do
        [ -e "$d" ] && basename "$d" && return 0
    done
    return 1
}
fc_sg() {
    local d
    d=$(fc_disk) || return 1
    basename "$(ls -d /sys/block/"$d"/device/scsi_generic/sg* | head -1)"
}
fc_state() { # what the guest knows, for a failed check
    for f in /sys/class/fc_host/host*/port_name /sys/class/fc_host/host*/port_id /sys/class/fc_host/host*/port_state \
             /sys/class/fc_remote_ports/rport-*/port_name /sys/class/fc_remote_ports/rport-*/port_state \
             /sys/class/fc_remote_ports/rport-*/roles; do
        [ -e "$f" ] && echo "$f: $(cat "$f")"
    done
    dmesg | grep -i "fcoe\|libfc\|host[0-9]\|rport\|sd " | tail -n 30
}

fcoe_vn2vn_controller() {
    modprobe fcoe || return 1
    ip link set "$FCOE_NIC" up || return 1
    echo "$FCOE_NIC" > /sys/bus/fcoe/ctlr_create || return 1
    wait_for 10 sh -c 'ls -d /sys/bus/fcoe/devices/ctlr_*' || { echo "no FCoE controller"; return 1; }
    FCOE_CTLR=$(ls -d /sys/bus/fcoe/devices/ctlr_* | head -1)
    echo vn2vn > "$FCOE_CTLR/mode" || return 1
    echo 1 > "$FCOE_CTLR/enabled" || return 1
    equal mode vn2vn "$(cat "$FCOE_CTLR/mode" | tr 'A-Z' 'a-z' | tr -d ' ')"
}
fcoe_login() {
    wait_for 60 fc_online || { fc_state; return 1; }
    local r
    r=$(fc_rport)
    grep -q "FCP Target" "$r/roles" || { fc_state; return 1; }
    echo "$r: $(cat "$r/port_id") $(cat "$r/roles")"
}
fcoe_lun_is_disk() {
    wait_for 60 fc_disk || { fc_state; ls /sys/bus/scsi/devices; return 1; }
    DISK=/dev/$(fc_disk)
    wait_for 10 test -b "$DISK" || { echo "no $DISK"; return 1; }
    SG=/dev/$(fc_sg)
    equal size "$DISK_SIZE" "$(blockdev --getsize64 "$DISK")" || return 1
    echo "$DISK $SG"
}
fcoe_vpd() { # the device identification page: an NAA name of the LU, and the target port on FCP (SPC-4 7.8.6)
    sg_vpd -p di "$1" > /tmp/di || { cat /tmp/di; return 1; }
    grep -qi "designator type: NAA" /tmp/di && grep -qi "transport: Fibre Channel" /tmp/di || { cat /tmp/di; return 1; }
    # The target port is named by its WWPN too (an NAA designator, association target port; TARGET_WWPN is NAA 2h),
    # the target device by its WWNN, and sg_vpd finds nothing unexpected in the page.
    sed -n '/^  Target port:/,/^  Target device/p' /tmp/di | grep -qi "^ *$wwpn_hex\$" || { cat /tmp/di; return 1; }
    sed -n '/^  Target device/,$p' /tmp/di | grep -qi "designator type: NAA" || { cat /tmp/di; return 1; }
    ! grep -qi "unexpected" /tmp/di || { cat /tmp/di; return 1; }
}
fcoe_persist() { # one I_T nexus: register, reserve Write Exclusive, read both back, release, clear
    sg_persist -n -o -C -K 0xfc1 "$1" >/dev/null 2>&1
    sg_persist -n -o -G -S 0xfc1 "$1" || return 1
    sg3_persist_key "$1" fc1 || return 1
    sg_persist -n -o -R -K 0xfc1 -T 1 "$1" || return 1
    sg3_reservation_is "$1" "type: Write Exclusive *$" || return 1
    # The holder itself may still write (SPC-4 5.13.10).
    dd if=/dev/zero of=/tmp/block bs=512 count=1 2>/dev/null
    sg_raw -s 512 -i /tmp/block "$1" 2a 00 00 00 00 10 00 00 01 00 || return 1
    sg_persist -n -o -L -K 0xfc1 -T 1 "$1" && sg3_reservation_is "$1" "no reservation" || return 1
    sg_persist -n -o -C -K 0xfc1 "$1" || return 1
    sg_persist -n -i -k "$1" | grep -qi "no registered"
}
# Four 8 MiB direct writes at once, 1 MiB each (hundreds of data-out frames in flight), then one direct read
# of all 32 MiB: the bytes come back as written (a frame the target's socket dropped would cost a timeout).
fcoe_parallel_io() {
    local i pids=""
    dd if=/dev/urandom of=/tmp/pattern bs=1M count=32 2>/dev/null || return 1
    for i in 0 1 2 3; do
        dd if=/tmp/pattern of="$1" bs=1M count=8 skip=$((i * 8)) seek=$((i * 8)) oflag=direct conv=notrunc 2>/dev/null &
        pids="$pids $!"
    done
    for i in $pids; do
        wait "$i" || { echo "a writer failed"; return 1; }
    done
    equal md5 "$(md5sum < /tmp/pattern | cut -d' ' -f1)" \
        "$(dd if="$1" bs=1M count=32 iflag=direct 2>/dev/null | md5sum | cut -d' ' -f1)"
}
fcoe_lun_reset() { # LOGICAL UNIT RESET through libfc's eh_device_reset: FCP_CMND with the TMF flag
    sg_reset -d "$1" || return 1
    # The reset leaves a unit attention (SPC-4 6.3.5 "power on, reset, or bus device reset occurred").
    sg_turs "$1" > /tmp/turs 2>&1
    sg_turs "$1" || { cat /tmp/turs; return 1; }
    dmesg | grep -i "reset" | tail -n 3
}
# Link down in the guest: libfc logs the rport off and the SCSI target is blocked; link up: VN2VN probes and
# claims again, Quiver's beacon brings the login back, and the same sd disk answers (dev_loss_tmo is 60 s).
fcoe_link_flap() {
    ip link set "$FCOE_NIC" down || return 1
    wait_for 20 sh -c '! grep -q Online "$(ls -d /sys/class/fc_remote_ports/rport-* | head -1)/port_state"' \
        || { echo "rport stayed Online with the link down"; fc_state; return 1; }
    sleep 2
    ip link set "$FCOE_NIC" up || return 1
    wait_for 60 fc_online || { echo "no login after the link came back"; fc_state; return 1; }
    wait_for 30 sg_turs "$SG" || { sg_turs "$SG"; fc_state; return 1; }
    equal disk "$DISK" "/dev/$(fc_disk)"
}
# The target's side of the link goes down and up (the host takes the tap down for 3 s): its packet sockets see
# ENETDOWN and must go on receiving; the login survives (3 s is less than 2.5 beacon intervals).
fcoe_target_link_flap() {
    request target-link-flap || return 1
    wait_for 30 sg_turs "$SG" || { sg_turs "$SG"; fc_state; return 1; }
    fc_online || { fc_state; return 1; }
}
# Quiver's shell uninstalls the quiver-fcoe feature and installs it again (REQUEST target-driver-reinstall) while
# the guest rewrites a file on the ext4 with O_DIRECT in a loop: the target's logins end with the driver, it
# probes and claims again when it is back, libfc logs in again, the writes complete, and the file read back with
# O_DIRECT is what was written. Nothing else on the disk changes (the checks after it).
fcoe_target_reinstall_under_io() {
    local writer rc=0
    rm -f /tmp/reinstalled /tmp/reinstall-writes
    dd if=/dev/urandom of=/tmp/reinstall-pattern bs=1M count=4 2>/dev/null || return 1
    mount -t ext4 "$DISK" /mnt/ext4 || return 1
    (
        while :; do
            dd if=/tmp/reinstall-pattern of=/mnt/ext4/under-io bs=1M oflag=direct conv=fsync 2>&1 || exit 1
            echo >> /tmp/reinstall-writes
            [ -e /tmp/reinstalled ] && exit 0
        done
    ) > /tmp/reinstall-writer.log &
    writer=$!
    wait_for 60 test -s /tmp/reinstall-writes || rc=1
    [ $rc = 0 ] && { request target-driver-reinstall || rc=1; }
    touch /tmp/reinstalled
    if [ $rc = 0 ]; then
        wait_for 120 fc_online || { echo "no login after the driver came back"; fc_state; rc=1; }
    fi
    wait_for 180 sh -c "! kill -0 $writer" || { echo "the writes did not complete"; kill "$writer"; rc=1; }
    wait "$writer" || { echo "a write failed:"; tail -n 5 /tmp/reinstall-writer.log; rc=1; }
    echo "$(wc -l < /tmp/reinstall-writes) writes of 4 MiB, the last after the reinstall"
    [ $rc = 0 ] && equal "the file written across the reinstall" "$(md5sum < /tmp/reinstall-pattern)" \
        "$(dd if=/mnt/ext4/under-io bs=1M iflag=direct 2>/dev/null | md5sum)" || rc=1
    rm -f /mnt/ext4/under-io
    umount /mnt/ext4 || rc=1
    return $rc
}

check fcoe_vn2vn_controller fcoe_vn2vn_controller
check fcoe_target_logged_in fcoe_login
check fcoe_lun_is_sd_disk fcoe_lun_is_disk
DISK=/dev/$(fc_disk 2>/dev/null)
SG=/dev/$(fc_sg 2>/dev/null)
check fcoe_sg_inq sg3_inq "$SG"
check fcoe_sg_readcap sg3_readcap "$SG"
check fcoe_sg_vpd_all sg_vpd -a "$SG"
check fcoe_sg_vpd_device_id fcoe_vpd "$SG"
check fcoe_sg_persist fcoe_persist "$SG"
check fcoe_parallel_direct_io fcoe_parallel_io "$DISK"
check fcoe_ext4_write ext4_write "$DISK"
check fcoe_e2fsck e2fsck -f -n "$DISK"
check fcoe_ext4_verify ext4_verify "$DISK"
check fcoe_sg_reset_lun fcoe_lun_reset "$SG"
check fcoe_verify_after_reset ext4_verify "$DISK"
check fcoe_link_flap fcoe_link_flap
check fcoe_verify_after_flap ext4_verify "$DISK"
check fcoe_e2fsck_after_flap e2fsck -f -n "$DISK"
check fcoe_target_link_flap fcoe_target_link_flap
check fcoe_verify_after_target_flap ext4_verify "$DISK"
check fcoe_target_reinstall_under_io fcoe_target_reinstall_under_io
check fcoe_e2fsck_after_reinstall e2fsck -f -n "$DISK"
check fcoe_verify_after_reinstall ext4_verify "$DISK"
