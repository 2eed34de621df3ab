"""Files that are refused before their data is looked at: unsafe, unreadable or not YAML."""

from __future__ import annotations

import time

import pytest

from almanac.core.data.datasets.reader import MAX_BYTES, parse_document
from almanac.core.errors import AlmanacError, AlmanacErrors

VENDOR = "data/vendors/acme.yaml"


def test_yaml_syntax_error(project, errors_in) -> None:
    root = project(
        {
            VENDOR: """
            schema_version: 1
            vendor:
              id: acme
              name: Acme AI
            models:
              - id: acme-large
                name: Acme Large
                offers: [
            """
        }
    )
    assert errors_in(root) == [
        "data/vendors/acme.yaml:9:1: YAML syntax error: did not find expected node content"
        " — a '[' or '{' is not closed, or a ',' is missing between items"
    ]


def test_unquoted_colon_in_a_value(project, errors_in) -> None:
    root = project({VENDOR: "schema_version: 1\nvendor:\n  id: acme\n  name: Acme: the AI lab\n"})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:4:13: YAML syntax error: mapping values are not allowed in this context"
        " — a value that contains ': ' must be quoted"
    ]


def test_tab_indentation(project, errors_in) -> None:
    root = project({VENDOR: "schema_version: 1\nvendor:\n  id: acme\n\tname: Acme AI\n"})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:4:1: a tab character in the indentation"
        " — YAML indents with spaces only; replace the tab with spaces"
    ]


def test_tab_after_spaces_is_pointed_at(project, errors_in) -> None:
    root = project({VENDOR: "schema_version: 1\nvendor:\n  id: acme\n  \tname: Acme AI\n"})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:4:3: a tab character in the indentation"
        " — YAML indents with spaces only; replace the tab with spaces"
    ]


def test_duplicate_key_names_both_lines(project, errors_in) -> None:
    root = project(
        {
            VENDOR: """
            schema_version: 1
            vendor:
              id: acme
              name: Acme AI
            models:
              - id: acme-large
                name: Acme Large
                offers:
                  - provider: acme-cloud
                    region: global
                    currency: USD
                    periods:
                      - from: 2026-01-01
                        rates:
                          input: "1.00"
                          output: "4.00"
                          input: "1.50"
                        source: "https://acme.example/pricing"
                        checked: 2026-08-20
            """
        }
    )
    assert errors_in(root) == [
        "data/vendors/acme.yaml:17:15: models[0].offers[0].periods[0].rates.input: duplicate key 'input';"
        " it is also on line 15 — a key may appear once in a mapping: keep one of them"
    ]


def test_empty_file(project, errors_in) -> None:
    root = project({VENDOR: ""})
    assert errors_in(root) == ["data/vendors/acme.yaml:1:1: the file is empty — write the data or delete the file"]


def test_file_of_only_comments(project, errors_in) -> None:
    root = project({VENDOR: "# to do\n"})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:1:1: the file holds only comments — write the data or delete the file"
    ]


def test_not_utf8(project, errors_in) -> None:
    root = project({VENDOR: "schema_version: 1\nvendor:\n  id: acme\n  name: Café AI\n".encode("latin-1")})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:4:12: the file is not UTF-8: byte 0xE9 at offset 48 cannot be decoded"
        " — save the file with the UTF-8 encoding"
    ]


def test_utf8_byte_order_mark_is_accepted(project, errors_in) -> None:
    root = project()
    path = root / VENDOR
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert errors_in(root) == []


def test_50_mb_file_is_refused_fast_without_reading_it(project, errors_in) -> None:
    root = project()
    huge = root / VENDOR
    with huge.open("wb") as stream:
        line = b"# padding padding padding padding padding padding padding padding padding\n"
        stream.write(line * (50 * 1024 * 1024 // len(line) + 1))
    assert huge.stat().st_size > 50 * 1024 * 1024 > MAX_BYTES

    start = time.perf_counter()
    errors = errors_in(root)
    elapsed = time.perf_counter() - start

    assert errors == [
        "data/vendors/acme.yaml:1:1: the file is 50.0 MB, over the 5 MB limit for a data file"
        " — data files are edited by hand; split it (one vendor or provider per file, one month per status file)"
    ]
    assert elapsed < 0.5


def test_python_object_tag_is_refused(project, errors_in) -> None:
    root = project({VENDOR: "schema_version: 1\nvendor: !!python/object/apply:os.system [echo owned]\n"})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:2:9: vendor: the YAML tag !!python/object/apply:os.system is not allowed:"
        " it would construct a Python object"
        " — data files hold plain values only (text, numbers, dates, lists, mappings); remove the tag"
    ]


def test_other_tags_are_refused() -> None:
    with pytest.raises(AlmanacErrors) as caught:
        parse_document("a: !secret x\nb: !!binary aGk=\n", "data/fx.yaml")
    assert str(caught.value).splitlines() == [
        "data/fx.yaml:1:4: a: the YAML tag !secret is not allowed"
        " — data files hold plain values only (text, numbers, dates, lists, mappings); remove the tag",
        "data/fx.yaml:2:4: b: the YAML tag !!binary is not allowed"
        " — data files hold plain values only (text, numbers, dates, lists, mappings); remove the tag",
        "2 errors.",
    ]


def test_second_document_is_refused(project, errors_in) -> None:
    root = project({VENDOR: "schema_version: 1\n---\nvendor: {}\n"})
    assert errors_in(root) == [
        "data/vendors/acme.yaml:2:1: a second YAML document starts here ('---'); a data file holds one document"
        " — move the second document to a file of its own"
    ]


def test_aliases_work_but_merge_keys_do_not() -> None:
    document = parse_document("a: &rates {input: '1'}\nb: *rates\n", "x.yaml")
    assert document.value == {"a": {"input": "1"}, "b": {"input": "1"}}
    with pytest.raises(AlmanacErrors) as caught:
        parse_document("a: &rates {input: '1'}\nb:\n  <<: *rates\n", "x.yaml")
    assert str(caught.value) == "x.yaml:3:3: b: merge keys ('<<') are not supported — write the keys out"


def test_billion_laughs_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    start = time.perf_counter()
    with pytest.raises(AlmanacError) as caught:
        parse_document("\n".join(lines) + "\n", "x.yaml")
    assert str(caught.value) == (
        "x.yaml:1:1: aliases in the file repeat more than 100,000 values"
        " — write the repeated values out, or alias fewer of them"
    )
    assert time.perf_counter() - start < 1


def test_misplaced_files_are_reported(project, errors_in) -> None:
    root = project({"data/prices/acme.yaml": "x: 1\n", "data/providers/beta.yml": "x: 1\n"})
    assert errors_in(root) == [
        "data/prices/acme.yaml:1:1: not a known data file"
        " — vendor files with their prices live in data/vendors/<vendor>.yaml",
        "data/providers/beta.yml:1:1: data files end in .yaml — rename it to beta.yaml",
    ]
