# The cluster family: one cluster_mode LUN served by two Quiver nodes (the same target name $TARGET on both,
# portals $PORTAL_A and $PORTAL_B), under dm-multipath with the ALUA handler: one map of two paths, the owner
# node's path group active/optimized (prio 50), the other node's active/non-optimized (prio 10); $OWNER (A or B)
# says which node owns the device. While a writer puts random data through the map in 64 KiB direct writes, the
# host kills the owner node (REQUEST kill-owner: kill -9); the writes go on through the other node, and all
# of them read back intact. As in multipath.sh, without udev libdevmapper makes the /dev/mapper nodes itself
# and multipath reads the WWID from sysfs. Env: PORTAL_A PORTAL_B TARGET LUN OWNER
mp_iscsi_start iqn.2026-12.io.quiver.guest:cluster
path_of() { # PORTAL: the sdX of $LUN in the session whose connection goes to PORTAL
    local s c h
    for s in /sys/class/iscsi_session/session*; do
        c=$(ls -d "$s"/device/connection*/iscsi_connection/connection* 2>/dev/null | head -n 1)
        [ -n "$c" ] || continue
        [ "$(cat "$c"/persistent_address):$(cat "$c"/persistent_port)" = "$1" ] || continue
        for h in "$s"/device/target*/*:*:*:"$LUN"/block/*; do
            [ -e "$h" ] && basename "$h" && return 0
        done
    done
    return 1
}
mp_login_two_paths "$TARGET" "$PORTAL_A" "$PORTAL_A" "$TARGET" "$PORTAL_B" "$PORTAL_B"
check cl_two_paths need "$A$B" "paths: A='$A' B='$B'"
if [ "$OWNER" = A ]; then OWNED=$A OTHER=$B; else OWNED=$B OTHER=$A; fi
mp_alua_without_udev
cl_create() { # one map holding both nodes' paths (the same WWID through both)
    multipath -v2 >/tmp/mp.create 2>&1
    multipath -ll > /tmp/mp.ll 2>&1
    cat /tmp/mp.create /tmp/mp.ll
    [ "$(dmsetup ls --target multipath | grep -vc '^No')" -eq 1 ] || { echo "not one map"; return 1; }
    grep -q "$A" /tmp/mp.ll && grep -q "$B" /tmp/mp.ll
}
check cl_one_map_with_both_nodes cl_create
MAP=$(dmsetup ls --target multipath | awk '$1 != "No" {print $1; exit}')
MAP=${MAP:-none}
cl_groups() { # the owner's path in the prio 50 group (active/optimized), the other's in the prio 10 one
    multipath -ll > /tmp/mp.ll 2>&1
    cat /tmp/mp.ll
    [ "$(grep -c 'policy=' /tmp/mp.ll)" -eq 2 ] || { echo "not two path groups"; return 1; }
    grep -A1 'prio=50' /tmp/mp.ll | grep -q "$OWNED" && grep -A1 'prio=10' /tmp/mp.ll | grep -q "$OTHER"
}
check cl_alua_priorities cl_groups
cl_io() { # TAG OFFSET-MiB: 4 MiB of random data through the map, read back with O_DIRECT
    dd if=/dev/urandom of=/tmp/cl.$1 bs=1M count=4 2>/dev/null
    dd if=/tmp/cl.$1 of=/dev/mapper/$MAP bs=1M seek=$2 oflag=direct conv=notrunc 2>&1 || return 1
    dd if=/dev/mapper/$MAP of=/tmp/cl.$1.back bs=1M skip=$2 count=4 iflag=direct 2>/dev/null || return 1
    [ "$(md5sum < /tmp/cl.$1)" = "$(md5sum < /tmp/cl.$1.back)" ] || { echo "read back differs"; return 1; }
}
check cl_io_through_both_nodes cl_io before 44
# The writer: 64 KiB chunk after chunk of a random 24 MiB file to MiB 8 on, round and round, until told to stop;
# it counts the chunks written (each dd returned) in /tmp/cl.count and stops at the first failed write.
dd if=/dev/urandom of=/tmp/cl.src bs=1M count=24 2>/dev/null
cl_writer() {
    local n=0 i
    while [ ! -e /tmp/cl.stop ]; do
        i=$((n % 384))
        dd if=/tmp/cl.src of=/dev/mapper/$MAP bs=64k count=1 skip=$i seek=$((128 + i)) oflag=direct conv=notrunc \
            2>/tmp/cl.dd || { echo "write of chunk $i failed: $(cat /tmp/cl.dd)" > /tmp/cl.error; break; }
        n=$((n + 1))
        echo $n > /tmp/cl.count
    done
}
cl_kill() {
    echo 0 > /tmp/cl.count
    cl_writer &
    local writer=$! before after t0 verify
    sleep 1
    before=$(cat /tmp/cl.count)
    t0=$(date +%s)
    request kill-owner || { touch /tmp/cl.stop; wait $writer; return 1; }
    # Keep writing until 200 chunks went through the other node (or 90 s passed).
    wait_for 90 sh -c "[ \$(cat /tmp/cl.count) -ge $((before + 200)) ] || [ -e /tmp/cl.error ]"
    touch /tmp/cl.stop
    wait $writer
    after=$(cat /tmp/cl.count)
    # On the console itself, for the host's log (a passing check's output is not shown).
    echo "CLUSTER chunks of 64 KiB written: $before before the kill, $after in all, the last $(($(date +%s) - t0)) s after it" > /dev/ttyS0
    multipath -ll 2>&1
    [ ! -e /tmp/cl.error ] || { cat /tmp/cl.error; return 1; }
    [ "$before" -gt 0 ] || { echo "nothing written before the kill"; return 1; }
    [ "$after" -ge $((before + 200)) ] || { echo "the writes did not go on after the kill"; return 1; }
    # Every chunk written holds its part of the file (a chunk written twice got the same data twice).
    verify=$after
    [ "$verify" -le 384 ] || verify=384
    dd if=/dev/mapper/$MAP of=/tmp/cl.back bs=64k skip=128 count=$verify iflag=direct 2>/dev/null || return 1
    dd if=/tmp/cl.src of=/tmp/cl.expected bs=64k count=$verify 2>/dev/null
    [ "$(md5sum < /tmp/cl.expected)" = "$(md5sum < /tmp/cl.back)" ] || { echo "data read back differs"; return 1; }
}
check cl_io_survives_kill_of_the_owner cl_kill
cl_other_path() { # the dead node's path failed, the other one active
    multipath -ll > /tmp/mp.ll 2>&1
    cat /tmp/mp.ll
    grep "$OWNED" /tmp/mp.ll | grep -q "failed\|faulty" && grep "$OTHER" /tmp/mp.ll | grep -q "active ready"
}
check cl_other_node_carries_the_io cl_other_path
cl_first_data_intact() { # what was written before the kill reads back after it
    dd if=/dev/mapper/$MAP of=/tmp/cl.again bs=1M skip=44 count=4 iflag=direct 2>/dev/null || return 1
    [ "$(md5sum < /tmp/cl.before)" = "$(md5sum < /tmp/cl.again)" ]
}
check cl_data_intact_after_the_kill cl_first_data_intact
multipath -F >/dev/null 2>&1
iscsiadm -m node -u >/dev/null 2>&1
