#!/usr/bin/env bash
# Builds KenLM's lmplz, query and build_binary into scripts/kenlm/bin, for `winnow bench ngram|train-ngram
# --kenlm scripts/kenlm/bin`: the benches then run KenLM on the same text and machine beside Winnow.
# KenLM has no Debian package and PyPI's holds only the Python module, but Debian's libime source package
# vendors the whole of KenLM (lm/, lm/builder/, util/), so this takes it from there, checked by its SHA-256.
# Needs cmake, g++ and Boost (Debian: apt-get install cmake g++ libboost-program-options-dev
# libboost-system-dev libboost-thread-dev libboost-test-dev zlib1g-dev libbz2-dev liblzma-dev).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
url="http://deb.debian.org/debian/pool/main/libi/libime/libime_1.0.16.orig.tar.xz"
sha256="3f034ae347b4110ac3dfb88d678a38d2264e6588d61f249b9007a7759751b2f9"
work="$here/kenlm"
mkdir -p "$work"
tarball="$work/libime_1.0.16.orig.tar.xz"
if [[ ! -f "$tarball" ]]; then
  curl -fsSL -o "$tarball.part" "$url"
  mv "$tarball.part" "$tarball"
fi
echo "$sha256  $tarball" | sha256sum -c --quiet
rm -rf "$work/src"
mkdir -p "$work/src"
tar -xJf "$tarball" -C "$work/src" --strip-components=5 libime-1.0.16/src/libime/core/kenlm
log="$work/build.log"
if ! { cmake -S "$work/src" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
  && cmake --build "$work/build" --target lmplz query build_binary -j "$(nproc)"; } >"$log" 2>&1; then
  tail -30 "$log" >&2
  echo "build-kenlm: the build failed; the whole log is $log" >&2
  exit 1
fi
mkdir -p "$work/bin"
cp "$work/build/bin/lmplz" "$work/build/bin/query" "$work/build/bin/build_binary" "$work/bin/"
echo "built $work/bin: lmplz, query, build_binary"
