# iSER steps of the SRP family (SrpGuestIT, sourced by srp.sh with Quiver still running): Linux's own iSER
# initiator (ib_iser, open-iscsi's iscsid and iscsiadm) against Quiver's iSCSI driver, whose TCP portal and iSER
# portal (iser_portals, an RDMA CM listener on rxe0) are both at $IP:3260. open-iscsi discovers over TCP with its
# default iface, then logs in to the default target (LUN 0, the 1 GiB fileio disk0) through an iface with
# iface.transport_name = iser at the same address: every PDU then travels in RDMA SENDs, Data-In by RDMA WRITE and
# Data-Out by RDMA READ. sg3_utils, a direct dd compared by sha256, ext4 with sha256-checked files, a remount and
# e2fsck run on the LUN; then logout. Prints "GUEST TIMING iser_login SECONDS" and "GUEST TIMING
# iser_dd_write|iser_dd_read_mb_s MB/s". Needs: IP, sg3.sh, ext4.sh, lib.sh (start_iscsid).
ISER_TARGET=iqn.2026-11.io.quiver:default
ISER_PORTAL=$IP:3260
ISER_DISK_SIZE=1073741824

iser_listening() { # the log line IserPortal writes once RDMA CM listens
    wait_for 60 grep -q "iSER portal .*$IP:3260 listening" "$QUIVER_BASE/data/log/karaf.log" \
        || { grep -i "iser\|rdma\|iscsi" "$QUIVER_BASE/data/log/karaf.log" | tail -n 30 | cut -c1-400; return 1; }
}
check iser_portal_listens iser_listening

iser_rest_tree() { # the management tree over REST shows the driver's iSER portal on /targets/iscsi
    local pw
    pw=$(cat "$QUIVER_BASE/etc/admin.password") || return 1
    busybox wget -q -O /tmp/iscsi-driver \
        "http://admin:$pw@127.0.0.1:$(quiver_property quiver.http.port)/quiver/api/v1/tree/targets/iscsi" || return 1
    grep -o '"iser_portals"[^}]*' /tmp/iscsi-driver | grep -F "$IP:3260" || { cat /tmp/iscsi-driver; return 1; }
}
check iser_portals_in_rest_tree iser_rest_tree

iser_iface() { # the iface that makes open-iscsi log in through ib_iser
    modprobe ib_iser || return 1
    iscsiadm -m iface -I iser0 -o new >/dev/null || return 1
    iscsiadm -m iface -I iser0 -o update -n iface.transport_name -v iser >/dev/null || return 1
    iscsiadm -m iface -I iser0 | grep -q "iface.transport_name = iser"
}
start_iscsid srp-iser
check iser_iface iser_iface
check iser_discovery_over_tcp sh -c "iscsiadm -m discovery -t st -p $ISER_PORTAL | grep -F '$ISER_PORTAL,1 $ISER_TARGET'"
iser_disk() {
    local d
    for d in /sys/class/iscsi_session/session*/device/target*/*:0:0:0/block/*; do
        [ -e "$d" ] && basename "$d" && return 0
    done
    return 1
}
iser_diagnostics() { # what the initiator's kernel and the target logged about a failure
    dmesg | grep -i "iser\|iscsi\|scsi\|rxe\|sd " | tail -n 25
    grep -i "iser\|rdma\|iscsi\|ERROR\|WARN" "$QUIVER_BASE/data/log/karaf.log" | tail -n 25 | cut -c1-400
}
iser_login() { # the node of the discovered target bound to iser0, logged in there
    local t0
    iscsiadm -m node -o new -T $ISER_TARGET -p $ISER_PORTAL -I iser0 >/dev/null || return 1
    iscsiadm -m node -T $ISER_TARGET -p $ISER_PORTAL -I iser0 -o update -n node.session.timeo.replacement_timeout \
        -v 5 >/dev/null || return 1
    t0=$(seconds)
    iscsiadm -m node -T $ISER_TARGET -p $ISER_PORTAL -I iser0 -l || { iser_diagnostics; return 1; }
    wait_for 60 iser_disk || { iser_diagnostics; return 1; }
    echo "GUEST TIMING iser_login $(awk "BEGIN {print $(seconds) - $t0}")"
    iscsiadm -m session
}
run_step iser_login iser_login
# The session runs on the iser transport (open-iscsi prints it first), not on iscsi_tcp.
check iser_session_is_iser sh -c "iscsiadm -m session | grep -E '^iser: .* $ISER_PORTAL,1 $ISER_TARGET' || { iscsiadm -m session; exit 1; }"
DISK=/dev/$(iser_disk 2>/dev/null)
SG=/dev/$(basename /sys/block/"$(iser_disk 2>/dev/null)"/device/scsi_generic/* 2>/dev/null)
check iser_lun_is_1gib_disk sh -c "test -b $DISK && [ \$(blockdev --getsize64 $DISK) -eq $ISER_DISK_SIZE ]"
check iser_sg_inq_names_quiver sh -c "sg_inq $SG | grep -i 'Vendor identification: *QUIVER'"
check iser_sg_inq_disk sg3_inq "$SG"
check iser_sg_readcap sg3_readcap "$SG"
# 64 MiB written and read back with O_DIRECT at 100 MiB, compared (lib.sh).
run_step iser_direct_dd direct_dd iser "$DISK" 100 iser_diagnostics
EXT4_HASH=sha256sum
check iser_ext4_write ext4_write "$DISK"
check iser_e2fsck e2fsck -f -n "$DISK"
check iser_ext4_verify_after_remount ext4_verify "$DISK"
unset EXT4_HASH
check iser_logout sh -c "iscsiadm -m node -T $ISER_TARGET -p $ISER_PORTAL -I iser0 -u && ! iscsiadm -m session 2>/dev/null | grep -q '^iser:'"
