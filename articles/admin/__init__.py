"""The knowledge base's admin screens, registered in ``articles/wagtail_hooks.py``.

- ``review_report``: the report of articles due for medical review
- ``columns``: table columns every app's admin lists share (calendar dates that are not "Just now")

The page editor's form for articles is not here but in ``articles/forms.py``: ``models.py`` names it
(``base_form_class``), and nothing ``models.py`` imports may import it back.
"""
