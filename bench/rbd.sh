#!/usr/bin/env bash
# Quiver's vdisk_rbd against tgtd's bs_rbd (Debian package tgt-rbd) on ONE RBD image of a throwaway Ceph
# cluster (the tests' fixture, bundles/io.quiver.testing/.../ceph-cluster.sh: one monitor, one manager, one
# memstore OSD, all on 127.0.0.1). The image (512 MiB, layering only) is filled with random data first, so
# reads hit objects. fio's libiscsi engine (bench/build-fio.sh) runs each case against tgtd, then Quiver,
# case after case, once; prints IOPS / MiB/s, mean latency, the ratio Quiver/tgtd and each target's CPU.
#
# Both targets run librbd with rbd_cache off: Quiver sets it on its connections (docs/rbd.md), tgtd gets it
# from the [client] section this script appends to ceph.conf. Quiver's device as shipped (threads_num 8)
# unless RBD_THREADS says otherwise; tgtd's bs_rbd has 16 threads of synchronous librbd calls.
#
# usage: bench/rbd.sh   (root for tgtd; after `mvn install` built distribution/quiver)
# env (default):
#   QUIVER_TAR    the distribution archive  (distribution/quiver/target/quiver-0.1.0-SNAPSHOT.tar.gz)
#   RBD_PORT      first of 50 ports         (31550): Ceph +0..+19, Quiver +30..+34, tgtd portal +40
#   RBD_DIR       work dir, fio JSON        (/tmp/quiver-rbd-bench)
#   RBD_RUNTIME   seconds per run           (10, after a 2 s ramp)
#   RBD_THREADS   Quiver's threads_num      (8)
#   RBD_CASES     "rw bs qd" triples, comma-separated (randread 4k 32,randwrite 4k 32,read 1m 8,write 1m 8)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
P=${RBD_PORT:-31550}
DIR=${RBD_DIR:-/tmp/quiver-rbd-bench}
TAR=${QUIVER_TAR:-$root/distribution/quiver/target/quiver-0.1.0-SNAPSHOT.tar.gz}
CEPH_SH=$root/bundles/io.quiver.testing/src/main/resources/io/quiver/testing/ceph-cluster.sh
QIQN=iqn.2026-11.io.quiver:default
TIQN=iqn.2026-12.org.tgt:rbd-bench
TGT_CTRL=$((P % 1000 + 140))
Q=$((P + 30))
[[ -f $TAR ]] || { echo "no distribution at $TAR: mvn install, or set QUIVER_TAR" >&2; exit 1; }
command -v tgtd >/dev/null && [[ -e /usr/lib/tgt/backing-store/bs_rbd.so ]] ||
  { echo "tgtd's rbd backing store missing: apt-get install -y tgt tgt-rbd" >&2; exit 1; }
FIO=$("$here/build-fio.sh" | tail -1)

rm -rf "$DIR"; mkdir -p "$DIR"
ceph_dir=$DIR/ceph
qhome=$DIR/quiver-0.1.0-SNAPSHOT
tgtd_pid=; qpid=
cleanup() {
  set +e
  [[ -x $qhome/bin/stop ]] && "$qhome/bin/stop" >/dev/null 2>&1
  if [[ -n $tgtd_pid && -d /proc/$tgtd_pid ]]; then
    tgtadm -C "$TGT_CTRL" --lld iscsi --op delete --mode target --tid 1 --force >/dev/null 2>&1
    tgtadm -C "$TGT_CTRL" --op delete --mode system >/dev/null 2>&1
    for _ in $(seq 100); do [[ -d /proc/$tgtd_pid ]] || break; sleep 0.1; done
    [[ -d /proc/$tgtd_pid ]] && kill -KILL "$tgtd_pid"
  fi
  if [[ -n $qpid ]]; then
    for _ in $(seq 300); do [[ -d /proc/$qpid ]] || break; sleep 0.1; done
    [[ -d /proc/$qpid ]] && kill -KILL "$qpid"
  fi
  [[ -f $ceph_dir/pids ]] && bash "$CEPH_SH" stop "$ceph_dir" >/dev/null 2>&1
}
trap cleanup EXIT

# --- Ceph, one image filled with random data
t0=$(date +%s)
bash "$CEPH_SH" start "$ceph_dir" "$P" $((P + 1)) $((P + 19)) >"$DIR/ceph-start.log" 2>&1
# one admin socket per client process, so each target's librbd settings can be read back below
printf '[client]\nrbd cache = false\nadmin socket = %s/run/$name.$pid.asok\n' "$ceph_dir" >>"$ceph_dir/ceph.conf"
rbd_() { rbd -c "$ceph_dir/ceph.conf" "$@"; }
head -c $((512 << 20)) /dev/urandom >"$DIR/fill.img"
rbd_ import --image-feature layering "$DIR/fill.img" rbd/bench >/dev/null 2>&1
rm -f "$DIR/fill.img"
echo "# Ceph up and image rbd/bench (512 MiB, random data) in $(( $(date +%s) - t0 )) s"

# --- tgtd: LUN 1 on the image through bs_rbd
setsid tgtd -f -C "$TGT_CTRL" --iscsi "portal=127.0.0.1:$((P + 40))" >"$DIR/tgtd.log" 2>&1 </dev/null &
tgtd_pid=$!
for _ in $(seq 50); do tgtadm -C "$TGT_CTRL" --op show --mode sys >/dev/null 2>&1 && break; sleep 0.1; done
tadm() { tgtadm -C "$TGT_CTRL" --lld iscsi "$@"; }
tadm --op new --mode target --tid 1 -T "$TIQN"
tadm --op new --mode logicalunit --tid 1 --lun 1 --bstype rbd --backing-store rbd/bench \
  --bsopts "conf=$ceph_dir/ceph.conf;id=admin"
tadm --op bind --mode target --tid 1 -I ALL

# --- Quiver: vdisk_rbd disk0 (LUN 0 of the default target, as shipped) on the same image
tar xzf "$TAR" -C "$DIR"
sed -i "s/^quiver.iscsi.port = .*/quiver.iscsi.port = $Q/; s/^quiver.http.port = .*/quiver.http.port = $((Q + 1))/;
        s/^quiver.ssh.port = .*/quiver.ssh.port = $((Q + 2))/; s/^quiver.rmi.registry.port = .*/quiver.rmi.registry.port = $((Q + 3))/;
        s/^quiver.rmi.server.port = .*/quiver.rmi.server.port = $((Q + 4))/" "$qhome/etc/system.properties"
# boot quiver-rbd after quiver-nullio (its line names the version)
sed -i -E 's|^(\s*)(quiver-nullio)(/[^,]*), \\$|&\n\1quiver-rbd\3, \\|' "$qhome/etc/org.apache.karaf.features.cfg"
grep -q 'quiver-rbd/' "$qhome/etc/org.apache.karaf.features.cfg" || { echo "could not boot quiver-rbd" >&2; exit 1; }
rm "$qhome/etc/io.quiver.handler.fileio-disk0.cfg"
printf 'name = disk0\npool = rbd\nimage = bench\nconf = %s\nthreads_num = %s\n' "$ceph_dir/ceph.conf" \
  "${RBD_THREADS:-8}" >"$qhome/etc/io.quiver.handler.rbd-disk0.cfg"
(cd "$qhome" && bin/start 2>"$DIR/quiver-start.log")
for _ in $(seq 600); do iscsi-inq "iscsi://127.0.0.1:$Q/$QIQN/0" >/dev/null 2>&1 && break; sleep 0.2; done
iscsi-inq "iscsi://127.0.0.1:$Q/$QIQN/0" >/dev/null || { echo "Quiver does not serve LUN 0" >&2; exit 1; }
qpid=$(cat "$qhome/karaf.pid")

# what each target's librbd runs with (from its admin socket; the socket appears once the image is open)
for t in tgtd quiver; do
  pid=$tgtd_pid; [[ $t == quiver ]] && pid=$qpid
  for _ in $(seq 50); do [[ -S $ceph_dir/run/client.admin.$pid.asok ]] && break; sleep 0.1; done
  echo "# $t librbd: $(ceph --admin-daemon "$ceph_dir/run/client.admin.$pid.asok" config get rbd_cache 2>&1 | tr -d ' \n')" \
    "$(ceph --admin-daemon "$ceph_dir/run/client.admin.$pid.asok" config get rbd_cache_policy 2>&1 | tr -d ' \n')"
done
hz=$(getconf CLK_TCK)
cpu_s() { awk -v hz="$hz" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$1/stat"; }
esc() { echo "${1//:/\\:}"; }   # fio splits file names at ':'
declare -A URL=([tgtd]="iscsi://127.0.0.1:$((P + 40))/$TIQN/1" [quiver]="iscsi://127.0.0.1:$Q/$QIQN/0")
declare -A PID=([tgtd]=$tgtd_pid [quiver]=$qpid)
echo "# $(date -u +%FT%TZ) $(nproc) CPUs, $(uname -r), fio $("$FIO" --version), Quiver threads_num ${RBD_THREADS:-8}"
IFS=, read -ra cases <<<"${RBD_CASES:-randread 4k 32,randwrite 4k 32,read 1m 8,write 1m 8}"
for c in "${cases[@]}"; do
  read -r rw bs qd <<<"$c"
  for t in tgtd quiver; do
    f=$DIR/$t.$rw-$bs-qd$qd.json
    c0=$(cpu_s "${PID[$t]}")
    "$FIO" --name="$t" --ioengine=libiscsi --initiator="iqn.2026-12.io.quiver:rbd-bench" \
      --filename="$(esc "${URL[$t]}")" --rw="$rw" --bs="$bs" --iodepth="$qd" --time_based \
      --runtime="${RBD_RUNTIME:-10}" --ramp_time=2 --norandommap --randrepeat=0 --output-format=json \
      --output="$f" >/dev/null 2>"$f.err" || echo "# fio failed: $t $c (see $f.err)" >&2
    echo "$(awk -v a="$c0" -v b="$(cpu_s "${PID[$t]}")" 'BEGIN{print b - a}')" >"${f%.json}.cpu"
  done
  python3 - "$DIR" "$rw" "$bs" "$qd" <<'PY'
import json, sys
d, rw, bs, qd = sys.argv[1:]
row = {}
for t in ("tgtd", "quiver"):
    base = "%s/%s.%s-%s-qd%s" % (d, t, rw, bs, qd)
    with open(base + ".json") as fh:
        text = fh.read()
    job = json.loads(text[text.index("{"):])["jobs"][0]
    side = job["write" if "write" in rw else "read"]
    with open(base + ".cpu") as fh:
        cpu = float(fh.read())
    row[t] = (side["iops"], side["bw"] / 1024, side["lat_ns"]["mean"] / 1e6, cpu)
unit = "IOPS" if bs == "4k" else "MiB/s"
pick = (lambda v: v[0]) if bs == "4k" else (lambda v: v[1])
print("%-9s %-3s QD%-2s  tgtd %8.0f %s (%.2f ms, CPU %.1f s)  quiver %8.0f %s (%.2f ms, CPU %.1f s)  ratio %.2f"
      % (rw, bs, qd, pick(row["tgtd"]), unit, row["tgtd"][2], row["tgtd"][3], pick(row["quiver"]), unit,
         row["quiver"][2], row["quiver"][3], pick(row["quiver"]) / pick(row["tgtd"])))
PY
done
echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
