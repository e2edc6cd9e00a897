"""One line from wrk --latency output: requests/s, p50, p90, p99 (ms) and the errors.

Used by bench/serve.sh and bench/serve-cluster.sh:  python3 bench/wrk-summary.py WRK_OUTPUT_FILE
prints "RPS P50 P90 P99 ERRORS" (ERRORS: non-2xx/3xx answers, then socket errors in parentheses).
"""
import re
import sys

t = open(sys.argv[1]).read()
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))


def pct(p):
    m = re.search(r"\s%s%%\s+([\d.]+)(us|ms|s)" % p, t)
    v, u = float(m.group(1)), m.group(2)
    return v / 1000 if u == "us" else v * 1000 if u == "s" else v


errs = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
sock = re.search(r"Socket errors: (.*)", t)
print("%.0f %.2f %.2f %.2f %s" % (rps, pct(50), pct(90), pct(99),
                                  (errs.group(1) if errs else "0") + ("" if not sock else " (" + sock.group(1) + ")")))
