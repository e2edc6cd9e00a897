#!/usr/bin/env bash
# Registry server benchmark (issues 7 and 11; results in docs/performance.md, "Registry server").
# Starts `strata serve` on the demo set with an empty cache and Debian's docker-registry as the
# baseline, both on loopback; measures the cold build of a demo image, then hammers a cached
# manifest and a cached blob of the same image on both servers with wrk, interleaved, and prints
# requests per second, latency percentiles and the ratio strata/docker-registry.
# Then the slow-client flood (issue 11): a normal client's latency for that manifest and blob,
# without and with 300 connections from 127.0.0.1 sending one byte a second, from another address
# (127.0.0.2) and from the flood's own, with the ratios; and the time a refused login takes for a
# known and an unknown user on a server with --htpasswd (they should match).
# Last, the cluster (issue 17): bench/serve-cluster.sh, which also runs on its own.
#   bench/serve.sh [SECONDS per wrk run, default 10] [CONNECTIONS, default 32]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
secs=${1:-10}
conns=${2:-32}
for tool in wrk curl skopeo docker-registry htpasswd; do
  command -v "$tool" >/dev/null || { echo "bench/serve.sh needs $tool (apt-get install wrk curl skopeo docker-registry apache2-utils)" >&2; exit 1; }
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
  python3 "$root/bench/wrk-summary.py" "$work/wrk.out"
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

# A normal client's latency: ROUNDS sequential GETs of the manifest and the blob with curl (a new
# connection each, as a first pull makes), from address $1; prints "manifest_p50 p90 blob_p50 p90" in ms.
rounds=40
normal() {
  for _ in $(seq 1 "$rounds"); do
    curl -s -o /dev/null --max-time 30 --interface "$1" -w '%{http_code} %{time_total}\n' -H "Accept: $accept" \
      "http://127.0.0.1:$sport/v2/git/manifests/latest"
    curl -s -o /dev/null --max-time 30 --interface "$1" -w '%{http_code} %{time_total}\n' \
      "http://127.0.0.1:$sport/v2/git/blobs/$blob"
  done | python3 -c '
import sys
rows = [l.split() for l in sys.stdin]
bad = [r[0] for r in rows if r[0] != "200"]
if bad:
    print("answers other than 200: " + " ".join(sorted(set(bad))), file=sys.stderr)
def pcts(xs):
    xs = sorted(float(x) * 1000 for x in xs)
    return "%.2f %.2f" % (xs[len(xs) // 2], xs[int(len(xs) * 0.9)])
print(pcts([r[1] for r in rows[0::2]]), pcts([r[1] for r in rows[1::2]]), len(bad))'
}
flood() { # 300 connections from 127.0.0.1, one byte a second each, re-opened as soon as the server lets go
  python3 - "$sport" <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
head = b"GET /v2/ HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 8000 + b"\r\n\r\n"
def conn():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); s.connect(("127.0.0.1", port)); s.setblocking(False); return s
socks, sent = [None] * 300, [0] * 300
while True:
    for i in range(300):
        try:
            if socks[i] is not None:
                try:
                    if socks[i].recv(4096) is not None:  # closed (b"") or answered: the server let go
                        socks[i].close(); socks[i] = None
                except BlockingIOError:
                    pass
            if socks[i] is None:
                socks[i], sent[i] = conn(), 0
            socks[i].send(head[sent[i] % (len(head) - 4):][:1]); sent[i] += 1
        except OSError:
            socks[i] = None
    time.sleep(1)
PY
  flood_pid=$!
  pids+=("$flood_pid")
}
echo "== a normal client under a slow-client flood (300 connections from 127.0.0.1, a byte a second each);"
echo "   $rounds rounds of manifest + blob ($size bytes) with curl, a new connection each, p50/p90 in ms"
printf '  %-44s %9s %9s %9s %9s  %s\n' "client" "man. p50" "man. p90" "blob p50" "blob p90" "non-200"
declare -A lat
for phase in quiet flood; do
  if [ $phase = flood ]; then
    flood; sleep 5
    echo "  (the flood holds $(ss -Htn state established "( dport = :$sport and src 127.0.0.1 )" | wc -l) connections to the server)"
  fi
  for from in 127.0.0.2 127.0.0.1; do
    read -r mp50 mp90 bp50 bp90 bad <<<"$(normal "$from")"
    printf '  %-44s %9s %9s %9s %9s  %s\n' "from $from, $phase" "$mp50" "$mp90" "$bp50" "$bp90" "$bad"
    lat[$phase-$from]="$mp50 $bp50"
  done
done
kill "$flood_pid" 2>/dev/null || true
for from in 127.0.0.2 127.0.0.1; do
  python3 -c "import sys; q=list(map(float,sys.argv[1].split())); f=list(map(float,sys.argv[2].split())); print('  from %s: p50 flood/quiet = %.2f (manifest), %.2f (blob)' % (sys.argv[3], f[0]/q[0], f[1]/q[1]))" \
    "${lat[quiet-$from]}" "${lat[flood-$from]}" "$from"
done

# Refused logins: a known user with a wrong password and an unknown user each cost one bcrypt check.
aport=$(free_port)
htpasswd -Bbn alice wonderland >"$work/htpasswd"
STRATA_CACHE_DIR=$work/cache STRATA_QUIET=1 "$root/strata" serve --source demo --listen 127.0.0.1:$aport \
  --htpasswd "$work/htpasswd" >"$work/serve-auth.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 300); do [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$aport/v2/")" = 401 ] && break; sleep 0.1; done
login() { # user -> median ms of 60 refused requests on one kept-alive connection (one curl, no process start-up)
  urls=(); for _ in $(seq 1 60); do urls+=(-o /dev/null "http://127.0.0.1:$aport/v2/"); done
  curl -s -u "$1:wrong" -w '%{time_total}\n' "${urls[@]}" \
    | python3 -c 'import sys; xs=sorted(float(l)*1000 for l in sys.stdin); print("%.2f" % xs[len(xs)//2])'
}
echo "== refused logins on a server with --htpasswd (bcrypt cost 5), median of 60 on one connection, two rounds"
for round in 1 2; do # the first of each pair runs first in round 1, second in round 2
  if [ $round = 1 ]; then k=$(login alice); u=$(login mallory); else u=$(login mallory); k=$(login alice); fi
  printf '  round %s: known user, wrong password %s ms; unknown user %s ms\n' "$round" "$k" "$u"
done
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== the cluster: docker-registry upstream, strata serve --upstream, haproxy (bench/serve-cluster.sh)"
"$root/bench/serve-cluster.sh" "$secs" "$conns"
