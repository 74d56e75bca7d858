"""StreamField blocks for health articles.

The blocks carry meaning, not layout: a heading knows its anchor (the table of contents is built
from them), a red-flag callout is always rendered the same alarming way, an FAQ feeds FAQPage
JSON-LD and a reference is structured enough to cite properly.
"""

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.text import slugify
from wagtail import blocks
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock

# Article prose: structure and emphasis, no headings (those are their own block, so they reach the TOC).
PROSE_FEATURES = ["bold", "italic", "ol", "ul", "link"]


class HeadingBlock(blocks.StructBlock):
    """A section heading with a stable anchor so the table of contents and shared links can point at it."""

    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "Section (H2)"), ("h3", "Subsection (H3)")], default="h2")
    anchor = blocks.CharBlock(
        required=False,
        max_length=80,
        help_text="Optional link name (letters, digits, hyphens). Left empty, it is made from the heading text.",
    )

    class Meta:
        icon = "title"
        template = "articles/blocks/heading.html"
        form_classname = "struct-block heading-block"

    def clean(self, value):
        value = super().clean(value)
        anchor = value.get("anchor")
        if anchor and slugify(anchor) != anchor:
            raise StructBlockValidationError(
                block_errors={
                    "anchor": ValidationError(f"Use lower-case letters, digits and hyphens, e.g. '{slugify(anchor)}'.")
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = heading_anchor(value)
        return context


def heading_anchor(value) -> str:
    return value.get("anchor") or slugify(value.get("text", "")) or "section"


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=200,
        help_text="Describe the image for people who cannot see it. Leave empty only if it is purely decorative.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)
    credit = blocks.CharBlock(required=False, max_length=120, help_text="Photographer, illustrator or source.")

    class Meta:
        icon = "image"
        template = "articles/blocks/image.html"


class RedFlagBlock(blocks.StructBlock):
    """'When to see a doctor': symptoms that need medical attention rather than massage."""

    heading = blocks.CharBlock(default="When to see a doctor", max_length=80)
    urgency = blocks.ChoiceBlock(
        choices=[
            ("emergency", "Emergency: call an ambulance or go to A&E now"),
            ("urgent", "Urgent: see a doctor today"),
            ("soon", "See a doctor soon"),
        ],
        default="urgent",
    )
    symptoms = blocks.ListBlock(blocks.CharBlock(max_length=250), min_num=1, label="Warning signs")
    advice = blocks.RichTextBlock(features=["bold", "italic", "link"], required=False)

    class Meta:
        icon = "warning"
        template = "articles/blocks/red_flag.html"
        label = "When to see a doctor"


class KeyPointsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Key points", max_length=80)
    points = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "list-ul"
        template = "articles/blocks/key_points.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=200)
    answer = blocks.RichTextBlock(features=PROSE_FEATURES)


class FAQBlock(blocks.StructBlock):
    """Questions and answers; also published as schema.org FAQPage JSON-LD."""

    heading = blocks.CharBlock(default="Frequently asked questions", max_length=80)
    questions = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "articles/blocks/faq.html"
        label = "FAQ"


class ReferenceBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=300)
    publisher = blocks.CharBlock(max_length=200, help_text="Organisation or journal, e.g. NHS, NICE, Cochrane.")
    year = blocks.IntegerBlock(required=False, min_value=1900, max_value=2100)
    url = blocks.URLBlock(required=False, label="URL")
    doi = blocks.RegexBlock(
        regex=r"^10\.\d{4,9}/\S+$",
        required=False,
        label="DOI",
        help_text="e.g. 10.1002/14651858.CD001929.pub3",
        error_messages={"invalid": "A DOI starts with '10.' followed by a prefix, a slash and a suffix."},
    )

    class Meta:
        icon = "link-external"

    def clean(self, value):
        value = super().clean(value)
        if not value.get("url") and not value.get("doi"):
            raise StructBlockValidationError(
                block_errors={"url": ValidationError("Give a URL or a DOI so readers can find the source.")}
            )
        return value


class ReferencesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="References", max_length=80)
    references = blocks.ListBlock(ReferenceBlock(), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "articles/blocks/references.html"


class ArticleBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(features=PROSE_FEATURES, icon="pilcrow", template="articles/blocks/paragraph.html")
    image = CaptionedImageBlock()
    red_flags = RedFlagBlock()
    key_points = KeyPointsBlock()
    faq = FAQBlock()
    references = ReferencesBlock()

    def clean(self, value):
        value = super().clean(value)
        # Anchors become element ids and contents links: two equal ones would break both.
        seen: dict[str, int] = {}
        errors = {}
        for i, child in enumerate(value):
            if child.block_type != "heading":
                continue
            anchor = heading_anchor(child.value)
            if anchor in seen:
                errors[i] = ValidationError(
                    f"Another heading already links as '{anchor}'. Give this one a different link name (anchor)."
                )
            seen.setdefault(anchor, i)
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value


def plain_text(stream_value) -> str:
    """All words a reader reads in a body (for reading time and search), without markup."""
    parts: list[str] = []

    def walk(value):
        if value is None:
            return
        if hasattr(value, "source"):  # RichText
            parts.append(strip_tags(value.source))
        elif isinstance(value, str):
            parts.append(value)
        elif isinstance(value, dict) or hasattr(value, "items"):
            for key, child in value.items():
                if key not in {"anchor", "level", "urgency", "url", "doi", "year", "image"}:
                    walk(child)
        elif isinstance(value, list | tuple) or hasattr(value, "__iter__"):
            for child in value:
                walk(child)

    for block in stream_value:
        if block.block_type == "references":
            continue  # nobody reads a bibliography at reading speed
        walk(block.value)
    return " ".join(p for p in parts if p)
