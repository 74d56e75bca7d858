"""Demo content for the knowledge base: people, taxonomy, the medical-review workflow, six articles.

The articles are Markdown files (``demo/content/articles/``) read by the article importer, the same
path an editor's ``import_article`` takes; the taxonomy and the people are data files
(``demo/data/``). The author and the reviewer are fictional: the demo must not put words in a real
clinician's mouth.

Idempotent: it creates what is missing and never overwrites what an editor may have changed, so a
second `load_demo` changes nothing. Imported drafts are then published directly (the workflow-free
path), as an editor importing reviewed content would after the review happened elsewhere.
"""

import datetime
from pathlib import Path

from django.contrib.auth.models import Group
from django.db import transaction

from articles.importing import ParsedArticle, import_parsed, parse, read_text
from articles.models import ArticleIndexPage, ArticlePage, Condition, Person, Technique
from articles.workflows import MEDICAL_REVIEWERS_GROUP, ensure_medical_review_workflow
from demo.data import read_json

ARTICLES_DIR = Path(__file__).resolve().parent / "content" / "articles"


def article_files() -> list[Path]:
    """The demo articles, in the order they go into the index (their file names sort that way)."""
    return sorted(ARTICLES_DIR.glob("*.md"))


def parsed_articles() -> list[ParsedArticle]:
    return [parse(read_text(path)) for path in article_files()]


def _ensure_terms(model, rows: list[dict]) -> dict[str, object]:
    # How people describe what they feel, in English and French, keyed by slug (demo/data/symptoms.json):
    # the directory search maps these phrases to their term.
    all_symptoms = read_json("symptoms.json")
    terms = {}
    for row in rows:
        symptoms = "\n".join(all_symptoms.get(row["slug"], []))
        term, created = model.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "summary": row["summary"],
                "synonyms": "\n".join(row["synonyms"]),
                "symptoms": symptoms,
            },
        )
        if not created and not term.symptoms and symptoms:
            # A site loaded before terms had symptoms gets them; an editor's own list is kept.
            term.symptoms = symptoms
            term.save(update_fields=["symptoms"])
        terms[row["slug"]] = term
    return terms


def _ensure_article(index, parsed: ParsedArticle, author, reviewer, last_reviewed) -> tuple[ArticlePage, bool]:
    existing = ArticlePage.objects.child_of(index).filter(slug=parsed.slug).first()
    if existing is not None:
        return existing, False
    draft, _ = import_parsed(parsed, index)
    draft.author = author
    draft.medical_reviewer = reviewer
    draft.last_reviewed = last_reviewed
    draft.save_revision().publish()
    return ArticlePage.objects.get(pk=draft.pk), True


def load(stdout=None, today: datetime.date | None = None) -> list[ArticlePage]:
    today = today or datetime.date.today()
    index = ArticleIndexPage.objects.first()
    if index is None:
        raise RuntimeError("No article index page: run home.site_tree.ensure_site_tree() first.")
    meta = read_json("articles.json")
    with transaction.atomic():
        author, _ = Person.objects.get_or_create(name=meta["author"]["name"], defaults=meta["author"])
        reviewer, _ = Person.objects.get_or_create(name=meta["reviewer"]["name"], defaults=meta["reviewer"])
        conditions = _ensure_terms(Condition, read_json("conditions.json"))
        techniques = _ensure_terms(Technique, read_json("techniques.json"))
        reviewers_group = Group.objects.get_or_create(name=MEDICAL_REVIEWERS_GROUP)[0]
        ensure_medical_review_workflow(index, reviewers_group)

        pages, created = [], 0
        for parsed in parsed_articles():
            # Review dates are staggered, so the "due for review" report has something to show.
            last_reviewed = today - datetime.timedelta(days=meta["days_since_review"][parsed.slug])
            page, was_created = _ensure_article(index, parsed, author, reviewer, last_reviewed)
            pages.append(page)
            created += was_created

        for condition_slug, article_slug in meta["main_articles"].items():
            condition = conditions[condition_slug]
            if condition.main_article_id is None:
                condition.main_article = next(p for p in pages if p.slug == article_slug)
                condition.save(update_fields=["main_article"])

    if stdout is not None:
        stdout.write(
            f"Articles: {created} created, {len(pages) - created} already present; "
            f"{len(conditions)} conditions, {len(techniques)} techniques, 'Medical review' workflow on {index.title}."
        )
    return pages
