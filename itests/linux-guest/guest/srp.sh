# The SRP family (SrpGuestIT): Linux's own SRP initiator (ib_srp) logs in to Quiver's ib_srpt target through
# RDMA CM, both in this guest on soft-RoCE (rxe0 over eth0, loopback through 10.0.2.15). Quiver starts from
# the shared distribution with quiver-srp added to featuresBoot, an SRP target (etc/
# io.quiver.transport.srp.target-srp.cfg) and LUN 0 a 256 MiB fileio disk; ib_srp logs in with add_target,
# the LUN becomes an sd disk, sg3_utils, persistent reservations, a direct dd and ext4 with checksummed files
# run on it; the REST tree lists the target; then the SRP port is deleted (logout) and add_target logs in
# again. Prints "GUEST TIMING srp_login|srp_relogin SECONDS" and "GUEST TIMING srp_dd_write|srp_dd_read MB/s".
# Then iser.sh: Linux's ib_iser (open-iscsi, iface.transport_name = iser) against the same Quiver's iSCSI driver
# (its default target), its TCP and iSER portals both at $IP:3260. Env: none.
. ./sg3.sh
. ./ext4.sh
SRP_PORT=5555
SRP_GUID=0002c9030000a1b2
SRP_TARGET=ib_srpt_target_0
SRP_DISK_SIZE=268435456
host_jdk_checks
check rdma_rxe_link_active rxe_link
IP=$(ip -4 -o addr show eth0 | awk '{print $4}' | cut -d/ -f1)

# The family's own etc/: the Karaf features with quiver-srp booted, the target, its disk and LUN 0.
srp_etc() {
    local etc=/tmp/srp-etc
    mkdir -p $etc || return 1
    # featuresBoot is one property continued over lines; quiver-srp goes in front of the first Quiver part.
    sed 's/\(featuresBoot *= *\\*\)/\1\n    quiver-srp, quiver-iser, \\/' "$QUIVER_HOME/etc/org.apache.karaf.features.cfg" \
        > $etc/org.apache.karaf.features.cfg || return 1
    grep -q 'quiver-srp' $etc/org.apache.karaf.features.cfg || { grep -n -A3 featuresBoot $etc/org.apache.karaf.features.cfg; return 1; }
    printf 'name = %s\nioc_guid = %s\nid_ext = %s\naddress = %s\nrdma_cm_port = %s\n' \
        "$SRP_TARGET" "$SRP_GUID" "$SRP_GUID" "$IP" "$SRP_PORT" > $etc/io.quiver.transport.srp.target-srp.cfg
    printf 'name = srp0\nfilename = ${karaf.data}/quiver/srp0.img\nsize = %s\n' "$SRP_DISK_SIZE" \
        > $etc/io.quiver.handler.fileio-srp0.cfg
    printf 'target = %s\nlun = 0\ndevice = srp0\n' "$SRP_TARGET" > $etc/io.quiver.core.lun-srp0.cfg
    # The iSCSI driver on the rxe address: TCP and iSER portals at the same address and port (iser.sh).
    printf 'portals = %s:3260\niser_portals = %s:3260\n' "$IP" "$IP" > $etc/io.quiver.transport.iscsi.cfg
    QUIVER_ETC_EXTRA=$etc
}
run_step srp_quiver_config srp_etc
run_step srp_quiver_starts_in_guest start_quiver_in_guest
srp_listening() { # the log line SrpTargetComponent writes once RDMA CM listens
    wait_for 120 grep -q "ib_srpt target $SRP_TARGET .* listening" "$QUIVER_BASE/data/log/karaf.log" \
        || { grep -i "srp\|rdma\|verbs" "$QUIVER_BASE/data/log/karaf.log" | tail -n 30; return 1; }
}
check srp_target_listens srp_listening

srp_host() { # the SCSI host ib_srp made for its login
    local h
    for h in /sys/class/scsi_host/host*; do
        [ "$(cat "$h/proc_name" 2>/dev/null)" = ib_srp ] && basename "$h" && return 0
    done
    return 1
}
srp_disk() {
    local d
    for d in /sys/class/scsi_host/$(srp_host)/device/target*/*:0:0:0/block/*; do
        [ -e "$d" ] && basename "$d" && return 0
    done
    return 1
}
srp_login() {
    local t0 m
    for m in sd_mod sg ext4 crc32c_generic; do modprobe $m; done
    modprobe ib_srp || return 1
    wait_for 10 test -e /sys/class/infiniband_srp/srp-rxe0-1/add_target || { ls /sys/class/infiniband_srp; return 1; }
    t0=$(seconds)
    # After a logout ib_srp drops the old target from its list only when its removal work ends, after the remote
    # port went away: until then add_target says EEXIST ("Already connected"), so it is tried again for 30 s.
    wait_for 30 sh -c "echo 'id_ext=$SRP_GUID,ioc_guid=$SRP_GUID,dest=$IP:$SRP_PORT' > /sys/class/infiniband_srp/srp-rxe0-1/add_target" \
        || { dmesg | grep -i srp | tail -n 20; return 1; }
    wait_for 60 srp_disk || { dmesg | grep -i "srp\|scsi" | tail -n 20; return 1; }
    echo "GUEST TIMING $1 $(awk "BEGIN {print $(seconds) - $t0}")"
    dmesg | grep -i "ib_srp\|scsi host" | tail -n 5
}
run_step srp_login srp_login srp_login
DISK=/dev/$(srp_disk 2>/dev/null)
SG=/dev/$(basename /sys/block/"$(srp_disk 2>/dev/null)"/device/scsi_generic/* 2>/dev/null)
check srp_lun_is_256mib_disk sh -c "test -b $DISK && [ \$(blockdev --getsize64 $DISK) -eq $SRP_DISK_SIZE ]"
check srp_sg_inq_names_quiver sh -c "sg_inq $SG | grep -i 'Vendor identification: *QUIVER'"
check srp_sg_inq_disk sg3_inq "$SG"
check srp_sg_readcap sg3_readcap "$SG"
srp_persist() { # register a key, read it back, reserve and release, clear
    sg_persist -n -o -C -K 0x5a9 "$1" >/dev/null 2>&1
    sg_persist -n -o -G -S 0x5a9 "$1" || return 1
    sg3_persist_key "$1" 5a9 || return 1
    sg_persist -n -o -R -K 0x5a9 -T 1 "$1" || return 1
    sg3_reservation_is "$1" "type: Write Exclusive *$" || return 1
    sg_persist -n -o -L -K 0x5a9 -T 1 "$1" || return 1
    sg_persist -n -o -C -K 0x5a9 "$1" || return 1
    sg_persist -n -i -k "$1" | grep -qi "no registered"
}
check srp_sg_persist srp_persist "$SG"
srp_diagnostics() { # what the initiator's kernel and the target logged about the failure
    dmesg | grep -i "srp\|scsi\|rxe\|sd " | tail -n 20
    grep -i "srp\|rdma\|verbs\|ERROR\|WARN" "$QUIVER_BASE/data/log/karaf.log" | tail -n 20 | cut -c1-400
}
# 64 MiB written and read back with O_DIRECT, compared (lib.sh).
run_step srp_direct_dd direct_dd srp "$DISK" 0 srp_diagnostics
check srp_ext4_write ext4_write "$DISK"
check srp_e2fsck e2fsck -f -n "$DISK"
check srp_ext4_verify ext4_verify "$DISK"

srp_rest_tree() { # the management tree over REST lists the SRP target under its driver
    local pw
    pw=$(cat "$QUIVER_BASE/etc/admin.password") || return 1
    busybox wget -q -O /tmp/targets "http://admin:$pw@127.0.0.1:$(quiver_property quiver.http.port)/quiver/api/v1/tree/targets" \
        || return 1
    cat /tmp/targets; echo
    grep -q ib_srpt /tmp/targets || return 1
    busybox wget -q -O - "http://admin:$pw@127.0.0.1:$(quiver_property quiver.http.port)/quiver/api/v1/tree/targets/ib_srpt" \
        | grep -F "$SRP_TARGET"
}
check srp_target_in_rest_tree srp_rest_tree

srp_logout() { # deleting the SRP remote port logs out (SRP_I_LOGOUT and the RDMA CM disconnect)
    local p
    p=$(ls -d /sys/class/srp_remote_ports/port-* 2>/dev/null | head -n 1)
    need "$p" "no SRP remote port" || return 1
    echo 1 > "$p/delete" || return 1
    wait_for 30 sh -c '! ls -d /sys/class/srp_remote_ports/port-* >/dev/null 2>&1' || { echo "the port stays"; return 1; }
    wait_for 30 sh -c "! test -b $DISK" || { echo "$DISK stays"; return 1; }
}
check srp_logout srp_logout
run_step srp_relogin srp_login srp_relogin
DISK=/dev/$(srp_disk 2>/dev/null)
check srp_ext4_verify_after_relogin ext4_verify "$DISK"
check srp_e2fsck_after_relogin e2fsck -f -n "$DISK"
check srp_logout_again srp_logout

# The same Quiver's iSCSI driver over iSER (iser.sh), then the end of both.
. ./iser.sh
run_step srp_quiver_stops_cleanly stop_quiver_in_guest
check srp_karaf_log_has_no_error karaf_log_errors "$QUIVER_BASE/data/log/karaf.log"
