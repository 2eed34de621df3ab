"""`almanac/links` in real builds of a small project (`tests/fixtures/links/`): `[[id]]` and
`[[kind:id|text]]` lead to the entity's page by a relative URL; a name of the data links at its first
mention in running text only — never in a heading, code, a link, raw HTML or an `almanac` block —
in English and in Chinese; `autolink: false` and the `autolink` option decide what links by itself;
tags link by `[[tag:…]]`. The pages that link or mention each entity (`backlinks()`) are read from
the plugin after the build, and are made afresh by each rebuild of the preview. The build and `almanac
check` list every problem of every page's `[[…]]` at once; the `autolink` option is checked at its line. Each
plugin answers its own seam of `mkdocs/interfaces.py`, and only while it is on."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urljoin

import pytest
import yaml
from mkdocs.config import load_config

from almanac.mkdocs.blog.plugin import BlogPlugin
from almanac.mkdocs.data.plugin import DataPlugin
from almanac.mkdocs.interfaces import EntitySource, LinkSource, PostSource, entity_source, link_source, post_source
from almanac.mkdocs.links.config import LinksConfig
from almanac.mkdocs.links.plugin import LinksPlugin

import launcher
from helpers import BuildResult, build_env, run_build

if TYPE_CHECKING:
    from mkdocs.plugins import PluginCollection

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "links"

PRICES = "blog/2026/03/01/prices/"
CHINESE = "blog/2026/04/01/chinese/"
QUIET = "blog/2026/05/01/quiet/"
ABOUT = "about/"

#: Builds the project like `mkdocs serve` would, twice, in one process (the plugins are kept between
#: the builds): a whole build, then — after a post changed — a rebuild of the changed pages only
#: (`--dirty`). After each, every entity's backlinks as the plugin gives them, as JSON.
BUILD_TWICE = r"""
import json, pathlib, shutil, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

project, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])

def mention(ref, found):
    return {"src_uri": ref.src_uri, "title": ref.title, "url": ref.url,
            "date": ref.date.isoformat() if ref.date else None,
            "before": found.before, "text": found.text, "after": found.after, "explicit": found.explicit}

def backlinks(config):
    plugin = config.plugins["almanac/links"]
    links = plugin.backlinks()
    shown = {}
    for entity in plugin.index.entities:
        key = f"{entity.kind}:{entity.id}"
        shown[key] = [mention(ref, found) for ref, found in links.mentioned_in(entity.key)]
        if entity.kind == "vendor":
            shown[key + "+models"] = [
                mention(ref, found) for ref, found in links.mentioned_in(entity.key, with_children=True)
            ]
    return shown

runs = []
config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
config.plugins.on_startup(command="serve", dirty=True)
build(config)
runs.append(backlinks(config))
shutil.copytree(project / "site", project.parent / "first-site")
post = project / "docs/blog/posts/2026-04-01-chinese.md"
post.write_text(post.read_text(encoding="utf-8").replace("OpenRouter 也转售", "也有人转售"), encoding="utf-8")
# Not strict: MkDocs warns that a dirty build may leave links out of date, as `mkdocs serve --dirty` does.
config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"), strict=False)
build(config, dirty=True)
runs.append(backlinks(config))
out.write_text(json.dumps(runs), encoding="utf-8")
"""


class _Links(HTMLParser):
    """The entity links of an HTML fragment: (classes, href, text), in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str]] = []
        self._open: list[Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "a" and "almanac-entity" in (values.get("class") or "").split():
            self._open = [values.get("class") or "", values.get("href") or "", ""]

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[2] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.found.append((self._open[0], self._open[1], self._open[2]))
            self._open = None


def content_of(page: str) -> str:
    """The HTML of what the author wrote: a post's content (between its header and its footer, so
    not "In this post" or related posts), or a page's article."""
    if '<article class="almanac-post">' in page:
        return page.split('<article class="almanac-post">', 1)[1].split("</header>", 1)[1].split("<footer", 1)[0]
    return page.split('class="md-content__inner md-typeset"', 1)[1].split("</article>", 1)[0]


def entity_links(site: Path, url: str, fragment: str | None = None) -> list[tuple[str, str, str]]:
    """(`explicit` or `mention`, the site path the link leads to, its text) of each entity link in the
    content of the page at `url` (or in `fragment` of it); each link is relative and leads to a page
    of the site."""
    html = fragment if fragment is not None else content_of((site / url / "index.html").read_text(encoding="utf-8"))
    parser = _Links()
    parser.feed(html)
    links = []
    for classes, href, text in parser.found:
        assert not re.match(r"^(/|[a-z]+:)", href), href  # relative, so the site works under any path
        target = urljoin("https://h.invalid/" + url, href).removeprefix("https://h.invalid/")
        assert (site / unquote(target) / "index.html").is_file(), f"{url}: {href} leads to no page"
        links.append(("mention" if "almanac-mention" in classes.split() else "explicit", target, text))
    return links


def parts(page: str, pattern: str) -> list[str]:
    return re.findall(pattern, content_of(page), flags=re.S)


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, list[dict[str, Any]]]]]:
    """The site of the first build, and the backlinks of both builds."""
    project = tmp_path_factory.mktemp("links") / "project"
    shutil.copytree(FIXTURE, project)
    out = project.parent / "backlinks.json"
    done = subprocess.run(
        [sys.executable, "-c", BUILD_TWICE, str(project), str(out)],
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0 and out.is_file(), done.stdout + done.stderr
    return project.parent / "first-site", json.loads(out.read_text(encoding="utf-8"))


def test_explicit_links_lead_to_the_entity_page_of_their_id(linked: tuple[Path, Any]) -> None:
    site, _ = linked
    explicit = [link for link in entity_links(site, PRICES) if link[0] == "explicit"]
    assert explicit == [
        ("explicit", "providers/deepseek/", "the DeepSeek API"),  # [[provider:deepseek|…]]: the prefix decides
        ("explicit", "tags/pricing/", "pricing"),  # [[tag:pricing]]: a tag, by its slug, named by its name
        ("explicit", "providers/openrouter/", "OpenRouter"),  # [[openrouter]]: the entity's name
    ]
    assert "[[" not in content_of((site / PRICES / "index.html").read_text(encoding="utf-8"))


def test_a_name_links_at_its_first_mention_in_running_text_only(linked: tuple[Path, Any]) -> None:
    site, _ = linked
    page = (site / PRICES / "index.html").read_text(encoding="utf-8")
    mentions = [link for link in entity_links(site, PRICES) if link[0] == "mention"]
    # The longest name wins (DeepSeek-V4-Pro, not DeepSeek), each entity once; OpenRouter, linked by
    # [[openrouter]], is not linked again by its mention after it.
    assert mentions == [
        ("mention", "vendors/deepseek/", "DeepSeek"),
        ("mention", "models/deepseek-v4-pro/", "DeepSeek-V4-Pro"),
        ("mention", "models/deepseek-v4/", "DeepSeek-V4"),
    ]
    # DeepSeek-V4 is linked where the running text names it, after the heading, the code, the link,
    # the table of the `almanac` block, the raw HTML and `DeepSeek-V4.1` (another version) named it.
    (older,) = parts(page, r"<p>The older .*?</p>")
    assert entity_links(site, PRICES, older) == [("mention", "models/deepseek-v4/", "DeepSeek-V4")]
    for where in (r"<h2.*?</h2>", r"<code>.*?</code>", r"<pre.*?</pre>", r"<table.*?</table>", r"<p>Raw HTML.*?</p>"):
        found = parts(page, where)
        assert found, where
        assert all("almanac-entity" not in part for part in found), where
    assert parts(page, r'<a href="https://example.org/v4">a link about DeepSeek-V4</a>')
    assert "DeepSeek-V4.1" in page


def test_chinese_names_and_names_in_chinese_text_link(linked: tuple[Path, Any]) -> None:
    site, _ = linked
    assert entity_links(site, CHINESE) == [
        ("mention", "vendors/deepseek/", "深度求索"),  # the vendor's Chinese name (`names: {zh: …}`)
        ("mention", "models/deepseek-v4/", "DeepSeek-V4"),  # 用DeepSeek-V4写代码: no spaces needed
        ("mention", "providers/openrouter/", "OpenRouter"),
        ("explicit", "models/deepseek-v4-pro/", "DeepSeek-V4-Pro"),
    ]


def test_autolink_false_in_the_front_matter_leaves_names_alone_but_not_explicit_links(
    linked: tuple[Path, Any],
) -> None:
    site, _ = linked
    assert entity_links(site, QUIET) == [("explicit", "models/deepseek-v4-pro/", "the Pro model")]


def test_pages_that_are_not_posts_link_too_and_tags_link_only_when_asked(linked: tuple[Path, Any]) -> None:
    site, _ = linked
    assert entity_links(site, ABOUT) == [
        ("mention", "providers/openrouter/", "OpenRouter"),
        ("explicit", "providers/deepseek/", "DeepSeek's own API"),
    ]  # "pricing" and "large model", names of tags, are not linked: tags are not among the default kinds


def test_backlinks_list_every_page_that_links_or_mentions_an_entity_newest_first(linked: tuple[Path, Any]) -> None:
    _, (first, _) = linked

    def pages(key: str) -> list[tuple[str, str | None, str, bool]]:
        return [(item["url"], item["date"], item["text"], item["explicit"]) for item in first[key]]

    # Posts newest first with their dates; a page that is not a post after them, without one.
    assert pages("provider:openrouter") == [
        (CHINESE, "2026-04-01T00:00:00+08:00", "OpenRouter", False),
        (PRICES, "2026-03-01T00:00:00+08:00", "OpenRouter", True),
        (ABOUT, None, "OpenRouter", False),
    ]
    # The quiet post names DeepSeek without linking it: it does not mention the vendor; with its
    # models, the vendor is mentioned there by the explicit [[deepseek-v4-pro|the Pro model]].
    assert [url for url, *_ in pages("vendor:deepseek")] == [CHINESE, PRICES]
    assert [url for url, *_ in pages("vendor:deepseek+models")][:1] == [QUIET]
    assert QUIET in [item["url"] for item in first["vendor:deepseek+models"]]
    assert pages("tag:pricing") == [(PRICES, "2026-03-01T00:00:00+08:00", "pricing", True)]
    # The page's title as text, and the sentence around the first mention.
    (chinese,) = [item for item in first["vendor:deepseek"] if item["url"] == CHINESE]
    assert chinese["title"] == "国产模型的价格"
    assert chinese["text"] == "深度求索"
    assert chinese["after"].startswith("在四月又降了价")
    older = [item for item in first["model:deepseek-v4"] if item["url"] == PRICES]
    assert older and older[0]["before"].rstrip().endswith("The older") and "stays on sale" in older[0]["after"]


def test_a_rebuild_of_the_preview_makes_the_backlinks_afresh(linked: tuple[Path, Any]) -> None:
    # The Chinese post no longer names OpenRouter: the rebuild that converted it alone forgets that
    # mention, and keeps those of the pages it did not convert again.
    _, (first, second) = linked
    assert [item["url"] for item in first["provider:openrouter"]] == [CHINESE, PRICES, ABOUT]
    assert [item["url"] for item in second["provider:openrouter"]] == [PRICES, ABOUT]
    assert [item["url"] for item in second["vendor:deepseek"]] == [CHINESE, PRICES]


def test_the_autolink_option_chooses_the_kinds_that_link_by_themselves(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    config = project / "mkdocs.yml"
    option = "  - almanac/links:\n      autolink: [provider, tag]\n"
    config.write_text(config.read_text(encoding="utf-8").replace("  - almanac/links\n", option), encoding="utf-8")
    build: BuildResult = run_build(project)
    assert build.returncode == 0, build.output
    # No model or vendor links by itself; providers and tags do; explicit links are as before.
    assert [link for link in entity_links(build.site, PRICES) if link[0] == "mention"] == []
    assert entity_links(build.site, ABOUT) == [
        ("mention", "providers/openrouter/", "OpenRouter"),
        ("explicit", "providers/deepseek/", "DeepSeek's own API"),
        ("mention", "tags/pricing/", "pricing"),
        ("mention", "tags/large-model/", "large model"),
    ]


def test_every_problem_of_every_page_is_listed_at_once_by_the_build_and_by_check(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    posts = project / "docs" / "blog" / "posts"
    quiet = posts / "2026-05-01-quiet.md"
    # A link definition is no text of the page (Python-Markdown takes it out first): checked all the same.
    quiet_text = quiet.read_text(encoding="utf-8").replace("autolink: false", 'autolink: "no"').rstrip("\n")
    quiet_text += '\n\n[r]: https://example.com "[[nope-ref]]"\n'
    quiet.write_text(quiet_text, encoding="utf-8")
    definition_line = quiet_text.count("\n")
    prices = posts / "2026-03-01-prices.md"
    text = prices.read_text(encoding="utf-8").replace("[[openrouter]]", "[[open-router]]")
    prices.write_text(text.replace("[[tag:pricing]]", "[[deepseek]] and [[tag:pricing"), encoding="utf-8")
    (project / "docs" / "about.md").write_text("# About\n\nThe [[deepseek-v5]] model.\n", encoding="utf-8")
    expected = [
        'docs/about.md:3: unknown entity "deepseek-v5" — did you mean "deepseek-v4"',
        'docs/blog/posts/2026-03-01-prices.md:32: "deepseek" names more than one entity — '
        'write "provider:deepseek" or "vendor:deepseek"',
        "docs/blog/posts/2026-03-01-prices.md:32: `[[` is not closed on its line",
        'docs/blog/posts/2026-03-01-prices.md:33: unknown entity "open-router" — did you mean "openrouter"?',
        "docs/blog/posts/2026-05-01-quiet.md:6: `autolink` is 'no', not true or false",
        f'docs/blog/posts/2026-05-01-quiet.md:{definition_line}: unknown entity "nope-ref"',
    ]
    build = run_build(project)
    check = launcher.run("almanac", ["check"], cwd=project, env=build_env(), timeout=120)
    for output, code in ((build.output, build.returncode), (check.output, check.returncode)):
        assert code == 1 and "Traceback" not in output, output
        lines = output.splitlines()
        at = [next((n for n, line in enumerate(lines) if want in line), -1) for want in expected]
        assert -1 not in at, output
        assert at == sorted(at), output  # in file and line order


def autolink_problems(tmp_path: Path, value: object) -> tuple[list[str], object]:
    """The problems of `autolink: value` of almanac/links, written in a mkdocs.yml (so lines are known)."""
    path = tmp_path / "mkdocs.yml"
    written = yaml.safe_dump(value, default_flow_style=True).strip().removesuffix("...").strip()
    path.write_text(f"site_name: T\nplugins:\n  - almanac/links:\n      autolink: {written}\n", encoding="utf-8")
    config = LinksConfig(config_file_path=str(path))
    config.load_dict({"autolink": value})
    problems, _ = config.problems()
    return problems, config["autolink"]


@pytest.mark.parametrize(
    ("value", "kinds"),
    [(["model", "vendor", "provider"], ("model", "vendor", "provider")), (["tag"], ("tag",)), ([], ())],
)
def test_the_autolink_option_takes_a_list_of_kinds(tmp_path: Path, value: list[str], kinds: tuple[str, ...]) -> None:
    assert autolink_problems(tmp_path, value) == ([], kinds)


def test_autolink_is_model_vendor_and_provider_when_not_written() -> None:
    config = LinksConfig()
    config.load_dict({})
    assert config.problems()[0] == []
    assert config["autolink"] == ("model", "vendor", "provider") and config["enabled"] is True


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (["models"], "lists 'models', which is not a kind of entity — did you mean 'model'? (write a list"),
        (["model", "model"], "lists 'model' twice — write each kind once"),
        ("model", "must be a list of kinds, not 'model' — write a list of the kinds model, vendor, provider, tag"),
        ([3], "lists 3, which is not a kind of entity — write a list of the kinds"),
    ],
)
def test_a_bad_autolink_is_an_error_at_its_line(tmp_path: Path, value: object, message: str) -> None:
    problems, _ = autolink_problems(tmp_path, value)
    assert len(problems) == 1 and problems[0].startswith(f"mkdocs.yml:4: autolink {message}"), problems


def test_each_plugin_answers_its_own_seam_and_only_while_it_is_on(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    config_file = tmp_path / "mkdocs.yml"

    def plugins(links: str) -> PluginCollection:
        config_file.write_text(f"site_name: T\nplugins:\n  - almanac/data\n  - almanac/blog\n{links}", encoding="utf-8")
        return load_config(str(config_file)).plugins

    on = plugins("  - almanac/links\n")
    assert isinstance(link_source(on), LinksPlugin)
    assert isinstance(post_source(on), BlogPlugin)
    assert isinstance(entity_source(on), DataPlugin)
    assert [name for name, plugin in on.items() if isinstance(plugin, LinkSource)] == ["almanac/links"]
    assert [name for name, plugin in on.items() if isinstance(plugin, PostSource)] == ["almanac/blog"]
    assert [name for name, plugin in on.items() if isinstance(plugin, EntitySource)] == ["almanac/data"]
    assert link_source(plugins("  - almanac/links:\n      enabled: false\n")) is None
    assert link_source(plugins("")) is None
