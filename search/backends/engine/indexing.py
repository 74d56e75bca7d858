"""Keeping the engine's index in step: index and remove documents, and rebuild behind an alias.

The index is versioned (``<prefix>directory_<timestamp>``) behind an alias (``<prefix>directory``):
a rebuild fills a new index while the old one serves, then swaps the alias in one atomic call.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator

from django.utils import timezone

from directory.models import Registration, TherapistPage
from search.backends.base import Progress, SearchUnavailable
from search.backends.engine.client import BULK_CHUNK, EngineClient
from search.backends.engine.documents import listed_ids, therapist_documents


class DirectoryIndex:
    """The directory's documents on one engine, under one alias."""

    def __init__(self, client: EngineClient, alias: str):
        self.client = client
        self.alias = alias

    def new_index_name(self) -> str:
        return f"{self.alias}_{time.strftime('%Y%m%d%H%M%S')}_{time.monotonic_ns() % 1_000_000:06d}"

    def index(self, therapists: Iterable, *, refresh: bool = True) -> None:
        """Index or re-index therapists by page or id; those no longer listed are removed."""
        ids = {getattr(t, "pk", t) for t in therapists}
        if not ids:
            return
        self.require_index()
        docs = list(therapist_documents(sorted(ids)))
        listed = {doc["id"] for doc in docs}
        actions = [{"_op_type": "index", "_index": self.alias, "_id": str(doc["id"]), "_source": doc} for doc in docs]
        actions += [{"_op_type": "delete", "_index": self.alias, "_id": str(pk)} for pk in ids - listed]
        self.bulk(actions)
        if refresh:
            self.client.refresh(self.alias)

    def require_index(self) -> None:
        """Only ``rebuild`` creates indexes. Two first updates creating one each would both add
        theirs to the alias, and a real cluster then refuses writes to it and returns every hit
        twice; so an update without an index fails (and is retried) until a rebuild has run."""
        if not self.client.indices_for_alias(self.alias):
            raise SearchUnavailable(f"No index behind {self.alias!r} yet: run `manage.py rebuild_directory_index`.")

    def remove(self, ids: Iterable[int], *, refresh: bool = True) -> None:
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": str(pk)} for pk in ids]
        if actions and self.client.indices_for_alias(self.alias):
            self.bulk(actions)
            if refresh:
                self.client.refresh(self.alias)

    def bulk(self, actions: Iterable[dict]) -> None:
        _, errors = self.client.bulk(actions)
        # A delete of a document that was never indexed is fine; anything else is a real failure.
        real = [e for e in errors if next(iter(e.values())).get("status") != 404]
        if real:
            raise SearchUnavailable(f"{len(real)} bulk errors, first: {real[0]}")

    def rebuild(self, progress: Progress | None = None) -> int:
        """Fill a new index from the database, then swap the alias to it and drop the old ones.

        The old index keeps serving until the swap; edits made during the rebuild are re-applied
        after it (they were written to the old index), so nothing is lost.
        """
        started = timezone.now()
        name = self.new_index_name()
        self.client.create_index(name, bulk_loading=True)
        count = 0

        def actions() -> Iterator[dict]:
            nonlocal count
            for doc in therapist_documents(listed_ids()):
                count += 1
                if progress and count % BULK_CHUNK == 0:
                    progress(BULK_CHUNK)
                yield {"_op_type": "index", "_index": name, "_id": str(doc["id"]), "_source": doc}

        try:
            self.bulk(actions())
            self.client.end_bulk_loading(name)
        except Exception:
            self.client.delete_index(name)
            raise
        if progress:
            progress(count % BULK_CHUNK)
        self.swap_alias(name)
        changed = set(
            TherapistPage.objects.filter(latest_revision_created_at__gte=started).values_list("pk", flat=True)
        ) | set(Registration.objects.filter(updated_at__gte=started).values_list("therapist_id", flat=True))
        if changed:
            self.index(changed)
        return count

    def swap_alias(self, name: str) -> None:
        """Point the alias at ``name`` alone, in one atomic call, and delete the indices it left."""
        old = self.client.indices_for_alias(self.alias)
        if not old and self.client.index_exists(self.alias):
            self.client.delete_index(self.alias)
        self.client.update_aliases(
            [{"remove": {"index": index, "alias": self.alias}} for index in old]
            + [{"add": {"index": name, "alias": self.alias}}]
        )
        for index in old:
            self.client.delete_index(index)
