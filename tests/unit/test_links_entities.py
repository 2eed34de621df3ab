"""The entity index: what `[[id]]` and `[[kind:id]]` name, and how an author is told to fix a
reference that names nothing or several entities."""

from __future__ import annotations

import pytest

from almanac.core.links.entities import EntityIndex, EntityRefError, quoted_choices
from almanac.core.links.model import Entity

ENTITIES = [
    Entity("model", "deepseek-v4-pro", "DeepSeek-V4-Pro", "models/deepseek-v4-pro/", parent="deepseek"),
    Entity("model", "deepseek-v4-flash", "DeepSeek-V4-Flash", "models/deepseek-v4-flash/", parent="deepseek"),
    Entity("vendor", "deepseek", "DeepSeek", "vendors/deepseek/"),
    Entity("provider", "deepseek", "DeepSeek", "providers/deepseek/"),
    Entity("vendor", "zhipu", "Zhipu", "vendors/zhipu/"),
    Entity("tag", "large-model", "large model", "tags/large-model/"),
]


@pytest.fixture
def index() -> EntityIndex:
    return EntityIndex(ENTITIES)


def test_an_id_of_one_entity_names_it(index: EntityIndex) -> None:
    assert index.resolve("deepseek-v4-pro") is ENTITIES[0]
    assert index.resolve("  zhipu ") is ENTITIES[4]
    assert index.resolve("large-model").kind == "tag"


def test_a_kind_prefix_chooses_among_entities_of_one_id(index: EntityIndex) -> None:
    assert index.resolve("provider:deepseek") is ENTITIES[3]
    assert index.resolve("vendor:deepseek") is ENTITIES[2]
    assert index.resolve("model:deepseek-v4-pro") is ENTITIES[0]


def test_a_bare_id_of_several_kinds_is_an_error_that_lists_the_choices(index: EntityIndex) -> None:
    with pytest.raises(EntityRefError) as caught:
        index.resolve("deepseek")
    assert caught.value.message == '"deepseek" names more than one entity'
    assert caught.value.hint == 'write "provider:deepseek" or "vendor:deepseek"'


def test_an_unknown_id_suggests_the_nearest(index: EntityIndex) -> None:
    with pytest.raises(EntityRefError) as caught:
        index.resolve("deepseek-v5-pro")
    assert caught.value.message == 'unknown entity "deepseek-v5-pro"'
    assert caught.value.hint is not None
    assert caught.value.hint.startswith('did you mean "deepseek-v4-pro"')


def test_a_suggestion_of_a_shared_id_is_written_with_its_kind(index: EntityIndex) -> None:
    with pytest.raises(EntityRefError) as caught:
        index.resolve("deepseak")
    assert caught.value.hint == 'did you mean "provider:deepseek" or "vendor:deepseek"?'


def test_the_right_id_with_the_wrong_kind_suggests_the_right_kind(index: EntityIndex) -> None:
    with pytest.raises(EntityRefError) as caught:
        index.resolve("model:zhipu")
    assert caught.value.message == 'unknown entity "model:zhipu"'
    assert caught.value.hint == 'did you mean "zhipu"?'


def test_ids_are_compared_as_written_but_another_case_is_suggested(index: EntityIndex) -> None:
    with pytest.raises(EntityRefError) as caught:
        index.resolve("Zhipu")
    assert caught.value.hint == 'did you mean "zhipu"?'


def test_a_reference_far_from_every_id_says_what_to_write(index: EntityIndex) -> None:
    with pytest.raises(EntityRefError) as caught:
        index.resolve("qqqqqqq")
    assert caught.value.hint is not None
    assert "did you mean" not in caught.value.hint
    assert "id of a model, vendor, provider or tag" in caught.value.hint


def test_an_unknown_kind_is_read_as_part_of_the_id(index: EntityIndex) -> None:
    with pytest.raises(EntityRefError) as caught:
        index.resolve("company:zhipu")
    assert caught.value.message == 'unknown entity "company:zhipu"'


def test_an_empty_reference_is_an_error(index: EntityIndex) -> None:
    with pytest.raises(EntityRefError) as caught:
        index.resolve("   ")
    assert caught.value.message == "empty entity link"


def test_get_and_the_order_of_entities(index: EntityIndex) -> None:
    assert index.get(("vendor", "deepseek")) is ENTITIES[2]
    assert index.get(("model", "deepseek")) is None
    assert index.entities == tuple(ENTITIES)
    doubled = EntityIndex([*ENTITIES, Entity("vendor", "zhipu", "Other", "x/")])
    assert doubled.get(("vendor", "zhipu")) is ENTITIES[4]
    assert len(doubled) == len(ENTITIES)


def test_ref_of_is_the_shortest_reference_that_resolves(index: EntityIndex) -> None:
    for entity in ENTITIES:
        assert index.resolve(index.ref_of(entity)) is entity
    assert index.ref_of(ENTITIES[3]) == "provider:deepseek"
    assert index.ref_of(ENTITIES[4]) == "zhipu"


def test_quoted_choices() -> None:
    assert quoted_choices(["a"]) == '"a"'
    assert quoted_choices(["a", "b"]) == '"a" or "b"'
    assert quoted_choices(["a", "b", "c"]) == '"a", "b" or "c"'
