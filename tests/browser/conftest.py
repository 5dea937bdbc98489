"""Browser tests: pytest-playwright driving Debian's Chromium against pytest-django's live_server.

- Only /usr/bin/chromium: Playwright cannot download browsers here, and asking for firefox or
  webkit hangs, so any other `--browser` is skipped and a missing Chromium skips every test.
- Playwright's sync API runs an event loop in the test's thread; Django refuses ORM calls from
  such a thread (SynchronousOnlyOperation) unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The ORM
  calls here are the test's own set-up, made synchronously, so the override is safe.
- `live_server` serves another thread, which sees only committed rows: tests that use it are
  transactional (pytest-django makes them so; we also say it with
  `django_db(transaction=True)`) and create their users inside the test with factories.
- Static files come from the finders through live_server's StaticFilesHandler (the root
  conftest switches storage to StaticFilesStorage, so no manifest is needed).
- Under pytest-xdist each worker has its own live server (port chosen by the OS), its own
  test database and its own browser.
"""
import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_name(request):
    """Always chromium; pytest-playwright passes `--browser` values here as params."""
    name = getattr(request, "param", None) or "chromium"
    if name != "chromium":
        pytest.skip(f"only Debian's Chromium runs here ({name} is not installed and would hang)")
    return name


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai", "viewport": {"width": 1280, "height": 800}}


@pytest.fixture(scope="session")
def artifacts_dir():
    """Where screenshots go: $ARTIFACTS_DIR, or var/screenshots/ in the checkout (gitignored)."""
    path = Path(os.environ.get("ARTIFACTS_DIR") or Path(__file__).resolve().parents[2] / "var" / "screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
