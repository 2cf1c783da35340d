"""Helpers for driving real GIS clients: find them (skip, or fail under CI, when missing) and run them against
127.0.0.1 only."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def require(found: bool, what: str, install: str) -> None:
    """Skip (or, under CI, fail) when a client the test drives is not installed."""
    if found:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing: CI must install it with `{install}`")
    pytest.skip(f"{what} is not installed; `{install}` to run this test")


def gdal_tool(name: str) -> str:
    """The path of a GDAL command-line tool (Debian's gdal-bin)."""
    path = shutil.which(name)
    require(path is not None, name, "apt-get install gdal-bin")
    return str(path)


def local_env() -> dict[str, str]:
    """The environment for a client process: requests go to 127.0.0.1 only, past any configured proxy."""
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1"
    return env


def run_client(*args: str, env: dict[str, str] | None = None, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, env=env or local_env(), timeout=timeout, check=False)
