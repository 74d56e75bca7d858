"""schema.org JSON-LD for a therapist profile: the person, and each clinic as a local business."""

from directory.fees import money


def therapist_graph(page, clinics, languages, registration, request=None, photo_url: str = "") -> dict:
    page_url = page.get_full_url(request)
    person_id = f"{page_url}#person"
    person = {
        "@type": "Person",
        "@id": person_id,
        "name": page.title,
        "url": page_url,
        "knowsLanguage": [language.name for language in languages],
    }
    if page.designation:
        person["jobTitle"] = f"Massage therapist ({page.designation})"
    if photo_url:
        person["image"] = photo_url
    if registration is not None and registration.is_current:
        person["hasCredential"] = {
            "@type": "EducationalOccupationalCredential",
            "credentialCategory": "registration",
            "identifier": registration.number,
            "recognizedBy": {"@type": "Organization", "name": registration.regulator.name},
            **({"url": registration.regulator.register_url} if registration.regulator.register_url else {}),
        }
    businesses = []
    for index, clinic in enumerate(clinics, start=1):
        business = {
            "@type": ["HealthAndBeautyBusiness", "LocalBusiness"],
            "@id": f"{page_url}#clinic-{index}",
            "name": clinic.name or f"{page.title} — {clinic.city}",
            "url": page_url,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": clinic.street_address,
                "addressLocality": clinic.city,
                "addressRegion": clinic.region,
                "postalCode": clinic.postcode,
                "addressCountry": clinic.country,
            },
            "employee": {"@id": person_id},
        }
        if clinic.has_location:
            business["geo"] = {"@type": "GeoCoordinates", "latitude": clinic.latitude, "longitude": clinic.longitude}
        if clinic.phone or page.phone:
            business["telephone"] = clinic.phone or page.phone
        if page.fee_min is not None or page.fee_max is not None:
            low, high = page.fee_min or page.fee_max, page.fee_max or page.fee_min
            business["priceRange"] = f"{money(low)}–{money(high)} {page.currency}"
        if photo_url:
            business["image"] = photo_url
        businesses.append(business)
    person["workLocation"] = [{"@id": business["@id"]} for business in businesses]
    return {"@context": "https://schema.org", "@graph": [person, *businesses]}
