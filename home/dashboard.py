"""The admin dashboard's "Needs your attention" panel: every app's lists of waiting work, in one place.

Apps contribute through the ``articles.admin.attention.ATTENTION_HOOK`` hook; this panel only collects and
shows them, so a new kind of work (profile claims, say) joins by registering one function.
"""

from wagtail import hooks
from wagtail.admin.ui.components import Component

from articles.admin.attention import ATTENTION_HOOK, AttentionList


def attention_lists(request) -> list[AttentionList]:
    """The lists this user may act on, in their order."""
    lists = [fn(request) for fn in hooks.get_hooks(ATTENTION_HOOK)]
    return sorted((found for found in lists if found is not None), key=lambda found: found.order)


class NeedsAttentionPanel(Component):
    name = "needs_attention"
    template_name = "home/admin/needs_attention_panel.html"
    order = 50  # above Wagtail's own panels: this is what the editor came for

    def __init__(self, lists: list[AttentionList]):
        self.lists = lists

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["lists"] = self.lists
        context["nothing_waiting"] = not any(found.count for found in self.lists)
        return context
