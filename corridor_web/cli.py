"""The web layer's commands, added to the core's `corridor` group: serve and build-site.

The console script points here, so one `corridor` command has both; the core never imports this package.
"""

from __future__ import annotations

import logging
from pathlib import Path

import click

from corridor.cli import DATA_DIR_OPTION, load_valid_atlas, main

LOG_LEVELS = ("debug", "info", "warning", "error")


@main.command("build-site")
@DATA_DIR_OPTION
@click.argument("outdir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--base-url",
    default="http://localhost:8000/",
    show_default=True,
    help="Where the copy will be served; only the embed snippets and the single-file maps' links use it.",
)
def build_site_command(data_dir: Path, outdir: Path, base_url: str) -> None:
    """Write the whole site to OUTDIR as static files for any static host or CDN, under any sub-path."""
    atlas = load_valid_atlas(data_dir)
    if outdir.exists() and any(outdir.iterdir()):
        raise click.BadParameter(f"{outdir} is not empty; name a new directory or empty it first", param_hint="OUTDIR")
    from corridor_web.factory import build_app
    from corridor_web.static_site import BrokenLinks, build_site

    try:
        files = build_site(build_app({"DATA_DIR": data_dir, "STATIC_SITE": True}, atlas), outdir, base_url)
    except BrokenLinks as exc:
        raise click.ClickException(f"links inside the site are broken, fix them and build again: {exc}") from None
    size = sum(f.size for f in files)
    click.echo(f"wrote {len(files)} files ({size:,} bytes) to {outdir}; try: python -m http.server -d {outdir}")


@main.command("serve")
@DATA_DIR_OPTION
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    envvar="CORRIDOR_HOST",
    show_envvar=True,
    help="Address to listen on (0.0.0.0 for all).",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    envvar="CORRIDOR_PORT",
    show_envvar=True,
    help="Port to listen on.",
)
@click.option(
    "--threads",
    default=4,
    show_default=True,
    type=click.IntRange(1, 64),
    envvar="CORRIDOR_THREADS",
    show_envvar=True,
    help="Worker threads.",
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(LOG_LEVELS, case_sensitive=False),
    envvar="CORRIDOR_LOG_LEVEL",
    show_envvar=True,
    help="info logs every request; warning only trouble.",
)
@click.option(
    "--data-check",
    "data_check_s",
    default=5.0,
    show_default=True,
    type=click.FloatRange(min=0),
    envvar="CORRIDOR_DATA_CHECK_SECONDS",
    show_envvar=True,
    help="Seconds between looks for changed data, served once it validates; 0 never looks.",
)
def serve_command(data_dir: Path, host: str, port: int, threads: int, log_level: str, data_check_s: float) -> None:
    """Serve the maps, facts and sources over HTTP (waitress; works offline). Several worker processes:
    see the README."""
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    atlas = load_valid_atlas(data_dir)
    import waitress

    from corridor_web.factory import build_app

    app = build_app({"DATA_DIR": data_dir, "DATA_CHECK_SECONDS": data_check_s}, atlas)
    click.echo(f"corridor: serving http://{host}:{port}/ with {threads} threads (Ctrl+C to stop)")
    waitress.serve(app, host=host, port=port, threads=threads)
