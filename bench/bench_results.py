r"""Benchmark: the staff results pages as a person opens them, on the demo data.

    .venv/bin/python bench/bench_results.py                 # a fresh demo instance
    .venv/bin/python bench/bench_results.py --instance DIR  # reuse a demo instance

The instance (``WESTCC_INSTANCE_PATH``) is made with ``db upgrade``, ``surveys load`` and
``demo seed`` when DIR has no database yet (this takes a minute or two and is not
timed). One gunicorn process (one worker, four threads, no Redis: the service as
``make run`` gives it) serves it on a free loopback port; the steering login then opens
the newest wave's results for the partnership and for one school (``--school``):

- ``first``: the first view after the server started (nothing drawn or cached in the
  process yet; with ``--cold``, charts cached on disk are removed first too);
- ``repeat``: the same page again.

For each view: time to first byte of the page the person finally reads (``ttfb``: a
"Preparing the results" page that refreshes itself is followed, as the browser does, so
the time runs until the results' own first byte), ``page s`` until its HTML is all
read, and ``charts s`` until every chart image the page names has been fetched too
(one after another; a browser fetches only those in view). ``height`` is the page's
scroll height in Chromium at 1280x800 with sections as they open, and ``charts`` how
many chart images the page holds.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
EMAIL, PASSWORD = "steering@west.example", "west-demo-2026"
CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare(instance: Path, env: dict[str, str]) -> None:
    if (instance / "westcc.sqlite").exists():
        return
    instance.mkdir(parents=True, exist_ok=True)
    flask = [str(BIN / "flask"), "--app", "westcc_voice"]
    for args in (["db", "upgrade"], ["surveys", "load"], ["demo", "seed", "--if-empty"]):
        subprocess.run(flask + args, env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


class Client:
    """A tiny browser: one cookie jar, timing each request to its first byte."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, body: str | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        first = time.perf_counter() - start
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response, data, first

    def sign_in(self) -> None:
        _r, page, _t = self.request("GET", "/staff/login")
        token = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page).group(1).decode()
        response, _d, _t = self.request("POST", "/staff/login", urlencode(
            {"csrf_token": token, "email": EMAIL, "password": PASSWORD}))
        if response.status != 302:
            raise SystemExit(f"signing in as {EMAIL} failed: HTTP {response.status}")

    def view(self, path: str) -> dict[str, float]:
        """Open a results page as a browser would, following its refreshes."""
        start = time.perf_counter()
        while True:
            asked = time.perf_counter()
            response, data, first = self.request("GET", path)
            if response.status != 200:
                raise SystemExit(f"{path}: HTTP {response.status}")
            if b'http-equiv="refresh"' not in data:
                break
            time.sleep(float(re.search(rb'content="(\d+)"', data).group(1)))
        ttfb = asked - start + first
        page_s = time.perf_counter() - start
        charts = re.findall(rb'<img src="(/staff/results/[^"]+)"', data)
        for src in charts:
            self.request("GET", src.decode().replace("&amp;", "&"))
        inline = data.count(b'<img src="data:image/svg+xml')
        return {"ttfb": ttfb, "page": page_s, "charts_s": time.perf_counter() - start,
                "charts": len(charts) + inline, "bytes": len(data)}


def page_height(port: int, paths: list[str]) -> list[int]:
    from playwright.sync_api import sync_playwright

    heights = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                    args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_context(viewport={"width": 1280, "height": 800}).new_page()
        base = f"http://127.0.0.1:{port}"
        page.goto(base + "/staff/login")
        page.get_by_label("Email").fill(EMAIL)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        for path in paths:
            page.goto(base + path)
            page.wait_for_selector("main .results-contents", timeout=600_000)
            heights.append(page.evaluate("document.documentElement.scrollHeight"))
        browser.close()
    return heights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--instance", type=Path, help="a demo instance folder to reuse")
    parser.add_argument("--school", default="tyneview", help="the one school's code")
    parser.add_argument("--cold", action="store_true",
                        help="remove charts cached on disk before the first view")
    args = parser.parse_args()
    instance = args.instance or Path(tempfile.mkdtemp(prefix="westcc-bench-results-"))
    env = {**os.environ, "WESTCC_INSTANCE_PATH": str(instance.resolve()),
           "WESTCC_REDIS_URL": "", "PYTHONPATH": str(ROOT)}
    env.pop("WESTCC_DATABASE_URL", None)
    prepare(instance, env)
    if args.cold:
        shutil.rmtree(instance / "results-charts", ignore_errors=True)
    port = free_port()
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-w", "1", "--threads", "4", "-b", f"127.0.0.1:{port}",
         "--timeout", "600", "wsgi:app"], env=env, cwd=ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        client = Client(port)
        for _ in range(100):
            try:
                client.sign_in()
                break
            except (ConnectionError, OSError):
                time.sleep(0.2)
        paths = {"partnership": "/staff/results/?school=partnership",
                 args.school: f"/staff/results/?school={args.school}"}
        rows = []
        for label, path in paths.items():
            for view in ("first", "repeat"):
                rows.append((label, view, client.view(path)))
        heights = dict(zip(paths, page_height(port, list(paths.values())), strict=True))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(f"instance {instance}")
    print(f"{'page':<12} {'view':<7} {'ttfb':>7} {'page s':>7} {'charts s':>9} "
          f"{'charts':>6} {'HTML KiB':>8} {'height px':>9}")
    for label, view, r in rows:
        print(f"{label:<12} {view:<7} {r['ttfb']:>7.2f} {r['page']:>7.2f} "
              f"{r['charts_s']:>9.2f} {r['charts']:>6} {r['bytes'] / 1024:>8.0f} "
              f"{heights[label]:>9}")


if __name__ == "__main__":
    main()
