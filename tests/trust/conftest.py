"""The directory's therapist builder, for the tests of directory search and the demo kept here."""

from tests.directory.conftest import deep_tissue, editor, make_therapist, regulator, sciatica  # noqa: F401
