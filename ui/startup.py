"""The server's start-up: one run of the home page before the server serves anyone (``st.App(lifespan=...)``)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

#: How long the server holds its first requests for the start-up run, at most (seconds): past it (a first
#: run that geoparses the seed articles, a store slow to answer), it serves, and the pages wait as they must.
HOLD_SECONDS = 10


@asynccontextmanager
async def lifespan(_app) -> AsyncIterator[None]:
    """Start the server with one run of the home page, as Streamlit's script health check runs it (a
    session with no browser), before it serves anyone (:data:`HOLD_SECONDS` at most).

    Its socket already listens: a visitor arriving meanwhile is not refused, the request waits in the
    socket's queue. Serving the page's files while the start-up ran had only slowed both (one interpreter's
    lock): at 10,000 articles, on two busy cores, a visitor arriving as the server answered waited 5.6-7.7 s
    for the markers, and waits 3.4-4.5 s now that the server answers once it is ready. From the server's
    start the wait is about what it was (6.1-8.4 s, now 5.6-8.2 s), and the server's work to it is less.
    """
    from streamlit.runtime import get_instance
    from streamlit.runtime.pages_manager import PagesManager

    # As st.navigation does when it first runs: every session runs this file, whose navigation knows the
    # pages; Streamlit's older discovery of pages/ must not answer a first visitor's link while the
    # start-up run is still on its way to the navigation.
    PagesManager.uses_pages_directory = False

    async def warm_up() -> None:
        t0 = time.perf_counter()
        _, outcome = await get_instance().does_script_run_without_error()
        logging.getLogger("kharita").info("start-up run of the home page: %s in %.1f s", outcome,
                                          time.perf_counter() - t0)

    task = asyncio.ensure_future(warm_up())
    await asyncio.wait({task}, timeout=HOLD_SECONDS)
    yield
    task.cancel()
