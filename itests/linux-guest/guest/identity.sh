# The identity family: two Quiver installations, each exporting its own disk0 under the same target name
# (the default configuration), at $PORTAL_A and $PORTAL_B. Linux must see two different disks: different WWIDs
# (the kernel's, from VPD 83h, which udev's /dev/disk/by-id/wwn-* links are named after), different serial
# numbers, and dm-multipath must build two maps of one path each, never one map of two "paths".
# Env: PORTAL_A PORTAL_B TARGET LUN
export DM_DISABLE_UDEV=1
for m in iscsi_tcp sd_mod sg dm_mod dm_multipath dm_round_robin; do modprobe $m; done
echo "InitiatorName=iqn.2026-12.io.quiver.guest:identity" > /etc/iscsi/initiatorname.iscsi
mkdir -p /run/lock/iscsi /var/lib/iscsi /etc/iscsi/nodes /etc/iscsi/send_targets /etc/multipath
iscsid
sleep 1
disks() { # the sdX of LUN $LUN in every session, sorted
    local h
    for h in /sys/class/iscsi_session/session*/device/target*/*:*:*:"$LUN"/block/*; do
        [ -e "$h" ] && basename "$h"
    done | sort
}
count_is() {
    [ "$(disks | wc -l)" -eq "$1" ]
}
iscsiadm -m node -o new -T "$TARGET" -p "$PORTAL_A" >/dev/null
iscsiadm -m node -T "$TARGET" -p "$PORTAL_A" -l >/dev/null
wait_for 60 count_is 1
A=$(disks)
iscsiadm -m node -o new -T "$TARGET" -p "$PORTAL_B" >/dev/null
iscsiadm -m node -T "$TARGET" -p "$PORTAL_B" -l >/dev/null
wait_for 60 count_is 2
B=$(disks | grep -v -x "$A")
check id_two_disks need "$A$B" "disks: A='$A' B='$B' all='$(disks | tr '\n' ' ')'"
A=${A:-none} B=${B:-none}
wwid() {
    cat /sys/block/$1/device/wwid 2>/dev/null | tr -d ' \n'
}
id_wwids() { # both NAA (Quiver's company id 02-51-56 in an NAA 6h designator), and different
    echo "A $A $(wwid $A)"
    echo "B $B $(wwid $B)"
    case "$(wwid $A)" in naa.6025156*) ;; *) echo "A is not Quiver's NAA 6h"; return 1 ;; esac
    case "$(wwid $B)" in naa.6025156*) ;; *) echo "B is not Quiver's NAA 6h"; return 1 ;; esac
    [ "$(wwid $A)" != "$(wwid $B)" ]
}
check id_wwids_differ id_wwids
serial() {
    sg_vpd -p sn -r /dev/$1 2>/dev/null | od -An -c | tr -d ' \n'
}
id_serials() {
    echo "A $(serial $A)"
    echo "B $(serial $B)"
    [ -n "$(serial $A)" ] && [ "$(serial $A)" != "$(serial $B)" ]
}
check id_serials_differ id_serials
# multipath without udev, as in the multipath family: hand-written udev database entries, WWID from sysfs.
mp_without_udev
id_multipath() { # one map per disk (no two disks are paths of one), each holding only its own path
    multipath -v2 > /tmp/mp.create 2>&1
    multipath -ll > /tmp/mp.ll 2>&1
    cat /tmp/mp.ll
    local disks maps m
    disks=$(ls -d /sys/block/sd* | wc -l)
    maps=$(dmsetup ls --target multipath | grep -c -v '^No')
    [ "$maps" -eq "$disks" ] || { echo "$maps maps for $disks disks"; return 1; }
    for m in $(dmsetup ls --target multipath | awk '{print $1}'); do
        [ "$(multipath -ll "$m" | grep -c -E '[0-9]+:[0-9]+:[0-9]+:[0-9]+ +sd')" -eq 1 ] || { echo "map $m has not one path"; return 1; }
    done
    # and disk0 of A and disk0 of B are in maps of their own
    [ "$(grep -B3 " $A " /tmp/mp.ll | head -1)" != "$(grep -B3 " $B " /tmp/mp.ll | head -1)" ]
}
check id_multipath_no_merge id_multipath
multipath -F >/dev/null 2>&1
iscsiadm -m node -u >/dev/null 2>&1
