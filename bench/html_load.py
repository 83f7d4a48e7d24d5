#!/usr/bin/env python3
"""Times how long headless Chromium takes to open a page: navigation start to the load event, and
to the first frame drawn after it (two animation frames: style, layout and paint of the whole page
done). Drives Chromium over the DevTools protocol on a pipe (--remote-debugging-pipe: fds 3 and
4), so it needs nothing but Python's standard library. The page's own CSP forbids scripts; the
protocol's Runtime.evaluate is not bound by it.

usage: html_load.py CHROMIUM URL [TRIALS]   prints one JSON line per trial
"""
import json, os, subprocess, sys, tempfile, time

chromium, url = sys.argv[1], sys.argv[2]
trials = int(sys.argv[3]) if len(sys.argv) > 3 else 5

to_child_r, to_child_w = os.pipe()
from_child_r, from_child_w = os.pipe()

profile = tempfile.mkdtemp(prefix="hone-html-bench-")
# Chromium reads the protocol on fd 3 and writes on fd 4: a shell puts the pipes there.
proc = subprocess.Popen(
    ["sh", "-c", f'exec "$0" "$@" 3<&{to_child_r} 4>&{from_child_w}', chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
     "--disable-background-networking", "--disable-component-update", "--disable-sync",
     "--remote-debugging-pipe", f"--user-data-dir={profile}", "--window-size=1280,900", "about:blank"],
    stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    pass_fds=(to_child_r, from_child_w))
os.close(to_child_r)
os.close(from_child_w)
out = os.fdopen(to_child_w, "wb", buffering=0)
inp = os.fdopen(from_child_r, "rb", buffering=0)
buf = b""
next_id = 0
events = []

def read_message():
    global buf
    while b"\0" not in buf:
        chunk = inp.read(1 << 20)
        if not chunk:
            sys.exit("chromium closed the pipe")
        buf += chunk
    msg, buf = buf.split(b"\0", 1)
    return json.loads(msg)

def call(method, params=None, session=None):
    global next_id
    next_id += 1
    m = {"id": next_id, "method": method, "params": params or {}}
    if session:
        m["sessionId"] = session
    out.write(json.dumps(m).encode() + b"\0")
    while True:
        r = read_message()
        if r.get("id") == next_id:
            if "error" in r:
                sys.exit(f"{method}: {r['error']}")
            return r["result"]
        events.append(r)

def wait_event(name, session):
    while True:
        for i, e in enumerate(events):
            if e.get("method") == name and e.get("sessionId") == session:
                del events[i]
                return e
        events.append(read_message())

try:
    target = call("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    call("Page.enable", session=session)
    for trial in range(1, trials + 1):
        events.clear()
        t0 = time.monotonic()
        call("Page.navigate", {"url": url}, session)
        wait_event("Page.loadEventFired", session)
        t_load = time.monotonic()
        expr = ("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => {"
                " document.body.getBoundingClientRect();"
                " const n = performance.getEntriesByType('navigation')[0];"
                " r(JSON.stringify({dom_content_loaded: n.domContentLoadedEventEnd, load: n.loadEventEnd,"
                " drawn: performance.now(), elements: document.getElementsByTagName('*').length}));"
                "})))")
        r = call("Runtime.evaluate", {"expression": expr, "awaitPromise": True, "returnByValue": True}, session)
        t_drawn = time.monotonic()
        page = json.loads(r["result"]["value"])
        print(json.dumps({"trial": trial, "load_ms": round(page["load"]), "drawn_ms": round(page["drawn"]),
                          "dom_content_loaded_ms": round(page["dom_content_loaded"]),
                          "wall_to_load_ms": round((t_load - t0) * 1000), "wall_to_drawn_ms": round((t_drawn - t0) * 1000),
                          "elements": page["elements"]}), flush=True)
        call("Page.navigate", {"url": "about:blank"}, session)
        wait_event("Page.loadEventFired", session)
finally:
    try:
        call("Browser.close")
    except SystemExit:
        pass
    proc.wait(timeout=30)
