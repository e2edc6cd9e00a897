#!/usr/bin/env bash
# Builds the benchmark image as an OCI layout from real binaries: the two JDKs under /usr/lib/jvm,
# split into four gzip layers (each JDK's lib/modules, and the rest of each JDK), about 590 MB of
# tar before compression. Usage: bench/make-jdk-layout.sh OUT_DIR   (skips work when OUT_DIR exists)
set -euo pipefail
out=$1
if [ -f "$out/index.json" ]; then exit 0; fi
command -v pigz >/dev/null || { echo "make-jdk-layout: pigz is needed (apt-get install pigz)" >&2; exit 1; }
jvm=/usr/lib/jvm
jdks=()
for d in java-17-openjdk-amd64 temurin-25-jdk-amd64; do [ -d "$jvm/$d" ] && jdks+=("$d"); done
[ ${#jdks[@]} -gt 0 ] || { echo "make-jdk-layout: no JDK under $jvm" >&2; exit 1; }
tmp="$out.tmp"
rm -rf "$tmp"
mkdir -p "$tmp/blobs/sha256"
layers=()
diffids=()
layer() { # name, then tar arguments (run in $jvm)
  local name=$1; shift
  local raw="$tmp/$name.tar.gz" diff="$tmp/$name.diffid"
  # -h follows Debian's symlinks into /etc and /usr/share; a few dangle, which tar reports and skips.
  (cd "$jvm" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --ignore-failed-read -ch "$@" 2>/dev/null || true) \
    | tee >(sha256sum | cut -d' ' -f1 > "$diff") | pigz -6 -p 2 -n > "$raw"
  wait
  sleep 0.2 # let the process substitution finish writing the diffID
  local hex; hex=$(sha256sum "$raw" | cut -d' ' -f1)
  mv "$raw" "$tmp/blobs/sha256/$hex"
  layers+=("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$hex\",\"size\":$(stat -c %s "$tmp/blobs/sha256/$hex")}")
  diffids+=("\"sha256:$(cat "$diff")\"")
  rm -f "$diff"
}
for d in "${jdks[@]}"; do
  layer "$d-modules" "$d/lib/modules"
  layer "$d-rest" --exclude="$d/lib/modules" "$d"
done
join() { local IFS=,; echo "$*"; }
config="{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/bin\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[$(join "${diffids[@]}")]}}"
printf '%s' "$config" > "$tmp/config.json"
chex=$(sha256sum "$tmp/config.json" | cut -d' ' -f1)
mv "$tmp/config.json" "$tmp/blobs/sha256/$chex"
manifest="{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$chex\",\"size\":${#config}},\"layers\":[$(join "${layers[@]}")]}"
printf '%s' "$manifest" > "$tmp/manifest.json"
mhex=$(sha256sum "$tmp/manifest.json" | cut -d' ' -f1)
msize=$(stat -c %s "$tmp/manifest.json")
mv "$tmp/manifest.json" "$tmp/blobs/sha256/$mhex"
printf '{"imageLayoutVersion":"1.0.0"}' > "$tmp/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"bench"}}]}' \
  "$mhex" "$msize" > "$tmp/index.json"
mv "$tmp" "$out"
