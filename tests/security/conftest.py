"""The portal's accounts and profiles, for the security tests that attack the portal."""

from tests.portal.conftest import (  # noqa: F401  (pytest finds fixtures by name)
    editor,
    newcomer,
    profile_a,
    profile_b,
    profile_form_data,
    regulator,
    therapist_a,
    therapist_b,
)
