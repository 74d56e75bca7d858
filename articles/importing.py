"""Turn a plain-text or Markdown document into a draft ArticlePage.

The first non-blank line is the title; ``#`` headings become heading blocks (``#``/``##`` → H2,
``###`` and deeper → H3); the text between headings becomes rich text. Imports only ever make
drafts: publishing stays with the medical-review workflow.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import nh3
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Page

from articles.models import ArticleIndexPage, ArticlePage

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
# Rich text as Wagtail stores it for our article prose features (blocks.PROSE_FEATURES).
ALLOWED_TAGS = {"p", "ul", "ol", "li", "b", "i", "strong", "em", "a", "br"}
TITLE_MAX = 255


class ImportRefused(Exception):
    """A file that cannot become an article; the message is one line a person can act on."""


@dataclass
class ParsedArticle:
    title: str
    body: list[tuple[str, object]] = field(default_factory=list)


def read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except IsADirectoryError:
        raise ImportRefused("is a directory, not a file") from None
    except FileNotFoundError:
        raise ImportRefused("no such file") from None
    except OSError as exc:
        raise ImportRefused(f"cannot be read ({exc.strerror or exc})") from None
    if not raw.strip():
        raise ImportRefused("is empty")
    if b"\x00" in raw:
        raise ImportRefused("looks like a binary file (it contains NUL bytes); import plain text or Markdown")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset {exc.start}); save it as UTF-8 and retry"
        ) from None


def _rich_text(markdown_text: str) -> str:
    html = markdown.markdown(markdown_text, output_format="html")
    html = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"}, link_rel=None
    )
    # Wagtail's stored rich text uses <b> and <i>.
    for markdown_tag, wagtail_tag in (("strong", "b"), ("em", "i")):
        html = html.replace(f"<{markdown_tag}>", f"<{wagtail_tag}>").replace(f"</{markdown_tag}>", f"</{wagtail_tag}>")
    return html.strip()


def parse(text: str) -> ParsedArticle:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    title_line = lines.pop(0).strip()
    match = HEADING.match(title_line)
    title = (match.group(2) if match else title_line).strip()
    if len(title) > TITLE_MAX:
        raise ImportRefused(f"its first line (the title) is longer than {TITLE_MAX} characters")

    article = ParsedArticle(title=title)
    chunk: list[str] = []

    def flush():
        html = _rich_text("\n".join(chunk)) if any(line.strip() for line in chunk) else ""
        if html:
            article.body.append(("paragraph", html))
        chunk.clear()

    anchors: set[str] = set()
    for line in lines:
        match = HEADING.match(line)
        if match:
            flush()
            level = "h2" if len(match.group(1)) <= 2 else "h3"
            text = match.group(2)[:120]
            article.body.append(("heading", {"text": text, "level": level, "anchor": _unique_anchor(text, anchors)}))
        else:
            chunk.append(line)
    flush()
    if not article.body:
        raise ImportRefused("has a title but no text after it")
    return article


def _unique_anchor(text: str, taken: set[str]) -> str:
    """Empty (derived from the text) unless the text repeats an earlier heading's; then numbered."""
    base = slugify(text)[:70] or "section"
    anchor, n = base, 1
    while anchor in taken:
        n += 1
        anchor = f"{base}-{n}"
    taken.add(anchor)
    return "" if anchor == base else anchor


def import_file(path: Path, index: ArticleIndexPage, user=None) -> tuple[ArticlePage, bool]:
    """Create or update the draft for this file. Returns (page, created). All or nothing."""
    parsed = parse(read_text(path))
    with transaction.atomic():
        existing = (
            ArticlePage.objects.child_of(index).filter(draft_title__iexact=parsed.title).order_by("pk").first()
            or ArticlePage.objects.child_of(index).filter(title__iexact=parsed.title).order_by("pk").first()
        )
        if existing is None:
            page = ArticlePage(title=parsed.title, slug=_free_slug(index, parsed.title), live=False, body=parsed.body)
            index.add_child(instance=page)
            created = True
        else:
            # Edit the latest draft, not the live version, so unpublished edits made in the admin survive.
            page = existing.get_latest_revision_as_object()
            page.body = parsed.body
            created = False
        # Everything but the review fields must be valid; those are the reviewer's to fill in.
        page.full_clean(exclude=["medical_reviewer", "last_reviewed"])
        page.save_revision(user=user, clean=False, log_action=True)
    return page, created


def _free_slug(index: Page, title: str) -> str:
    base = slugify(title)[:200] or "article"
    slug, n = base, 1
    while not Page._slug_is_available(slug, index):
        n += 1
        slug = f"{base}-{n}"
    return slug
