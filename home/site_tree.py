"""The site's skeleton: the page tree every page hangs from, and the groups with their permissions.

Not demo content: a real site needs the same home, article index, directory index and groups, and
the tests build on them. Every function here is idempotent: it creates what is missing and leaves
the rest alone, so ``load_demo`` (the ``demo`` app) can call it any number of times.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from articles.models import ArticleIndexPage
from directory.models import DirectoryIndexPage
from home.models import HomePage

EDITORS = "Editors"
MEDICAL_REVIEWERS = "Medical reviewers"
THERAPISTS = "Therapists"


@dataclass
class SiteTree:
    home: HomePage
    articles: ArticleIndexPage
    directory: DirectoryIndexPage


def ensure_child(parent: Page, model: type[Page], **fields) -> Page:
    """Return the parent's child of this type, creating and publishing it when missing."""
    existing = model.objects.child_of(parent).first()
    if existing is not None:
        return existing
    page = model(**fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_site_tree() -> SiteTree:
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    if not isinstance(home, HomePage):
        raise RuntimeError("The default site's root page is not a HomePage; run migrations on an empty database.")
    articles = ensure_child(
        home,
        ArticleIndexPage,
        title="Sciatica A–Z",
        slug="articles",
        show_in_menus=True,
        intro="<p>Plain-language articles on sciatica and massage, each reviewed by a clinician.</p>",
    )
    directory = ensure_child(
        home,
        DirectoryIndexPage,
        title="Find a therapist",
        slug="therapists",
        show_in_menus=True,
        intro="<p>Every therapist listed here holds a registration an editor has verified.</p>",
    )
    if home.cta_page_id is None:
        home.cta_page = directory
        home.save_revision().publish()
    return SiteTree(home=home, articles=articles.specific, directory=directory.specific)


def _permissions(*codenames: str) -> list[Permission]:
    perms = []
    for dotted in codenames:
        app_label, codename = dotted.split(".")
        perms.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return perms


def _grant_pages(group: Group, page: Page, codenames: list[str]) -> None:
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )


def _grant_images(group: Group, codenames: list[str]) -> None:
    root = Collection.get_first_root_node()
    for codename in codenames:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root,
            permission=Permission.objects.get(content_type__app_label="wagtailimages", codename=codename),
        )


# Model permissions (app_label.codename) each group needs beyond page permissions. Apps that add
# editor-managed snippets extend these lists, so the grants stay in one place.
GROUP_MODEL_PERMISSIONS: dict[str, list[str]] = {
    EDITORS: [
        "wagtailadmin.access_admin",
        # The knowledge base's snippets: the taxonomy and the people who write and review articles.
        *(
            f"articles.{action}_{model}"
            for model in ("person", "condition", "technique")
            for action in ("add", "change")
        ),
        # The directory: editors verify registrations and keep regulators and languages.
        *(
            f"directory.{action}_{model}"
            for action in ("add", "change", "view")
            for model in ("registration", "regulator", "language")
        ),
        "directory.view_contactmessage",
        "directory.change_contactmessage",
        # The searches report: what people looked for and did not find tells editors what to write.
        "search.view_searchlog",
        # Restrictions on practice and clinic exception hours.
        *(
            f"directory.{action}_{model}"
            for action in ("add", "change", "delete", "view")
            for model in ("registrationrestriction", "clinichoursexception")
        ),
    ],
    MEDICAL_REVIEWERS: ["wagtailadmin.access_admin"],
    THERAPISTS: [],
}


def ensure_groups(tree: SiteTree) -> dict[str, Group]:
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in GROUP_MODEL_PERMISSIONS}
    for name, codenames in GROUP_MODEL_PERMISSIONS.items():
        groups[name].permissions.add(*_permissions(*codenames))

    # Editors run the whole site's content; reviewers edit articles, and approve them through
    # the medical-review workflow task; therapists never enter the admin (they use the portal).
    _grant_pages(groups[EDITORS], tree.home, ["add_page", "change_page", "lock_page", "unlock_page"])
    # Articles go live only through the medical-review workflow (articles.workflows), and a
    # publish permission would let editors skip it. Wagtail permissions inherit down the tree and
    # cannot be withdrawn below a grant, so editors publish the directory subtree only.
    _grant_pages(groups[EDITORS], tree.directory, ["publish_page"])
    _grant_images(groups[EDITORS], ["add_image", "change_image", "choose_image"])
    _grant_pages(groups[MEDICAL_REVIEWERS], tree.articles, ["add_page", "change_page"])
    _grant_images(groups[MEDICAL_REVIEWERS], ["choose_image"])
    return groups
