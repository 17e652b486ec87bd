"""Headless Chromium for the browser tests, driven by Playwright.

Chromium comes from Debian (``apt-get install chromium``); Playwright's own browser
download is not used.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str | None:
    """Find Debian's Chromium, installing it with apt-get when missing and possible."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
            try:
                subprocess.run(cmd, env=env, capture_output=True, timeout=600, check=False)
            except (OSError, subprocess.TimeoutExpired):
                return None
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (dev extras)")
    path = chromium_path()
    if path is None:
        pytest.skip("Chromium is not installed and `apt-get install -y chromium` was not possible here")
    with sync_api.sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
