"""Accessibility checks run inside the browser: axe-core (bundled, no Node needed) and reflow."""

import json
from pathlib import Path

AXE_JS = Path(__file__).parent / "assets" / "axe.min.js"

# The WCAG 2.x A/AA rule sets, up to 2.2 AA (axe-core tags).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def run_axe(page, *, exclude: list[str] | None = None) -> list[dict]:
    """Run axe-core's WCAG 2.2 AA rules on the page; return the violations."""
    # Evaluated through the DevTools protocol rather than page.add_script_tag: an injected
    # <script> is inline script, which our own CSP rightly blocks.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    context = {"exclude": [[selector] for selector in exclude]} if exclude else "document"
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
    result = page.evaluate(
        "([context, options]) => axe.run(context === 'document' ? document : context, options)",
        [context, options],
    )
    return result["violations"]


def format_violations(violations: list[dict]) -> str:
    """Axe's violations as a readable list: rule, impact, help, and the offending elements."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"][:5]:
            lines.append(f"    {json.dumps(node['target'])}: {node['html'][:160]}")
            if node.get("failureSummary"):
                lines.append("      " + node["failureSummary"].replace("\n", "\n      "))
    return "\n".join(lines)


def assert_accessible(page, **kwargs) -> None:
    violations = run_axe(page, **kwargs)
    assert not violations, f"axe-core found WCAG 2.2 AA violations on {page.url}:\n{format_violations(violations)}"


def assert_no_horizontal_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px at {page.viewport_size['width']}px wide"
