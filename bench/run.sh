#!/usr/bin/env bash
# Side-by-side benchmark of Quiver against tgtd (Linux STGT, Debian package `tgt`) on 127.0.0.1.
#
# Both targets export the SAME 1 GiB file on /dev/shm (Quiver: fileio LUN 0; tgtd: rdwr LUN 1); Quiver also
# exports nullio LUNs 1..64 (LUN 1 gives the transport-only figure, all 64 the RSS-under-load figure).
# fio (libiscsi engine, user-space initiator) runs each case against each target interleaved, A B A B, so
# the machine's drift hits both alike; iperf3 (or bench/tcpbw.py) measures loopback TCP in the same run.
# Prints every figure and the ratio Quiver/tgtd, and writes a markdown table.
#
# usage: bench/run.sh            (from the project, after `mvn install` built distribution/quiver)
# env (default):
#   QUIVER_TAR     the distribution archive   (distribution/quiver/target/quiver-0.1.0-SNAPSHOT.tar.gz)
#   BENCH_PORT     first of 20 ports used      (30300): Quiver iSCSI +0, http +1, ssh +2, rmi +3 +4; tgtd +10
#   BENCH_DIR      work dir, raw fio JSON      (/tmp/quiver-bench)
#   BENCH_RUNTIME  seconds measured per run    (10)     BENCH_RAMP  seconds before measuring (2)
#   BENCH_REPS     interleaved repetitions     (2; the table shows the median)
#   BENCH_CASES    comma list of case names    (all, see CASES below)
#   BENCH_NULLIO   1 = also run Quiver nullio  (1)      BENCH_RSS   1 = 64-LUN RSS phase (1)
#   BENCH_BACKING  directory of the shared file (/dev/shm: memory; a directory on the machine's disk
#                  measures a file read through the page cache)
#   BENCH_THREADS  1 = also run "quiver-threads": a second fileio LUN on the same file (a hard link) with
#                  inline_cached_reads off, every command handed to the device threads (0)
#   BENCH_ODIRECT  1 = both targets bypass the page cache: Quiver's fileio LUNs with o_direct, tgtd's rdwr
#                  backing store with --bsoflags direct, both with 4096-byte blocks (O_DIRECT's alignment on a
#                  4 KiB-block file system); BENCH_BACKING must be a disk file system, not tmpfs      (0)
#   BENCH_IO_THREADS  threads_num of Quiver's fileio LUNs (as shipped: 2); tgtd's rdwr always has 16
#   BENCH_BUSY_POLL 1 = Quiver's event loops busy-poll (busy_poll, SPDK-like polling mode)   (0)
#   BENCH_EVENT_LOOPS  Quiver's event_loops    (2)
#   BENCH_POLL_USECS   Quiver's busy_poll_usecs: event loops poll this long after their last I/O, then sleep (0)
#   BENCH_ALONE    1 = each target measured alone: the other target's process is stopped (SIGSTOP) during
#                  a run and continued after, so a polling target's spinning core (busy_poll) cannot speed up or
#                  slow down the other; both are stopped while the loopback limits are measured       (1)
#   BENCH_TABLE    markdown output             ($BENCH_DIR/results.md)
#   JAVA_HOME, EXTRA_JAVA_OPTS as for bin/start.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
P=${BENCH_PORT:-30300}
DIR=${BENCH_DIR:-/tmp/quiver-bench}
RT=${BENCH_RUNTIME:-10}; RAMP=${BENCH_RAMP:-2}; REPS=${BENCH_REPS:-2}
TAR=${QUIVER_TAR:-$root/distribution/quiver/target/quiver-0.1.0-SNAPSHOT.tar.gz}
TABLE=${BENCH_TABLE:-$DIR/results.md}
IMG=${BENCH_BACKING:-/dev/shm}/quiver-bench-$P.img
QIQN=iqn.2026-11.io.quiver:default
TIQN=iqn.2026-11.org.tgt:bench
TGT_CTRL=$((P % 1000 + 100))
INI=iqn.2026-11.io.quiver:bench-initiator

CASES="
randread_4k_qd1    randread   4k  1
randwrite_4k_qd1   randwrite  4k  1
randread_4k_qd32   randread   4k  32
randwrite_4k_qd32  randwrite  4k  32
read_1m_qd1        read       1m  1
write_1m_qd1       write      1m  1
read_1m_qd8        read       1m  8
write_1m_qd8       write      1m  8
read_6m_qd8        read       6m  8
write_6m_qd8       write      6m  8
"
if [[ -n ${BENCH_CASES:-} ]]; then
  CASES=$(awk -v want=",$BENCH_CASES," 'NF && index(want, ","$1",")' <<<"$CASES")
fi

[[ -f $TAR ]] || { echo "no distribution at $TAR: build it (mvn install) or set QUIVER_TAR" >&2; exit 1; }
command -v tgtd >/dev/null || { echo "tgtd missing: apt-get install tgt" >&2; exit 1; }
command -v iscsi-inq >/dev/null || { echo "iscsi-inq missing: apt-get install libiscsi-bin" >&2; exit 1; }
FIO=$("$here/build-fio.sh" | tail -1)

mkdir -p "$DIR"; rm -f "$DIR"/*.json "$DIR"/*.err
quiver_home=$DIR/quiver-0.1.0-SNAPSHOT
tgtd_pid=

cleanup() {
  set +e
  thaw
  if [[ -x $quiver_home/bin/stop ]]; then "$quiver_home/bin/stop" >/dev/null 2>&1; fi
  if [[ -n $tgtd_pid && -d /proc/$tgtd_pid ]]; then
    # tgtd leaves only once its targets are gone; SIGTERM alone does not end it
    tgtadm -C "$TGT_CTRL" --lld iscsi --op delete --mode target --tid 1 --force >/dev/null 2>&1
    tgtadm -C "$TGT_CTRL" --op delete --mode system >/dev/null 2>&1
    for _ in $(seq 100); do [[ -d /proc/$tgtd_pid ]] || break; sleep 0.1; done
    [[ -d /proc/$tgtd_pid ]] && kill -KILL "$tgtd_pid"
  fi
  [[ -n ${qpid:-} ]] && for _ in $(seq 100); do [[ -d /proc/$qpid ]] || break; sleep 0.1; done
  rm -f "$IMG" "$IMG.threads" "$IMG.atomic" "$IMG.threads.atomic"
}
trap cleanup EXIT

# --- each target alone (BENCH_ALONE): the processes not measured are stopped, then continued
frozen=()
freeze() {
  [[ ${BENCH_ALONE:-1} == 1 ]] || return 0
  local p; for p in "$@"; do [[ -n $p ]] && kill -STOP "$p" && frozen+=("$p"); done
  return 0
}
thaw() {
  local p; for p in "${frozen[@]}"; do kill -CONT "$p" 2>/dev/null; done
  frozen=()
}

# --- the shared backing file, written once so reads hit real pages
dd if=/dev/urandom of="$IMG" bs=1M count=1024 status=none

# --- tgtd
setsid tgtd -f -C "$TGT_CTRL" --iscsi "portal=127.0.0.1:$((P + 10))" >"$DIR/tgtd.log" 2>&1 </dev/null &
tgtd_pid=$!
for _ in $(seq 50); do tgtadm -C "$TGT_CTRL" --op show --mode sys >/dev/null 2>&1 && break; sleep 0.1; done
tadm() { tgtadm -C "$TGT_CTRL" --lld iscsi "$@"; }
tadm --op new --mode target --tid 1 -T "$TIQN"
odirect=${BENCH_ODIRECT:-0}
if [[ $odirect == 1 ]]; then
  tadm --op new --mode logicalunit --tid 1 --lun 1 --bstype rdwr -b "$IMG" --bsoflags direct --blocksize 4096
else
  tadm --op new --mode logicalunit --tid 1 --lun 1 --bstype rdwr -b "$IMG"
fi
tadm --op bind --mode target --tid 1 -I ALL

# --- Quiver: LUN 0 fileio on the same file, LUNs 1..64 nullio
rm -rf "$quiver_home"; tar xzf "$TAR" -C "$DIR"
cd "$quiver_home"
sed -i "s/^quiver.iscsi.port = .*/quiver.iscsi.port = $P/; s/^quiver.http.port = .*/quiver.http.port = $((P + 1))/;
        s/^quiver.ssh.port = .*/quiver.ssh.port = $((P + 2))/; s/^quiver.rmi.registry.port = .*/quiver.rmi.registry.port = $((P + 3))/;
        s/^quiver.rmi.server.port = .*/quiver.rmi.server.port = $((P + 4))/" etc/system.properties
inquiry() { iscsi-inq "iscsi://127.0.0.1:$P/$QIQN/$1" >/dev/null 2>&1; }
running() { pgrep -f "karaf.home=$quiver_home" >/dev/null; }
# first start as shipped (default configuration): seconds until LUN 0 answers an INQUIRY
t0=$(date +%s.%N)
bin/start 2>"$DIR/quiver-start.log"
until inquiry 0; do
  sleep 0.1
  awk -v t0="$t0" -v t="$(date +%s.%N)" 'BEGIN{exit !(t - t0 > 180)}' && { echo "Quiver did not serve LUN 0 in 180 s" >&2; exit 1; }
done
first_login=$(awk -v t0="$t0" -v t="$(date +%s.%N)" 'BEGIN{printf "%.1f", t - t0}')
bin/stop; while running; do sleep 0.2; done
# then the bench configuration: LUN 0 on the shared file, nullio LUNs 1..64
printf 'event_loops = %s\nbusy_poll = %s\nbusy_poll_usecs = %s\n' "${BENCH_EVENT_LOOPS:-2}" \
  "$([[ ${BENCH_BUSY_POLL:-0} == 1 ]] && echo true || echo false)" "${BENCH_POLL_USECS:-0}" \
  >etc/io.quiver.transport.iscsi.cfg
# o_direct (with 4 KiB blocks) and threads_num, when asked, for every fileio LUN of the run
fileio_extra=
if [[ $odirect == 1 ]]; then fileio_extra+=$'o_direct = true\nblocksize = 4096\n'; fi
if [[ -n ${BENCH_IO_THREADS:-} ]]; then fileio_extra+="threads_num = $BENCH_IO_THREADS"$'\n'; fi
printf 'name = disk0\nfilename = %s\nsize = 1073741824\n%s' "$IMG" "$fileio_extra" >etc/io.quiver.handler.fileio-disk0.cfg
if [[ ${BENCH_THREADS:-0} == 1 ]]; then
  # the same inode under another name (its own WRITE ATOMIC journal), served without inline cached reads
  ln -f "$IMG" "$IMG.threads"
  printf 'name = disk1\nfilename = %s\nsize = 1073741824\ninline_cached_reads = false\n%s' "$IMG.threads" "$fileio_extra" \
    >etc/io.quiver.handler.fileio-disk1.cfg
  printf 'target = %s\nlun = 65\ndevice = disk1\n' "$QIQN" >etc/io.quiver.core.lun-disk1.cfg
fi
for n in $(seq 1 64); do
  printf 'name = null%s\nsize = 1073741824\n' "$n" >"etc/io.quiver.handler.nullio-null$n.cfg"
  printf 'target = %s\nlun = %s\ndevice = null%s\n' "$QIQN" "$n" "$n" >"etc/io.quiver.core.lun-null$n.cfg"
done
bin/start 2>>"$DIR/quiver-start.log"
t0=$(date +%s)
until inquiry 0 && inquiry 64 && { [[ ${BENCH_THREADS:-0} != 1 ]] || inquiry 65; }; do
  sleep 0.2
  (( $(date +%s) - t0 < 180 )) || { echo "Quiver did not serve its bench LUNs in 180 s:" >&2
    grep -E ' (ERROR|WARN) .*(fileio|nullio|core)' data/log/karaf.log | tail -5 >&2; exit 1; }
done
qpid=$(pgrep -f "karaf.home=$quiver_home" | head -1)
grep -q 'iSCSI portals use native epoll' data/log/karaf.log && transport=epoll || transport=NIO
cd "$root"

labels=(tgtd quiver); urls=("iscsi://127.0.0.1:$((P + 10))/$TIQN/1" "iscsi://127.0.0.1:$P/$QIQN/0")
if [[ ${BENCH_THREADS:-0} == 1 ]]; then labels+=(quiver-threads); urls+=("iscsi://127.0.0.1:$P/$QIQN/65"); fi
if [[ ${BENCH_NULLIO:-1} == 1 ]]; then labels+=(nullio); urls+=("iscsi://127.0.0.1:$P/$QIQN/1"); fi
esc() { echo "${1//:/\\:}"; }   # fio splits file names at ':'
common=(--ioengine=libiscsi --initiator="$INI" --randrepeat=0 --norandommap --output-format=json
        --time_based --runtime="$RT" --ramp_time="$RAMP")

echo "# $(date -u +%FT%TZ) $(nproc) CPUs, $(uname -r), $(java -version 2>&1 | head -1), fio $("$FIO" --version)"
echo "# backing file $IMG on $(stat -f -c %T "$IMG"), o_direct $odirect, Quiver threads_num ${BENCH_IO_THREADS:-2 (shipped)}"
echo "# Quiver transport: $transport; first start of the default distribution: LUN 0 INQUIRY $first_login s after bin/start"
echo "# Quiver event_loops ${BENCH_EVENT_LOOPS:-2}, busy_poll ${BENCH_BUSY_POLL:-0}, busy_poll_usecs ${BENCH_POLL_USECS:-0}; each target alone (BENCH_ALONE) ${BENCH_ALONE:-1}"
cpu0=$(head -1 /proc/stat)

# loopback TCP ceiling, measured between the two halves of the run
tcp_bw() {
  if command -v iperf3 >/dev/null; then
    iperf3 -s -1 -B 127.0.0.1 -p $((P + 11)) >/dev/null 2>&1 &
    local s=$!; sleep 0.5
    iperf3 -c 127.0.0.1 -p $((P + 11)) -t "$RT" -J 2>/dev/null \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/8/2**20)'
    wait "$s" 2>/dev/null || true
  else
    python3 "$here/tcpbw.py" $((P + 11)) "$RT"
  fi
}

# loopback TCP round trip of a 4 KiB READ's bytes between two processes: the floor under QD1 latency
tcp_rtt() {
  local java=${JAVA_HOME:+$JAVA_HOME/bin/}java
  "$java" "$here/TcpRoundTrip.java" serve $((P + 12)) &
  local s=$!; sleep 1.5
  "$java" "$here/TcpRoundTrip.java" ping $((P + 12)) "$RT" || echo n/a
  wait "$s" 2>/dev/null || true
}

# CPU time (utime + stime, all threads) of a target process, in seconds
hz=$(getconf CLK_TCK)
cpu_s() { awk -v hz="$hz" '{printf "%.3f", ($14 + $15) / hz}' "/proc/$1/stat"; }
now_s() { date +%s.%N; }
for rep in $(seq "$REPS"); do
  while read -r name rw bs qd; do
    [[ -n $name ]] || continue
    for k in "${!labels[@]}"; do
      f=$DIR/${labels[$k]}.$name.$rep.json
      pid=$qpid; other=$tgtd_pid; [[ ${labels[$k]} == tgtd ]] && { pid=$tgtd_pid; other=$qpid; }
      freeze "$other"
      c0=$(cpu_s "$pid"); w0=$(now_s)
      "$FIO" --name="$name" "${common[@]}" --filename="$(esc "${urls[$k]}")" --rw="$rw" --bs="$bs" \
        --iodepth="$qd" --output="$f" >/dev/null 2>"$f.err" || echo "# fio failed: ${labels[$k]} $name (see $f.err)" >&2
      # the target's CPU seconds and the wall seconds of this fio run (ramp included in both)
      echo "$(awk -v a="$c0" -v b="$(cpu_s "$pid")" 'BEGIN{print b - a}') $(awk -v a="$w0" -v b="$(now_s)" 'BEGIN{print b - a}')" >"${f%.json}.cpu"
      thaw
    done
  done <<<"$CASES"
  freeze "$qpid" "$tgtd_pid"
  tcp_bw >"$DIR/tcp.$rep.txt"
  tcp_rtt >"$DIR/rtt.$rep.txt"
  thaw
done

rss=
if [[ ${BENCH_RSS:-1} == 1 ]]; then
  # 64 sessions, one per nullio LUN, 4k random read/write mixed at QD4, while RSS is sampled
  jobs=()
  for n in $(seq 1 64); do jobs+=(--name="lun$n" --filename="$(esc "iscsi://127.0.0.1:$P/$QIQN/$n")"); done
  "$FIO" --ioengine=libiscsi --initiator="$INI" --rw=randrw --bs=4k --iodepth=4 --time_based \
    --runtime="$RT" --thread --group_reporting --output-format=json --output="$DIR/rss64.json" \
    "${jobs[@]}" >/dev/null 2>"$DIR/rss64.err" &
  # RSS counts the pages of the tmpfs file that READs were sent from (fileio maps a file in memory: RssShmem);
  # they are the file's, held by tmpfs whether Quiver maps them or not (tgtd's RSS has none), so the figure
  # is VmRSS without them, and they are reported beside it.
  fpid=$!; peak=0; shmem=0
  while [[ -d /proc/$fpid ]]; do
    read -r r s < <(awk '/^VmRSS/{r=$2} /^RssShmem/{s=$2} END{print r+0, s+0}' "/proc/$qpid/status" 2>/dev/null || echo "0 0")
    (( r - s > peak )) && peak=$((r - s)); (( s > shmem )) && shmem=$s
    sleep 0.5
  done
  wait "$fpid" || echo "# 64-LUN fio failed (see $DIR/rss64.err)" >&2
  rss=$((peak / 1024))/$((shmem / 1024))
fi

cpu1=$(head -1 /proc/stat)
python3 "$here/report.py" "$DIR" "$REPS" "$TABLE" "$cpu0" "$cpu1" "$transport" "$first_login" "${rss:-}" \
  "${labels[@]}" <<<"$CASES"
