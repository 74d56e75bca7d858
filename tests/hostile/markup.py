"""Find active content in rendered HTML: what a browser would run that our templates did not put there.

Hostile-input tests store or send script payloads, render a page, and ask this module for every
script, event handler and script-bearing URL in the markup. Only our own markup may appear: same-origin
external scripts and JSON-LD blocks that still parse as JSON (a ``</script>`` breakout would not).
The stdlib parser is close enough to a browser's for this purpose: escaped payloads stay text
(``&lt;script&gt;``), so any payload that was *not* escaped shows up as a real tag or attribute.
"""

import json
import re
from html.parser import HTMLParser

# Each payload, if it ever runs in a browser, sets window.__pwned; the browser test asserts it
# stays undefined. Server-side tests look for the markup these payloads would create.
XSS_PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    '<svg onload="window.__pwned=3"><circle r="1"/></svg>',
    '<a href="javascript:window.__pwned=4">click</a>',
    '<a href=" JaVaScRiPt:window.__pwned=5">spaced</a>',
    '"><script>window.__pwned=6</script>',
    "'><img src=x onerror=window.__pwned=7>",
    '" onmouseover="window.__pwned=8" x="',
    "</script><script>window.__pwned=9</script>",
    '<iframe src="javascript:window.__pwned=10"></iframe>',
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__pwned=11">',
    '<details open ontoggle="window.__pwned=12">',
    "<scr<script>ipt>window.__pwned=13</scr</script>ipt>",
    "{{ 7|add:7 }}{% debug %}",
]

# One string carrying every payload, for fields that are filled once per page render.
ALL_PAYLOADS = " ".join(XSS_PAYLOADS)

# Elements that run or embed content. <math> and <style> are listed because sanitiser bypasses
# (mutation XSS) hide markup inside them that this parser would read as text but a browser would not.
DANGEROUS_ELEMENTS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "math", "style"}
# <script> types a browser runs; any other type (JSON, JSON-LD) is data.
SCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript", "application/ecmascript"}
JSON_TYPES = {"application/json", "application/ld+json"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc"}
SCRIPT_URL = re.compile(r"^(?:javascript|vbscript|data:text/html)", re.IGNORECASE)
# Browsers ignore ASCII whitespace and control characters before and inside a URL scheme.
URL_NOISE = re.compile(r"[\x00-\x20]")


class _ActiveContentFinder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self._script: dict | None = None

    def handle_starttag(self, tag, attrs):
        self._check_tag(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._check_tag(tag, attrs)
        if tag == "script":
            self._end_script()

    def _check_tag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"event handler <{tag} {name}={value!r}>")
            elif name in URL_ATTRIBUTES and value and SCRIPT_URL.match(URL_NOISE.sub("", value)):
                self.findings.append(f"script URL <{tag} {name}={value!r}>")
            elif name == "http-equiv" and (value or "").lower() == "refresh":
                self.findings.append(f"meta refresh <{tag} content={values.get('content')!r}>")
        if tag in DANGEROUS_ELEMENTS:
            self.findings.append(f"embedding element <{tag} {values}>")
        if tag == "script":
            self._script = {"attrs": values, "text": []}

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"].append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self._end_script()

    def _end_script(self):
        script, self._script = self._script, None
        attrs, text = script["attrs"], "".join(script["text"])
        src = attrs.get("src")
        script_type = (attrs.get("type") or "").strip().lower()
        if script_type in JSON_TYPES:
            try:
                json.loads(text)
            except ValueError:
                self.findings.append(f"JSON data that no longer parses (a breakout?): {text[:120]!r}")
        elif script_type not in SCRIPT_TYPES:
            return
        elif src is None:
            self.findings.append(f"inline script: {text[:120]!r}")
        elif not src.startswith("/") or src.startswith("//"):
            self.findings.append(f"script from another origin: {src!r}")


def find_active_content(html: str) -> list[str]:
    """Every script, handler or script URL in the page that our own templates would not emit."""
    finder = _ActiveContentFinder()
    finder.feed(html)
    finder.close()
    if finder._script is not None:
        finder.findings.append("unterminated <script> element")
    return finder.findings


def assert_inert(html: str, where: str = "the page") -> None:
    findings = find_active_content(html)
    assert not findings, f"Active content in {where}:\n" + "\n".join(f"- {f}" for f in findings)


def find_payload_activity(html: str) -> list[str]:
    """Active content that carries one of our payloads. For pages that have inline scripts of their own
    (the Wagtail admin runs with 'unsafe-inline', so escaping is its only defence)."""
    return [finding for finding in find_active_content(html) if "__pwned" in finding]
