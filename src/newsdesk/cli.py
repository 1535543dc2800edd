"""The ``newsdesk`` command line: a thin Typer layer over :mod:`newsdesk.pipeline`.

Commands: ingest, run, serve, demo, export, brief, extract, failures, feeds, watch, stats.
"""

from __future__ import annotations

import json
import logging
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import pipeline
from .settings import Settings, get_settings

app = typer.Typer(
    help="newsdesk — a self-hostable AI news desk: ingest sources, build stories, write verified pages, publish.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(stderr=True)

DbOption = Annotated[
    Optional[str], typer.Option("--db", help="Database URL (overrides NEWSDESK_DATABASE_URL).")
]


def _settings(db: str | None = None) -> Settings:
    settings = get_settings()
    if db:
        settings = settings.model_copy(update={"database_url": db})
    return settings


@app.callback()
def _main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log debug messages.")] = False) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


@contextmanager
def _progress():
    """A Rich progress display; yields a factory of per-stage advance callbacks."""
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description:<8}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal and not _force_progress(),
    ) as bar:

        def factory(name: str, total: int | None):
            task = bar.add_task(name, total=total)
            return lambda n=1: bar.advance(task, n)

        yield factory


def _force_progress() -> bool:
    return False


def _print_report(report: pipeline.RunReport) -> None:
    table = Table(title="newsdesk run", show_header=True)
    table.add_column("stage")
    table.add_column("result")
    if report.ingest is not None:
        r = report.ingest
        table.add_row("ingest", f"{r.added} added, {r.unchanged} unchanged, {r.duplicates} near-duplicates, {r.failed} failed")
    if report.stories is not None:
        r = report.stories
        follow = getattr(r, "follow_ups", 0)
        table.add_row("stories", f"{r.assigned} articles assigned, {r.new_stories} new stories"
                      + (f" ({follow} follow-ups)" if follow else ""))
    if report.write is not None:
        r = report.write
        table.add_row("write", f"{r.written} written, {r.unchanged} unchanged, {r.failed} failed")
    console.print(table)


@app.command()
def ingest(
    sources: Annotated[list[str], typer.Argument(help="JSONL files, directories of .html files, feed files or URLs.")],
    db: DbOption = None,
) -> None:
    """Ingest articles (stage 1 only)."""
    settings = _settings(db)
    store = pipeline.open_store(settings)
    with _progress() as factory:
        report = pipeline.ingest_sources(store, sources, settings, progress=factory("ingest", None))
    console.print(f"{report.added} added, {report.unchanged} unchanged, {report.duplicates} near-duplicates, {report.failed} failed")
    for failure in report.failures[:20]:
        console.print(f"  [red]failed[/red] {failure.item}: {failure.reason}")


@app.command()
def run(
    sources: Annotated[Optional[list[str]], typer.Argument(help="Sources to ingest first (optional).")] = None,
    feeds: Annotated[Optional[Path], typer.Option("--feeds", help="A file of feed URLs (one per line) or OPML to ingest first.")] = None,
    db: DbOption = None,
) -> None:
    """Run every stage once: ingest (if sources given), stories, write. Idempotent."""
    settings = _settings(db)
    store = pipeline.open_store(settings)
    all_sources = list(sources or [])
    if feeds is not None:
        all_sources.extend(_feed_urls(feeds))
    with _progress() as factory:
        report = pipeline.run(store, settings, all_sources, progress_factory=factory)
    _print_report(report)


def _feed_urls(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("<"):
        from .feeds import parse_opml

        return [f.url for f in parse_opml(text.encode())]
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@app.command()
def demo(
    serve_after: Annotated[bool, typer.Option("--serve/--no-serve", help="Serve the site when done.")] = False,
    host: Annotated[str, typer.Option(help="Interface to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
    db: DbOption = None,
) -> None:
    """Load the bundled demo corpus, build stories and pages, and optionally serve them."""
    settings = _settings(db)
    store = pipeline.open_store(settings)
    pipeline.load_outlets(store, pipeline.demo_outlets())
    with _progress() as factory:
        report = pipeline.run(store, settings, pipeline.demo_sources(), progress_factory=factory)
    _print_report(report)
    if serve_after:
        _serve(settings, host, port)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to serve on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8000,
    db: DbOption = None,
) -> None:
    """Serve the website, feeds and API (Ctrl-C stops it)."""
    _serve(_settings(db), host, port)


def _serve(settings: Settings, host: str, port: int) -> None:
    import uvicorn

    from .web import create_app

    store = pipeline.open_store(settings)
    console.print(f"serving on [bold]http://{host}:{port}[/bold] (Ctrl-C stops)")
    uvicorn.run(create_app(store, settings), host=host, port=port, log_level="warning")


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="Output format (jsonl).")] = "jsonl",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
    all_stories: Annotated[bool, typer.Option("--all", help="Include single-source and unpublished stories.")] = False,
    db: DbOption = None,
) -> None:
    """Export written stories, one story JSON per line."""
    if fmt != "jsonl":
        raise typer.BadParameter("only jsonl is supported", param_hint="--format")
    settings = _settings(db)
    store = pipeline.open_store(settings)
    out = output.open("w", encoding="utf-8") if output else sys.stdout
    try:
        offset, n = 0, 0
        while True:
            docs = store.list_documents(
                status=None if all_stories else "published",
                min_outlets=1 if all_stories else settings.min_outlets,
                limit=200,
                offset=offset,
            )
            if not docs:
                break
            for doc in docs:
                out.write(doc.model_dump_json() + "\n")
                n += 1
            offset += len(docs)
    finally:
        if output:
            out.close()
    console.print(f"{n} stories exported")


@app.command()
def brief(
    file: Annotated[Path, typer.Argument(help="JSONL of article groups: {\"id\", \"articles\": [rows]} per line; - for stdin.")],
) -> None:
    """Write one story JSON per article group, without a database."""
    settings = get_settings()
    stream = sys.stdin if str(file) == "-" else file.open(encoding="utf-8")
    failed = 0
    with stream:
        for lineno, line in enumerate(stream, start=1):
            if not line.strip():
                continue
            try:
                group = json.loads(line)
                for doc in pipeline.brief([group], settings):
                    sys.stdout.write(doc.model_dump_json() + "\n")
            except (ValueError, json.JSONDecodeError) as exc:
                failed += 1
                console.print(f"[red]line {lineno}[/red]: {exc}")
            sys.stdout.flush()
    if failed:
        raise typer.Exit(1)


@app.command()
def extract(
    targets: Annotated[list[str], typer.Argument(help="HTML files or http(s) URLs.")],
) -> None:
    """Extract article text and metadata from pages; one JSON line each (no database)."""
    from .extract import extract_targets

    settings = get_settings()
    for row in extract_targets(targets, settings):
        sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


@app.command()
def failures(
    stage: Annotated[Optional[str], typer.Option(help="Only this stage (ingest, write, feed).")] = None,
    db: DbOption = None,
) -> None:
    """List items that failed, with the reason."""
    store = pipeline.open_store(_settings(db))
    rows = store.list_failures(stage)
    table = Table(title=f"{len(rows)} failures")
    for col in ("stage", "item", "reason", "attempts", "last seen"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["stage"], r["item"], r["reason"], str(r["attempts"]), str(r["last_seen"])[:19])
    Console().print(table)


@app.command()
def stats(db: DbOption = None) -> None:
    """Counts of articles, stories and written pages."""
    settings = _settings(db)
    store = pipeline.open_store(settings)
    console.print(
        f"{store.count_articles()} articles, {store.count_stories()} stories, "
        f"{store.count_documents(status=None)} written, "
        f"{store.count_documents(min_outlets=settings.min_outlets)} published (≥{settings.min_outlets} outlets)"
    )


feeds_app = typer.Typer(help="The feed registry: add, remove, list, pause, resume, import.", no_args_is_help=True)
app.add_typer(feeds_app, name="feeds")


@feeds_app.command("add")
def feeds_add(
    url: Annotated[str, typer.Argument(help="Feed URL (http/https).")],
    category: Annotated[Optional[str], typer.Option(help="Category label.")] = None,
    title: Annotated[Optional[str], typer.Option(help="Feed title.")] = None,
    db: DbOption = None,
) -> None:
    """Register a feed."""
    from .feeds import add_feed

    add_feed(pipeline.open_store(_settings(db)), url, title=title, category=category)
    console.print(f"added {url}")


@feeds_app.command("remove")
def feeds_remove(url: Annotated[str, typer.Argument(help="Feed URL.")], db: DbOption = None) -> None:
    """Remove a feed from the registry (its articles stay)."""
    from .feeds import remove_feed

    if not remove_feed(pipeline.open_store(_settings(db)), url):
        console.print(f"[red]no such feed[/red] {url}")
        raise typer.Exit(1)


@feeds_app.command("list")
def feeds_list(
    paused: Annotated[Optional[bool], typer.Option("--paused/--active", help="Only paused or only active feeds.")] = None,
    db: DbOption = None,
) -> None:
    """List registered feeds with their state and last error."""
    from .feeds import list_feeds

    rows = list_feeds(pipeline.open_store(_settings(db)), paused=paused)
    table = Table(title=f"{len(rows)} feeds")
    for col in ("url", "category", "state", "errors", "last error", "next fetch"):
        table.add_column(col)
    for f in rows:
        state = f"paused: {f.paused_reason}" if f.paused else "active"
        table.add_row(f.url, f.category or "", state, str(f.error_count), f.last_error or "", str(f.next_fetch or "")[:19])
    Console().print(table)


@feeds_app.command("pause")
def feeds_pause(
    url: Annotated[str, typer.Argument(help="Feed URL.")],
    reason: Annotated[str, typer.Option(help="Why (shown in the list).")] = "paused by user",
    db: DbOption = None,
) -> None:
    """Stop polling a feed."""
    from .feeds import pause_feed

    if not pause_feed(pipeline.open_store(_settings(db)), url, reason):
        raise typer.Exit(1)


@feeds_app.command("resume")
def feeds_resume(url: Annotated[str, typer.Argument(help="Feed URL.")], db: DbOption = None) -> None:
    """Poll a paused feed again (its error count is reset)."""
    from .feeds import resume_feed

    if not resume_feed(pipeline.open_store(_settings(db)), url):
        raise typer.Exit(1)


@feeds_app.command("import")
def feeds_import(
    path: Annotated[Path, typer.Argument(help="An OPML file, a kite_feeds.json file, or a media_data.json file.",
                                         exists=True, dir_okay=False, readable=True)],
    kind: Annotated[str, typer.Option(help="auto (from the file's content), opml, kite or media (outlet metadata).")] = "auto",
    category: Annotated[Optional[list[str]], typer.Option(help="kite: only these categories.")] = None,
    db: DbOption = None,
) -> None:
    """Import feeds (OPML or kite_feeds.json) or outlet metadata (media_data.json)."""
    from .feeds import import_kite, import_media_data, import_opml
    from .registry import import_file_kind

    if kind == "auto":
        kind = import_file_kind(path)
    store = pipeline.open_store(_settings(db))
    if kind == "opml":
        n = import_opml(store, path)
    elif kind == "kite":
        n = import_kite(store, path, categories=category)
    elif kind == "media":
        n = import_media_data(store, path)
    else:
        raise typer.BadParameter("kind must be opml, kite or media", param_hint="--kind")
    console.print(f"{n} imported")


@app.command()
def watch(
    once: Annotated[bool, typer.Option("--once", help="One polling round, then exit.")] = False,
    db: DbOption = None,
) -> None:
    """Poll registered feeds on their schedules until stopped, running every stage on new items."""
    import threading

    from .feeds import poll_feeds

    settings = _settings(db)
    store = pipeline.open_store(settings)
    stop = threading.Event()

    def after_round(report) -> None:
        console.print(f"polled {report.polled}: {report.added} new, {report.not_modified} not modified, {report.failed} failed")
        if report.added:
            run_report = pipeline.run(store, settings)
            _print_report(run_report)

    try:
        poll_feeds(store, settings, once=once, stop=stop, after_round=after_round)
    except KeyboardInterrupt:
        stop.set()
        console.print("stopped")


user_app = typer.Typer(help="Editor accounts.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def user_add(
    username: Annotated[str, typer.Argument(help="Login name.")],
    role: Annotated[str, typer.Option(help="editor or admin.")] = "editor",
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True, help="Password (prompted).")] = "",
    db: DbOption = None,
) -> None:
    """Create an editor or admin account (argon2-hashed password)."""
    from .editorial import Editorial, EditorialError

    try:
        Editorial(pipeline.open_store(_settings(db))).create_user(username, password, role)
    except EditorialError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    console.print(f"{role} {username} created")


def main() -> None:
    """The ``newsdesk`` command: the Typer app, with errors about the whole run as one clear line.

    Per-item problems are recorded failures and never get here; what does is a setting the
    run cannot start with, a store it cannot reach or migrate, or an input file of the wrong
    kind. Those print ``error: …`` on stderr and exit with status 2 instead of a traceback.
    Bugs (any other exception) keep their traceback.
    """
    from .errors import NewsdeskError

    try:
        app()
    except NewsdeskError as exc:
        console.print(f"[red]error:[/red] {exc}", markup=True, highlight=False, soft_wrap=True)
        raise SystemExit(2) from None
