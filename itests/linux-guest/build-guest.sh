#!/usr/bin/env bash
#
# Builds the throwaway Linux guest of the Linux-initiator tests (LinuxInitiatorIT) from Debian packages only,
# cached under ~/.cache/quiver-guest/<key>: the kernel of linux-image-amd64, and an initramfs with
# busybox-static, the kernel modules the tests load (with their dependencies from the kernel's modules.dep)
# and the user-space initiator tools with their libraries. Nothing is installed on the host: packages are
# fetched with `apt-get download` and unpacked with `dpkg-deb -x`.
#
# Prints the guest directory on its last line (vmlinuz, initrd.cpio, busybox, key). A second run with the same
# package versions finds the cache and downloads nothing.
#
#   --host-packages   install the host packages the tests need (QEMU, tgt), as .ci/run does; then build.
#
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export DEBIAN_FRONTEND=noninteractive

# The host side: QEMU (TCG, no KVM needed), its libiscsi block driver for scsi-block/scsi-generic over iSCSI,
# and tgt for the side-by-side run. `.ci/run` calls this script with --host-packages.
host_packages() {
    local need=()
    command -v qemu-system-x86_64 >/dev/null 2>&1 || need+=(qemu-system-x86)
    [ -e /usr/lib/x86_64-linux-gnu/qemu/block-iscsi.so ] || need+=(qemu-block-extra)
    command -v tgtd >/dev/null 2>&1 || need+=(tgt)
    if [ ${#need[@]} -gt 0 ]; then
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    fi
}
if [ "${1:-}" = --host-packages ]; then
    host_packages
fi

# The guest's user-space tools (Debian package names); their libraries are added below.
tools=(busybox-static kmod open-iscsi sg3-utils e2fsprogs multipath-tools dmsetup fcoe-utils lldpad mt-st mtx
       iproute2 rdma-core ibverbs-providers librdmacm1 util-linux lsscsi zlib1g open-isns-server open-isns-utils)
# The kernel modules the tests load; their dependencies come from modules.dep.
modules=(virtio_pci virtio_scsi virtio_net scsi_mod sd_mod sg st ch sr_mod ext4 crc32c_generic crc32_generic
         iscsi_tcp libiscsi scsi_transport_iscsi dm_mod dm_multipath dm_round_robin dm_service_time
         scsi_dh_alua fcoe libfcoe libfc scsi_transport_fc 8021q rdma_rxe ib_srp ib_iser ib_uverbs rdma_ucm ib_umad
         af_packet scsi_debug 9p 9pnet 9pnet_virtio netfs fscache)

if ! apt-cache show linux-image-amd64 >/dev/null 2>&1; then
    apt-get update -qq
fi
kpkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-/ {print $2; exit}')
[ -n "$kpkg" ] || { echo "build-guest: cannot resolve linux-image-amd64" >&2; exit 1; }

# The tools' library closure: Depends/Pre-Depends, first alternative, followed through lib* packages only
# (a tool's dependency on perl, udev or systemd is for its packaging scripts, not for the binary).
closure() {
    local seen=" " p level next=("$@")
    while [ ${#next[@]} -gt 0 ]; do
        level=()
        for p in "${next[@]}"; do
            case "$seen" in *" $p "*) continue ;; esac
            seen="$seen$p "
            level+=("$p")
            echo "$p"
        done
        [ ${#level[@]} -gt 0 ] || break
        # One apt-cache call per level: it prints each package's name, then its dependencies indented.
        mapfile -t next < <(apt-cache depends --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces \
                --no-enhances "${level[@]}" 2>/dev/null \
            | awk '/^  \|?(Pre)?Depends:/ && !alt {print $NF; alt = ($1 ~ /^\|/); next} {alt = 0}' \
            | grep -E '^lib' | grep -vE -- '-perl$|^libc-bin$|^libc-l10n$|-common$|:any$' | sort -u)
    done
}
mapfile -t packages < <(closure "${tools[@]}" | sort -u)
packages+=("$kpkg")

# The cache key: every package's candidate version and this directory's scripts.
versions=$(apt-cache policy "${packages[@]}" | awk '/^[^ ]/ {p = $1; sub(/:$/, "", p)} /Candidate:/ {print p "=" $2}')
key=$( { echo "$versions"; printf '%s\n' "${modules[@]}"; cat "$here/build-guest.sh" "$here/init"; } | sha256sum | cut -c1-16)
cache=${QUIVER_GUEST_CACHE:-$HOME/.cache/quiver-guest}
out=$cache/$key
if [ -f "$out/initrd.cpio" ] && [ -f "$out/vmlinuz" ]; then
    echo "$out"
    exit 0
fi

mkdir -p "$cache"
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/debs" "$work/root" "$work/kernel"
(cd "$work/debs" && apt-get download -qq -o APT::Sandbox::User=root $(echo "$versions" | grep -v "^$kpkg=") "$kpkg" >/dev/null)
for deb in "$work"/debs/*.deb; do
    case "$(basename "$deb")" in
        linux-image-*) dpkg-deb -x "$deb" "$work/kernel" ;;
        *) dpkg-deb -x "$deb" "$work/root" ;;
    esac
done
root=$work/root
rm -rf "$root"/usr/share/{doc,man,info,locale,lintian,bug,bash-completion,zsh} "$root"/usr/include "$root"/etc/init.d \
       "$root"/lib/systemd "$root"/usr/lib/systemd "$root"/usr/lib/x86_64-linux-gnu/perl*
# Debian 12 is not merged-/usr inside its packages: the guest gets /bin, /sbin, /lib both ways.
for d in bin sbin lib lib64; do
    mkdir -p "$root/$d" "$root/usr/$d"
done
cp -a "$root"/usr/lib64/. "$root"/lib64/ 2>/dev/null || true

# The kernel, and the requested modules with their dependencies (modules.dep), plus the index files for modprobe.
kver=$(ls "$work/kernel/lib/modules")
cp "$work"/kernel/boot/vmlinuz-"$kver" "$work/vmlinuz"
kmods=$work/kernel/lib/modules/$kver
mkdir -p "$root/lib/modules/$kver"
# Debian's package ships no modules.dep (its postinst runs depmod): run the guest's own depmod on it.
"$root/lib64/ld-linux-x86-64.so.2" --library-path "$root/lib/x86_64-linux-gnu:$root/usr/lib/x86_64-linux-gnu" \
    --argv0 depmod "$root/bin/kmod" -b "$work/kernel" "$kver"
cp "$kmods"/modules.{dep,dep.bin,alias,alias.bin,symbols,symbols.bin,builtin,builtin.bin,builtin.modinfo,order,softdep,devname} \
   "$root/lib/modules/$kver/" 2>/dev/null || true
missing=()
for m in "${modules[@]}"; do
    pat=${m//_/[-_]}
    line=$(grep -E "(^|/)${pat}\.ko(\.[a-z]+)?:" "$kmods/modules.dep" || true)
    if [ -z "$line" ]; then
        grep -qE "(^|/)${pat}\.ko" "$kmods/modules.builtin" || missing+=("$m")
        continue
    fi
    for f in ${line/:/}; do
        mkdir -p "$root/lib/modules/$kver/$(dirname "$f")"
        cp -n "$kmods/$f" "$root/lib/modules/$kver/$f"
    done
done
[ ${#missing[@]} -eq 0 ] || echo "build-guest: modules neither in modules.dep nor built in: ${missing[*]}" >&2

# Busybox provides the shell and everything else; links only where no Debian tool sits already.
bb=$root/bin/busybox
for applet in $("$bb" --list-full); do
    [ -e "$root/$applet" ] || [ -L "$root/$applet" ] || [ -e "$root/usr/$applet" ] || [ -L "$root/usr/$applet" ] \
        || [ -e "$root/${applet#usr/}" ] || [ -L "$root/${applet#usr/}" ] || {
        mkdir -p "$root/$(dirname "$applet")"; ln -s /bin/busybox "$root/$applet"; }
done
install -m 0755 "$here/init" "$root/init"
mkdir -p "$root"/{proc,sys,dev,run,tmp,mnt,var/lib,var/lock,etc/iscsi,etc/multipath}
echo "root:x:0:0:root:/root:/bin/sh" > "$root/etc/passwd"
echo "root:x:0:" > "$root/etc/group"
# Name lookups from files only (a JVM resolves its own host name; there is no DNS server to ask).
printf '127.0.0.1 localhost quiver-guest\n::1 localhost ip6-localhost\n' > "$root/etc/hosts"
printf 'passwd: files\ngroup: files\nhosts: files\n' > "$root/etc/nsswitch.conf"
echo quiver-guest > "$root/etc/hostname"
echo "$versions" > "$root/etc/quiver-guest-packages"

# Every dynamically linked tool must find its libraries inside the guest.
ld="$root/lib64/ld-linux-x86-64.so.2"
libpath="$root/lib/x86_64-linux-gnu:$root/usr/lib/x86_64-linux-gnu:$root/lib/x86_64-linux-gnu/libibverbs"
unresolved=$(for f in "$root"/sbin/* "$root"/usr/sbin/* "$root"/usr/bin/* "$root"/bin/*; do
        [ -f "$f" ] && [ ! -L "$f" ] && head -c4 "$f" | grep -q ELF || continue
        "$ld" --library-path "$libpath" --list "$f" 2>/dev/null | grep "not found" | sed "s|^|$(basename "$f"): |"
    done | sort -u)
if [ -n "$unresolved" ]; then
    echo "build-guest: unresolved libraries:" >&2
    echo "$unresolved" >&2
    exit 1
fi

# An uncompressed newc archive: the kernel unpacks it without decompressing under TCG.
(cd "$root" && find . | "$bb" cpio -o -H newc > "$work/initrd.cpio" 2>/dev/null)
cp "$bb" "$work/busybox"
echo "$kver" > "$work/kernel-version"
echo "$key" > "$work/key"
mkdir -p "$out"
mv "$work/vmlinuz" "$work/initrd.cpio" "$work/busybox" "$work/kernel-version" "$work/key" "$out/"
find "$cache" -mindepth 1 -maxdepth 1 -type d -not -name "$key" -not -name 'build.*' -exec rm -rf {} + 2>/dev/null || true
echo "$out"
