# Hooks of the later transports, proven ready in the guest: FCoE (fcoe/libfcoe/libfc) on a second NIC, eth1,
# a tap device in a network namespace the test made; and SRP (ib_srp) on a soft-RoCE device (rdma_rxe) over
# eth0. No target answers here: FCoE's login against Quiver's fcst target is fcoe.sh (FcoeGuestIT); SRP's
# issue adds its target and login.
# Env: FCOE_NIC (eth1; empty when the host could not give a tap NIC, and why in FCOE_SKIP)

fcoe_nic() { ip link set "$FCOE_NIC" up && ip link show "$FCOE_NIC" | grep -q "state UP\|LOWER_UP"; }
fcoe_ctlr() {
    modprobe fcoe || return 1
    echo "$FCOE_NIC" > /sys/bus/fcoe/ctlr_create || return 1
    wait_for 10 sh -c 'ls -d /sys/bus/fcoe/devices/ctlr_*' || { echo "no FCoE controller"; return 1; }
    ls -d /sys/bus/fcoe/devices/ctlr_* /sys/class/fc_host/host* 2>&1
}
fcoe_fip() { # FIP solicitations leave through the tap (the host counts them after the run)
    local c
    c=$(ls -d /sys/bus/fcoe/devices/ctlr_* | head -1)
    [ -f "$c/enabled" ] && echo 1 > "$c/enabled" 2>/dev/null
    sleep 3
    cat /sys/class/fc_host/host*/port_state
    [ "$(cat /sys/class/net/$FCOE_NIC/statistics/tx_packets)" -gt 0 ]
}
if [ -n "$FCOE_NIC" ]; then
    check fcoe_tap_nic fcoe_nic
    check fcoe_controller_and_fc_host fcoe_ctlr
    check fcoe_fip_solicitation_sent fcoe_fip
else
    skip fcoe_tap_nic "$FCOE_SKIP"
    skip fcoe_controller_and_fc_host "$FCOE_SKIP"
    skip fcoe_fip_solicitation_sent "$FCOE_SKIP"
fi

srp_ready() {
    modprobe ib_srp || return 1
    wait_for 10 sh -c 'ls /sys/class/infiniband_srp/srp-rxe0-1/add_target' || { ls /sys/class/infiniband_srp; return 1; }
}
check rdma_rxe_link_active rxe_link
check ib_srp_bound_to_rxe srp_ready
