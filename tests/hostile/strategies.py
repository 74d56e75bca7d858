"""Hypothesis strategies for hostile query strings: the keys our views read plus arbitrary ones, with
values that break naive parsing (control characters, NUL, huge and non-finite numbers, long strings)."""

from hypothesis import strategies as st

from tests.hostile.public_urls import KNOWN_PARAMETERS

# Surrogates cannot be encoded as UTF-8 by a real client; everything else can be sent.
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
numbers = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["1e999", "-0", "0x10", "1_000", "٣", "1.5.2", "+", "NaN", "Infinity", "9" * 400]),
)
tricky = st.sampled_from(
    [
        "",
        "\x00",
        "a\x00b",
        "\r\nSet-Cookie: x=1",
        "../../etc/passwd",
        "%",
        "%%32%65",
        "' OR 1=1 --",
        "*",
        "\\",
        "{{ 7|add:7 }}",
        "<script>window.__pwned=1</script>",
        "\u202e\u0000\ufeff",
        "🦴" * 50,
    ]
)
long_text = st.integers(min_value=1_000, max_value=20_000).map(lambda n: "x" * n)
values = st.one_of(any_text, numbers, tricky, long_text)
keys = st.one_of(st.sampled_from(KNOWN_PARAMETERS), any_text)
pairs = st.lists(st.tuples(keys, values), max_size=8)
