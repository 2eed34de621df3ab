"""The reader builds values from the parser's events: anchors, aliases and YAML errors come out
as `yaml.compose` would have them, and positions are found when they are asked for."""

from __future__ import annotations

import pytest

from almanac.core.data.datasets.reader import Document, parse_document
from almanac.core.errors import AlmanacError, AlmanacErrors

HINT_TAG = "data files hold plain values only (text, numbers, dates, lists, mappings); remove the tag"
UNCLOSED = "a '[' or '{' is not closed, or a ',' is missing between items"
UNDEFINED = "YAML syntax error: found undefined alias — an alias (*name) must follow its anchor (&name)"


def errors(text: str) -> list[str]:
    with pytest.raises((AlmanacError, AlmanacErrors)) as caught:
        parse_document(text, "x.yaml")
    return str(caught.value).splitlines()


def billion_laughs() -> str:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


# --- anchors and aliases ------------------------------------------------------------------------


def test_an_alias_is_its_anchored_value_written_out_again() -> None:
    document = parse_document("a: &r {input: '1', tiers: [1, 2]}\nb: [*r, *r]\nc: &n 010\nd: *n\n", "x.yaml")
    rates = {"input": "1", "tiers": (1, 2)}
    assert document.value == {"a": rates, "b": (rates, rates), "c": 10, "d": 10}
    assert document.value["b"][0] is not document.value["b"][1]  # built again, as for a copy


def test_an_anchor_defined_twice_is_a_yaml_error() -> None:
    assert errors("a: &x 1\nb: &x 2\n") == [
        "x.yaml:2:4: YAML syntax error: second occurrence"
        " (found duplicate anchor; first occurrence at line 1, column 4)"
    ]


def test_an_alias_before_its_anchor_is_a_yaml_error_even_inside_a_refused_value() -> None:
    assert errors("a: *y\n&y b: 1\n") == [f"x.yaml:1:4: {UNDEFINED}"]
    assert errors("a: !foo [*nope]\n") == [f"x.yaml:1:10: {UNDEFINED}"]


def test_a_loop_through_two_anchors_is_reported_where_each_alias_is_built() -> None:
    assert errors("z: &z [&x [*z]]\ny: *x\n") == [
        "x.yaml:1:4: z[0][0]: an alias refers to a value that contains it — remove the recursive alias",
        "x.yaml:1:8: y[0][0]: an alias refers to a value that contains it — remove the recursive alias",
        "2 errors.",
    ]


def test_a_refused_value_is_refused_again_at_each_alias() -> None:
    assert errors("a: &x !foo [*x, 1]\nb: *x\n") == [
        f"x.yaml:1:4: a: the YAML tag !foo is not allowed — {HINT_TAG}",
        f"x.yaml:1:4: b: the YAML tag !foo is not allowed — {HINT_TAG}",
        "2 errors.",
    ]


def test_aliases_as_keys_and_anchors_inside_a_refused_key() -> None:
    assert errors("a: &k name\n*k : 2\nb: &l [1]\n*l : 3\n") == [
        "x.yaml:3:4: a key must be plain text, not a list or a mapping"
    ]
    # The list is refused as a key, but the anchor inside it can still be used.
    assert errors("? [1, &q 2]\n: 3\nd: *q\n") == ["x.yaml:1:3: a key must be plain text, not a list or a mapping"]


# --- which error comes first ---------------------------------------------------------------------


def test_a_yaml_error_anywhere_comes_before_the_problems_of_the_values() -> None:
    assert errors("a: 1\na: 2\nb: !foo x\nc: [\n") == [
        f"x.yaml:5:1: YAML syntax error: did not find expected node content — {UNCLOSED}"
    ]


def test_a_yaml_error_after_too_many_aliased_values_comes_first() -> None:
    assert errors(billion_laughs() + "z: [\n") == [
        f"x.yaml:11:1: YAML syntax error: did not find expected node content — {UNCLOSED}"
    ]
    assert errors(billion_laughs() + "z: *nope\n") == [f"x.yaml:10:4: {UNDEFINED}"]


def test_a_yaml_error_after_data_nested_too_deeply_comes_first() -> None:
    deep = "[" * 700 + "]" * 700
    assert errors(deep + "\n") == [
        "x.yaml:1:1: the values are nested more than 50 levels deep"
        " — write flatter lists and mappings; an alias must not refer to a value that holds it"
    ]
    assert errors(deep + "\nb: [\n") == ["x.yaml:2:1: YAML syntax error: did not find expected <document start>"]


def test_tags_resolve_as_the_composer_resolves_them() -> None:
    document = parse_document("x: !!str 5\ny: !!int 05\nz: ! 7\nw: !!float 1\nv: !!null ~\nu: '7'\n", "x")
    assert repr(document.value) == "{'x': '5', 'y': 5, 'z': 7, 'w': Decimal('1'), 'v': None, 'u': '7'}"


# --- positions ----------------------------------------------------------------------------------


@pytest.fixture
def document() -> Document:
    return parse_document('a: &r {input: "1", output: 2}\nb:\n  - *r\n  - {x, y: 1}\n  - [1, [2, 3]]\n', "x.yaml")


@pytest.mark.parametrize(
    ("loc", "value", "key"),
    [
        ((), (1, 1), (1, 1)),
        (("a",), (1, 4), (1, 1)),
        (("a", "input"), (1, 15), (1, 8)),
        (("b",), (3, 3), (2, 1)),
        (("b", 0), (1, 4), (1, 4)),  # an alias: where its anchored value is written
        (("b", 0, "output"), (1, 28), (1, 20)),
        (("b", 2, 1, 0), (5, 10), (5, 10)),
        (("b", 2, 1, 5), (5, 9), (5, 9)),  # no such item: its nearest written parent
        (("b", "x"), (3, 3), (3, 3)),
        (("a", "input", "deeper"), (1, 15), (1, 15)),
        (("zz",), (1, 1), (1, 1)),
    ],
)
def test_positions_of_values_and_keys(document: Document, loc: tuple[str | int, ...], value, key) -> None:
    assert document.position(loc) == value
    assert document.key_position(loc) == key


def test_bare_keys_of_flow_mappings(document: Document) -> None:
    assert document.is_bare_key(("b", 1, "x"))
    assert not document.is_bare_key(("b", 1, "y"))
    assert not document.is_bare_key(("a", "input"))
    assert not document.is_bare_key(("b", 1))
    assert not document.is_bare_key(())
