#!/usr/bin/env bash
# Installs fio with its libiscsi ioengine as $QUIVER_TOOLS/bin/fio (default ~/.cache/quiver-tools/bin/fio).
# Idempotent: does nothing when that fio (or the system's) already has the engine. Debian's fio package is
# built without libiscsi, so this rebuilds the same upstream release from the Debian orig tarball
# (sha256-checked) with --enable-libiscsi. Not system-wide; needs no root once the build packages are in:
#   apt-get install -y build-essential pkg-config libiscsi-dev libaio-dev zlib1g-dev
# Prints the path of the fio to use on its last line.
set -euo pipefail
TOOLS=${QUIVER_TOOLS:-$HOME/.cache/quiver-tools}
VERSION=3.33
SHA256=d2410e13e0f379d061d077cc5ae325835bb7c6186aa7bafc1df954cbc9b014fc
target=$TOOLS/bin/fio

has_libiscsi() { [[ -x $1 ]] && "$1" --enghelp 2>/dev/null | grep -qx $'\tlibiscsi'; }

if has_libiscsi "$target"; then echo "$target"; exit 0; fi
if sys=$(command -v fio) && has_libiscsi "$sys"; then
  mkdir -p "$TOOLS/bin" && ln -sf "$sys" "$target" && echo "$target"; exit 0
fi

pkg-config --exists libiscsi || {
  echo "libiscsi-dev is missing: apt-get install -y build-essential pkg-config libiscsi-dev libaio-dev zlib1g-dev" >&2
  exit 1
}
# FIO_MIRROR: a Debian mirror; default the one apt already uses here, else deb.debian.org.
mirror=${FIO_MIRROR:-$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)}
mirror=${mirror:-http://deb.debian.org/debian}
src=$TOOLS/src
mkdir -p "$TOOLS/bin" "$src"
cd "$src"
tarball=fio_$VERSION.orig.tar.gz
if [[ ! -f $tarball ]]; then
  curl -fsSL -o "$tarball.part" "$mirror/pool/main/f/fio/$tarball" && mv "$tarball.part" "$tarball"
fi
echo "$SHA256  $tarball" | sha256sum -c --quiet - || { rm -f "$tarball"; echo "checksum mismatch" >&2; exit 1; }
rm -rf "fio-$VERSION" && tar xzf "$tarball"
cd "fio-$VERSION"
./configure --enable-libiscsi --disable-native >configure.log 2>&1 || { tail -30 configure.log >&2; exit 1; }
grep -q '^iscsi engine *yes' configure.log || { echo "configure did not enable libiscsi:" >&2; grep -i iscsi configure.log >&2; exit 1; }
make -j"$(nproc)" >make.log 2>&1 || { tail -30 make.log >&2; exit 1; }
install -m 755 fio "$target.new" && mv "$target.new" "$target"
has_libiscsi "$target" || { echo "built fio lacks libiscsi" >&2; exit 1; }
echo "$target"
