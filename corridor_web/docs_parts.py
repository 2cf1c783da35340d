"""The generated parts of the documentation, written into the Markdown between cog markers so that they cannot
drift from the code: the command-line reference, the serve settings, the export formats, the data properties,
the OGC conformance classes and the route table.

`python -m corridor_web.docs_parts` rewrites them (and the property tables of geodata/README.md); with
`--check` it only says whether any would change. tests/test_docs.py fails when a committed page differs from
what this would write.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import click

import corridor
from corridor.api.ogc.features import CONFORMANCE_CLASSES
from corridor.atlas.load import DEFAULT_DATA_DIR, load_atlas
from corridor.docs import DOCUMENTED_MODELS, property_table, refresh_tables
from corridor.docs import main as refresh_geodata_readme
from corridor.exports.formats import ALL, EXPORT_FORMATS
from corridor.pages import route_table as routes
from corridor_web.cli import main as cli_main
from corridor_web.docs_site import DOCS_DIR

COG_MARKER = "[[[cog"
CORE_LAYERS = {"request": 0, "atlas": 1, "display": 2, "maps": 3, "exports": 3, "api": 4, "pages": 4, "curate": 4}
"""The core's subpackages, bottom up: a module imports only from layers below its own (or its own package).
Modules at the top of `corridor/` (cli, notebook, docs) sit above them all."""
CHECK_HINT = "run `python -m corridor_web.docs_parts` to regenerate the documentation"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _group_context() -> click.Context:
    """The `corridor` group's context as a run makes it (its settings give every command `-h` too)."""
    return click.Context(cli_main, info_name="corridor", **cli_main.context_settings)


def _commands() -> Iterator[tuple[str, click.Command]]:
    context = _group_context()
    for name in cli_main.list_commands(context):
        command = cli_main.get_command(context, name)
        if command is not None:
            yield name, command


def cli_reference() -> str:
    """Each `corridor` command: a heading, its one-line summary and its whole `--help`, as the terminal shows it."""
    parts = []
    for name, command in _commands():
        parent = _group_context()
        help_text = command.get_help(click.Context(command, info_name=name, parent=parent, terminal_width=80))
        summary = command.get_short_help_str(limit=200)
        parts.append(f"## corridor {name}\n\n{summary}\n\n```text\n{help_text}\n```\n")
    return "\n".join(parts)


def serve_settings_table() -> str:
    """Every `corridor serve` option: flag, environment variable, default and why."""
    command = cli_main.get_command(_group_context(), "serve")
    assert command is not None
    rows = ["| flag | environment variable | default | what it sets, and why |", "| --- | --- | --- | --- |"]
    for param in command.params:
        if not isinstance(param, click.Option) or param.name == "help":
            continue
        flag = max(param.opts, key=len)
        envvar = f"`{param.envvar}`" if param.envvar else "-"
        default = "the bundled data" if flag == "--data" else f"`{param.default}`"
        rows.append(f"| `{flag}` | {envvar} | {default} | {_cell(param.help or '')} |")
    return "\n".join(rows) + "\n"


def export_formats_table() -> str:
    """The formats table: `--format` name, file, media type, what it is, and its URL."""
    rows = ["| `--format` | file | media type | what it is | URL |", "| --- | --- | --- | --- | --- |"]
    for fmt in EXPORT_FORMATS.values():
        url = f"/export/{ALL}.{fmt.extension}"
        rows.append(f"| `{fmt.name}` | `.{fmt.extension}` | `{fmt.media_type}` | {fmt.description} | `{url}` |")
    return "\n".join(rows) + "\n"


def property_tables() -> str:
    """A table of properties per record of the data model, as in geodata/README.md."""
    return "\n".join(f"### {name}\n\n{property_table(model)}" for name, model in DOCUMENTED_MODELS.items())


def conformance_list() -> str:
    """The OGC API conformance classes the endpoint declares at /ogc/conformance."""
    return "".join(f"- `{uri}`\n" for uri in CONFORMANCE_CLASSES)


def route_table() -> str:
    """Origin–port routes on the bundled data: existing track only beside everything announced."""
    return routes.route_table(load_atlas(DEFAULT_DATA_DIR))


def _layer(name: str) -> int:
    return CORE_LAYERS.get(name, max(CORE_LAYERS.values()) + 1)


def imports_against_the_layers() -> str:
    """Each import in the core that runs against the direction of CORE_LAYERS, as a Markdown list."""
    core_dir = Path(corridor.__file__).parent
    found = []
    for path in sorted(core_dir.rglob("*.py")):
        own = path.relative_to(core_dir).parts[0].removesuffix(".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("corridor."):
                other = node.module.split(".")[1]
                if other != own and _layer(other) >= _layer(own):
                    found.append(f"- `corridor/{path.relative_to(core_dir).as_posix()}` imports `{node.module}`\n")
    return "".join(dict.fromkeys(found)) or "None: every import runs one way.\n"


def generated_pages(docs_dir: Path = DOCS_DIR) -> list[Path]:
    """The Markdown pages that hold generated parts."""
    return sorted(p for p in docs_dir.rglob("*.md") if COG_MARKER in p.read_text(encoding="utf-8"))


def run_cog(*options: str, docs_dir: Path = DOCS_DIR) -> int:
    """cog over every page with generated parts; its exit status."""
    from cogapp import Cog

    files = [str(page) for page in generated_pages(docs_dir)]
    return Cog().main(["cog", *options, "--check-fail-msg", CHECK_HINT, *files])


def main(argv: list[str] | None = None) -> int:
    if "--check" in (sys.argv[1:] if argv is None else argv):
        readme = (DEFAULT_DATA_DIR / "README.md").read_text(encoding="utf-8")
        if refresh_tables(readme) != readme:
            print(f"geodata/README.md is out of date; {CHECK_HINT}", file=sys.stderr)
            return 1
        return run_cog("--check")
    refresh_geodata_readme()
    status = run_cog("-r")
    print("regenerated " + ", ".join(p.relative_to(DOCS_DIR).as_posix() for p in generated_pages()), file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
