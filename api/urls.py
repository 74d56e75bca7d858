"""/api/v1/: the public API's addresses. Anything else under /api/ is a problem+json 404."""

from django.urls import path, re_path

from api import views
from api.docs import ApiDocsView
from api.problems import not_found

app_name = "api"

urlpatterns = [
    path("v1/", views.IndexView.as_view(), name="index"),
    path("v1/therapists/", views.TherapistSearchView.as_view(), name="therapists"),
    path("v1/therapists/<str:ref>/", views.TherapistDetailView.as_view(), name="therapist"),
    path("v1/articles/", views.ArticleListView.as_view(), name="articles"),
    path("v1/articles/<str:ref>/", views.ArticleDetailView.as_view(), name="article"),
    path("v1/conditions/", views.ConditionListView.as_view(), name="conditions"),
    path("v1/conditions/<str:ref>/", views.ConditionDetailView.as_view(), name="condition"),
    path("v1/techniques/", views.TechniqueListView.as_view(), name="techniques"),
    path("v1/techniques/<str:ref>/", views.TechniqueDetailView.as_view(), name="technique"),
    path("v1/schema/", views.SchemaView.as_view(), name="schema"),
    path("v1/docs/", ApiDocsView.as_view(), name="docs"),
    re_path(r"^.*$", not_found),
]
