#!/usr/bin/env python3
"""Usage: go test -json PACKAGES | python3 scripts/gotest-progress.py

Prints what go test would, and progress: "start PACKAGE" when a package's
tests start, go test's own "ok" or "FAIL" line when they end, and, after
every 20 s ($H5MPI_TICK) without a line, which packages are still running.
A failing package's output is printed in full (but for its passing tests
and the === framing lines of -v). go test -json streams its events as they
happen even for several packages at once, so packages still run in
parallel, as go test ./... runs them. Exits 1 if a package failed, after
a last line naming each failing test ("FAIL: PACKAGE TestName/sub", the
innermost failing subtests only), so that a long run's failure needs no
scrolling; the same names go to the file $H5MPI_FAILED, if set.
"""
import json
import os
import select
import sys
import time

TICK = float(os.environ.get("H5MPI_TICK", "20"))
FRAMING = ("=== RUN", "=== PAUSE", "=== CONT", "=== NAME")

t0 = last = time.monotonic()
running = {}  # package -> when its tests started
shown = set()  # packages whose start line is out
output = {}  # package -> [(test, line)]
passed = {}  # package -> tests that passed or were skipped
failed = []
failed_tests = []  # (package, test) in the order they failed


def say(line):
    global last
    sys.stdout.write(line if line.endswith("\n") else line + "\n")
    sys.stdout.flush()
    last = time.monotonic()


def show_start(pkg):
    # Lazily, so that a package without tests shows only go's "?" line.
    if pkg not in shown:
        shown.add(pkg)
        say(f"start\t{pkg}")


def event(e):
    action, pkg, test = e.get("Action"), e.get("Package"), e.get("Test")
    if action == "build-output":  # compiler errors (Go 1.24 and later)
        say(e.get("Output", ""))
    elif action == "start":
        running[pkg] = time.monotonic()
    elif action == "run":
        show_start(pkg)
    elif action == "output":
        output.setdefault(pkg, []).append((test, e.get("Output", "")))
    elif test:
        if action in ("pass", "skip"):
            passed.setdefault(pkg, set()).add(test)
        elif action == "fail":
            # A parent fails after its subtests: keep the innermost.
            if not any(p == pkg and t.startswith(test + "/") for p, t in failed_tests):
                failed_tests.append((pkg, test))
    elif action in ("pass", "fail", "skip"):
        running.pop(pkg, None)
        lines, ok = output.pop(pkg, []), passed.pop(pkg, set())
        if action == "fail":
            failed.append(pkg)
            show_start(pkg)
            for t, line in lines:
                if t not in ok and not line.startswith(FRAMING):
                    say(line)
        else:
            for t, line in lines:
                if t is None and line.startswith(("ok", "?")):
                    if line.startswith("ok"):
                        show_start(pkg)
                    say(line)


def heartbeat():
    now = time.monotonic()
    if running:
        say("   ... still running " + ", ".join(f"{p} ({now - s:.0f} s)" for p, s in running.items()))
    else:
        say(f"   ... still compiling ({now - t0:.0f} s)")


def main():
    fd, buf = sys.stdin.fileno(), b""
    while True:
        ready, _, _ = select.select([fd], [], [], max(0, TICK - (time.monotonic() - last)))
        if ready:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            *lines, buf = (buf + chunk).split(b"\n")
            for raw in lines:
                text = raw.decode("utf-8", "replace")
                try:
                    e = json.loads(text)
                except ValueError:
                    e = None
                if isinstance(e, dict):
                    event(e)
                else:
                    say(text)  # not go test's JSON: passed on
        # Checked here too: a test logging without pause would otherwise
        # keep select busy and the heartbeat away.
        if time.monotonic() - last >= TICK:
            heartbeat()
    if buf:
        say(buf.decode("utf-8", "replace"))
    names = [f"{p} {t}" for p, t in failed_tests]
    # A package can fail with no failing test: a build error, a panic in
    # TestMain, a timeout.
    names += [f"{p} (no test failed: see its output above)" for p in failed if not any(q == p for q, _ in failed_tests)]
    for n in names:
        say("FAIL: " + n)
    if os.environ.get("H5MPI_FAILED"):
        with open(os.environ["H5MPI_FAILED"], "a") as f:
            f.writelines(n + "\n" for n in names)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
