"""participants/environment.py over real browsers' User-Agent headers: what it tells, and what
a header cannot tell (an iPad in its default desktop mode reads as a Mac)."""
from __future__ import annotations

import pytest

from participants.environment import USER_AGENT_MAX, classify, environment_at_entry

CASES = [
    # (header, platform, device, os, browser)
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
     "like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1",
     "mobile", "iPhone", "iOS 17", "Safari 17"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
     "mobile", "iPhone", "iOS 16", "Chrome 124"),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
     "Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15",
     "mobile", "iPhone", "iOS 17", "Firefox 125"),
    ("Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/16.6 Mobile/15E148 Safari/604.1",
     "tablet", "iPad", "iPadOS 16", "Safari 16"),
    ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.6367.82 Mobile Safari/537.36",
     "mobile", "Pixel 8", "Android 14", "Chrome 124"),
    # Chrome's reduced header: the model is "K".
    ("Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Mobile Safari/537.36",
     "mobile", "Android phone", "Android 10", "Chrome 124"),
    ("Mozilla/5.0 (Linux; Android 13; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
     "SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
     "mobile", "SM-S911B", "Android 13", "Samsung Internet 24"),
    ("Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0",
     "mobile", "Android phone", "Android 14", "Firefox 125"),
    ("Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Safari/537.36",
     "tablet", "SM-X710", "Android 13", "Chrome 124"),
    ("Mozilla/5.0 (Linux; Android 12; Lenovo TB-J606F Build/SKQ1.220119.001) "
     "AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
     "tablet", "Lenovo TB-J606F", "Android 12", "Chrome 120"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Safari/537.36",
     "desktop", "computer", "Windows", "Chrome 124"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
     "desktop", "computer", "Windows", "Edge 124"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
     "desktop", "computer", "Windows", "Firefox 125"),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Safari/537.36 OPR/110.0.0.0",
     "desktop", "computer", "Windows", "Opera 110"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) "
     "Version/17.4.1 Safari/605.1.15",
     "desktop", "computer", "macOS", "Safari 17"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Safari/537.36",
     "desktop", "computer", "macOS", "Chrome 124"),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14.4; rv:125.0) Gecko/20100101 Firefox/125.0",
     "desktop", "computer", "macOS", "Firefox 125"),
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Safari/537.36",
     "desktop", "computer", "Linux", "Chrome 124"),
    ("Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
     "desktop", "computer", "Linux", "Firefox 125"),
    ("Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Chrome/124.0.0.0 Safari/537.36",
     "desktop", "computer", "ChromeOS", "Chrome 124"),
    # The tests' own browser (playwright's headless Chromium) is a browser on Linux.
    ("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
     "HeadlessChrome/124.0.6367.29 Safari/537.36",
     "desktop", "computer", "Linux", "Chrome 124"),
    ("Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) "
     "Silk/124.2.3 like Chrome/124.0.6367.111 Safari/537.36",
     "tablet", "KFTRWI", "Android 9", "Chrome 124"),
]


@pytest.mark.parametrize(("header", "platform", "device", "os", "browser"), CASES,
                         ids=[f"{c[1]}-{c[2]}-{c[4]}" for c in CASES])
def test_real_headers(header: str, platform: str, device: str, os: str, browser: str) -> None:
    assert classify(header) == {"platform": platform, "device": device, "os": os,
                                "browser": browser}


def test_an_ipad_in_desktop_mode_cannot_be_told_from_a_mac() -> None:
    """iPadOS 13+ Safari asks for desktop sites by default, with a Mac's very header."""
    ipad_desktop_mode = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
                         "(KHTML, like Gecko) Version/17.4 Safari/605.1.15")
    assert classify(ipad_desktop_mode)["platform"] == "desktop"


@pytest.mark.parametrize("header", [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "curl/8.5.0", "Wget/1.21.4", "python-requests/2.31.0", "Go-http-client/1.1",
])
def test_bots_and_programs_have_no_platform(header: str) -> None:
    assert classify(header) == {"platform": "unknown", "device": "bot", "os": "unknown",
                                "browser": "unknown"}


@pytest.mark.parametrize("header", ["", "   ", None, "SomethingElse/1.0"])
def test_nothing_or_something_unheard_of_is_unknown(header: str | None) -> None:
    assert classify(header)["platform"] == "unknown"


def test_the_environment_keeps_the_header_cut_to_its_limit() -> None:
    long = "Mozilla/5.0 (Windows NT 10.0) " + "x" * 1000
    environment = environment_at_entry(long)
    assert environment["user_agent"] == long[:USER_AGENT_MAX]
    assert environment["platform"] == "desktop"
