#!/bin/bash
# Compares two Quiver builds side by side (before/after a change), alternating their fio runs so that the
# shared machine's drift hits both. Each build is unpacked on its own ports with LUN 0 a fileio file of
# random data in AB_BACKING (a disk file system: page cache), otherwise as shipped.
#
#   bench/ab.sh <quiver-A.tar.gz> <quiver-B.tar.gz>
#   AB_BACKING   directory of the backing files        (/var/tmp)
#   AB_PORT      first of 40 ports: A +0..4, B +20..24 (31300)
#   AB_ROUNDS    rounds of all cases                   (3)
#   AB_CASES     "rw bs qd" triples, comma-separated   (randwrite 4k 32,randrw 4k 32,write 1m 8)
#   AB_RUNTIME   seconds per run, after a 2 s ramp     (8)
# Prints one line per run: build, case, read and write IOPS, MiB/s.
set -euo pipefail
[[ $# == 2 ]] || { sed -n '2,12p' "$0"; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
FIO=$("$here/build-fio.sh" | tail -1)
QIQN=iqn.2026-11.io.quiver:default
BACKING=${AB_BACKING:-/var/tmp}
P=${AB_PORT:-31300}
declare -A TAR=([A]=$(realpath "$1") [B]=$(realpath "$2")) PORT=([A]=$P [B]=$((P + 20)))
work=$(mktemp -d /tmp/quiver-ab.XXXXXX)
cleanup() {
  set +e
  for k in A B; do [[ -x $work/$k/quiver-0.1.0-SNAPSHOT/bin/stop ]] && "$work/$k/quiver-0.1.0-SNAPSHOT/bin/stop" >/dev/null 2>&1; done
  sleep 3; rm -rf "$work" "$BACKING"/quiver-ab-[AB].img
}
trap cleanup EXIT
for k in A B; do
  mkdir -p "$work/$k"; tar xzf "${TAR[$k]}" -C "$work/$k"; h=$work/$k/quiver-0.1.0-SNAPSHOT; q=${PORT[$k]}
  sed -i "s/^quiver.iscsi.port = .*/quiver.iscsi.port = $q/; s/^quiver.http.port = .*/quiver.http.port = $((q + 1))/;
          s/^quiver.ssh.port = .*/quiver.ssh.port = $((q + 2))/; s/^quiver.rmi.registry.port = .*/quiver.rmi.registry.port = $((q + 3))/;
          s/^quiver.rmi.server.port = .*/quiver.rmi.server.port = $((q + 4))/" "$h/etc/system.properties"
  img=$BACKING/quiver-ab-$k.img
  dd if=/dev/urandom of="$img" bs=1M count=1024 status=none
  printf 'name = disk0\nfilename = %s\nsize = 1073741824\n' "$img" >"$h/etc/io.quiver.handler.fileio-disk0.cfg"
  (cd "$h" && bin/start 2>/dev/null)
done
for k in A B; do until iscsi-inq "iscsi://127.0.0.1:${PORT[$k]}/$QIQN/0" >/dev/null 2>&1; do sleep 0.5; done; done
esc() { echo "${1//:/\\:}"; }   # fio splits file names at ':'
run() { # build rw bs qd
  "$FIO" --name=ab --ioengine=libiscsi --initiator="iqn.2026-12.io.quiver:ab-$1" \
    --filename="$(esc "iscsi://127.0.0.1:${PORT[$1]}/$QIQN/0")" --rw="$2" --bs="$3" --iodepth="$4" --time_based \
    --runtime="${AB_RUNTIME:-8}" --ramp_time=2 --norandommap --randrepeat=0 --output-format=json 2>/dev/null |
    python3 -c "import json,sys; s=sys.stdin.read(); j=json.loads(s[s.index('{'):])['jobs'][0]; r=j['read']; w=j['write']
print('%s %s %s qd%s read %.0f iops write %.0f iops %.1f MiB/s' % (sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4],
      r['iops'], w['iops'], (r['bw'] + w['bw']) / 1024))" "$@"
}
IFS=, read -ra cases <<<"${AB_CASES:-randwrite 4k 32,randrw 4k 32,write 1m 8}"
for _ in $(seq "${AB_ROUNDS:-3}"); do
  for c in "${cases[@]}"; do
    # shellcheck disable=SC2086
    for k in A B; do run $k $c; done
  done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
