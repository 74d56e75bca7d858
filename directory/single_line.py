"""One-line text: no line breaks or control characters in fields that are one line, nor in mail headers.

A name is one line. A line break in one is never meant, and in an e-mail header it is an attack
(``Pat\\r\\nBcc: someone@example.org``); Django refuses such a header with ``BadHeaderError``, which made
a stored message undeliverable forever. So forms refuse control characters in every one-line field
(``SingleLineFieldsMixin``), and text that reaches a header anyway (stored earlier, or from a field
that allows line breaks) is flattened first (``header_text``).
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError

# Unicode "Cc" (C0 and C1 controls, CR and LF among them) and the line/paragraph separators.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def has_control_characters(text: str) -> bool:
    return bool(_CONTROL.search(text)) or any(unicodedata.category(char) == "Cc" for char in text)


def refuse_control_characters(value) -> None:
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(
            "This field is one line: remove line breaks or control characters.", code="control_characters"
        )


def header_text(text: str) -> str:
    """``text`` made safe for a mail header: control characters become spaces, runs of spaces one."""
    return " ".join(_CONTROL.sub(" ", text).split())


class SingleLineFieldsMixin:
    """Every text field that is not a text area refuses line breaks and control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea):
                field.validators.append(refuse_control_characters)
