"""Tag pages, the tag index and chips in a real build; unknown tags stop it at their line."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from helpers import ROOT, BuildResult, make_site, run_build

POSTS = sorted((ROOT / "docs" / "blog" / "posts").glob("*.md"))
TAGS = yaml.safe_load((ROOT / "data" / "tags.yaml").read_text(encoding="utf-8"))


def front(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])


def spellings_of(name: str) -> set[str]:
    """Every way of writing the tag, compared the way the plugin compares them."""
    tag = next(t for t in TAGS if t["name"] == name)
    return {" ".join(s.split()).casefold() for s in [tag["name"], *tag.get("aliases", [])]}


def text_of(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def post_url(path: Path) -> str:
    slug = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", path.stem)
    return f"blog/{front(path)['date']:%Y/%m/%d}/{slug}/"


def titles_on(page: str) -> list[str]:
    return [
        html.unescape(re.sub(r"<[^>]+>", "", title))
        for title in re.findall(r'<h2 class="almanac-card__title"><a href="[^"]+">(.*?)</a></h2>', page, re.S)
    ]


def test_large_model_page_lists_exactly_its_posts_newest_first(sample_build: BuildResult) -> None:
    wanted = spellings_of("large model")
    tagged = [
        p
        for p in POSTS
        if not front(p).get("draft") and wanted & {" ".join(t.split()).casefold() for t in front(p).get("tags", [])}
    ]
    tagged.sort(key=lambda p: (front(p)["date"], "blog/posts/" + p.name), reverse=True)
    page = sample_build.page("tags/large-model/")
    count = len(tagged)
    assert f'large model <span class="almanac-tag-header__count">· {count} posts</span>' in page
    assert titles_on(page) == [front(p)["title"] for p in tagged][:20]
    # Each card shows the post's excerpt, as cut from the post's own page.
    shown = text_of(page)
    for path in tagged[:20]:
        post_page = sample_build.page(post_url(path))
        excerpt = post_page.split('<article class="almanac-post">', 1)[1].split("</header>", 1)[1]
        assert text_of(excerpt.split("<!-- more -->", 1)[0]) in shown, path.name


def test_every_tag_has_a_page_and_the_index_counts_it(sample_build: BuildResult) -> None:
    index = sample_build.page("tags/")
    used = {}
    for path in POSTS:
        for name in front(path).get("tags", []):
            used[name] = used.get(name, 0) + 1
    for name, count in used.items():
        slug = next(t.get("slug") for t in TAGS if t["name"] == name)
        assert (sample_build.site / "tags" / slug / "index.html").is_file(), name
        assert f'href="{slug}/">{html.escape(name)} <span>{count}</span></a>' in index
    counts = [int(n) for n in re.findall(r'<td class="almanac-num">(\d+)</td>', index)]
    assert counts == sorted(counts, reverse=True)


def test_chips_on_posts_link_to_tag_pages(sample_build: BuildResult) -> None:
    page = sample_build.page("blog/2026/03/30/end-of-cheap-relays/")
    assert '<a class="almanac-chip" href="../../../../../tags/api-gateway/">API gateway</a>' in page


def test_related_posts_end_each_post(sample_build: BuildResult) -> None:
    page = sample_build.page("blog/2026/03/30/end-of-cheap-relays/")
    section = page.split('<section class="almanac-related"', 1)[1].split("</section>", 1)[0]
    links = re.findall(r'<li><a href="([^"]+)">', section)
    assert 1 <= len(links) <= 5
    assert "end-of-cheap-relays" not in " ".join(links)


UNKNOWN = "---\ntitle: Relays\ndate: 2026-03-30\ntags:\n  - pricing\n  - larg model\n---\nText\n"


def _site_with_tags(tmp_path: Path, posts: dict[str, str], tags_yaml: str) -> Path:
    from helpers import MINIMAL_CONFIG

    config = MINIMAL_CONFIG.replace("  - almanac/blog\n", "  - almanac/data\n  - almanac/blog\n")
    site = make_site(tmp_path, posts, config=config)
    (site / "data").mkdir()
    (site / "data" / "tags.yaml").write_text(tags_yaml, encoding="utf-8")
    return site


def test_unknown_tag_stops_the_build_at_its_line(tmp_path: Path) -> None:
    site = _site_with_tags(tmp_path, {"x.md": UNKNOWN}, "- name: large model\n- name: pricing\n")
    result = run_build(site)
    assert result.returncode == 1
    assert re.search(
        r'^ERROR\s+-\s+docs/blog/posts/x\.md:6: unknown tag "larg model" — did you mean "large model"\?$',
        result.output,
        re.M,
    ), result.output
    assert "Traceback" not in result.output


def test_bad_alias_stops_the_build_at_its_line(tmp_path: Path) -> None:
    tags = "- name: large model\n  aliases: [LLM]\n- name: pricing\n  aliases: [llm]\n"
    site = _site_with_tags(tmp_path, {"x.md": UNKNOWN.replace("larg model", "LLM")}, tags)
    result = run_build(site)
    assert result.returncode == 1
    assert re.search(
        r"^ERROR\s+-\s+data/tags\.yaml:4:13: \[1\]\.aliases\[0\]: 'llm' is already an alias of the tag 'large model'",
        result.output,
        re.M,
    ), result.output


def test_without_tags_file_tags_are_free(tmp_path: Path) -> None:
    site = make_site(tmp_path, {"2026-03-30-x.md": UNKNOWN})
    result = run_build(site)
    assert result.returncode == 0, result.output
    assert (result.site / "tags" / "larg-model" / "index.html").is_file()
