"""The portal's admin screens, registered in ``portal/wagtail_hooks.py``.

- ``claims``: editors decide who manages a listing (claims of existing profiles)
"""
