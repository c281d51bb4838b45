"""Charts as PNG images for the PDF, drawn by plotly's kaleido in a headless Chromium.

Starting the browser takes seconds, so one is started on first use and kept for the charts
after it (one per process, shared by threads, used one chart at a time). Without a browser, or
when drawing fails or takes too long, ``chart_png`` says why instead, and the PDF shows a table.
The browser is found by kaleido's own rules: ``BROWSER_PATH`` if set, else Chrome or Chromium on
the PATH (Debian: ``apt-get install chromium``).
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import os
import shutil
import threading
import time
from concurrent.futures import Future
from typing import Any

log = logging.getLogger("sipr")

CHARTS_ENV = "SIPR_PDF_CHARTS"
"""Set to "off" to leave charts out of PDFs (a table is shown instead)."""

START_TIMEOUT_S = 60
RETRY_AFTER_S = 300
DRAW_TIMEOUT_S = 30
WIDTH, HEIGHT, SCALE = 900, 640, 1.6


class ChartUnavailable(RuntimeError):
    """The chart cannot be drawn as an image here; the message says why, in plain words."""


def find_browser() -> str | None:
    """The Chrome or Chromium kaleido would use (``BROWSER_PATH`` first, then the PATH), or None."""
    names = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
    found = os.environ.get("BROWSER_PATH") or next(filter(None, map(shutil.which, names)), None)
    return found if found and os.access(found, os.X_OK) else None


class _Renderer:
    """One kaleido browser on its own event-loop thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._kaleido: Any = None
        self._failed: tuple[float, str] | None = None

    def png(self, figure: Any, width: int, height: int, scale: float) -> bytes:
        with self._lock:
            if self._kaleido is None:
                # a browser that would not start is not tried again for a while: every PDF would wait for it
                if self._failed and time.monotonic() - self._failed[0] < RETRY_AFTER_S:
                    raise ChartUnavailable(self._failed[1])
                try:
                    self._start()
                except ChartUnavailable as error:
                    self._failed = (time.monotonic(), str(error))
                    raise
                self._failed = None
            opts = {"format": "png", "width": width, "height": height, "scale": scale}
            try:
                result: bytes = self._run(self._kaleido.calc_fig(figure, opts=opts), DRAW_TIMEOUT_S)
            except TimeoutError:
                self._stop()
                raise ChartUnavailable(f"drawing the chart took longer than {DRAW_TIMEOUT_S} s") from None
            except Exception as error:  # noqa: BLE001 - any browser failure: start afresh next time
                log.warning("chart image failed: %s", error)
                self._stop()
                raise ChartUnavailable("the chart renderer failed while drawing") from None
            return result

    def _run(self, coroutine: Any, timeout: float) -> Any:
        assert self._loop is not None
        future: Future[Any] = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        try:
            return future.result(timeout)
        except TimeoutError:
            future.cancel()
            raise

    def _start(self) -> None:
        browser = find_browser()
        if browser is None:
            raise ChartUnavailable(
                "no Chrome or Chromium browser is installed on this computer to draw it "
                "(on Debian or Ubuntu: apt-get install chromium)"
            )
        try:
            import kaleido  # type: ignore[import-untyped]
        except ImportError:
            raise ChartUnavailable(
                "the chart renderer (the Python package kaleido) is not installed"
            ) from None
        self._loop = asyncio.new_event_loop()
        threading.Thread(target=self._loop.run_forever, name="chart-renderer", daemon=True).start()

        async def open_browser() -> Any:
            # mathjax=False: no formulas to typeset, and no request for MathJax from the internet
            renderer = kaleido.Kaleido(n=1, mathjax=False, timeout=DRAW_TIMEOUT_S, path=browser)
            await renderer.open()
            return renderer

        try:
            self._kaleido = self._run(open_browser(), START_TIMEOUT_S)
        except Exception as error:  # noqa: BLE001
            log.warning("chart renderer did not start: %s", error)
            self._stop()
            raise ChartUnavailable(f"the browser that draws charts ({browser}) did not start") from None

    def _stop(self) -> None:
        loop, renderer = self._loop, self._kaleido
        self._loop, self._kaleido = None, None
        if loop is None:
            return
        if renderer is not None:
            try:
                asyncio.run_coroutine_threadsafe(renderer.close(), loop).result(10)
            except Exception as error:  # noqa: BLE001 - closing is best effort
                log.warning("chart renderer did not close cleanly: %s", error)
        loop.call_soon_threadsafe(loop.stop)

    def close(self) -> None:
        with self._lock:
            self._stop()
            self._failed = None


_renderer = _Renderer()
atexit.register(_renderer.close)


def chart_png(
    figure: Any, width: int = WIDTH, height: int = HEIGHT, scale: float = SCALE
) -> tuple[bytes | None, str]:
    """The figure as PNG bytes, or None and the reason it could not be drawn."""
    if os.environ.get(CHARTS_ENV, "").strip().lower() in ("off", "0", "no", "false"):
        return None, f"charts in PDFs are switched off on this server ({CHARTS_ENV}=off)"
    try:
        return _renderer.png(figure, width, height, scale), ""
    except ChartUnavailable as error:
        return None, str(error)


def close_renderer() -> None:
    """Stop the browser kept for charts (it starts again when the next chart needs it)."""
    _renderer.close()
