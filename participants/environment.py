"""A participant's environment at entry, read from the browser's User-Agent header.

A small classifier, written for what experiments ask ("phones only", "no tablets"), and honest
about what a User-Agent can tell:

- platform: "desktop", "mobile" (a phone), "tablet", or "unknown" (no User-Agent, a bot or a
  program such as curl, or a header that names no system we know).
- An iPad on iPadOS 13 or later asks for desktop sites by default and then sends the very
  User-Agent of Safari on a Mac ("Macintosh; Intel Mac OS X 10_15_7"): the header cannot tell
  the two apart, so such an iPad is read as a desktop. The screen size that the page reports
  (Participant.environment's screen_width and screen_height, static/quorum/screen.js) is
  recorded beside it for the lab manager to look at; it does not change the platform.
- Android phones and tablets: Chrome and the other Android browsers put "Mobile" in a phone's
  header and leave it out on a tablet (Google's rule for them); so "Android" without "Mobile"
  is a tablet. A phone's browser in "desktop site" mode sends a Linux desktop header and is read
  as a desktop.
- A headless browser (HeadlessChrome, used by automated tests) is a browser on its system.
- Versions are the major version only; Chrome's reduced headers give no more than that.

`classify(user_agent)` returns platform, device, os and browser; Participant.environment keeps
them with the user agent itself (cut at USER_AGENT_MAX characters).
"""
from __future__ import annotations

import re
from typing import TypedDict

USER_AGENT_MAX = 512
UNKNOWN = "unknown"

BOT_PATTERN = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|facebookexternalhit|embedly|preview|"
    r"^curl/|^wget/|python-requests|python-urllib|httpx|aiohttp|go-http-client|okhttp|"
    r"^java/|libwww|headless(?!chrome)", re.IGNORECASE)


class Environment(TypedDict):
    platform: str
    device: str
    os: str
    browser: str


def _version(user_agent: str, pattern: str) -> str:
    found = re.search(pattern, user_agent)
    return found.group(1).replace("_", ".") if found else ""


def _named(name: str, version: str) -> str:
    return f"{name} {version}" if version else name


def _browser(ua: str) -> str:
    # Most specific first: Edge, Opera and Samsung's browser say "Chrome" and "Safari" too,
    # Chrome says "Safari", and the iOS browsers are all Safari underneath with their own token.
    for name, pattern in (
            ("Edge", r"(?:Edg|EdgA|EdgiOS|Edge)/(\d+)"),
            ("Opera", r"(?:OPR|OPiOS|Opera)/(\d+)"),
            ("Samsung Internet", r"SamsungBrowser/(\d+)"),
            ("Firefox", r"(?:Firefox|FxiOS)/(\d+)"),
            ("Chrome", r"(?:HeadlessChrome|CriOS|Chrome)/(\d+)"),
            ("Chromium", r"Chromium/(\d+)")):
        version = _version(ua, pattern)
        if version:
            return _named(name, version)
    if "Safari/" in ua or ("AppleWebKit/" in ua and ("iPhone" in ua or "iPad" in ua)):
        return _named("Safari", _version(ua, r"Version/(\d+)"))
    return UNKNOWN


def _system(ua: str) -> tuple[str, str, str]:
    """(platform, device, os)."""
    if "iPad" in ua:
        return "tablet", "iPad", _named("iPadOS", _version(ua, r"OS (\d+)[_.]"))
    if "iPhone" in ua or "iPod" in ua:
        device = "iPod" if "iPod" in ua else "iPhone"
        return "mobile", device, _named("iOS", _version(ua, r"OS (\d+)[_.]"))
    if "Android" in ua:
        os = _named("Android", _version(ua, r"Android (\d+)"))
        model = re.search(r"Android [\d.]+; (?:[a-z]{2}[-_][A-Za-z]{2}; )?([^;)]+?)(?: Build/[^;)]*)?\)", ua)
        name = model.group(1).strip() if model else ""
        phone = "Mobile" in ua
        kind = "Android phone" if phone else "Android tablet"
        device = name if name and name not in ("K", "wv") else kind
        return ("mobile" if phone else "tablet"), device, os
    if "Windows Phone" in ua:
        return "mobile", "Windows phone", "Windows Phone"
    if "Kindle" in ua or "Silk/" in ua:
        return "tablet", "Kindle", "Fire OS"
    if "Windows NT" in ua:
        return "desktop", "computer", "Windows"
    if "Macintosh" in ua or "Mac OS X" in ua:
        # Also an iPad in its default desktop mode: the header cannot tell (module docstring).
        return "desktop", "computer", "macOS"
    if "CrOS" in ua:
        return "desktop", "computer", "ChromeOS"
    if "Linux" in ua or "X11" in ua:
        return "desktop", "computer", "Linux"
    return UNKNOWN, UNKNOWN, UNKNOWN


def classify(user_agent: str | None) -> Environment:
    """What the User-Agent header says: platform, device, os and browser ("unknown" where it
    says nothing we can read; a bot's or a program's header is platform "unknown", device
    "bot")."""
    ua = (user_agent or "").strip()
    if not ua:
        return Environment(platform=UNKNOWN, device=UNKNOWN, os=UNKNOWN, browser=UNKNOWN)
    if BOT_PATTERN.search(ua):
        return Environment(platform=UNKNOWN, device="bot", os=UNKNOWN, browser=UNKNOWN)
    platform, device, os = _system(ua)
    return Environment(platform=platform, device=device, os=os, browser=_browser(ua))


def environment_at_entry(user_agent: str | None) -> dict[str, str]:
    """Participant.environment as recorded when someone enters (the page adds the screen)."""
    ua = (user_agent or "")[:USER_AGENT_MAX]
    found = classify(ua)
    return {"platform": found["platform"], "device": found["device"], "os": found["os"],
            "browser": found["browser"], "user_agent": ua}
