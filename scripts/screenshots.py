"""The documentation's pictures, taken from the running app so that they can be refreshed after a change.

Starts the app under waitress in a process of its own on a free 127.0.0.1 port (as the benchmarks do), opens
pages in Debian's headless Chromium through Playwright and saves PNGs (viewport-sized, with a palette, so they
stay small) into docs/img/, or the folder given; the print picture is drawn by `corridor render --png`, as a
reader would.

    python scripts/screenshots.py [OUTDIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from click.testing import CliRunner  # noqa: E402
from PIL import Image  # noqa: E402
from playwright.sync_api import Page, sync_playwright  # noqa: E402

from bench.lib import server  # noqa: E402
from corridor_web.cli import main  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu"]
DESKTOP = {"width": 1366, "height": 900}
MAP_DRAWN = "path.leaflet-interactive"


def wait_for_map(page: Page) -> None:
    """Until the page's map frame has drawn its lines and placed its names."""
    page.frame_locator("iframe").first.locator(MAP_DRAWN).first.wait_for(state="attached", timeout=60_000)
    page.wait_for_timeout(1500)


def map_in_view(page: Page, path: Path) -> Path:
    """A viewport-sized screenshot with the page's map in the middle."""
    page.locator("iframe").first.evaluate("frame => frame.scrollIntoView({block: 'center'})")
    page.wait_for_timeout(500)
    page.screenshot(path=path)
    return path


def shrink(path: Path) -> Path:
    """The PNG with a palette of 256 colours: a third of the bytes, the same picture to the eye."""
    with Image.open(path) as picture:
        picture.convert("RGB").quantize(colors=256).save(path, optimize=True)
    return path


def take(page: Page, base: str, outdir: Path) -> list[Path]:
    shots = []
    page.goto(base + "/")
    wait_for_map(page)
    shots.append(map_in_view(page, outdir / "overview.png"))
    page.goto(base + "/corridors/chaman-onward")
    wait_for_map(page)
    shots.append(map_in_view(page, outdir / "corridor-page.png"))
    shots.append(outdir / "embed-panel.png")
    page.locator("section.embed").screenshot(path=shots[-1])
    page.goto(base + "/facts?q=gauge&sort=date")
    page.locator("table.facts").scroll_into_view_if_needed()
    shots.append(outdir / "facts.png")
    page.screenshot(path=shots[-1])
    page.goto(base + "/routes?from=termez&to=karachi-port")
    wait_for_map(page)
    shots.append(map_in_view(page, outdir / "route.png"))
    return shots


def main_png(outdir: Path) -> Path:
    target = outdir / "corridors.png"
    args = ["render", "--png", "--width", "1000", "--height", "690", "--dpi", "100", "-o", str(target)]
    result = CliRunner().invoke(main, args)
    if result.exit_code != 0:
        raise SystemExit(result.output)
    return target


def run(outdir: Path) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    with server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            shots = take(browser.new_page(viewport=DESKTOP), base, outdir)
        finally:
            browser.close()
    return [shrink(path) for path in [*shots, main_png(outdir)]]


if __name__ == "__main__":
    for path in run(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "img"):
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
