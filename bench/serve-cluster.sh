#!/usr/bin/env bash
# The serve cluster benchmark (issue 17; results in docs/scaling.md, "Measured"). On loopback:
# Debian's docker-registry as the upstream, `strata serve --upstream` processes and haproxy with
# packaging/haproxy/strata-serve.cfg in front. Prints
#   1. cold build latency of demo images with and without the upstream push (interleaved; the
#      Nix store is warmed first by a third server, so both sides pay the same: assemble, +push);
#   2. cached pulls through haproxy with one and with two servers (wrk, interleaved, two rounds):
#      manifest requests spread over 8 image names, and blob requests (answered 307);
#   3. the bytes a full pull (skopeo copy) moves through haproxy from Strata, against the bytes of
#      the image's blobs (which come from the upstream): should be ~0 of them.
#   bench/serve-cluster.sh [SECONDS per wrk run, default 10] [CONNECTIONS, default 32]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
secs=${1:-10}
conns=${2:-32}
for tool in wrk curl skopeo docker-registry haproxy python3; do
  command -v "$tool" >/dev/null || { echo "bench/serve-cluster.sh needs $tool (apt-get install wrk curl skopeo docker-registry haproxy python3)" >&2; exit 1; }
done
work=$(mktemp -d /tmp/strata-cluster-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$root/strata" --version >/dev/null   # builds when stale, before anything is timed
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
await() { for _ in $(seq 1 600); do curl -sf "$1" >/dev/null && return 0; sleep 0.1; done; echo "no answer from $1" >&2; exit 1; }

rport=$(free_port)
mkdir -p "$work/registry"
cat >"$work/registry.yml" <<YML
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $work/registry } }
http: { addr: 127.0.0.1:$rport }
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
pids+=($!)
await "http://127.0.0.1:$rport/v2/"
upstream="http://127.0.0.1:$rport/nix"

serve() { # name port [--upstream URL]
  local name=$1 port=$2; shift 2
  STRATA_CACHE_DIR=$work/cache-$name STRATA_QUIET=1 "$root/strata" serve --source demo --listen "127.0.0.1:$port" \
    --max-connections 512 --max-connections-per-client 512 "$@" >"$work/serve-$name.log" 2>&1 &
  pids+=($!)
}
warm=$(free_port); plain=$(free_port); pushing=$(free_port); s1=$(free_port); s2=$(free_port)
serve warm "$warm"
serve plain "$plain"
serve pushing "$pushing" --upstream "$upstream"
serve s1 "$s1" --upstream "$upstream"
serve s2 "$s2" --upstream "$upstream"
for p in $warm $plain $pushing $s1 $s2; do await "http://127.0.0.1:$p/v2/"; done

accept='application/vnd.docker.distribution.manifest.v2+json'
get() { curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Accept: $accept" "$1"; }
echo "== cold builds (Nix store warmed by another server; then the image assembled, and pushed with --upstream)"
printf '  %-28s %12s %14s %8s\n' "image" "local s" "+upstream s" "ratio"
for img in hello shell/hello tree/figlet git python3/python3packages.requests; do
  get "http://127.0.0.1:$warm/v2/$img/manifests/latest" >/dev/null
  read -r c1 a <<<"$(get "http://127.0.0.1:$plain/v2/$img/manifests/latest")"
  read -r c2 b <<<"$(get "http://127.0.0.1:$pushing/v2/$img/manifests/latest")"
  [ "$c1$c2" = 200200 ] || { echo "  $img: answers $c1 and $c2" >&2; continue; }
  python3 -c "import sys; a,b=float(sys.argv[1]),float(sys.argv[2]); print('  %-28s %12.2f %14.2f %8.2f' % (sys.argv[3], a, b, b/a))" "$a" "$b" "$img"
done

# haproxy with the shipped configuration: lb1 in front of s1, lb2 in front of s1 and s2, and a
# stats page on each (bytes per backend).
haproxy_with() { # port statsport servers...
  local port=$1 stats=$2; shift 2
  sed "s/bind 127.0.0.1:8080/bind 127.0.0.1:$port/" "$root/packaging/haproxy/strata-serve.cfg"
  local i=1; for s in "$@"; do echo "    server s$i 127.0.0.1:$s check"; i=$((i + 1)); done
  printf 'frontend stats\n    bind 127.0.0.1:%s\n    stats enable\n    stats uri /stats\n' "$stats"
}
lb1=$(free_port); lb2=$(free_port); st1=$(free_port); st2=$(free_port)
haproxy_with "$lb1" "$st1" "$s1" >"$work/lb1.cfg"
haproxy_with "$lb2" "$st2" "$s1" "$s2" >"$work/lb2.cfg"
haproxy -f "$work/lb1.cfg" -db >"$work/lb1.log" 2>&1 & pids+=($!)
haproxy -f "$work/lb2.cfg" -db >"$work/lb2.log" 2>&1 & pids+=($!)
await "http://127.0.0.1:$lb1/v2/"; await "http://127.0.0.1:$lb2/v2/"

images=(hello tree figlet cowsay jq less shell/hello shell/tree)
for img in "${images[@]}"; do # warm both servers' memories of every image (each builds what the balancer sends it)
  for lb in $lb1 $lb2; do get "http://127.0.0.1:$lb/v2/$img/manifests/latest" >/dev/null; done
done
names=$(printf '"%s",' "${images[@]}")
cat >"$work/manifests.lua" <<LUA
local names = {${names%,}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/v2/" .. names[(i % #names) + 1] .. "/manifests/latest", {["Accept"] = "$accept"})
end
LUA
manifest=$(curl -s -H "Accept: $accept" "http://127.0.0.1:$lb2/v2/git/manifests/latest")
blob=$(printf '%s' "$manifest" | python3 -c 'import json,sys; m=json.load(sys.stdin); print(max(m["layers"], key=lambda l: l["size"])["digest"])')
cat >"$work/blobs.lua" <<LUA
local names = {${names%,}}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/v2/" .. names[(i % #names) + 1] .. "/blobs/$blob")
end
LUA
run() { # lua url -> "rps p50 p90 p99 errors"
  wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$1" "$2" >"$work/wrk.out" 2>&1
  python3 "$root/bench/wrk-summary.py" "$work/wrk.out"
}
echo "== cached pulls through haproxy, wrk -t2 -c$conns -d${secs}s, interleaved; ${#images[@]} image names"
printf '  %-36s %10s %9s %9s  %s\n' "what" "req/s" "p50 ms" "p99 ms" "non-2xx/3xx"
declare -A best
for round in 1 2; do
  for what in manifests blobs; do
    for n in 1 2; do
      lb=$lb1; [ $n = 2 ] && lb=$lb2
      read -r rps p50 _ p99 errs <<<"$(run "$work/$what.lua" "http://127.0.0.1:$lb")"
      printf '  %-36s %10s %9s %9s  %s\n' "$what, $n server(s) (round $round)" "$rps" "$p50" "$p99" "$errs"
      key="$what-$n"
      if [ -z "${best[$key]:-}" ] || [ "$rps" -gt "${best[$key]}" ]; then best[$key]=$rps; fi
    done
  done
done
for what in manifests blobs; do
  python3 -c "import sys; a,b=int(sys.argv[1]),int(sys.argv[2]); print('  %-9s two/one server = %.2f (%d vs %d req/s, best round)' % (sys.argv[3], b/a, b, a))" \
    "${best[$what-1]}" "${best[$what-2]}" "$what"
done

backend_bytes() { # statsport -> bytes_out of backend strata
  curl -s "http://127.0.0.1:$1/stats;csv" | python3 -c '
import csv, sys
for row in csv.DictReader(l.lstrip("# ") for l in sys.stdin):
    if row["pxname"] == "strata" and row["svname"] == "BACKEND":
        print(row["bout"])'
}
echo "== bytes through Strata for one full pull (skopeo copy of git through haproxy, 2 servers)"
before=$(backend_bytes "$st2")
skopeo copy -q --src-tls-verify=false "docker://127.0.0.1:$lb2/git:latest" "oci:$work/pulled:git"
after=$(backend_bytes "$st2")
blobs=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(sum(l["size"] for l in m["layers"]) + m["config"]["size"])' \
  "$work/pulled/blobs/sha256/$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["manifests"][0]["digest"].split(":")[1])' "$work/pulled/index.json")")
python3 -c "import sys; t,b=int(sys.argv[1]),int(sys.argv[2]); print('  through Strata: %d bytes (answers and headers); the pulled blobs: %d bytes (from the upstream); ratio %.5f' % (t, b, t/b))" \
  "$((after - before))" "$blobs"
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
