"""Turn a plain-text or Markdown document into a draft ArticlePage.

The first non-blank line is the title; ``#`` headings become heading blocks (``#``/``##`` → H2,
``###`` and deeper → H3); the text between headings becomes rich text. Imports only ever make
drafts: publishing stays with the medical-review workflow.

Two optional additions for articles written as files (the demo site's are):

- **Front matter**: ``---`` lines around ``key: value`` lines before the title set ``slug``,
  ``summary``, ``conditions`` and ``techniques`` (slugs or names, comma-separated).
- **Blocks** between ``::: kind`` and ``:::`` lines become the article's structured blocks; a
  ``##`` heading first inside names the block, else it keeps its usual heading:

  - ``::: red-flags emergency|urgent|soon``: ``- `` items are the warning signs, any text the advice;
  - ``::: key-points``: ``- `` items are the points;
  - ``::: faq``: each ``### question`` is followed by its answer;
  - ``::: references``: one ``- `` item per source,
    ``[Title](https://…) — Publisher, 2016`` or ``Title — Publisher, 2015. doi:10.…``.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import nh3
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from wagtail.models import Page

from articles.models import ArticleIndexPage, ArticlePage, Condition, Technique

HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
BLOCK_START = re.compile(r"^:::\s*([a-z-]+)\s*(\S*)\s*$")
BLOCK_END = ":::"
LIST_ITEM = re.compile(r"^\s{0,3}[-*+]\s+(.*)$")
# "[Title](url) — Publisher, 2016. doi:10.x/y" or "Title — Publisher. doi:…"; link, year and doi optional.
REFERENCE = re.compile(
    r"^(?:\[(?P<linked>.+)\]\((?P<url>\S+)\)|(?P<plain>.+?))\s+[—–]\s+(?P<publisher>.+?)"
    r"(?:,\s*(?P<year>\d{4}))?\.?(?:\s+doi:\s*(?P<doi>\S+?))?\.?$"
)
FRONT_MATTER_KEYS = ("slug", "summary", "conditions", "techniques")
URGENCIES = ("emergency", "urgent", "soon")
# Rich text as Wagtail stores it for our article prose features (blocks.PROSE_FEATURES).
ALLOWED_TAGS = {"p", "ul", "ol", "li", "b", "i", "strong", "em", "a", "br"}
# The red-flag advice's rich text (blocks.RedFlagBlock): no lists.
ADVICE_TAGS = {"p", "b", "i", "strong", "em", "a", "br"}
TITLE_MAX = 255


class ImportRefused(Exception):
    """A file that cannot become an article; the message is one line a person can act on."""


@dataclass
class ParsedArticle:
    title: str
    body: list[tuple[str, object]] = field(default_factory=list)
    slug: str = ""
    summary: str = ""
    conditions: list[str] = field(default_factory=list)
    techniques: list[str] = field(default_factory=list)


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


def _rich_text(markdown_text: str, tags: set[str] = ALLOWED_TAGS) -> str:
    html = markdown.markdown(markdown_text, output_format="html")
    html = nh3.clean(
        html, tags=tags, attributes={"a": {"href"}}, url_schemes={"http", "https", "mailto"}, link_rel=None
    )
    # Wagtail's stored rich text uses <b> and <i>.
    for markdown_tag, wagtail_tag in (("strong", "b"), ("em", "i")):
        html = html.replace(f"<{markdown_tag}>", f"<{wagtail_tag}>").replace(f"</{markdown_tag}>", f"</{wagtail_tag}>")
    return html.strip()


def parse(text: str) -> ParsedArticle:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    meta = _front_matter(lines)
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        raise ImportRefused("has front matter but no title after it")
    title_line = lines.pop(0).strip()
    match = HEADING.match(title_line)
    title = (match.group(2) if match else title_line).strip()
    if len(title) > TITLE_MAX:
        raise ImportRefused(f"its first line (the title) is longer than {TITLE_MAX} characters")

    article = ParsedArticle(title=title, **meta)
    chunk: list[str] = []

    def flush():
        html = _rich_text("\n".join(chunk)) if any(line.strip() for line in chunk) else ""
        if html:
            article.body.append(("paragraph", html))
        chunk.clear()

    anchors: set[str] = set()
    remaining = iter(enumerate(lines, start=1))
    for number, line in remaining:
        block = BLOCK_START.match(line)
        if block:
            flush()
            inner = []
            for _, inner_line in remaining:
                if inner_line.strip() == BLOCK_END:
                    break
                inner.append(inner_line)
            else:
                raise ImportRefused(f"the '::: {block.group(1)}' block after the title's line {number} is never closed")
            article.body.append(_structured_block(block.group(1), block.group(2), inner))
            continue
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


def _front_matter(lines: list[str]) -> dict[str, object]:
    """Take the ``---`` front matter off the top of the lines, if any; return its values."""
    if not lines or lines[0].strip() != "---":
        return {}
    try:
        end = next(n for n, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise ImportRefused("its front matter (the '---' lines before the title) is never closed") from None
    meta: dict[str, object] = {}
    for line in lines[1:end]:
        if not line.strip():
            continue
        key, colon, value = line.partition(":")
        key = key.strip().lower()
        if not colon or key not in FRONT_MATTER_KEYS:
            raise ImportRefused(f"front matter line '{line.strip()[:40]}' is not one of {', '.join(FRONT_MATTER_KEYS)}")
        value = value.strip()
        if key in ("conditions", "techniques"):
            meta[key] = [item.strip() for item in value.split(",") if item.strip()]
        else:
            meta[key] = value
    if meta.get("slug") and slugify(meta["slug"]) != meta["slug"]:
        raise ImportRefused(f"its slug '{meta['slug']}' is not lower-case letters, digits and hyphens")
    del lines[: end + 1]
    return meta


def _list_items(lines: list[str]) -> tuple[list[str], list[str]]:
    """The ``- `` items (continuation lines joined on) and the other lines, apart."""
    items: list[str] = []
    rest: list[str] = []
    in_item = False
    for line in lines:
        match = LIST_ITEM.match(line)
        if match:
            items.append(match.group(1).strip())
            in_item = True
        elif in_item and line.strip() and line[:1].isspace():
            items[-1] = f"{items[-1]} {line.strip()}"
        else:
            in_item = False
            rest.append(line)
    return items, rest


def _block_heading(lines: list[str]) -> tuple[str | None, list[str]]:
    """A ``#``/``##`` heading on the first non-blank line names the block."""
    for n, line in enumerate(lines):
        if not line.strip():
            continue
        match = HEADING.match(line)
        if match and len(match.group(1)) <= 2:
            return match.group(2), lines[n + 1 :]
        break
    return None, lines


def _structured_block(kind: str, argument: str, lines: list[str]) -> tuple[str, dict]:
    heading, lines = _block_heading(lines)
    value: dict[str, object] = {"heading": heading} if heading else {}
    if kind == "red-flags":
        urgency = argument or "urgent"
        if urgency not in URGENCIES:
            raise ImportRefused(f"'::: red-flags {urgency}': the urgency is one of {', '.join(URGENCIES)}")
        symptoms, rest = _list_items(lines)
        if not symptoms:
            raise ImportRefused("a '::: red-flags' block lists no warning signs ('- ' lines)")
        advice = _rich_text("\n".join(rest), ADVICE_TAGS) if any(line.strip() for line in rest) else ""
        return "red_flags", {**value, "urgency": urgency, "symptoms": symptoms, "advice": advice}
    if kind == "key-points":
        points, _ = _list_items(lines)
        if not points:
            raise ImportRefused("a '::: key-points' block has no points ('- ' lines)")
        return "key_points", {**value, "points": points}
    if kind == "faq":
        pairs: list[tuple[str, list[str]]] = []
        for line in lines:
            match = HEADING.match(line)
            if match:
                pairs.append((match.group(2), []))
            elif pairs:
                pairs[-1][1].append(line)
            elif line.strip():
                raise ImportRefused("a '::: faq' block has text before its first '### question' line")
        questions = [{"question": question, "answer": _rich_text("\n".join(answer))} for question, answer in pairs]
        if not questions or not all(q["answer"] for q in questions):
            raise ImportRefused("a '::: faq' block needs '### question' lines, each followed by its answer")
        return "faq", {**value, "questions": questions}
    if kind == "references":
        items, _ = _list_items(lines)
        references = [_reference(item) for item in items]
        if not references:
            raise ImportRefused("a '::: references' block lists no sources ('- ' lines)")
        return "references", {**value, "references": references}
    raise ImportRefused(f"'::: {kind}' is not a block this importer knows (red-flags, key-points, faq, references)")


def _reference(item: str) -> dict[str, object]:
    match = REFERENCE.match(item)
    if match is None:
        raise ImportRefused(f"the source '{item[:60]}' is not 'Title — Publisher' (with a link, year or doi if known)")
    url, doi = match.group("url") or "", match.group("doi") or ""
    if not url and not doi:
        raise ImportRefused(f"the source '{item[:60]}' has neither a link nor a doi, so readers cannot find it")
    return {
        "title": (match.group("linked") or match.group("plain")).strip(),
        "publisher": match.group("publisher").strip(),
        "year": int(match.group("year")) if match.group("year") else None,
        "url": url,
        "doi": doi,
    }


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
    return import_parsed(parse(read_text(path)), index, user)


def import_parsed(parsed: ParsedArticle, index: ArticleIndexPage, user=None) -> tuple[ArticlePage, bool]:
    """Create or update the draft for a parsed article: matched by its slug, else its title."""
    conditions = _terms(Condition, parsed.conditions)
    techniques = _terms(Technique, parsed.techniques)
    with transaction.atomic():
        siblings = ArticlePage.objects.child_of(index)
        existing = (
            (parsed.slug and siblings.filter(slug=parsed.slug).first())
            or siblings.filter(draft_title__iexact=parsed.title).order_by("pk").first()
            or siblings.filter(title__iexact=parsed.title).order_by("pk").first()
        )
        if existing is None:
            slug = parsed.slug or _free_slug(index, parsed.title)
            page = ArticlePage(title=parsed.title, slug=slug, live=False, body=parsed.body)
            index.add_child(instance=page)
            created = True
        else:
            # Edit the latest draft, not the live version, so unpublished edits made in the admin survive.
            page = existing.get_latest_revision_as_object()
            page.title = parsed.title  # found by its slug, an article may come back retitled
            page.body = parsed.body
            created = False
        # What the file does not say stays as it is.
        if parsed.summary:
            page.summary = parsed.summary
        if parsed.conditions:
            page.conditions = conditions
        if parsed.techniques:
            page.techniques = techniques
        # Everything but the review fields must be valid; those are the reviewer's to fill in.
        page.full_clean(exclude=["medical_reviewer", "last_reviewed"])
        page.save_revision(user=user, clean=False, log_action=True)
    return page, created


def _terms(model, wanted: list[str]) -> list:
    """The taxonomy terms named (by slug or name, any case), in order; refused if one is unknown."""
    terms = []
    for word in wanted:
        term = model.objects.filter(Q(slug__iexact=word) | Q(name__iexact=word)).first()
        if term is None:
            noun = model._meta.verbose_name
            raise ImportRefused(f"names the {noun} '{word}', which is not in the taxonomy; add it or fix the name")
        terms.append(term)
    return terms


def _free_slug(index: Page, title: str) -> str:
    base = slugify(title)[:200] or "article"
    slug, n = base, 1
    while not Page._slug_is_available(slug, index):
        n += 1
        slug = f"{base}-{n}"
    return slug
