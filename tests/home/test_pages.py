import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from home.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_home_page_renders_hero_search_and_cta(client, site_tree):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert site_tree.home.hero_title in html
    assert 'role="search"' in html
    # The call to action links to the directory, which load_demo wires up.
    assert site_tree.directory.url in html
    assert 'class="skip-link" href="#main"' in html
    assert "Medical disclaimer" in html


def test_navigation_lists_top_level_pages_in_menus(client, site_tree):
    html = client.get("/").content.decode()
    assert f'href="{site_tree.articles.url}"' in html
    assert f'href="{site_tree.directory.url}"' in html


@pytest.mark.parametrize("attr", ["home", "articles", "directory"])
def test_every_skeleton_page_renders(client, site_tree, attr):
    page = getattr(site_tree, attr)
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_unknown_url_gets_our_404_page(client, site_tree):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_robots_txt_points_at_sitemap_and_hides_admin(client, site_tree):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_sitemap_lists_live_pages(client, site_tree):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    body = response.content.decode()
    assert "<loc>http://localhost/therapists/</loc>" in body
    assert "<loc>http://localhost/articles/</loc>" in body


def test_site_settings_feed_the_footer(client, site):
    settings = SiteSettings.for_site(site)
    settings.disclaimer = "Editors changed this disclaimer."
    settings.contact_email = "team@relieve.example"
    settings.save()
    html = client.get("/").content.decode()
    assert "Editors changed this disclaimer." in html
    assert "mailto:team@relieve.example" in html


def test_favicon_redirects_to_static_svg(client, site_tree):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


@pytest.mark.parametrize("attr", ["home", "directory"])
def test_every_entry_to_the_directory_asks_what_and_where(client, site_tree, attr):
    soup = BeautifulSoup(client.get(getattr(site_tree, attr).url).content, "html.parser")
    form = soup.select_one('form[role="search"][aria-label="Find a therapist"]')
    assert form is not None and form["method"] == "get"
    assert form["action"] == reverse("directory_search")
    assert form.find("label", attrs={"for": "id_q"}) and form.find("input", attrs={"name": "q"})
    assert form.find("label", attrs={"for": "id_near"}).get_text() == "Town, city or postcode"
    assert form.find("input", attrs={"name": "near"})
    assert form.find("button", attrs={"data-locate": True}).get_text() == "Use my location"
    assert "Search therapists and articles" not in soup.get_text()
    assert soup.find("script", src=lambda src: src and src.endswith("js/search.js"))


def test_the_home_page_still_leads_to_the_article_search(client, site_tree):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    assert soup.find("a", href=reverse("site_search"), string="Search our articles")
