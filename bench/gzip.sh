#!/usr/bin/env bash
# The gzip engine alone (issue 14): ./bench/gzip.sh [--rounds N] [DIR]
# Tars DIR (default: the OpenJDK 17 under /usr/lib/jvm, about 275 MB) into a file once, then times,
# interleaved round by round, whole processes reading that file:
#   tar file | pigz -6 -p 2 | sha256sum                       (baseline)
#   java GzipBench: LayerCompressor with libdeflate, 2 threads (a fresh JVM, start included)
#   java GzipBench with -Dstrata.gzip=zlib (the fallback engine)
#   bench/deflate-floor.c at levels 6 and 5, when gcc is present: libdeflate alone, one thread, no
#   JVM, tar or hash (the floor under Strata's engine; compare its CPU, it uses one core)
# and prints medians of wall and CPU (user + system) with ratios, compressed sizes and the load.
# bench/image.sh times whole image builds; this isolates the compressor's own cost.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds=3
dir=/usr/lib/jvm/java-17-openjdk-amd64
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    *) dir=$1; shift ;;
  esac
done
command -v pigz >/dev/null || { echo "bench: pigz is missing (apt-get install pigz)" >&2; exit 1; }
./strata --version >/dev/null
classes="$root/target/bench-classes"
mkdir -p "$classes"
cp="$root/target/strata.jar:$root/target/lib/*"
javac -d "$classes" -cp "$cp" bench/GzipBench.java
work=$(mktemp -d /tmp/strata-gzip-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
floor=false
if command -v gcc >/dev/null && [ -e /usr/lib/x86_64-linux-gnu/libdeflate.so.0 ]; then
  gcc -O2 -o "$work/deflate-floor" bench/deflate-floor.c /usr/lib/x86_64-linux-gnu/libdeflate.so.0 && floor=true
fi
tar --sort=name -cf "$work/in.tar" -C "$(dirname "$dir")" "$(basename "$dir")"
timed() { # label, command...
  local label=$1; shift
  cat "$work/in.tar" > /dev/null   # in the page cache for every run alike
  /usr/bin/time -o "$work/t" -f "%e %U %S" "$@" > "$work/out.$label" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r wall user sys < "$work/t"
  echo "$label $wall $(python3 -c "print(round($user + $sys, 2))")" >> "$work/runs"
}
: > "$work/runs"
loads=()
for r in $(seq 1 "$rounds"); do
  loads+=("$(cut -d' ' -f1 /proc/loadavg)")
  timed pigz bash -c "pigz -6 -p 2 < '$work/in.tar' | tee >(wc -c > '$work/pigz.size') | sha256sum"
  timed libdeflate java -Dstrata.cacheDir="$work/cache" -cp "$classes:$cp" GzipBench "$work/in.tar"
  timed zlib java -Dstrata.cacheDir="$work/cache" -Dstrata.gzip=zlib -cp "$classes:$cp" GzipBench "$work/in.tar"
  if $floor; then
    timed floor6 "$work/deflate-floor" "$work/in.tar" 6
    timed floor5 "$work/deflate-floor" "$work/in.tar" 5
  fi
done
echo "== gzip of $(du -m "$work/in.tar" | cut -f1) MB ($dir as one tar), $rounds rounds, $(nproc) cores, load average at each round's start: ${loads[*]}"
python3 - "$work" <<'PY'
import sys, statistics, os
work = sys.argv[1]
runs = {}
for line in open(os.path.join(work, "runs")):
    label, wall, cpu = line.split()
    runs.setdefault(label, []).append((float(wall), float(cpu)))
size = {"pigz": int(open(os.path.join(work, "pigz.size")).read())}
for k in ("libdeflate", "zlib", "floor6", "floor5"):
    if os.path.exists(os.path.join(work, "out." + k)):
        size[k] = int(open(os.path.join(work, "out." + k)).read().split()[0])
med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
bw, bc = med["pigz"]
for k, what in (("pigz", "tar file | pigz -6 -p 2 | sha256sum"), ("libdeflate", "Strata, libdeflate (fresh JVM)"),
                ("zlib", "Strata, zlib fallback (fresh JVM)"),
                ("floor6", "libdeflate alone, level 6, 1 thread (C)"),
                ("floor5", "libdeflate alone, level 5, 1 thread (C)")):
    if k not in med:
        continue
    w, c = med[k]
    print(f"  {what:<38} wall {w:6.2f} s ({w / bw:5.3f}x)  CPU {c:6.2f} s ({c / bc:5.3f}x)  "
          f"{size[k] / 1e6:8.1f} MB ({size[k] / size['pigz']:5.3f}x)")
    print(f"      runs wall {[w for w, _ in runs[k]]}  CPU {[c for _, c in runs[k]]}")
pairs = [runs["libdeflate"][i][1] / runs["zlib"][i][1] for i in range(len(runs["zlib"]))]
print(f"  libdeflate / zlib CPU, paired per round: {[round(p, 3) for p in pairs]}")
PY
