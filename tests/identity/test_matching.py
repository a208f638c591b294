import string

from hypothesis import assume, given
from hypothesis import strategies as st

from jamsos.identity import names_match, normalise_name

LETTERS = string.ascii_uppercase
word = st.text(alphabet=LETTERS, min_size=3, max_size=10)
# Only names that are their own normal form: a generated word may happen to be a title
# ("SPA" is the paediatrician's Sp.A), which matching rightly ignores.
full_name = (
    st.lists(word, min_size=1, max_size=3)
    .map(" ".join)
    .filter(lambda name: len(name.replace(" ", "")) >= 6 and normalise_name(name) == name)
)


def test_case_spacing_punctuation_and_titles_do_not_matter():
    assert names_match("h. muhammad   ridwan, S.E.", "MUHAMMAD RIDWAN")
    assert names_match("Ma'ruf Amin", "MARUF AMIN")


def test_short_names_must_match_exactly():
    assert names_match("Ani", "ANI")
    assert not names_match("An", "ANI")
    assert not names_match("Dewa", "DEWI")


def test_a_missing_word_or_reordered_words_do_not_match():
    assert not names_match("Budi", "BUDI SANTOSO")
    assert not names_match("Santoso Budi", "BUDI SANTOSO")


@given(full_name, st.data())
def test_one_adjacent_transposition_is_forgiven(name, data):
    positions = [i for i in range(len(name) - 1) if " " not in name[i : i + 2]]
    assume(positions)
    i = data.draw(st.sampled_from(positions))
    swapped = name[:i] + name[i + 1] + name[i] + name[i + 2 :]
    # A slip that turns a word into a title ("PSA" typed "SPA", the Sp.A degree) is not
    # forgiven: that word then drops out of the comparison, and strict is the safe side.
    assume(normalise_name(swapped) == swapped)
    assert names_match(swapped, name)


@given(full_name, st.data())
def test_one_missing_letter_is_forgiven(name, data):
    positions = [
        i
        for i, ch in enumerate(name)
        if ch != " " and len(name.split(" ")[name[:i].count(" ")]) > 1
    ]
    i = data.draw(st.sampled_from(positions))
    shortened = name[:i] + name[i + 1 :]
    assume(normalise_name(shortened) == shortened)  # as above: not when it makes a title
    assert names_match(shortened, name)


@given(full_name, st.data())
def test_a_replaced_letter_is_a_different_person(name, data):
    positions = [i for i, ch in enumerate(name) if ch != " "]
    i = data.draw(st.sampled_from(positions))
    other = data.draw(st.sampled_from([c for c in LETTERS if c != name[i]]))
    assert not names_match(name[:i] + other + name[i + 1 :], name)


@given(full_name, full_name)
def test_names_more_than_one_slip_apart_do_not_match(first, second):
    a, b = normalise_name(first), normalise_name(second)
    assume(a != b)
    differing = sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b))
    assume(differing >= 3)
    assert not names_match(first, second)
