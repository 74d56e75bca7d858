"""A therapist as every list shows them: one card shape, one template
(``directory/includes/therapist_card.html``), for the directory's own pages and the search results.

The directory builds cards from the pages it lists (``DirectoryIndexPage.cards``); the search's ``Hit`` *is* a card
with a distance and reasons added (``search.query.Hit``), filled by ``search.presentation``. Whatever
a card shows — availability and its date, a restriction badge, the places — is therefore worked out
the same way wherever a therapist appears in a list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # models.py builds cards: importing it here for real would be a cycle
    from directory.models import TherapistPage


@dataclass
class TherapistCard:
    id: int
    title: str
    url: str = ""
    designation: str = ""
    photo: Any = None  # a wagtailimages Image or None
    city: str = ""  # the places shown under the name ("Toronto · Mississauga", or the nearest clinic's)
    accepting_new_clients: bool = False
    accepting_confirmed_on: Any = None  # a datetime.date or None: "confirmed N days ago"
    # Kinds in force, alerts first ("alert", "condition"): RestrictionQuerySet.kinds_by_therapist.
    restrictions: tuple[str, ...] = ()
    treats: tuple[str, ...] = ()  # conditions treated, shown when nothing more specific says why

    @property
    def initials(self) -> str:
        """What the card shows in place of a missing photo: "Ana Ivanova" → "AI"; never blank."""
        letters = [word[0] for word in self.title.split() if word[0].isalpha()]
        return ("".join(letters[:1] + letters[1:][-1:]) or "?").upper()


def places(page: TherapistPage) -> str:
    """The towns of a therapist's clinics, each once, in the clinics' order; or "Home visits"."""
    cities = list(dict.fromkeys(clinic.city for clinic in page.clinics.all() if clinic.city))
    if cities:
        return " · ".join(cities)
    return "Home visits" if page.home_visits else ""
