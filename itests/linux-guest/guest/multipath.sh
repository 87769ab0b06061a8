# The multipath family: one LUN through two target ports (targets $MP_TARGET_A and $MP_TARGET_B, LUN $MP_LUN,
# the same device, in different ALUA target port groups: A active/optimized, B active/nonoptimized) under
# dm-multipath with the ALUA handler; I/O must survive port A set to unavailable (REQUEST alua-unavailable A).
# Without udev in the guest, libdevmapper makes its own /dev/mapper nodes and multipath reads the WWID from
# sysfs (uid_attribute ""). Env: PORTAL MP_TARGET_A MP_TARGET_B MP_LUN
mp_iscsi_start iqn.2026-12.io.quiver.guest:multipath
path_of() { # TARGET: the sdX of $MP_LUN in the session to TARGET
    local h
    for h in /sys/class/iscsi_session/session*/device/target*/*:*:*:"$MP_LUN"/block/*; do
        [ -e "$h" ] || continue
        [ "$(cat ${h%%/device/*}/targetname)" = "$1" ] && basename "$h" && return 0
    done
    return 1
}
mp_login_two_paths "$MP_TARGET_A" "$PORTAL" "$MP_TARGET_A" "$MP_TARGET_B" "$PORTAL" "$MP_TARGET_B"
check mp_two_paths need "$A$B" "paths: A='$A' B='$B'"
mp_alua_without_udev
mp_create() {
    multipath -v2 >/tmp/mp.create 2>&1
    multipath -ll > /tmp/mp.ll 2>&1
    cat /tmp/mp.create /tmp/mp.ll
    MAP=$(dmsetup ls --target multipath | awk '$1 != "No" {print $1; exit}')
    [ -n "$MAP" ] && grep -q "$A" /tmp/mp.ll && grep -q "$B" /tmp/mp.ll
}
check mp_map_with_both_paths mp_create
MAP=$(dmsetup ls --target multipath | awk '$1 != "No" {print $1; exit}')
MAP=${MAP:-none}
mp_groups() { # two path groups, the optimized one (prio 50) holding A, the nonoptimized (prio 10) holding B
    multipath -ll > /tmp/mp.ll 2>&1
    cat /tmp/mp.ll
    [ "$(grep -c 'policy=' /tmp/mp.ll)" -eq 2 ] || { echo "not two path groups"; return 1; }
    grep -A1 'prio=50' /tmp/mp.ll | grep -q "$A" && grep -A1 'prio=10' /tmp/mp.ll | grep -q "$B"
}
mp_rtpg() { # REPORT TARGET PORT GROUPS through path A: two groups, A's active/optimized, B's nonoptimized
    sg_rtpg -d /dev/$A > /tmp/rtpg 2>&1 || { cat /tmp/rtpg; return 1; }
    cat /tmp/rtpg
    [ "$(grep -ci 'target port group id' /tmp/rtpg)" -ge 2 ] && grep -qi "active/optimized" /tmp/rtpg \
        && grep -qi "active/non optimized\|active/non-optimized" /tmp/rtpg
}
# Both ALUA checks need a target that reports ALUA in INQUIRY (TPGS != 0); tgt does not, and says so.
if sg_inq /dev/$A | grep -q "TPGS=[123]"; then
    check mp_alua_path_groups mp_groups
    check mp_sg_rtpg_groups mp_rtpg
else
    skip mp_alua_path_groups "the target reports TPGS=0 (no ALUA): one path group"
    skip mp_sg_rtpg_groups "the target reports TPGS=0 (no ALUA)"
fi
mp_io() { # TAG: 4 MiB of random data through the map at an offset per tag, read back with O_DIRECT
    local off=$2
    dd if=/dev/urandom of=/tmp/mp.$1 bs=1M count=4 2>/dev/null
    dd if=/tmp/mp.$1 of=/dev/mapper/$MAP bs=1M seek=$off oflag=direct conv=notrunc 2>&1 || return 1
    dd if=/dev/mapper/$MAP of=/tmp/mp.$1.back bs=1M skip=$off count=4 iflag=direct 2>/dev/null || return 1
    [ "$(md5sum < /tmp/mp.$1)" = "$(md5sum < /tmp/mp.$1.back)" ] || { echo "read back differs"; return 1; }
}
check mp_io_both_paths mp_io before 0
mp_failover() {
    request alua-unavailable A || return 1
    mp_io after 8 || return 1
    multipath -ll 2>&1
    # The state change reached the initiator: through B, port A's group now reads unavailable (ALUA targets).
    if sg_inq /dev/$B | grep -q "TPGS=[123]"; then
        sg_rtpg -d /dev/$B | grep -qi "unavailable" || { echo "RTPG through B does not show A unavailable"; sg_rtpg -d /dev/$B; return 1; }
    fi
    dmsetup status "$MAP"
}
check mp_io_survives_port_unavailable mp_failover
mp_first_data_intact() { # what was written before the failover reads back after it
    dd if=/dev/mapper/$MAP of=/tmp/mp.again bs=1M skip=0 count=4 iflag=direct 2>/dev/null || return 1
    [ "$(md5sum < /tmp/mp.before)" = "$(md5sum < /tmp/mp.again)" ]
}
check mp_data_intact_after_failover mp_first_data_intact
request alua-available A >/dev/null
multipath -F >/dev/null 2>&1
iscsiadm -m node -u >/dev/null 2>&1
