"""The web layer's commands, added to the core's `corridor` group: serve and build-site.

The console script points here, so one `corridor` command has both; the core never imports this package.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from corridor.cli import DATA_DIR_OPTION, load_valid_atlas, main
from corridor_web.serving import DEFAULT_HOSTS, SETTINGS

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


def _setting_options(command: Callable[..., None]) -> Callable[..., None]:
    """One option per server setting in `serving.SETTINGS`, in order, each with its variable and reason."""
    for setting in reversed(SETTINGS):
        kind = click.IntRange(1) if isinstance(setting.default, int) else click.FloatRange(min=0.1)
        command = click.option(
            f"--{setting.flag}",
            setting.option,
            default=setting.default,
            show_default=True,
            type=kind,
            envvar=setting.envvar,
            show_envvar=True,
            help=setting.why,
        )(command)
    return command


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
@_setting_options
@click.option(
    "--trusted-hosts",
    default=",".join(DEFAULT_HOSTS),
    show_default=True,
    envvar="CORRIDOR_TRUSTED_HOSTS",
    show_envvar=True,
    help="Comma-separated host names the site is served under (`.example.org` takes its subdomains too); any "
    "other Host is a 400. They go into absolute links and cache keys. `*` takes any valid name.",
)
@click.option(
    "--forwarded-hops",
    default=0,
    show_default=True,
    type=click.IntRange(0, 5),
    envvar="CORRIDOR_FORWARDED_HOPS",
    show_envvar=True,
    help="Proxies in front whose X-Forwarded-For/-Proto/-Host/-Port/-Prefix to believe (1 behind nginx); "
    "0 ignores those headers, which any client can send.",
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
def serve_command(
    data_dir: Path,
    host: str,
    port: int,
    trusted_hosts: str,
    forwarded_hops: int,
    log_level: str,
    data_check_s: float,
    **settings: Any,
) -> None:
    """Serve the maps, facts and sources over HTTP (waitress; works offline). Every limit below is set for
    a public server; behind nginx and with several processes: see /docs/operators/index.html."""
    logging.basicConfig(level=log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    atlas = load_valid_atlas(data_dir)
    from corridor_web.factory import build_app
    from corridor_web.serving import make_server

    hosts = [name.strip() for name in trusted_hosts.split(",") if name.strip()]
    config = {
        "DATA_DIR": data_dir,
        "DATA_CHECK_SECONDS": data_check_s,
        "RENDER_SLOTS": settings["render_slots"],
        "RENDER_PROCESSES": True,
        "TRUSTED_HOSTS": None if "*" in hosts else hosts,
        "FORWARDED_HOPS": forwarded_hops,
    }
    app = build_app(config, atlas)
    server = make_server(app, host, port, settings, forwarded=forwarded_hops > 0)
    click.echo(f"corridor: serving http://{host}:{port}/ with {settings['threads']} threads (Ctrl+C to stop)")
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        app.extensions["corridor_render_pool"].close()
