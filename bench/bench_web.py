"""Website throughput: home, analysis and quick-read pages vs. a static file of the same size.

One uvicorn server on 127.0.0.1 serves the site over a database (the web tests' sample
newsroom by default, or ``--database-url``) and, from the same process, a static copy of
the rendered analysis page; ``/uncached/...`` serves the same site with its render cache
off, to show the cost of rendering itself. wrk (Debian's ``wrk``) loads one URL at a time
with the same threads/connections/duration.

The machine is shared, so its speed drifts during a run; single runs gave ratios from 0.6
to 2.4. Hence: a warm-up run of every URL first (render cache, tag memo, spaCy loaded),
then in each round every page is run between two static-file runs (static, page, static,
page, …, static; the page order rotates per round), and a page's ratio for the round is
its requests/s over the mean of the two static runs beside it. The figure is the median
of those paired ratios over the rounds, with their spread; p50/p99 latency and errors
(must be 0) are reported per page. The same pairing is applied to the server's CPU time
per request (this process's user+system time over the run; wrk is a child process and
not counted): ``cpu_ratio_to_static`` = static CPU per request / page CPU per request,
how many page requests one core serves per static request. Other load on the machine
moves it far less than it moves wall-clock throughput.

    .venv/bin/python bench/bench_web.py [--duration 3] [--rounds 5] [--connections 8] [--database-url URL]

Writes ``bench/results/web.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))

RESULTS = ROOT / "bench" / "results" / "web.json"
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def parse_wrk(output: str) -> dict:
    """Requests/s, latency percentiles (ms) and errors from ``wrk --latency`` output."""

    def ms(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * _UNITS[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    pct = {p: ms(v) for p, v in re.findall(r"^\s+(50|75|90|99)%\s+([\d.]+(?:us|ms|s))", output, re.M)}
    total = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if sock:
        errors += sum(int(x) for x in sock.groups())
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non2xx:
        errors += int(non2xx.group(1))
    return {"requests_per_s": rps, "p50_ms": pct.get("50"), "p99_ms": pct.get("99"),
            "requests": total, "errors": errors}


def run_wrk(wrk: str, url: str, args, duration: float) -> dict:
    """One wrk run against ``url``, plus the CPU time this process (the server) spent on it."""
    cpu = os.times()
    out = subprocess.run(
        [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{duration}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout
    spent = os.times()
    result = parse_wrk(out)
    # wrk is a child process: its CPU lands in children_*, not here
    cpu_s = (spent.user - cpu.user) + (spent.system - cpu.system)
    result["server_cpu_ms_per_request"] = round(1000 * cpu_s / result["requests"], 3) if result["requests"] else None
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=3, help="seconds of load per run")
    parser.add_argument("--warmup", type=int, default=2, help="seconds of unrecorded load per URL first")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds; median paired ratios reported")
    parser.add_argument("--database-url", help="site to serve (default: the web tests' sample newsroom)")
    args = parser.parse_args(argv)
    wrk = shutil.which("wrk")
    if wrk is None:
        print("wrk is not installed (apt-get install wrk); cannot measure", file=sys.stderr)
        return 2

    import httpx
    import uvicorn
    from starlette.routing import Mount
    from starlette.staticfiles import StaticFiles

    from newsdesk.settings import Settings
    from newsdesk.store import Store
    from newsdesk.web import create_app
    from newsdesk.web.present import rank_top

    tmp = Path(tempfile.mkdtemp(prefix="bench-web-"))
    if args.database_url:
        url = args.database_url
        store = Store(url)
    else:
        from web.sample_site import build_sample_store

        url = f"sqlite:///{tmp / 'site.db'}"
        store = build_sample_store(url)
    settings = Settings(database_url=url)
    ranked = rank_top(store.list_documents(min_outlets=settings.min_outlets, limit=60))
    if not ranked:
        print("no published stories to serve", file=sys.stderr)
        return 2
    story = ranked[0].id
    app = create_app(store, settings)
    static_dir = tmp / "static"
    static_dir.mkdir()
    # same server, same middleware: only the work behind the response differs
    app.router.routes.insert(0, Mount("/bench-static", StaticFiles(directory=str(static_dir))))
    # the same site with its render cache off, to show what rendering itself costs
    uncached = create_app(store, settings)
    uncached.state.render_cache.max_age = 0
    app.router.routes.insert(0, Mount("/uncached", uncached))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           access_log=False))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    static = "/bench-static/analysis.html"
    try:
        analysis_html = httpx.get(f"{base}/story/{story}", timeout=60).content
        (static_dir / "analysis.html").write_bytes(analysis_html)
        pages = {
            "home": "/",
            "analysis": f"/story/{story}",
            "quick_read": f"/quick/{story}",
            "search": "/search?q=the",
            "home_uncached": "/uncached/",
            "analysis_uncached": f"/uncached/story/{story}",
        }
        targets = {"static_file": static, **pages}
        sizes = {name: len(httpx.get(base + path, timeout=60).content) for name, path in targets.items()}
        warmup_errors = sum(run_wrk(wrk, base + path, args, args.warmup)["errors"] for path in targets.values())
        runs: dict[str, list[dict]] = {name: [] for name in targets}
        ratios: dict[str, list[float]] = {name: [] for name in pages}
        cpu_ratios: dict[str, list[float]] = {name: [] for name in pages}
        names = list(pages)
        for round_no in range(args.rounds):
            order = names[round_no % len(names):] + names[:round_no % len(names)]
            before = run_wrk(wrk, base + static, args, args.duration)
            runs["static_file"].append(before)
            for name in order:
                r = run_wrk(wrk, base + pages[name], args, args.duration)
                after = run_wrk(wrk, base + static, args, args.duration)
                runs[name].append(r)
                runs["static_file"].append(after)
                ratios[name].append(r["requests_per_s"] / ((before["requests_per_s"] + after["requests_per_s"]) / 2))
                static_cpu = (before["server_cpu_ms_per_request"] + after["server_cpu_ms_per_request"]) / 2
                cpu_ratios[name].append(static_cpu / r["server_cpu_ms_per_request"])
                print(f"round {round_no + 1} {name:18} {r['requests_per_s']:8.1f} req/s  p50 {r['p50_ms']:.2f} ms"
                      f"  p99 {r['p99_ms']:.2f} ms  errors {r['errors']}  {ratios[name][-1]:.3f}x static", flush=True)
                before = after
        results: dict[str, dict] = {}
        for name, path in targets.items():
            rs = runs[name]
            results[name] = {
                "path": path,
                "bytes": sizes[name],
                "requests_per_s": round(statistics.median(r["requests_per_s"] for r in rs), 1),
                "p50_ms": round(statistics.median(r["p50_ms"] for r in rs), 2),
                "p99_ms": round(statistics.median(r["p99_ms"] for r in rs), 2),
                "requests": sum(r["requests"] for r in rs),
                "errors": sum(r["errors"] for r in rs),
                "server_cpu_ms_per_request": round(statistics.median(r["server_cpu_ms_per_request"] for r in rs), 3),
                "rounds": rs,
            }
            if name in ratios:
                rr = ratios[name]
                results[name]["ratio_to_static"] = {
                    "median": round(statistics.median(rr), 3), "min": round(min(rr), 3), "max": round(max(rr), 3),
                    "per_round": [round(x, 3) for x in rr]}
                cr = cpu_ratios[name]
                results[name]["cpu_ratio_to_static"] = {
                    "median": round(statistics.median(cr), 3), "min": round(min(cr), 3), "max": round(max(cr), 3),
                    "per_round": [round(x, 3) for x in cr]}
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.dispose()
    summary = {name: results[name]["ratio_to_static"]["median"] for name in ratios}
    cpu_summary = {name: results[name]["cpu_ratio_to_static"]["median"] for name in ratios}
    for name, r in results.items():
        spread = r.get("ratio_to_static")
        print(f"{name:18} median {r['requests_per_s']:8.1f} req/s  p50 {r['p50_ms']:.2f} ms  p99 {r['p99_ms']:.2f} ms"
              f"  errors {r['errors']}  ({r['bytes']} bytes)"
              + (f"  {spread['median']:.3f}x static (rounds {spread['min']:.3f}-{spread['max']:.3f})"
                 f"  cpu {r['cpu_ratio_to_static']['median']:.3f}x" if spread else ""))
    report = {
        "bench": "web",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": "sample newsroom (tests/web/sample_site.py)" if not args.database_url else args.database_url,
        "load": {"tool": "wrk", "threads": args.threads, "connections": args.connections,
                 "duration_s": args.duration, "warmup_s": args.warmup, "rounds": args.rounds},
        "note": "same uvicorn process serves the pages and the static copy; each page run sits between two "
                "static-file runs and its ratio is over their mean; ratio_to_static is the median of those "
                "paired requests/s ratios over the rounds; cpu_ratio_to_static is the same for the server's "
                "CPU time per request (static / page: how many pages one static request's CPU pays for), "
                "which other load on the machine disturbs far less than wall-clock throughput; rendered pages come from the in-memory render cache after "
                "the first request (validated against the store on every request); /uncached renders every time",
        "results": results,
        "ratio_to_static": summary,
        "cpu_ratio_to_static": cpu_summary,
        "errors_total": sum(r["errors"] for r in results.values()) + warmup_errors,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0 if report["errors_total"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
