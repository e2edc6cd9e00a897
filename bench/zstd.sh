#!/usr/bin/env bash
# The zstd engine alone (issue 14): ./bench/zstd.sh [--rounds N] [--build] [DIR]
# Tars DIR (default: the OpenJDK 17 under /usr/lib/jvm, about 270 MB) into a file once, then times,
# interleaved round by round, whole processes reading that file:
#   zstd -3 -T2 < tar | sha256sum                               (baseline)
#   java ZstdBench: LayerCompressor's zstd, 2 workers (a fresh JVM, start included)
#   java ZstdBench ... diffid: the same, also hashing the uncompressed bytes as a build does
#   java ZstdBench with 1 worker (what a layer gets when it is under half the image)
# and prints medians of wall and CPU (user + system) with ratios, compressed sizes, the load, and
# whether every Strata run gave the same bytes (they must: the output may not depend on the workers).
# bench/image.sh times whole image builds; this isolates the compressor's own cost.
# --build adds, interleaved, cold zstd image builds as bench/image.sh makes them (ImageBench child: a
# fresh JVM with -Xmx256m, empty cache, OCI archive written) of bench/image.sh's inputs (the two JDKs,
# gcc's and Python's libraries, imported into the Nix store) against tar --sort=name | zstd -3 -T2 |
# sha256sum of the same store paths: the issue's row without the gzip and warm runs; once as
# bench/image.sh runs it, and once with the class-sharing archive ./strata maps (target/strata.jsa),
# as a real `./strata build` starts.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds=3
build=0
dir=/usr/lib/jvm/java-17-openjdk-amd64
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds=$2; shift 2 ;;
    --build) build=1; shift ;;
    *) dir=$1; shift ;;
  esac
done
command -v zstd >/dev/null || { echo "bench: zstd is missing (apt-get install zstd)" >&2; exit 1; }
./strata --version >/dev/null
classes="$root/target/bench-classes"
mkdir -p "$classes"
cp="$root/target/strata.jar:$root/target/lib/*"
javac -d "$classes" -cp "$cp" bench/ZstdBench.java
[ "$build" = 0 ] || javac -d "$classes" -cp "$cp" bench/ImageBench.java
work=$(mktemp -d /tmp/strata-zstd-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
tar --sort=name -cf "$work/in.tar" -C "$(dirname "$dir")" "$(basename "$dir")"
timed() { # label, command...
  local label=$1; shift
  cat "$work/in.tar" > /dev/null   # in the page cache for every run alike
  /usr/bin/time -o "$work/t" -f "%e %U %S" "$@" > "$work/out.$label" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r wall user sys < "$work/t"
  echo "$label $wall $(python3 -c "print(round($user + $sys, 2))")" >> "$work/runs"
  cat "$work/out.$label" >> "$work/outs.$label"
}
: > "$work/runs"
loads=()
for r in $(seq 1 "$rounds"); do
  loads+=("$(cut -d' ' -f1 /proc/loadavg)")
  timed zstd bash -c "zstd -3 -T2 -q < '$work/in.tar' | tee >(wc -c > '$work/zstd.size') | sha256sum"
  timed strata java -Xmx256m -cp "$classes:$cp" ZstdBench "$work/in.tar" 2
  timed strata-diffid java -Xmx256m -cp "$classes:$cp" ZstdBench "$work/in.tar" 2 diffid
  timed strata-1worker java -Xmx256m -cp "$classes:$cp" ZstdBench "$work/in.tar" 1
done
echo "== zstd of $(du -m "$work/in.tar" | cut -f1) MB ($dir as one tar), $rounds rounds, $(nproc) cores, load average at each round's start: ${loads[*]}"
python3 - "$work" <<'PY'
import sys, statistics, os
work = sys.argv[1]
runs = {}
for line in open(os.path.join(work, "runs")):
    label, wall, cpu = line.split()
    runs.setdefault(label, []).append((float(wall), float(cpu)))
size = {"zstd": int(open(os.path.join(work, "zstd.size")).read())}
digests = set()
for k in ("strata", "strata-diffid", "strata-1worker"):
    outs = [l.split() for l in open(os.path.join(work, "outs." + k))]
    size[k] = int(outs[0][0])
    digests.update((o[0], o[1]) for o in outs)
med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v)) for k, v in runs.items()}
bw, bc = med["zstd"]
for k, what in (("zstd", "tar file | zstd -3 -T2 | sha256sum"), ("strata", "Strata zstd, 2 workers (fresh JVM)"),
                ("strata-diffid", "Strata zstd, 2 workers, + diffID"), ("strata-1worker", "Strata zstd, 1 worker")):
    w, c = med[k]
    print(f"  {what:<38} wall {w:6.2f} s ({w / bw:5.3f}x)  CPU {c:6.2f} s ({c / bc:5.3f}x)  "
          f"{size[k] / 1e6:8.1f} MB ({size[k] / size['zstd']:5.3f}x)")
    print(f"      runs wall {[w for w, _ in runs[k]]}  CPU {[c for _, c in runs[k]]}")
for k in ("strata", "strata-diffid", "strata-1worker"):
    pairs = [runs[k][i][1] / runs["zstd"][i][1] for i in range(len(runs["zstd"]))]
    print(f"  {k} / zstd CPU, paired per round: {[round(p, 3) for p in pairs]}")
print("  every Strata run gave the same bytes (1 and 2 workers): " + ("yes" if len(digests) == 1 else f"NO: {sorted(digests)}"))
PY

[ "$build" = 1 ] || exit 0
paths=()
for d in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/gcc /usr/lib/python3.11; do
  paths+=("$(nix-store --add "$d")")
done
nix path-info --json "${paths[@]}" > "$work/closure.json"
mkdir -p "$work/forest/bin"
i=0
for p in "${paths[@]}"; do ln -s "$p" "$work/forest/bin/entry$i"; i=$((i + 1)); done
forest=$(nix-store --add "$work/forest")
rel=(); for p in "${paths[@]}"; do rel+=("${p#/}"); done
tarcmd="tar --sort=name -cf - -C / ${rel[*]}"
btimed() { # label, command...
  local label=$1; shift
  $tarcmd | cat > /dev/null
  /usr/bin/time -o "$work/t" -f "%e %U %S" "$@" > "$work/bout.$label" 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  read -r wall user sys < "$work/t"
  echo "$label $wall $(python3 -c "print(round($user + $sys, 2))")" >> "$work/bruns"
  cat "$work/bout.$label" >> "$work/bouts.$label"
}
: > "$work/bruns"
bloads=()
for r in $(seq 1 "$rounds"); do
  bloads+=("$(cut -d' ' -f1 /proc/loadavg)")
  btimed pipeline bash -c "$tarcmd | zstd -3 -T2 -q | tee >(wc -c > '$work/pipeline.size') | sha256sum"
  rm -rf "$work/cache" "$work/out.tar"
  btimed build java -Xmx256m -cp "$classes:$cp" ImageBench child "$work/closure.json" "$forest" "$work/cache" "$work/out.tar" zstd
  rm -rf "$work/cache" "$work/out.tar"
  # The archive was made for strata's class path; the bench classes go after it so it still applies.
  btimed build-cds java -Xmx256m -XX:SharedArchiveFile="$root/target/strata.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off \
    -cp "$cp:$classes" ImageBench child "$work/closure.json" "$forest" "$work/cache" "$work/out.tar" zstd
done
echo "== cold zstd image build of ${#paths[@]} store paths, $rounds rounds, load average at each round's start: ${bloads[*]}"
python3 - "$work" <<'PY'
import sys, statistics, os, json
work = sys.argv[1]
runs = {}
for line in open(os.path.join(work, "bruns")):
    label, wall, cpu = line.split()
    runs.setdefault(label, []).append((float(wall), float(cpu)))
base = int(open(os.path.join(work, "pipeline.size")).read())
builds = [json.loads(l) for l in open(os.path.join(work, "bouts.build"))] + \
    [json.loads(l) for l in open(os.path.join(work, "bouts.build-cds"))]
size = builds[0]["compressed"]
bw = statistics.median(w for w, _ in runs["pipeline"]); bc = statistics.median(c for _, c in runs["pipeline"])
for k, what, sz in (("pipeline", "tar | zstd -3 -T2 | sha256sum", base), ("build", "Strata cold zstd build (process)", size),
                    ("build-cds", "  the same, with ./strata's CDS archive", size)):
    w = statistics.median(x for x, _ in runs[k]); c = statistics.median(x for _, x in runs[k])
    print(f"  {what:<38} wall {w:6.2f} s ({w / bw:5.3f}x)  CPU {c:6.2f} s ({c / bc:5.3f}x)  {sz / 1e6:8.1f} MB ({sz / base:5.3f}x)")
    print(f"      runs wall {[x for x, _ in runs[k]]}  CPU {[x for _, x in runs[k]]}")
print(f"  in the JVM (layers + export): {[round(b['layers'] + b['export'], 2) for b in builds]} s")
for k in ("build", "build-cds"):
    pw = [runs[k][i][0] / runs["pipeline"][i][0] for i in range(len(runs[k]))]
    pc = [runs[k][i][1] / runs["pipeline"][i][1] for i in range(len(runs[k]))]
    print(f"  {k} / pipeline, paired per round: wall {[round(p, 3) for p in pw]}  CPU {[round(p, 3) for p in pc]}")
print("  every build gave the same manifest: " + ("yes" if len({b['manifest'] for b in builds}) == 1 else "NO"))
PY
