"""The active-content finder itself: it must flag every payload left raw, and accept escaped ones."""

import pytest
from django.utils.html import escape, json_script

from tests.hostile.markup import XSS_PAYLOADS, find_active_content

# "<scr<script>ipt>" is inert as written (a browser reads a tag named "scr<script"); it targets
# sanitisers that strip <script> once and leave a real one behind, so it is only rendered, not checked here.
ACTIVE_PAYLOADS = [p for p in XSS_PAYLOADS if "__pwned" in p and not p.startswith("<scr<")]


@pytest.mark.parametrize("payload", ACTIVE_PAYLOADS)
def test_a_raw_payload_in_an_attribute_or_body_is_flagged(payload):
    # In element content (the <p>) or after an attribute breakout, each payload makes markup.
    assert find_active_content(f"<p>{payload}</p>") or find_active_content(f'<input value="{payload}">')


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_an_escaped_payload_is_inert(payload):
    assert find_active_content(f'<p title="{escape(payload)}">{escape(payload)}</p>') == []


def test_our_own_scripts_are_accepted():
    html = (
        '<script src="/static/js/site.js" defer></script>'
        + json_script({"name": "</script><script>window.__pwned=1</script>"}, "data")
        + '<script type="application/ld+json">{"@type": "Person"}</script>'
    )
    assert find_active_content(html) == []


def test_scripts_from_elsewhere_and_broken_json_ld_are_flagged():
    assert find_active_content('<script src="https://evil.example/x.js"></script>')
    assert find_active_content('<script src="//evil.example/x.js"></script>')
    # What a name containing </script> does to JSON-LD rendered without escaping.
    assert find_active_content('<script type="application/ld+json">{"name": "</script><script>1</script>"}</script>')
