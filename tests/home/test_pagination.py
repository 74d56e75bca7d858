"""The one pagination bar: numbered or "Page n of m", links keeping the query."""

from django.core.paginator import Paginator
from django.template import Context, Template


def render(source: str, **context) -> str:
    return Template("{% load pagination %}" + source).render(Context(context))


def test_a_middle_page_links_both_ways_and_keeps_the_query():
    page = Paginator(range(30), 10).page(2)
    html = render('{% pagination page "Result pages" q=text %}', page=page, text="low back & leg")
    assert '<nav aria-label="Result pages">' in html
    assert 'href="?q=low%20back%20%26%20leg&amp;page=1" rel="prev"' in html
    assert 'href="?q=low%20back%20%26%20leg&amp;page=3" rel="next"' in html
    assert '<span aria-current="page">Page 2 of 3</span>' in html


def test_numbered_pages_and_a_kept_querystring():
    page = Paginator(range(30), 10).page(1)
    html = render('{% pagination page "Pagination" query="condition=sciatica" numbered=True %}', page=page)
    assert 'rel="prev"' not in html
    assert '<span aria-current="page">1</span>' in html
    assert '<a href="?condition=sciatica&amp;page=3">3</a>' in html


def test_a_single_page_has_no_bar():
    assert render('{% pagination page "Pagination" %}', page=Paginator(range(5), 10).page(1)).strip() == ""
