"""Every fenced example in the documentation runs: commands through click's runner on the bundled data, GDAL
against a live local server, Python executed, addresses fetched from the app, the embed snippet compared with the
one the page offers. docs/developers/docs.md lists the rules; an example in a language with no rule fails."""

from __future__ import annotations

import html
import json
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

import pytest
from conftest import BRIEF_COMMAND
from flask import Flask
from gis.clients import gdal_tool, local_env, require

from corridor_web.cli import main
from corridor_web.docs_site import DOCS_DIR

ROOT = Path(__file__).resolve().parent.parent
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.DOTALL | re.MULTILINE)
GENERATED = re.compile(r"\[\[\[cog.*?\[\[\[end\]\]\]", re.DOTALL)
DOCUMENTED_SERVER = "http://127.0.0.1:8000"
EMBED_SITE = "https://corridor.example.org"
SCREENSHOTS_SCRIPT = "scripts/screenshots.py"
RUN_BY_THEIR_OWN_TEST = {
    "curators/adding-an-article.md": "tests/curate/test_curator_guide.py",
    "developers/rules.md": "tests/test_layout.py",  # the layer tree, checked against the import contracts
}
"""Pages whose examples are one worked example, run in order on a copy of the data by a test of their own."""


@dataclass(frozen=True)
class Example:
    page: str
    language: str
    code: str
    generated: bool

    def __str__(self) -> str:
        return f"{self.page}:{self.language}:{self.code.splitlines()[0][:40] if self.code else ''}"


def examples() -> list[Example]:
    found = []
    for path in sorted(DOCS_DIR.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        generated = [m.span() for m in GENERATED.finditer(text)]
        for match in FENCE.finditer(text):
            inside = any(start <= match.start() < end for start, end in generated)
            page = path.relative_to(DOCS_DIR).as_posix()
            found.append(Example(page, match.group(1), match.group(2).strip("\n"), inside))
    return found


EXAMPLES = examples()


def commands(code: str) -> list[str]:
    """The command lines of a shell block, continuation lines joined, comments dropped."""
    joined = code.replace("\\\n", " ")
    return [line.split(" #", 1)[0].strip() for line in joined.splitlines() if line.strip() and not line.startswith("#")]


def by_language(language: str) -> list[Example]:
    return [
        example
        for example in EXAMPLES
        if example.language == language and not example.generated and example.page not in RUN_BY_THEIR_OWN_TEST
    ]


@pytest.mark.parametrize("page", sorted(RUN_BY_THEIR_OWN_TEST))
def test_worked_examples_are_run_by_their_own_test(page):
    test = (ROOT / RUN_BY_THEIR_OWN_TEST[page]).read_text(encoding="utf-8")
    assert page.rsplit("/", 1)[-1] in test and "```" in test


def test_every_example_has_a_language_with_a_rule():
    rules = {"sh", "python", "http", "html", "diagram"}
    for example in EXAMPLES:
        if example.page in RUN_BY_THEIR_OWN_TEST:
            continue
        if example.generated:
            assert example.language in {"text"}, example
        else:
            assert example.language in rules, f"{example}: mark the block as one of {sorted(rules)}"
    assert len(EXAMPLES) > 20


def run_corridor(args: list[str], runner, built_site, chaman_brief: Path) -> None:
    if args == BRIEF_COMMAND:  # the session's brief, made by exactly this command
        shutil.copyfile(chaman_brief, args[-1])
        return
    if args[0] == "serve":  # it serves until stopped: parse its options as the command would
        command = main.get_command(main.make_context("corridor", ["serve", "--help"], resilient_parsing=True), "serve")
        command.make_context("serve", args[1:])
        return
    if args[0] == "build-site":  # the session's static site, built by exactly this command
        assert args[args.index("--base-url") + 1] == built_site.base_url
        assert built_site.output.startswith("wrote ")
        return
    result = runner.invoke(main, args)
    assert result.exit_code == 0, f"corridor {shlex.join(args)}: {result.output}"


def run_line(line: str, runner, tmp_path: Path, built_site, server: str, chaman_brief: Path) -> None:
    args = shlex.split(line.replace(DOCUMENTED_SERVER, server))
    program = Path(args[0]).name
    if program == "corridor":
        run_corridor(args[1:], runner, built_site, chaman_brief)
    elif program in ("ogrinfo", "ogr2ogr"):
        result = subprocess.run(
            [gdal_tool(program), *args[1:]], cwd=tmp_path, env=local_env(), capture_output=True, text=True, timeout=180
        )
        assert result.returncode == 0 and "ERROR" not in result.stderr, f"{line}: {result.stderr}"
    elif program == "gunicorn":  # gunicorn is no dependency: call the app factory it is given, as it would
        module, _, expression = args[-1].partition(":")
        assert isinstance(eval(expression, vars(import_module(module))), Flask)  # noqa: S307
    elif program == "python" and args[1:2] == ["-c"]:
        result = subprocess.run([sys.executable, *args[1:]], capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and result.stdout.strip(), f"{line}: {result.stderr}"
        assert Path(result.stdout.strip()).is_dir(), line
    elif program == "python" and args[1:] == ["-m", "corridor_web.docs_parts"]:  # check, not rewrite, the pages
        result = subprocess.run([sys.executable, *args[1:], "--check"], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    elif program == "python" and args[1:] == [SCREENSHOTS_SCRIPT]:  # into a temporary folder, not docs/img/
        require(Path("/usr/bin/chromium").exists(), "Chromium", "apt-get install chromium")
        script = [sys.executable, str(ROOT / SCREENSHOTS_SCRIPT), str(tmp_path / "img")]
        result = subprocess.run(script, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
        for png in (DOCS_DIR / "img").glob("*.png"):
            assert (tmp_path / "img" / png.name).read_bytes().startswith(b"\x89PNG"), png.name
    elif program == "python" and args[1].startswith("bench/"):  # it measures for minutes: parse its options
        result = subprocess.run([sys.executable, *args[1:], "--help"], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, f"{line}: {result.stderr}"
    elif program == "npm" and args[1:2] == ["ci"]:  # installs what the lockfile pins for package.json
        lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
        wanted = json.loads((ROOT / "package.json").read_text(encoding="utf-8")).get("devDependencies", {})
        assert set(lock["packages"][""].get("devDependencies", {})) == set(wanted), line
    elif program in ("npx", "node"):
        require(shutil.which("node") is not None and (ROOT / "node_modules").is_dir(), "node", "npm ci")
        result = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, f"{line}: {result.stdout}{result.stderr}"
    elif "pytest" in args:
        for name in args[args.index("pytest") + 1 :]:
            assert name.startswith("-") or (ROOT / name).exists(), line
    else:
        pytest.fail(f"no rule runs {line!r}: add one to tests/test_docs_examples.py")


@pytest.mark.parametrize("example", by_language("sh"), ids=str)
def test_shell_example_runs(example, runner, tmp_path, monkeypatch, built_site, live_url, chaman_brief):
    monkeypatch.chdir(tmp_path)
    for line in commands(example.code):
        run_line(line, runner, tmp_path, built_site, live_url, chaman_brief)


@pytest.mark.parametrize("example", by_language("python"), ids=str)
def test_python_example_runs(example, tmp_path, monkeypatch, live_url):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")
    code = example.code.replace(DOCUMENTED_SERVER, live_url)
    exec(compile(code, example.page, "exec"), {"__name__": "__docs__"})  # noqa: S102


@pytest.mark.parametrize("example", by_language("http"), ids=str)
def test_address_example_answers(example, client):
    for address in example.code.splitlines():
        response = client.get(address, follow_redirects=True)
        assert response.status_code == 200, f"{address}: {response.status_code}"


@pytest.mark.parametrize("example", by_language("html"), ids=str)
def test_embed_snippet_is_the_one_the_page_offers(example, client):
    page = client.get("/corridors/chaman-onward", base_url=EMBED_SITE).get_data(as_text=True)
    offered = re.search(r'<textarea id="embed-snippet"[^>]*>(.*?)</textarea>', page, re.DOTALL)
    assert offered is not None and html.unescape(offered.group(1)).strip() == example.code


@pytest.mark.parametrize("example", by_language("diagram"), ids=str)
def test_architecture_diagram_names_every_core_package_and_only_real_ones(example):
    named = set(re.findall(r"\b(corridor(?:_web)?/(?:\w+/)?)", example.code))
    assert all((ROOT / path).is_dir() for path in named), named
    core = {f"corridor/{p.name}/" for p in (ROOT / "corridor").iterdir() if (p / "__init__.py").is_file()}
    assert core <= named, core - named
