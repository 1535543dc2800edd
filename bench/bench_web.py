"""Website throughput: home, analysis and quick-read pages vs. a static file of the same size.

One uvicorn server on 127.0.0.1 serves the site over a database (the web tests' sample
newsroom by default, or ``--database-url``) and, from the same process, a static copy of
the rendered analysis page; ``/uncached/...`` serves the same site with its render cache
off, to show the cost of rendering itself. wrk (Debian's ``wrk``) loads each URL in turn with the same
threads/connections/duration; the figure is each page's requests/s as a ratio of the
static file's, with p50/p99 latency and the error count (must be 0).

    .venv/bin/python bench/bench_web.py [--duration 5] [--rounds 3] [--connections 16] [--database-url URL]

Writes ``bench/results/web.json``.
"""

from __future__ import annotations

import argparse
import json
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds of load per URL")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds; medians are reported")
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
    try:
        analysis_html = httpx.get(f"{base}/story/{story}").content
        (static_dir / "analysis.html").write_bytes(analysis_html)
        targets = {
            "static_file": "/bench-static/analysis.html",
            "home": "/",
            "analysis": f"/story/{story}",
            "quick_read": f"/quick/{story}",
            "home_uncached": "/uncached/",
            "analysis_uncached": f"/uncached/story/{story}",
        }
        sizes = {name: len(httpx.get(base + path).content) for name, path in targets.items()}
        runs: dict[str, list[dict]] = {name: [] for name in targets}
        # interleaved rounds, medians: the machine is shared, so load drifts during a run
        for round_no in range(args.rounds):
            for name, path in targets.items():
                out = subprocess.run(
                    [wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{args.duration}s", "--latency",
                     base + path],
                    capture_output=True, text=True, check=True,
                ).stdout
                runs[name].append(parse_wrk(out))
                r = runs[name][-1]
                print(f"round {round_no + 1} {name:12} {r['requests_per_s']:9.1f} req/s  p50 {r['p50_ms']:.2f} ms"
                      f"  p99 {r['p99_ms']:.2f} ms  errors {r['errors']}", flush=True)
        results: dict[str, dict] = {}
        for name, path in targets.items():
            rs = runs[name]
            results[name] = {
                "path": path,
                "bytes": sizes[name],
                "requests_per_s": statistics.median(r["requests_per_s"] for r in rs),
                "p50_ms": statistics.median(r["p50_ms"] for r in rs),
                "p99_ms": statistics.median(r["p99_ms"] for r in rs),
                "requests": sum(r["requests"] for r in rs),
                "errors": sum(r["errors"] for r in rs),
                "rounds": rs,
            }
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.dispose()
    baseline = results["static_file"]["requests_per_s"]
    ratios = {name: round(r["requests_per_s"] / baseline, 3) for name, r in results.items() if name != "static_file"}
    for name, r in results.items():
        print(f"{name:12} median {r['requests_per_s']:8.1f} req/s  p50 {r['p50_ms']:.2f} ms  p99 {r['p99_ms']:.2f} ms"
              f"  errors {r['errors']}  ({r['bytes']} bytes)"
              + (f"  {ratios[name]:.3f}x static" if name in ratios else ""))
    report = {
        "bench": "web",
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": "sample newsroom (tests/web/sample_site.py)" if not args.database_url else args.database_url,
        "load": {"tool": "wrk", "threads": args.threads, "connections": args.connections,
                 "duration_s": args.duration, "rounds": args.rounds},
        "note": "same uvicorn process serves the pages and the static copy; ratios are median req/s "
                "over interleaved rounds; rendered pages come from the in-memory render cache after "
                "the first request (validated against the store on every request)",
        "results": results,
        "ratio_to_static": ratios,
        "errors_total": sum(r["errors"] for r in results.values()),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0 if report["errors_total"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
