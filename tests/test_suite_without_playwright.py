"""The suite runs in a venv without Playwright: the browser tests are skipped, with the reason."""

import subprocess
import sys

from .conftest import ROOT

# Playwright hidden from the child's imports, as if it were not installed.
WITHOUT_PLAYWRIGHT = (
    "import sys; sys.modules['playwright'] = None; import pytest; "
    "sys.exit(pytest.main(['-rs', '-p', 'no:cacheprovider', 'tests/browser']))"
)


def test_without_playwright_the_browser_tests_are_skipped_with_the_reason():
    child = subprocess.run(
        [sys.executable, "-c", WITHOUT_PLAYWRIGHT], cwd=ROOT, capture_output=True, text=True
    )

    assert "the browser tests need Playwright" in child.stdout, child.stdout + child.stderr
    assert "skipped" in child.stdout
    assert "error" not in child.stdout.lower()
    assert child.returncode in (0, 5), child.stdout  # 5: nothing left to run, nothing failed
