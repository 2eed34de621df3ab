"""Backlinks: which pages mention an entity (posts newest first, then pages by title), a vendor
with its models, what one page mentions, and which entities a set of pages discusses most."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from almanac.core.links.backlinks import Backlinks
from almanac.core.links.entities import EntityIndex
from almanac.core.links.model import Entity, EntityKey, Mention, PageLinks, PageRef

INDEX = EntityIndex(
    [
        Entity("vendor", "deepseek", "DeepSeek", "vendors/deepseek/"),
        Entity("provider", "deepseek", "DeepSeek", "providers/deepseek/"),
        Entity("model", "v4-pro", "DeepSeek-V4-Pro", "models/v4-pro/", parent="deepseek"),
        Entity("model", "v4-flash", "DeepSeek-V4-Flash", "models/v4-flash/", parent="deepseek"),
        Entity("vendor", "zhipu", "Zhipu", "vendors/zhipu/"),
        Entity("model", "glm-5", "GLM-5", "models/glm-5/", parent="zhipu"),
        Entity("tag", "llm", "LLM", "tags/llm/"),
    ]
)


def mention(key: EntityKey, text: str = "x", *, explicit: bool = False) -> Mention:
    return Mention(key, f"before {text} ", text, " after", explicit)


def page(src_uri: str, title: str, day: int | None, *keys: EntityKey) -> PageLinks:
    date = dt.datetime(2026, 3, day) if day is not None else None
    ref = PageRef(src_uri, title, src_uri.removesuffix(".md") + "/", date)
    return PageLinks(ref, tuple(mention(key, f"{src_uri}:{key[1]}") for key in keys))


VENDOR: EntityKey = ("vendor", "deepseek")
PRO: EntityKey = ("model", "v4-pro")
FLASH: EntityKey = ("model", "v4-flash")
ZHIPU: EntityKey = ("vendor", "zhipu")
GLM: EntityKey = ("model", "glm-5")


def backlinks(*pages: PageLinks) -> Backlinks:
    result = Backlinks(INDEX)
    for links in pages:
        result.add(links)
    return result


def titles(found: list[tuple[PageRef, Mention]]) -> list[str]:
    return [ref.title for ref, _ in found]


def test_posts_newest_first_then_pages_by_title() -> None:
    links = backlinks(
        page("about.md", "About", None, VENDOR),
        page("blog/old.md", "Old post", 2, VENDOR),
        page("blog/new.md", "New post", 30, VENDOR),
        page("guide.md", "A guide", None, VENDOR),
        page("blog/mid.md", "Mid post", 15, ZHIPU),
        page("blog/same-b.md", "Same day B", 20, VENDOR),
        page("blog/same-a.md", "Same day A", 20, VENDOR),
    )
    assert titles(links.mentioned_in(VENDOR)) == [
        "New post",
        "Same day A",
        "Same day B",
        "Old post",
        "A guide",
        "About",
    ]
    assert titles(links.mentioned_in(ZHIPU)) == ["Mid post"]
    assert links.mentioned_in(("vendor", "nobody")) == []


def test_only_the_newest_posts_and_every_page_and_the_posts_counted() -> None:
    links = backlinks(
        page("about.md", "About", None, VENDOR),
        *(page(f"blog/p{day}.md", f"Post {day}", day, PRO if day % 2 else VENDOR) for day in range(1, 29)),
        page("guide.md", "A guide", None, FLASH),
    )
    everything = links.mentioned_in(VENDOR, with_children=True)
    assert titles(links.mentioned_in(VENDOR, with_children=True, posts=3)) == [
        "Post 28",
        "Post 27",
        "Post 26",
        "A guide",
        "About",
    ]
    assert links.mentioned_in(VENDOR, with_children=True, posts=100) == everything
    assert titles(links.mentioned_in(VENDOR, posts=0)) == ["About"]
    assert links.posts_mentioning(VENDOR, with_children=True) == (28, dt.datetime(2026, 3, 1))
    assert links.posts_mentioning(VENDOR) == (14, dt.datetime(2026, 3, 2))  # its own, the even days
    assert links.posts_mentioning(GLM) == (0, None)


def test_each_page_gives_its_mention_of_the_entity() -> None:
    links = backlinks(page("blog/a.md", "A", 1, ZHIPU, VENDOR))
    [(ref, found)] = links.mentioned_in(VENDOR)
    assert ref.src_uri == "blog/a.md"
    assert found == mention(VENDOR, "blog/a.md:deepseek")


def test_a_vendor_with_children_includes_its_models_once_per_page() -> None:
    links = backlinks(
        page("blog/a.md", "A", 1, PRO),
        page("blog/b.md", "B", 2, FLASH, VENDOR, PRO),
        page("blog/c.md", "C", 3, GLM),
        page("blog/d.md", "D", 4, ("provider", "deepseek")),
    )
    assert titles(links.mentioned_in(VENDOR)) == ["B"]
    with_models = links.mentioned_in(VENDOR, with_children=True)
    assert titles(with_models) == ["B", "A"]
    assert with_models[0][1].entity == FLASH  # the first of the vendor's in that page
    assert titles(links.mentioned_in(("provider", "deepseek"), with_children=True)) == ["D"]
    assert titles(links.mentioned_in(PRO, with_children=True)) == ["B", "A"]


def test_of_page_and_adding_a_page_again() -> None:
    links = backlinks(page("blog/a.md", "A", 1, PRO, ZHIPU))
    first = links.of_page("blog/a.md")
    assert first is not None and [m.entity for m in first.mentions] == [PRO, ZHIPU]
    assert links.of_page("blog/none.md") is None
    links.add(page("blog/a.md", "A", 1, GLM))
    assert links.mentioned_in(PRO) == []
    assert titles(links.mentioned_in(GLM)) == ["A"]
    assert len(links) == 1


def test_counts_most_mentioned_first_then_by_name() -> None:
    links = backlinks(
        page("blog/a.md", "A", 1, ZHIPU, PRO),
        page("blog/b.md", "B", 2, PRO, GLM, ("tag", "llm")),
        page("blog/c.md", "C", 3, ZHIPU, PRO),
        page("blog/d.md", "D", 4, VENDOR),
    )
    counted = links.counts(["blog/a.md", "blog/b.md", "blog/c.md", "blog/a.md", "blog/missing.md"])
    assert [(entity.name, count) for entity, count in counted] == [
        ("DeepSeek-V4-Pro", 3),
        ("Zhipu", 2),
        ("GLM-5", 1),
        ("LLM", 1),
    ]
    assert links.counts([]) == []


def test_an_entity_no_longer_in_the_index_is_not_counted() -> None:
    links = backlinks(page("blog/a.md", "A", 1, ("model", "gone"), ZHIPU))
    assert [entity.id for entity, _ in links.counts(["blog/a.md"])] == ["zhipu"]


@settings(deadline=None)  # a busy machine must not fail it
@given(st.permutations(range(8)))
def test_the_order_does_not_depend_on_the_order_pages_were_added(order: list[int]) -> None:
    pages = [page(f"blog/p{n}.md", f"P{n % 3}", (n % 4) + 1 if n % 2 else None, VENDOR, PRO) for n in range(8)]
    expected = backlinks(*pages)
    shuffled = backlinks(*(pages[n] for n in order))
    assert shuffled.mentioned_in(VENDOR, with_children=True) == expected.mentioned_in(VENDOR, with_children=True)
    assert shuffled.counts(f"blog/p{n}.md" for n in order) == expected.counts(f"blog/p{n}.md" for n in range(8))


def test_a_mention_works_its_sentence_out_once_and_only_when_read() -> None:
    calls: list[int] = []

    def sentence(context: str, start: int, end: int) -> tuple[str, str]:
        calls.append(1)
        return (context[:start], context[end:])

    lazy = Mention.around(("model", "m"), "M-1", False, "Prices of M-1 fell.", 10, 13, sentence)
    assert calls == []
    assert (lazy.before, lazy.text, lazy.after, lazy.explicit) == ("Prices of ", "M-1", " fell.", False)
    assert lazy == Mention(("model", "m"), "Prices of ", "M-1", " fell.", explicit=False)
    assert hash(lazy) == hash(Mention(("model", "m"), "Prices of ", "M-1", " fell.", explicit=False))
    assert lazy != Mention(("model", "m"), "Prices of ", "M-1", " fell.", explicit=True)
    assert calls == [1]
    with pytest.raises(AttributeError):
        lazy.text = "x"  # type: ignore[misc]
