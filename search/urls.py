from django.urls import path

from search import views

urlpatterns = [
    path("", views.site_search, name="site_search"),
    path("therapists/", views.directory_search, name="directory_search"),
    path("therapists.json", views.directory_search_json, name="directory_search_json"),
    path("autocomplete/", views.autocomplete, name="search_autocomplete"),
]
