"""The rule that an article reaches readers only with a named medical reviewer and a review date."""

from django.core.exceptions import PermissionDenied

UNREVIEWED_MESSAGE = (
    "This article cannot be published until it has a medical reviewer and a last-reviewed date. "
    "Drafts may leave them empty; fill them in under 'Authorship and medical review'."
)


class UnreviewedArticleError(PermissionDenied):
    """Raised when something tries to publish an article revision that lacks its medical review."""


def missing_review_fields(article) -> list[str]:
    missing = []
    if article.medical_reviewer_id is None:
        missing.append("medical_reviewer")
    if article.last_reviewed is None:
        missing.append("last_reviewed")
    return missing


def ensure_publishable(article) -> None:
    if missing_review_fields(article):
        raise UnreviewedArticleError(UNREVIEWED_MESSAGE)
