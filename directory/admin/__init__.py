"""The directory's admin screens, registered in ``directory/wagtail_hooks.py``.

- ``registrations``: registrations with their audit trail, and the report of those about to expire
- ``contact_messages``: messages sent through profiles (undelivered ones can be resent)
- ``restrictions``: restrictions on practice, audited in the registration's history
- ``opening_hours``: clinics' exception hours (holidays, special hours)
- ``related_records``: what the last two share (choosing the registration or clinic a record belongs to)
- ``menus``: the admin menu groups

The page editor's form for therapist profiles is not here but in ``directory/forms.py``:
``models.py`` names it (``base_form_class``), and nothing ``models.py`` imports may import it back.
"""
