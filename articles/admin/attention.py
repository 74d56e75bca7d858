"""What needs an editor today: the plain data each app hands the admin dashboard's "Needs your attention" panel.

Each app registers a function under the Wagtail hook ``ATTENTION_HOOK``; it takes the request and returns an
``AttentionList`` (or None when the user may not act on that kind of work). The panel itself lives in
``home/dashboard.py``, the top layer, so apps never import it; this module sits in the lowest layer so every
app can build the data.
"""

from dataclasses import dataclass, field

ATTENTION_HOOK = "register_editor_attention_list"

# How many entries a list shows on the dashboard; "See all" leads to the rest.
DASHBOARD_ENTRIES = 5


@dataclass(frozen=True)
class AttentionEntry:
    label: str
    url: str
    detail: str = ""


@dataclass(frozen=True)
class AttentionList:
    """One kind of work: how many are waiting, the first few, and where the full list is."""

    title: str
    count: int
    entries: list[AttentionEntry] = field(default_factory=list)
    see_all_url: str = ""
    empty_message: str = "Nothing waiting."
    order: int = 100
