#!/usr/bin/env python3
"""Turns bench/run.sh's raw fio JSON into figures, Quiver/tgtd ratios, the issue's goals and a markdown table.

usage: report.py DIR REPS TABLE CPU0 CPU1 TRANSPORT FIRST_LOGIN RSS_MIB LABEL... < cases
(cases: run.sh's CASES lines "name rw bs qd"; the first label is the baseline, tgtd)
"""
import json
import statistics
import sys

out, reps, table = sys.argv[1], int(sys.argv[2]), sys.argv[3]
cpu0, cpu1, transport, first_login, rss = sys.argv[4:9]
labels = sys.argv[9:]
cases = [line.split() for line in sys.stdin if line.strip()]


def job(label, name, rep):
    try:
        with open(f"{out}/{label}.{name}.{rep}.json") as fh:
            text = fh.read()
        j = json.loads(text[text.index("{"):])["jobs"][0]
        return None if j.get("error") else j
    except (OSError, ValueError, KeyError, IndexError):
        return None


def figures(rw, j):
    """IOPS and mean latency (us) for 4k cases, bandwidth (MiB/s) for the others."""
    d = j["read"] if "read" in rw else j["write"]
    return {"iops": d["iops"], "lat": d["lat_ns"]["mean"] / 1000.0, "bw": d["bw_bytes"] / 2**20}


def median(values):
    return statistics.median(values) if values else None


def cores(label, name, rep):
    """The target's CPU use during one fio run, in cores (CPU seconds / wall seconds), from run.sh's .cpu file."""
    try:
        with open(f"{out}/{label}.{name}.{rep}.cpu") as fh:
            cpu, wall = (float(x) for x in fh.read().split())
        return cpu / wall if wall > 0 else None
    except (OSError, ValueError):
        return None


results = {}
for name, rw, bs, qd in cases:
    for label in labels:
        runs = [figures(rw, j) for j in (job(label, name, r) for r in range(1, reps + 1)) if j]
        results[(label, name)] = {k: median([r[k] for r in runs]) for k in ("iops", "lat", "bw")} if runs else None
        if runs:
            used = [c for c in (cores(label, name, r) for r in range(1, reps + 1)) if c is not None]
            results[(label, name)]["cores"] = median(used)
            main = "iops" if bs == "4k" else "bw"
            per = [f[main] / c for f, c in zip(runs, used) if c]
            results[(label, name)]["per_core"] = median(per) if len(per) == len(runs) else None

def limit(kind):
    """The median of a physical limit measured once per repetition (tcp: bandwidth, rtt: round trip)."""
    got = []
    for r in range(1, reps + 1):
        try:
            with open(f"{out}/{kind}.{r}.txt") as fh:
                got.append(float(fh.read().strip()))
        except (OSError, ValueError):
            pass
    return median(got)


tcp_bw = limit("tcp")
tcp_rtt = limit("rtt")

a = [int(x) for x in cpu0.split()[1:]]
b = [int(x) for x in cpu1.split()[1:]]
d = [y - x for x, y in zip(a, b)]
total = sum(d[:8]) or 1
busy = 100.0 * (total - d[3] - d[4]) / total


def fmt(v, unit):
    if v is None:
        return "n/a"
    if unit == "cores":
        return f"{v:.2f} cores"
    return f"{v:,.0f} {unit}" if v >= 100 else f"{v:.1f} {unit}"


def ratio(x, y):
    return x / y if x is not None and y else None


base, quiver = labels[0], labels[1]
rows = []
for name, rw, bs, qd in cases:
    metrics = [("iops", "IOPS"), ("lat", "us")] if bs == "4k" else [("bw", "MiB/s")]
    # the target's CPU (cores busy while it served the run) and what it served per core
    metrics += [("cores", "cores"), ("per_core", "IOPS/core" if bs == "4k" else "MiB/s/core")]
    for key, unit in metrics:
        vals = [(results[(l, name)] or {}).get(key) for l in labels]
        rows.append((name, key, unit, vals, ratio(vals[1], vals[0])))

goals = []


def value(label, name, key):
    return (results.get((label, name)) or {}).get(key)


def goal(text, got, ok):
    goals.append((text, "n/a" if got is None else got, "n/a" if got is None else ("met" if ok else "MISSED")))


for name in ("randread_4k_qd32", "randwrite_4k_qd32"):
    r = ratio(value(quiver, name, "iops"), value(base, name, "iops"))
    goal(f"{name} IOPS >= 1.75x tgtd", r and f"{r:.2f}x", r and r >= 1.75)
for name in ("read_1m_qd8", "write_1m_qd8"):
    r = ratio(value(quiver, name, "bw"), value(base, name, "bw"))
    goal(f"{name} bandwidth >= 1.75x tgtd", r and f"{r:.2f}x", r and r >= 1.75)
for name in ("randread_4k_qd1", "randwrite_4k_qd1"):
    r = ratio(value(quiver, name, "lat"), value(base, name, "lat"))
    goal(f"{name} mean latency <= 0.6x tgtd", r and f"{r:.2f}x", r and r <= 0.6)
r = ratio(value(quiver, "read_1m_qd8", "bw"), tcp_bw)
goal("read_1m_qd8 >= 70% of loopback TCP", r and f"{100 * r:.0f}%", r and r >= 0.7)
fl = float(first_login) if first_login else None
goal("first iSCSI login <= 5 s after start", fl and f"{fl:.1f} s", fl and fl <= 5)
# "private/shared": VmRSS without RssShmem (the mapped pages of the tmpfs file, the file's own), then RssShmem
rv, shared = (int(x) for x in (rss.split("/") + ["0"])[:2]) if rss else (None, None)
goal("RSS <= 300 MiB, 64 LUNs under load", rv and f"{rv} MiB (+{shared} MiB of the tmpfs file mapped)",
     rv and rv <= 300)

for name, key, unit, vals, r in rows:
    cells = "  ".join(f"{l}={fmt(v, unit)}" for l, v in zip(labels, vals))
    print(f"{name}_{key}  {cells}  ratio={'n/a' if r is None else f'{r:.2f}x'}")
print(f"loopback_tcp  {fmt(tcp_bw, 'MiB/s')}")
print(f"loopback_rtt  {fmt(tcp_rtt, 'us')}")
for text, got, verdict in goals:
    print(f"goal: {text}: {got} {verdict}")
print(f"# machine busy {busy:.0f}% during the run; Quiver transport {transport}")

with open(table, "w") as fh:
    head = " | ".join(labels)
    fh.write(f"| case | metric | {head} | Quiver/tgtd |\n|---|---|{'---:|' * len(labels)}---:|\n")
    for name, key, unit, vals, r in rows:
        cells = " | ".join(fmt(v, unit) for v in vals)
        fh.write(f"| {name} | {key} | {cells} | {'n/a' if r is None else f'{r:.2f}x'} |\n")
    fh.write(f"| loopback TCP (iperf3, 1 stream) | bw | {fmt(tcp_bw, 'MiB/s')} |{' |' * len(labels)}\n")
    fh.write(f"| loopback TCP round trip (48 B out, 4,144 B back) | lat | {fmt(tcp_rtt, 'us')} |{' |' * len(labels)}\n\n")
    fh.write("| goal | measured | verdict |\n|---|---:|---|\n")
    for text, got, verdict in goals:
        fh.write(f"| {text} | {got} | {verdict} |\n")
    fh.write(f"\nMachine busy {busy:.0f}% (all CPUs) during the run; Quiver on {transport}.\n")
print(f"# table: {table}")
