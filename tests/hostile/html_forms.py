"""Fill in a form the way a browser would: read it from the rendered page, change some fields, post it.

Tests then exercise the real form with every hidden field, formset management field and default a
person would send, without restating the form's fields (which would go stale as the form grows).
"""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self, form_id: str | None):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.depth = 0
        self.found = False
        self.action: str | None = None
        self.data: dict[str, list[str]] = {}
        self.file_fields: list[str] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_options: list[tuple[str, bool]] = []
        self._option: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.found and (self.form_id is None or attrs.get("id") == self.form_id):
            self.in_form, self.found, self.action = True, True, attrs.get("action")
            return
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind == "file":
                self.file_fields.append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.data.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in ("submit", "button", "image", "reset"):
                self.data.setdefault(name, []).append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select, self._select_options = name, []
        elif tag == "option" and self._select:
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs, "text": ""}

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][-1] += data
        if self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "textarea":
            if self._textarea and self.data[self._textarea][-1].startswith("\n"):
                self.data[self._textarea][-1] = self.data[self._textarea][-1][1:]
            self._textarea = None
        elif tag == "option" and self._option is not None:
            value = self._option["value"] if self._option["value"] is not None else self._option["text"].strip()
            self._select_options.append((value, self._option["selected"]))
            self._option = None
        elif tag == "select" and self._select:
            chosen = [value for value, selected in self._select_options if selected]
            if not chosen and self._select_options:
                chosen = [self._select_options[0][0]]  # what a browser submits for a single select
            self.data.setdefault(self._select, []).extend(chosen)
            self._select = None


class FormOnPage:
    def __init__(self, html: str, form_id: str | None = None):
        reader = _FormReader(form_id)
        reader.feed(html)
        reader.close()
        assert reader.found, f"no <form{' id=' + form_id if form_id else ''}> on the page"
        self.action = reader.action
        self.data = reader.data
        self.file_fields = reader.file_fields

    def field_names(self) -> list[str]:
        return list(self.data) + self.file_fields

    def set(self, name: str, value: str) -> None:
        assert name in self.data, f"the form has no field {name!r}; it has {sorted(self.data)}"
        self.data[name] = [value]

    def post_data(self, **files) -> dict:
        """Data for Django's test client (lists for repeated keys), plus any files by field name."""
        return {**self.data, **files}
