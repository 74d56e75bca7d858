"""Admin wiring for the site as a whole: the dashboard's "Needs your attention" panel."""

from wagtail import hooks

from home.dashboard import NeedsAttentionPanel, attention_lists


@hooks.register("construct_homepage_panels")
def add_needs_attention_panel(request, panels):
    lists = attention_lists(request)
    if lists:
        panels.append(NeedsAttentionPanel(lists))
