# The discovery family: iSNS and login redirection with Linux's own initiator (issue 24).
# iSNS: Open-iSNS's isnsd runs here in the guest (so the server's inquiries and notifications stay inside the
# guest), reachable from the host's 127.0.0.1 through QEMU's hostfwd; the host's Quiver is told to register
# with it, isnsadm must list Quiver's targets and open-iscsi must discover them through iSNS; when Quiver's iSNS
# registration is removed, they must be gone. Redirection: $REDIRECT_TARGET on node A ($PORTAL_A) sends logins
# to node B ($PORTAL_B), which serves the same target name with a disk of $B_SIZE bytes.
# Env: PORTAL_A PORTAL_B REDIRECT_TARGET B_SIZE ISNS_TARGETS
for m in iscsi_tcp sd_mod sg; do modprobe $m; done
echo "InitiatorName=iqn.2026-12.io.quiver.guest:discovery" > /etc/iscsi/initiatorname.iscsi
mkdir -p /run/lock/iscsi /var/lib/iscsi /etc/iscsi/nodes /etc/iscsi/send_targets /etc/iscsi/isns /var/lib/isns /etc/isns
cat > /etc/isns/isnsd.conf <<CONF
SourceName = isns.guest
BindAddress = 0.0.0.0:3205
Database = /var/lib/isns
PIDFile = /run/isnsd.pid
ControlSocket = /run/isnsctl
Security = 0
DefaultDiscoveryDomain = 1
SLPRegister = 0
CONF
cat > /etc/isns/isnsadm.conf <<CONF
SourceName = iqn.2026-12.io.quiver.guest:isnsadm
ServerAddress = 127.0.0.1:3205
ControlSocket = /run/isnsctl
Security = 0
CONF
isnsd --config /etc/isns/isnsd.conf
iscsid
sleep 1
nodes() {
    isnsadm --config /etc/isns/isnsadm.conf --local --list nodes 2>&1
}
all_listed() {
    local t out
    out=$(nodes)
    for t in $ISNS_TARGETS; do
        printf '%s\n' "$out" | grep -q "\"$t\"" || { echo "not listed: $t"; echo "$out"; return 1; }
    done
}
none_listed() {
    local t out
    out=$(nodes)
    for t in $ISNS_TARGETS; do
        printf '%s\n' "$out" | grep -q "\"$t\"" && { echo "still listed: $t"; echo "$out"; return 1; }
    done
    return 0
}
isns_registered() {
    request isns-register || return 1
    wait_for 60 all_listed || { all_listed; return 1; }
    all_listed
}
check isns_server_lists_quiver_targets isns_registered
isns_discovery() {
    local out t
    out=$(iscsiadm -m discovery -t isns -p 127.0.0.1:3205 2>&1)
    echo "$out"
    for t in $ISNS_TARGETS; do
        printf '%s\n' "$out" | grep -q " $t\$" || { echo "open-iscsi did not discover $t"; return 1; }
    done
}
check isns_open_iscsi_discovers_targets isns_discovery
isns_gone() {
    request isns-deregister || return 1
    wait_for 60 none_listed || { none_listed; return 1; }
}
check isns_deregistered_when_removed isns_gone
# Redirection: log in at A, land on B.
disk() {
    local h
    for h in /sys/class/iscsi_session/session*/device/target*/*:*:*:0/block/*; do
        [ -e "$h" ] && basename "$h"
    done | head -1
}
has_disk() {
    [ -n "$(disk)" ]
}
redirect_login() {
    iscsiadm -m node -o new -T "$REDIRECT_TARGET" -p "$PORTAL_A" >/dev/null || return 1
    iscsiadm -m node -T "$REDIRECT_TARGET" -p "$PORTAL_A" -l || return 1
    wait_for 60 has_disk || { echo "no disk after login"; return 1; }
}
check redirect_login_at_a redirect_login
redirect_portal() {
    local out
    out=$(iscsiadm -m session -P 1 2>&1)
    echo "$out"
    printf '%s\n' "$out" | grep -q "Current Portal: $PORTAL_B," || { echo "not connected to $PORTAL_B"; return 1; }
    printf '%s\n' "$out" | grep -q "Persistent Portal: $PORTAL_A," || { echo "the node record is not A's"; return 1; }
}
check redirect_current_portal_is_b redirect_portal
redirect_disk() {
    local d size
    d=$(disk)
    need "$d" "no disk" || return 1
    size=$(( $(cat /sys/block/$d/size) * 512 ))
    equal "size of $d (B's disk)" "$B_SIZE" "$size"
}
check redirect_disk_is_b redirect_disk
redirect_io() {
    local d
    d=$(disk)
    dd if=/dev/urandom of=/tmp/pattern bs=64k count=16 2>/dev/null
    dd if=/tmp/pattern of=/dev/$d bs=64k oflag=direct 2>&1 || return 1
    dd if=/dev/$d of=/tmp/back bs=64k count=16 iflag=direct 2>&1 || return 1
    cmp /tmp/pattern /tmp/back
}
check redirect_io_verified redirect_io
iscsiadm -m node -u >/dev/null 2>&1
