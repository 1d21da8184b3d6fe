"""A few Chrome DevTools Protocol calls to headless Chromium, for browser tests: open a
page, wait until its rendered text contains what we wait for, read the text back and take
a screenshot. Tornado (which Streamlit already brings) speaks the websocket."""

from __future__ import annotations

import asyncio
import base64
import json
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read(1)
            return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"{url} did not answer within {seconds:.0f} s")


def rendered_text(
    url: str,
    wait_for: str,
    profile: Path,
    screenshot: Path | None = None,
    seconds: float = 60,
    settle: float = 0.0,
) -> str:
    """The page's rendered text (document.body.innerText) once it contains ``wait_for``."""
    from tornado.ioloop import IOLoop
    from tornado.websocket import websocket_connect

    port = free_port()
    proc = subprocess.Popen(
        [
            CHROMIUM,
            *FLAGS,
            f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}",
            "--window-size=1300,1500",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/json/version", 30)
        target = next(
            t
            for t in json.loads(urllib.request.urlopen(f"http://127.0.0.1:{port}/json").read())
            if t["type"] == "page"
        )

        async def drive() -> str:
            ws = await websocket_connect(target["webSocketDebuggerUrl"], max_message_size=64 * 2**20)
            counter = iter(range(1, 10**6))

            async def call(method: str, **params):
                n = next(counter)
                ws.write_message(json.dumps({"id": n, "method": method, "params": params}))
                while True:
                    msg = json.loads(await ws.read_message())
                    if msg.get("id") == n:
                        return msg.get("result", {})

            await call("Page.navigate", url=url)
            deadline = time.monotonic() + seconds
            text = ""
            while time.monotonic() < deadline:
                result = await call(
                    "Runtime.evaluate", expression="document.body ? document.body.innerText : ''"
                )
                text = result.get("result", {}).get("value", "") or ""
                if wait_for in text:
                    break
                await asyncio.sleep(0.5)
            if settle:  # charts and tables draw after the text is there
                await asyncio.sleep(settle)
                result = await call("Runtime.evaluate", expression="document.body.innerText")
                text = result.get("result", {}).get("value", "") or text
            if screenshot is not None:
                shot = await call("Page.captureScreenshot", format="png")
                screenshot.write_bytes(base64.b64decode(shot["data"]))
            ws.close()
            # the resolver's thread pool ends here: no thread may outlive the test (the
            # pipeline forks its workers only from a process with no other thread)
            await asyncio.get_running_loop().shutdown_default_executor()
            return text

        loop = IOLoop(make_current=False)
        try:
            return loop.run_sync(drive, timeout=seconds + 30)
        finally:
            loop.close(all_fds=True)
    finally:
        proc.terminate()
        proc.wait(timeout=10)
