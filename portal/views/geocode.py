"""Live feedback while a therapist types a clinic address: can we place it on the map?"""

from django.http import JsonResponse
from django.views import View

from directory.geocoding import get_geocoder
from portal.access import PortalAccessMixin

MAX_LENGTH = 200


class GeocodeView(PortalAccessMixin, View):
    def get(self, request):
        query = " ".join(request.GET.get("q", "").split())[:MAX_LENGTH]
        country = request.GET.get("country", "").strip().upper()[:2] or None
        place = get_geocoder().geocode(query, country=country) if query else None
        if place is None:
            return JsonResponse({"found": False, "message": "We couldn't place this address."})
        return JsonResponse(
            {
                "found": True,
                "name": place.label,
                "kind": place.kind,
                "latitude": round(place.latitude, 5),
                "longitude": round(place.longitude, 5),
                "message": f"Found: {place.label} ({place.latitude:.4f}, {place.longitude:.4f})",
            }
        )
