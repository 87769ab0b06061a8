#!/usr/bin/env bash
# FCoE beside iSCSI on one LUN of one Quiver (issue 18 item 8), over one veth link, from the Java initiators.
#
# Makes two network namespaces, fcbt<PID> (the target) and fcbi<PID> (the initiator), joined by a veth pair
# fcbt0/fcbi0 with link-local addresses 169.254.31.1/.2; unpacks the distribution and starts it inside fcbt with
# the quiver-fcoe feature booted, one fileio device (a 1 GiB file on /dev/shm, tmpfs) as LUN 0 of both an fcst
# VN2VN target on fcbt0 and the iSCSI target, whose portal listens on 169.254.31.1. Then, inside fcbi, the
# benchmark's JVM (FcoeIscsiBench, test code of bundles/io.quiver.transport.fcoe) drives 4 KiB random read and
# write at QD32 and 1 MiB sequential read and write at QD8 through the Java FCoE test initiator (WireInitiator:
# VN2VN claim, PLOGI, PRLI, FCP over AF_PACKET) and through Quiver's Java iSCSI initiator, FCoE and iSCSI
# alternating (A B, then B A), and prints every run, the medians and the FCoE/iSCSI ratio as a markdown table.
# Both namespaces (and with them the veth pair), Quiver and the file are removed at the end, also on failure.
#
# usage: bench/fcoe.sh        (as root, from the project, after `mvn install` built the distribution)
# env (default):
#   QUIVER_TAR    the distribution archive       (distribution/quiver/target/quiver-0.1.0-SNAPSHOT.tar.gz)
#   FCB_PORT      first of 5 ports, inside fcbt  (31000): iSCSI +0, http +1, ssh +2, rmi +3 +4
#   FCB_DIR       work directory                 (/tmp/quiver-fcoebench)
#   FCB_RUNTIME   seconds measured per run (10)  FCB_RAMP  seconds before measuring (2)
#   FCB_REPS      repetitions per path (2; the table shows the median)   FCB_CASES  comma list (all)
#   FCB_MTU       the veth MTU (2500, "baby jumbo": full 2112-byte FC payloads; 1500 gives 1452-byte ones)
#   FCB_INITIATOR_RING  false: the Java FCoE initiator receives by plain recv, not the TPACKET_V2 ring (true)
#   FCB_SPIN      nanoseconds a ring reader watches its ring after frames before it sleeps, in Quiver and in
#                 the initiator (quiver.fcoe.receiveSpinNanos; unset: the built-in 50000; 0: never spins)
#   MAVEN_REPO    -Dmaven.repo.local for the classpath (~/.m2/repository)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
P=${FCB_PORT:-31000}
DIR=${FCB_DIR:-/tmp/quiver-fcoebench}
MTU=${FCB_MTU:-2500}
TAR=${QUIVER_TAR:-$root/distribution/quiver/target/quiver-0.1.0-SNAPSHOT.tar.gz}
REPO=${MAVEN_REPO:-$HOME/.m2/repository}
TNS=fcbt$$; INS=fcbi$$
TADDR=169.254.31.1; IADDR=169.254.31.2
WWPN=10:00:00:00:00:fc:b0:01
IQN=iqn.2026-11.io.quiver:default
IMG=/dev/shm/fcb-bench-$$.img
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java

[[ -f $TAR ]] || { echo "no distribution at $TAR: build it (mvn install) or set QUIVER_TAR" >&2; exit 1; }
[[ $(id -u) == 0 ]] || { echo "needs root (network namespaces, AF_PACKET)" >&2; exit 1; }

home=$DIR/quiver-0.1.0-SNAPSHOT
qpid=
cleanup() {
  set +e
  if [[ -n $qpid && -d /proc/$qpid ]]; then
    ip netns exec "$TNS" "$home/bin/stop" >/dev/null 2>&1
    for _ in $(seq 150); do [[ -d /proc/$qpid ]] || break; sleep 0.2; done
    [[ -d /proc/$qpid ]] && kill -KILL "$qpid"
  fi
  ip netns del "$INS" 2>/dev/null
  ip netns del "$TNS" 2>/dev/null
  rm -f "$IMG"
}
trap cleanup EXIT

mkdir -p "$DIR"

# --- the classpath of the benchmark (test classes of the fcoe bundle, with the iSCSI initiator)
mvn -B -o -q -f "$root/pom.xml" -pl bundles/io.quiver.transport.fcoe test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$DIR.cp" -Dmaven.repo.local="$REPO" >/dev/null
mod=$root/bundles/io.quiver.transport.fcoe/target
CP=$mod/test-classes:$mod/classes:$(cat "$DIR.cp")

# --- the link: two namespaces, one veth pair
ip netns add "$TNS"; ip netns add "$INS"
ip -n "$TNS" link add fcbt0 mtu "$MTU" type veth peer name fcbi0 mtu "$MTU" netns "$INS"
ip -n "$TNS" addr add "$TADDR/30" dev fcbt0; ip -n "$INS" addr add "$IADDR/30" dev fcbi0
for ns in "$TNS" "$INS"; do ip -n "$ns" link set lo up; done
ip -n "$TNS" link set fcbt0 up; ip -n "$INS" link set fcbi0 up

# --- one LUN: a 1 GiB file on tmpfs, written once so that reads hit real pages
dd if=/dev/urandom of="$IMG" bs=1M count=1024 status=none

# --- Quiver inside fcbt: LUN 0 of the default iSCSI target and of the fcst target is the same device
mkdir -p "$DIR"; rm -rf "$home"; tar xzf "$TAR" -C "$DIR"
cd "$home"
sed -i "s/^quiver.bind.address = .*/quiver.bind.address = $TADDR/; s/^quiver.iscsi.port = .*/quiver.iscsi.port = $P/;
        s/^quiver.http.port = .*/quiver.http.port = $((P + 1))/; s/^quiver.ssh.port = .*/quiver.ssh.port = $((P + 2))/;
        s/^quiver.rmi.registry.port = .*/quiver.rmi.registry.port = $((P + 3))/;
        s/^quiver.rmi.server.port = .*/quiver.rmi.server.port = $((P + 4))/" etc/system.properties
sed -i 's/^featuresBoot = \\$/featuresBoot = \\\n    quiver-fcoe\/0.1.0.SNAPSHOT, \\/' etc/org.apache.karaf.features.cfg
printf 'name = disk0\nfilename = %s\nsize = 1073741824\n' "$IMG" >etc/io.quiver.handler.fileio-disk0.cfg
printf 'target = %s\nlun = 0\ndevice = disk0\n' "$WWPN" >etc/io.quiver.core.lun-fcb0.cfg
printf 'name = %s\ninterface_name = fcbt0\n' "$WWPN" >etc/io.quiver.transport.fcoe.target-fcb.cfg
spin_opt=${FCB_SPIN:+-Dquiver.fcoe.receiveSpinNanos=$FCB_SPIN}
ip netns exec "$TNS" env KARAF_OPTS="$spin_opt" bin/start
for _ in $(seq 100); do qpid=$(pgrep -f "karaf.home=$home" | head -1) && [[ -n $qpid ]] && break; sleep 0.1; done
[[ -n $qpid ]] || { echo "Quiver did not start" >&2; exit 1; }
echo "Quiver pid $qpid in $TNS; load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"

# the machine's CPU (all cores, /proc/stat) over the run: what else ran shows as busy beyond Quiver + the initiator
cpu() { awk '/^cpu /{print $2+$3+$4+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat; }
read -r busy0 total0 < <(cpu)
# --- the benchmark inside fcbi (it waits for the target's VN2VN claim response and the iSCSI portal)
ip netns exec "$INS" "$JAVA" --enable-native-access=ALL-UNNAMED -Xmx1g $spin_opt -cp "$CP" \
  -Dfcb.interface=fcbi0 -Dfcb.iscsi="$TADDR:$P" -Dfcb.iqn="$IQN" -Dfcb.targetPid="$qpid" \
  -Dfcb.runtime="${FCB_RUNTIME:-10}" -Dfcb.ramp="${FCB_RAMP:-2}" -Dfcb.reps="${FCB_REPS:-2}" \
  -Dfcb.cases="${FCB_CASES:-}" -Dfcb.table="$DIR/results.md" -Dfcb.initiatorRing="${FCB_INITIATOR_RING:-true}" \
  io.quiver.transport.fcoe.impl.port.FcoeIscsiBench
read -r busy1 total1 < <(cpu)
echo "machine busy $(( 100 * (busy1 - busy0) / (total1 - total0) ))% (all $(nproc) CPUs) during the run; load after it: $(cut -d' ' -f1-3 /proc/loadavg); table: $DIR/results.md"
