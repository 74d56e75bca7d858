"""A therapist's bio as plain text in a textarea, stored as Wagtail rich text.

Therapists write in a plain textarea (it works everywhere, without JavaScript): a blank line
starts a paragraph, lines starting "- " or "1. " make lists, **bold**, *italic* and
[text](https://link) are understood. ``text_to_bio`` turns that into the HTML subset the
TherapistPage bio allows (sanitised: anything else is dropped, never stored); ``bio_to_text``
turns stored rich text back into the same plain form for the next edit.
"""

from html.parser import HTMLParser

import markdown
import nh3

# Exactly what directory.models.BIO_FEATURES allows, in Wagtail's stored HTML.
ALLOWED_TAGS = {"p", "b", "i", "ul", "ol", "li", "a", "br"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
RENAME = {"strong": "b", "em": "i"}


def text_to_bio(text: str) -> str:
    if not text.strip():
        return ""
    # Markdown's own HTML passthrough is escaped first: typed tags are text, not markup.
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    html = markdown.markdown(escaped, output_format="html")
    for old, new in RENAME.items():
        html = html.replace(f"<{old}>", f"<{new}>").replace(f"</{old}>", f"</{new}>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
    ).strip()


class _TextWriter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.lists: list[list] = []  # stack of [kind, counter]
        self.href: str | None = None

    def _flush(self):
        text = "".join(self.current).strip()
        if text:
            self.blocks.append(text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "ul", "ol"):
            self._flush()
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "li":
            self._flush()
            kind = self.lists[-1] if self.lists else ["ul", 0]
            kind[1] += 1
            self.current.append("- " if kind[0] == "ul" else f"{kind[1]}. ")
        elif tag == "b":
            self.current.append("**")
        elif tag == "i":
            self.current.append("*")
        elif tag == "a":
            self.href = dict(attrs).get("href")
            self.current.append("[")
        elif tag == "br":
            self.current.append("  \n")

    def handle_endtag(self, tag):
        if tag in ("p", "li"):
            self._flush()
        elif tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
            self.blocks.append("")  # a blank line after a list
        elif tag == "b":
            self.current.append("**")
        elif tag == "i":
            self.current.append("*")
        elif tag == "a":
            self.current.append(f"]({self.href or ''})")
            self.href = None

    def handle_data(self, data):
        self.current.append(data.replace("\n", " "))

    def text(self) -> str:
        self._flush()
        out: list[str] = []
        for block in self.blocks:
            is_item = block[:2] == "- " or block.split(" ", 1)[0].rstrip(".").isdigit()
            previous_item = bool(out) and (out[-1][:2] == "- " or out[-1].split(" ", 1)[0].rstrip(".").isdigit())
            if out and not (is_item and previous_item):
                out.append("")
            if block:
                out.append(block)
        return "\n".join(line for i, line in enumerate(out) if line or (i and out[i - 1])).strip()


def bio_to_text(html: str) -> str:
    writer = _TextWriter()
    writer.feed(html or "")
    writer.close()
    return writer.text()
