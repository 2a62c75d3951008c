"""The sandbox and the Chromium page, for every browser test module (the skip stays per module)."""

from tests.browser.test_sandbox_browser import page, sandbox, sandbox_url  # noqa: F401
