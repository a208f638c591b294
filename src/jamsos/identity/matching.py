"""Does the name a person typed match the name in the registry?

Forgiving where people slip, strict where a different person could pass:
- case, spacing, punctuation, titles and degrees never matter (`normalise_name`);
- one adjacent transposition ("SANTSOO") or one missing or extra letter ("SANTOS",
  "SANTOOSO") is forgiven, in names long enough that this cannot turn one common
  name into another;
- a replaced letter is NOT forgiven: "SANTOSA" and "SANTOSO" are different people,
  as are "DEWI" and "DEWA". Nor is a missing or reordered word.
"""

from __future__ import annotations

from jamsos.identity.names import normalise_name

# Below this many letters (spaces not counted) only an exact match passes.
MIN_LETTERS_FOR_TOLERANCE = 6


def _one_adjacent_transposition(a: str, b: str) -> bool:
    differing = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(differing) == 2
        and differing[1] == differing[0] + 1
        and a[differing[0]] == b[differing[1]]
        and a[differing[1]] == b[differing[0]]
    )


def _one_letter_missing(longer: str, shorter: str) -> bool:
    for i, (x, y) in enumerate(zip(longer, shorter, strict=False)):
        if x != y:
            return longer[i + 1 :] == shorter[i:]
    return True  # the extra letter is the last one


def names_match(typed: str, registered: str) -> bool:
    given, known = normalise_name(typed), normalise_name(registered)
    if not given or not known:
        return False
    if given == known:
        return True
    if len(known.replace(" ", "")) < MIN_LETTERS_FOR_TOLERANCE:
        return False
    if given.count(" ") != known.count(" "):
        return False  # a whole word missing or split is not a slip of one letter
    if len(given) == len(known):
        return _one_adjacent_transposition(given, known)
    if abs(len(given) - len(known)) == 1:
        longer, shorter = (given, known) if len(given) > len(known) else (known, given)
        return _one_letter_missing(longer, shorter)
    return False
