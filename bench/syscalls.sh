#!/usr/bin/env bash
# System calls per I/O: Quiver's threads traced with `strace -c -f` while fio (libiscsi engine) does a fixed
# number of 4 KiB random reads at QD1, against a fileio LUN on a file in BENCH_BACKING (default /var/tmp: the
# page cache) served with inline_cached_reads on (LUN 0) and off (LUN 1, a hard link of the same file), and
# against tgtd's rdwr LUN on the same file. strace slows every call, so only the counts mean anything here,
# not the time.
#
# usage: bench/syscalls.sh   (after `mvn install`; needs strace, tgt, libiscsi-bin)
# env: QUIVER_TAR, BENCH_PORT (30400), BENCH_BACKING (/var/tmp), SYSCALL_IOS (20000), BENCH_DIR (/tmp/quiver-syscalls)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
P=${BENCH_PORT:-30400}
DIR=${BENCH_DIR:-/tmp/quiver-syscalls}
N=${SYSCALL_IOS:-20000}
TAR=${QUIVER_TAR:-$root/distribution/quiver/target/quiver-0.1.0-SNAPSHOT.tar.gz}
IMG=${BENCH_BACKING:-/var/tmp}/quiver-syscalls-$P.img
QIQN=iqn.2026-11.io.quiver:default
TIQN=iqn.2026-11.org.tgt:syscalls
TGT_CTRL=$((P % 1000 + 200))
INI=iqn.2026-11.io.quiver:syscalls-initiator
command -v strace >/dev/null || { echo "strace missing: apt-get install strace" >&2; exit 1; }
FIO=$("$here/build-fio.sh" | tail -1)
mkdir -p "$DIR"
home=$DIR/quiver-0.1.0-SNAPSHOT
tgtd_pid=
cleanup() {
  set +e
  [[ -x $home/bin/stop ]] && "$home/bin/stop" >/dev/null 2>&1
  if [[ -n $tgtd_pid ]]; then
    tgtadm -C "$TGT_CTRL" --lld iscsi --op delete --mode target --tid 1 --force >/dev/null 2>&1
    tgtadm -C "$TGT_CTRL" --op delete --mode system >/dev/null 2>&1
    sleep 1; kill -KILL "$tgtd_pid" 2>/dev/null
  fi
  rm -f "$IMG" "$IMG.threads" "$IMG.atomic" "$IMG.threads.atomic"
}
trap cleanup EXIT
dd if=/dev/urandom of="$IMG" bs=1M count=256 status=none
ln -f "$IMG" "$IMG.threads"

setsid tgtd -f -C "$TGT_CTRL" --iscsi "portal=127.0.0.1:$((P + 10))" >"$DIR/tgtd.log" 2>&1 </dev/null &
tgtd_pid=$!
for _ in $(seq 50); do tgtadm -C "$TGT_CTRL" --op show --mode sys >/dev/null 2>&1 && break; sleep 0.1; done
tgtadm -C "$TGT_CTRL" --lld iscsi --op new --mode target --tid 1 -T "$TIQN"
tgtadm -C "$TGT_CTRL" --lld iscsi --op new --mode logicalunit --tid 1 --lun 1 --bstype rdwr -b "$IMG"
tgtadm -C "$TGT_CTRL" --lld iscsi --op bind --mode target --tid 1 -I ALL

rm -rf "$home"; tar xzf "$TAR" -C "$DIR"; cd "$home"
sed -i "s/^quiver.iscsi.port = .*/quiver.iscsi.port = $P/; s/^quiver.http.port = .*/quiver.http.port = $((P + 1))/;
        s/^quiver.ssh.port = .*/quiver.ssh.port = $((P + 2))/; s/^quiver.rmi.registry.port = .*/quiver.rmi.registry.port = $((P + 3))/;
        s/^quiver.rmi.server.port = .*/quiver.rmi.server.port = $((P + 4))/" etc/system.properties
printf 'name = disk0\nfilename = %s\nsize = 268435456\n' "$IMG" >etc/io.quiver.handler.fileio-disk0.cfg
printf 'name = disk1\nfilename = %s\nsize = 268435456\ninline_cached_reads = false\n' "$IMG.threads" \
  >etc/io.quiver.handler.fileio-disk1.cfg
printf 'target = %s\nlun = 1\ndevice = disk1\n' "$QIQN" >etc/io.quiver.core.lun-disk1.cfg
bin/start 2>"$DIR/quiver-start.log"
until iscsi-inq "iscsi://127.0.0.1:$P/$QIQN/0" >/dev/null 2>&1 && iscsi-inq "iscsi://127.0.0.1:$P/$QIQN/1" >/dev/null 2>&1; do sleep 0.2; done
qpid=$(pgrep -f "karaf.home=$home" | head -1)
cd "$root"

# one traced fio run: prints "label calls calls/io" and keeps strace's table in $DIR/label.strace
traced() {
  local label=$1 pid=$2 url=$3
  # warm the page cache and the connection path first, untraced
  "$FIO" --name=warm --ioengine=libiscsi --initiator="$INI" --filename="${url//:/\\:}" --rw=read --bs=1m \
    --size=256m --output-format=terse >/dev/null 2>&1
  strace -c -f -q -p "$pid" -o "$DIR/$label.strace" &
  local s=$!; sleep 2
  "$FIO" --name=qd1 --ioengine=libiscsi --initiator="$INI" --filename="${url//:/\\:}" --rw=randread --bs=4k \
    --iodepth=1 --number_ios="$N" --size=256m --norandommap --output-format=terse >/dev/null 2>"$DIR/$label.fio.err"
  kill -INT "$s"; wait "$s" 2>/dev/null || true
  local calls
  calls=$(awk '$NF == "total" {print $4}' "$DIR/$label.strace")
  # fio's login, INQUIRY, READ CAPACITY and logout add a few dozen calls: negligible against N
  echo "$label $calls $(awk -v c="$calls" -v n="$N" 'BEGIN{printf "%.1f", c / n}')"
}
echo "# $N 4 KiB random reads at QD1 from the page cache ($IMG, $(stat -f -c %T "$IMG")); label, system calls, calls per I/O"
traced quiver-inline "$qpid" "iscsi://127.0.0.1:$P/$QIQN/0"
traced quiver-threads "$qpid" "iscsi://127.0.0.1:$P/$QIQN/1"
traced tgtd "$tgtd_pid" "iscsi://127.0.0.1:$((P + 10))/$TIQN/1"
for l in quiver-inline quiver-threads tgtd; do echo "## $l: the most frequent calls"; sed -n '3,10p' "$DIR/$l.strace"; done
