#!/usr/bin/env python3
"""Runs one built fuzz target until its coverage stops growing, and says how it went.

    fuzz/plateau.py TARGET CORPUS [SEEDS...] [--quiet-cpu 600] [--max-wall 3600] [--max-cpu N] [-- LIBFUZZER ARGS]

Runs fuzz/target/x86_64-unknown-linux-gnu/release/TARGET, or fuzz/core/target/… for the core-only
targets (build it first: `cargo fuzz build -O -s none`, in fuzz/core `cargo fuzz build --fuzz-dir .
-O -s address`; or pass --binary for another build) on CORPUS (written to; keep it outside the
repository) and the read-only SEEDS folders, with `-timeout=10 -rss_limit_mb=2048` unless
given. It stops the fuzzer (SIGINT, so libFuzzer prints its final statistics) once `cov:` has
not grown for --quiet-cpu seconds of the fuzzer's own CPU time, or after --max-wall seconds, or
after --max-cpu seconds of its CPU time (a budget that means the same under any load).
CPU time, not wall time, because the machine is shared: a fuzzer that got a tenth of a core for
ten minutes has not searched for ten minutes.

Prints a line a minute (wall s, CPU s, execs, cov, ft, corpus) and at the end one summary line
of `key=value`s: runs, execs, cov at start (the first line, while the corpus is read), once the
corpus is loaded (`INITED`) and at the end, the CPU second at which cov last grew, the
corpus size, peak RSS, crashes (files libFuzzer wrote under the artifact prefix) and why it
stopped. Crashing inputs go to CORPUS/../artifacts/TARGET/.
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import time

LINE = re.compile(r"^#(\d+)\s+(\w+)\s+cov: (\d+) ft: (\d+) corp: (\d+)/\S+.*?rss: (\d+)Mb")


def cpu_seconds(pid):
    """User + system CPU seconds of `pid` (and of its waited-for children), from /proc."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # Fields after the command: state is [0]; utime, stime, cutime, cstime are [11:15].
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("target")
    p.add_argument("corpus")
    p.add_argument("seeds", nargs="*")
    p.add_argument("--quiet-cpu", type=float, default=600)
    p.add_argument("--max-wall", type=float, default=3600)
    p.add_argument("--max-cpu", type=float, help="stop after this many CPU seconds of the fuzzer")
    p.add_argument("--binary", help="the fuzz binary (default: the -O -s none build of TARGET)")
    argv = sys.argv[1:]
    extra = []
    if "--" in argv:
        at = argv.index("--")
        argv, extra = argv[:at], argv[at + 1 :]
    a = p.parse_args(argv)
    binary = a.binary
    if not binary:
        # The reader targets are built in fuzz/, the core-only ones in fuzz/core/ (their own package).
        built = [os.path.join(here, d, "target/x86_64-unknown-linux-gnu/release", a.target) for d in (".", "core")]
        binary = next((b for b in built if os.path.exists(b)), built[0])
    artifacts = os.path.join(os.path.dirname(os.path.abspath(a.corpus)), "artifacts", a.target) + "/"
    os.makedirs(a.corpus, exist_ok=True)
    os.makedirs(artifacts, exist_ok=True)
    before = set(os.listdir(artifacts))
    args = [binary, a.corpus, *a.seeds, f"-artifact_prefix={artifacts}", "-print_final_stats=1"]
    for default in ("-timeout=10", "-rss_limit_mb=2048"):
        if not any(x.startswith(default.split("=")[0] + "=") for x in extra):
            args.append(default)
    args += extra
    print("running:", " ".join(args), flush=True)
    start = time.monotonic()
    proc = subprocess.Popen(args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, errors="replace")
    os.set_blocking(proc.stderr.fileno(), False)

    state = {"execs": 0, "cov": None, "cov0": None, "inited": None, "ft": 0, "corp": 0, "rss": 0}
    grew_cpu, grew_wall, cpu, last_print, why, buf = 0.0, 0.0, 0.0, 0.0, "ended by itself", ""
    tail = []
    while proc.poll() is None:
        time.sleep(1)
        cpu = cpu_seconds(proc.pid) or cpu
        wall = time.monotonic() - start
        try:
            buf += proc.stderr.read() or ""
        except (BlockingIOError, TypeError):
            pass
        *lines, buf = buf.split("\n")
        for line in lines:
            tail = (tail + [line])[-40:]
            m = LINE.match(line)
            if not m:
                continue
            execs, event, cov, ft, corp, rss = m.groups()
            cov = int(cov)
            if state["cov0"] is None:
                state["cov0"] = cov
            if event == "INITED":
                # What the corpus covered once loaded; cov_start is the first figure printed
                # while it was still being read.
                state["inited"] = cov
            if state["cov"] is None or cov > state["cov"]:
                grew_cpu, grew_wall = cpu, wall
            state.update(execs=int(execs), cov=max(cov, state["cov"] or 0), ft=int(ft), corp=int(corp))
            state["rss"] = max(state["rss"], int(rss))
        if wall - last_print >= 60:
            last_print = wall
            print(
                f"wall {wall:6.0f} s  cpu {cpu:6.0f} s  execs {state['execs']:>10}  cov {state['cov']}  "
                f"ft {state['ft']}  corpus {state['corp']}",
                flush=True,
            )
        if state["cov"] is not None and cpu - grew_cpu >= a.quiet_cpu:
            why = f"cov flat for {a.quiet_cpu:.0f} CPU s"
            proc.send_signal(signal.SIGINT)
            break
        if a.max_cpu is not None and cpu >= a.max_cpu:
            why = f"CPU limit {a.max_cpu:.0f} s"
            proc.send_signal(signal.SIGINT)
            break
        if wall >= a.max_wall:
            why = f"wall limit {a.max_wall:.0f} s"
            proc.send_signal(signal.SIGINT)
            break
    try:
        rest, _ = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        rest, _ = proc.communicate()
    for line in (buf + (rest or "")).split("\n"):
        tail = (tail + [line])[-40:]
        m = re.match(r"stat::number_of_executed_units: (\d+)", line)
        if m:
            state["execs"] = int(m.group(1))
        m = re.match(r"stat::peak_rss_mb: (\d+)", line)
        if m:
            state["rss"] = max(state["rss"], int(m.group(1)))
    crashes = sorted(set(os.listdir(artifacts)) - before)
    wall = time.monotonic() - start
    if crashes or proc.returncode not in (0, -signal.SIGINT, 130, 72):
        print("\n".join(tail), file=sys.stderr)
    print(
        f"summary target={a.target} wall_s={wall:.0f} cpu_s={cpu:.0f} execs={state['execs']} "
        f"cov_start={state['cov0']} cov_inited={state['inited']} cov_end={state['cov']} cov_last_grew_cpu_s={grew_cpu:.0f} "
        f"cov_last_grew_wall_s={grew_wall:.0f} ft={state['ft']} corpus={state['corp']} "
        f"peak_rss_mb={state['rss']} exit={proc.returncode} crashes={len(crashes)} stopped='{why}' "
        f"load={os.getloadavg()[0]:.1f}",
        flush=True,
    )
    for c in crashes:
        print(f"crash: {artifacts}{c}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
