"""Demo content for the knowledge base: people, taxonomy, the medical-review workflow, six articles.

Idempotent: it creates what is missing and never overwrites what an editor may have changed, so a
second `load_demo` changes nothing. Articles are published directly (the workflow-free path), as
an editor importing reviewed content would after the review happened elsewhere.
"""

import datetime

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from articles.demo_articles import ARTICLES, CONDITIONS, TECHNIQUES
from articles.demo_symptoms import SYMPTOMS
from articles.models import ArticleIndexPage, ArticlePage, Condition, Person, Technique
from articles.workflows import MEDICAL_REVIEWERS_GROUP, ensure_medical_review_workflow

# Fictional people: the demo must not put words in a real clinician's mouth.
AUTHOR = {
    "name": "Maya Lindqvist",
    "credentials": "BSc",
    "role": "Health writer",
    "bio": "Maya writes plain-language health information and has lived with sciatica herself.",
}
REVIEWER = {
    "name": "Dr Tomas Okafor",
    "credentials": "MBBS, MSc Sports and Exercise Medicine",
    "role": "Musculoskeletal physician (fictional reviewer for the demo site)",
    "bio": "Tomas assesses people with back and leg pain and checks every Relieve article for accuracy.",
}

# Editors keep the taxonomy and the people who write and review articles.
EDITOR_SNIPPET_PERMISSIONS = [
    f"{action}_{model}" for model in ("person", "condition", "technique") for action in ("add", "change")
]


def _grant_editor_snippet_permissions() -> None:
    editors = Group.objects.filter(name="Editors").first()
    if editors is None:
        return
    editors.permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename__in=EDITOR_SNIPPET_PERMISSIONS)
    )


def _ensure_terms(model, rows) -> dict[str, object]:
    terms = {}
    for slug, name, summary, synonyms in rows:
        symptoms = "\n".join(SYMPTOMS.get(slug, []))
        term, created = model.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "summary": summary, "synonyms": "\n".join(synonyms), "symptoms": symptoms},
        )
        if not created and not term.symptoms and symptoms:
            # A site loaded before terms had symptoms gets them; an editor's own list is kept.
            term.symptoms = symptoms
            term.save(update_fields=["symptoms"])
        terms[slug] = term
    return terms


def _ensure_article(index, spec, author, reviewer, conditions, techniques, today) -> tuple[ArticlePage, bool]:
    existing = ArticlePage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing, False
    last_reviewed = today - datetime.timedelta(days=spec["days_since_review"])
    page = ArticlePage(
        title=spec["title"],
        slug=spec["slug"],
        summary=spec["summary"],
        body=spec["body"],
        author=author,
        medical_reviewer=reviewer,
        last_reviewed=last_reviewed,
        live=False,
    )
    index.add_child(instance=page)
    page.conditions.set([conditions[slug] for slug in spec["conditions"]])
    page.techniques.set([techniques[slug] for slug in spec["techniques"]])
    page.save_revision().publish()
    page.refresh_from_db()
    return page, True


def load(stdout=None, today: datetime.date | None = None) -> list[ArticlePage]:
    today = today or datetime.date.today()
    index = ArticleIndexPage.objects.first()
    if index is None:
        raise RuntimeError("No article index page: run home.demo.ensure_site_tree() first.")
    with transaction.atomic():
        author, _ = Person.objects.get_or_create(name=AUTHOR["name"], defaults=AUTHOR)
        reviewer, _ = Person.objects.get_or_create(name=REVIEWER["name"], defaults=REVIEWER)
        conditions = _ensure_terms(Condition, CONDITIONS)
        techniques = _ensure_terms(Technique, TECHNIQUES)
        reviewers_group = Group.objects.get_or_create(name=MEDICAL_REVIEWERS_GROUP)[0]
        ensure_medical_review_workflow(index, reviewers_group)
        _grant_editor_snippet_permissions()

        pages, created = [], 0
        for spec in ARTICLES:
            page, was_created = _ensure_article(index, spec, author, reviewer, conditions, techniques, today)
            pages.append(page)
            created += was_created

        main_articles = {"sciatica": "what-is-sciatica"}
        for condition_slug, article_slug in main_articles.items():
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
