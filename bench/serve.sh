#!/usr/bin/env bash
# Registry server benchmark (issue 7; results in docs/performance.md, "Registry server").
# Starts `strata serve` on the demo set with an empty cache and Debian's docker-registry as the
# baseline, both on loopback; measures the cold build of a demo image, then hammers a cached
# manifest and a cached blob of the same image on both servers with wrk, interleaved, and prints
# requests per second, latency percentiles and the ratio strata/docker-registry.
#   bench/serve.sh [SECONDS per wrk run, default 10] [CONNECTIONS, default 32]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
secs=${1:-10}
conns=${2:-32}
for tool in wrk curl skopeo docker-registry; do
  command -v "$tool" >/dev/null || { echo "bench/serve.sh needs $tool (apt-get install wrk curl skopeo docker-registry)" >&2; exit 1; }
done
work=$(mktemp -d /tmp/strata-serve-bench.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

"$root/strata" --version >/dev/null   # builds when stale, before anything is timed
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sport=$(free_port); rport=$(free_port)

STRATA_CACHE_DIR=$work/cache STRATA_QUIET=1 "$root/strata" serve --source demo --listen 127.0.0.1:$sport \
  >"$work/serve.log" 2>&1 &
pids+=($!)
mkdir -p "$work/registry"
cat >"$work/registry.yml" <<YML
version: 0.1
log: { level: error }
storage: { filesystem: { rootdirectory: $work/registry } }
http: { addr: 127.0.0.1:$rport }
YML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
pids+=($!)
for url in "http://127.0.0.1:$sport/v2/" "http://127.0.0.1:$rport/v2/"; do
  for _ in $(seq 1 300); do curl -sf "$url" >/dev/null && break; sleep 0.1; done
done

accept='application/vnd.docker.distribution.manifest.v2+json'
cold() { # cold-build latency of one image: the first manifest request builds it
  curl -s -o /dev/null -w '%{time_total}' -H "Accept: $accept" "http://127.0.0.1:$sport/v2/$1/manifests/latest"
}
echo "== cold builds (empty cache; includes Nix builds of packages not yet in the store)"
for img in hello shell/hello git python3/python3packages.requests; do
  printf '  %-40s %6.2f s\n' "$img" "$(cold "$img")"
done
echo "== warm (cached) manifest request, one client"
printf '  %-40s %6.4f s\n' "git" "$(cold git)"

# The baseline serves the very same image: copy it from strata into docker-registry.
skopeo copy -q --src-tls-verify=false --dest-tls-verify=false "docker://127.0.0.1:$sport/git:latest" \
  "docker://127.0.0.1:$rport/git:latest"
manifest=$(curl -s -H "Accept: $accept" "http://127.0.0.1:$sport/v2/git/manifests/latest")
blob=$(printf '%s' "$manifest" | python3 -c 'import json,sys; m=json.load(sys.stdin); print(min(m["layers"], key=lambda l: l["size"])["digest"])')
size=$(printf '%s' "$manifest" | python3 -c 'import json,sys; m=json.load(sys.stdin); print(min(l["size"] for l in m["layers"]))')

# Both dialects accepted: strata answers Docker schema 2, docker-registry the OCI manifest skopeo copied.
cat >"$work/accept.lua" <<LUA
wrk.headers["Accept"] = "$accept, application/vnd.oci.image.manifest.v1+json"
LUA
run() { # name url -> "rps p50 p90 p99 errors"
  wrk -t2 -c"$conns" -d"${secs}s" --latency -s "$work/accept.lua" "$2" >"$work/wrk.out" 2>&1
  python3 - "$work/wrk.out" <<'PY'
import re, sys
t = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
def pct(p):
    m = re.search(r"\s%s%%\s+([\d.]+)(us|ms|s)" % p, t)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v
errs = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
sock = re.search(r"Socket errors: (.*)", t)
print("%.0f %.2f %.2f %.2f %s" % (rps, pct(50), pct(90), pct(99), (errs.group(1) if errs else "0") + ("" if not sock else " (" + sock.group(1) + ")")))
PY
}
echo "== wrk -t2 -c$conns -d${secs}s, interleaved (strata, docker-registry, strata, docker-registry)"
printf '  %-34s %10s %9s %9s %9s  %s\n' "endpoint" "req/s" "p50 ms" "p90 ms" "p99 ms" "errors"
declare -A best
for round in 1 2; do
  for what in manifest blob; do
    for server in strata registry; do
      port=$sport; [ $server = registry ] && port=$rport
      if [ $what = manifest ]; then url="http://127.0.0.1:$port/v2/git/manifests/latest"; else url="http://127.0.0.1:$port/v2/git/blobs/$blob"; fi
      read -r rps p50 p90 p99 errs <<<"$(run "$server $what" "$url")"
      printf '  %-34s %10s %9s %9s %9s  %s\n' "$server $what (round $round)" "$rps" "$p50" "$p90" "$p99" "$errs"
      key="$server-$what"
      if [ -z "${best[$key]:-}" ] || [ "$rps" -gt "${best[$key]}" ]; then best[$key]=$rps; fi
    done
  done
done
echo "== ratios (best round each; blob = the smallest layer, $size bytes)"
for what in manifest blob; do
  python3 -c "import sys; s,r=int(sys.argv[1]),int(sys.argv[2]); print('  %-8s strata/docker-registry = %.2f (%d vs %d req/s)' % (sys.argv[3], s/r, s, r))" \
    "${best[strata-$what]}" "${best[registry-$what]}" "$what"
done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
