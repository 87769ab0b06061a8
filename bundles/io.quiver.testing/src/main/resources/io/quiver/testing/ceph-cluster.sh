#!/usr/bin/env bash
#
# A throwaway single-host Ceph cluster for tests: one monitor, one manager, one or more OSDs on memstore, a
# pool "rbd" initialised for RBD, cephx with a client.admin keyring; every daemon bound to 127.0.0.1.
#
#   ceph-cluster.sh start DIR MON_PORT PORT_MIN PORT_MAX [OSDS]
#                                     writes DIR/ceph.conf, DIR/admin.keyring, DIR/pids; OSDS defaults to 1
#   ceph-cluster.sh stop DIR          kills the daemons by PID and removes DIR
#   ceph-cluster.sh kill-osd DIR ID   kill -9 of osd.ID (its PID leaves DIR/pids)
#   ceph-cluster.sh start-osd DIR ID  starts osd.ID again (memstore: it comes back empty and backfills)
#
# With OSDS > 1 the pool keeps OSDS copies (min_size 1, so it takes writes with one OSD left) and a dead OSD
# is marked down within seconds (1 s heartbeats, 3 s grace, one reporter is enough, never marked out).
#
# The OSD keeps its objects in memory (memstore): no bluestore mkfs on a file, so the cluster is up in
# seconds and leaves nothing on disk; the tests want a real RADOS/RBD data path, not durability.
# Needs Debian's ceph-mon, ceph-osd, ceph-mgr and ceph-common (Ceph 16.2 "Pacific" on bookworm).
set -euo pipefail

cmd=${1:?start|stop}
dir=${2:?directory}

stop() {
    if [ -f "$dir/pids" ]; then
        # Daemons by the PIDs this script recorded, never by name: other clusters may run beside this one.
        while read -r pid; do kill "$pid" 2>/dev/null || true; done < "$dir/pids"
        for _ in $(seq 50); do
            alive=0
            while read -r pid; do kill -0 "$pid" 2>/dev/null && alive=1; done < "$dir/pids"
            [ $alive = 0 ] && break
            sleep 0.1
        done
        while read -r pid; do kill -9 "$pid" 2>/dev/null || true; done < "$dir/pids"
    fi
    rm -rf "$dir"
}

if [ "$cmd" = stop ]; then
    stop
    exit 0
fi

# await_pid NAME: waits for the daemon's pid file and records its PID for stop.
await_pid() {
    for _ in $(seq 100); do [ -s "$dir/run/$1.pid" ] && break; sleep 0.1; done
    cat "$dir/run/$1.pid" >> "$dir/pids"; echo >> "$dir/pids"
}

if [ "$cmd" = kill-osd ] || [ "$cmd" = start-osd ]; then
    id=${3:?osd id}
    pidfile="$dir/run/osd.$id.pid"
    if [ "$cmd" = kill-osd ]; then
        pid=$(cat "$pidfile")
        kill -9 "$pid"
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        # a killed daemon leaves its pid file behind; start-osd waits for the new one
        rm -f "$pidfile"
        grep -v -x "$pid" "$dir/pids" > "$dir/pids.new" || true
        mv "$dir/pids.new" "$dir/pids"
    else
        ceph-osd -c "$dir/ceph.conf" -i "$id"
        await_pid "osd.$id"
    fi
    exit 0
fi

mon_port=${3:?monitor port}
port_min=${4:?lowest daemon port}
port_max=${5:?highest daemon port}
osds=${6:-1}
# One OSD has no peer to report it dead: a long grace keeps a slow machine from flapping it. Several: 3 s.
grace=60
[ "$osds" -gt 1 ] && grace=3
for tool in ceph-mon ceph-osd ceph-mgr ceph-authtool monmaptool ceph rbd; do
    command -v $tool >/dev/null || { echo "ceph-cluster.sh: $tool missing (apt-get install ceph-mon ceph-osd ceph-mgr ceph-common)" >&2; exit 2; }
done

mkdir -p "$dir"/{mon,osd,mgr,run,log}
: > "$dir/pids"
trap 'echo "ceph-cluster.sh: start failed; logs in $dir/log" >&2; tail -n 20 "$dir"/log/*.log >&2 || true; stop' ERR

fsid=$(cat /proc/sys/kernel/random/uuid)
cat > "$dir/ceph.conf" <<CONF
[global]
fsid = $fsid
mon host = v2:127.0.0.1:$mon_port
public addr = 127.0.0.1
cluster addr = 127.0.0.1
public network = 127.0.0.0/8
cluster network = 127.0.0.0/8
mon warn on insecure global id reclaim allowed = false
mon warn on insecure global id reclaim = false
ms bind msgr1 = false
ms bind msgr2 = true
ms bind port min = $port_min
ms bind port max = $port_max
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
keyring = $dir/admin.keyring
run dir = $dir/run
admin socket = $dir/run/\$name.asok
log file = $dir/log/\$name.log
pid file = $dir/run/\$name.pid
osd pool default size = $osds
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
osd crush chooseleaf type = 0
mon data avail warn = 1
mon data avail crit = 0
osd heartbeat grace = $grace
osd heartbeat interval = 1
mon osd min down reporters = 1
mon osd reporter subtree level = osd
mon osd adjust heartbeat grace = false
mon osd down out interval = 3600
[mon]
mon data = $dir/mon/\$name
[mgr]
mgr data = $dir/mgr/ceph-\$id
keyring = $dir/mgr/ceph-\$id/keyring
[osd]
osd data = $dir/osd/ceph-\$id
keyring = $dir/osd/ceph-\$id/keyring
osd objectstore = memstore
memstore device bytes = 1073741824
osd max object name len = 256
osd max object namespace len = 64
CONF

conf=(-c "$dir/ceph.conf")
ceph-authtool --create-keyring "$dir/mon.keyring" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool --create-keyring "$dir/admin.keyring" --gen-key -n client.admin \
    --cap mon 'allow *' --cap osd 'allow *' --cap mds 'allow *' --cap mgr 'allow *' >/dev/null
ceph-authtool "$dir/mon.keyring" --import-keyring "$dir/admin.keyring" >/dev/null
monmaptool --create --fsid "$fsid" --addv a "[v2:127.0.0.1:$mon_port]" "$dir/monmap" >/dev/null
ceph-mon "${conf[@]}" --mkfs -i a --monmap "$dir/monmap" --keyring "$dir/mon.keyring"
ceph-mon "${conf[@]}" -i a
await_pid mon.a

ceph "${conf[@]}" auth get-or-create mgr.x mon 'allow profile mgr' osd 'allow *' mds 'allow *' \
    -o "$dir/mgr.keyring" >/dev/null
mkdir -p "$dir/mgr/ceph-x" && cp "$dir/mgr.keyring" "$dir/mgr/ceph-x/keyring"
ceph-mgr "${conf[@]}" -i x
await_pid mgr.x

for _ in $(seq "$osds"); do
    osd_uuid=$(cat /proc/sys/kernel/random/uuid)
    osd_id=$(ceph "${conf[@]}" osd new "$osd_uuid")
    mkdir -p "$dir/osd/ceph-$osd_id"
    ceph-authtool --create-keyring "$dir/osd/ceph-$osd_id/keyring" --gen-key -n "osd.$osd_id" >/dev/null
    ceph "${conf[@]}" auth add "osd.$osd_id" osd 'allow *' mon 'allow profile osd' mgr 'allow profile osd' \
        -i "$dir/osd/ceph-$osd_id/keyring" >/dev/null
    ceph-osd "${conf[@]}" -i "$osd_id" --mkfs --osd-uuid "$osd_uuid" >/dev/null 2>&1
    ceph-osd "${conf[@]}" -i "$osd_id"
    await_pid "osd.$osd_id"
done

ceph "${conf[@]}" osd pool create rbd 8 8 >/dev/null 2>&1
ceph "${conf[@]}" osd pool set rbd size "$osds" --yes-i-really-mean-it >/dev/null 2>&1
ceph "${conf[@]}" osd pool set rbd min_size 1 >/dev/null 2>&1
# Every placement group active+clean ("N pgs: N active+clean; ..."), or the pool cannot take writes yet.
for _ in $(seq 300); do
    ceph "${conf[@]}" pg stat 2>/dev/null | grep -q -E '^([0-9]+) pgs: \1 active\+clean;' && break
    sleep 0.2
done
rbd "${conf[@]}" pool init rbd
trap - ERR
echo "ceph-cluster.sh: cluster $fsid up in $dir (mon 127.0.0.1:$mon_port)"
