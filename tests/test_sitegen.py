"""The synthetic site generator used by benchmarks and large-site tests."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import sitegen  # noqa: E402

POST_NAME = re.compile(r"^(\d{4}-\d{2}-\d{2})-post-(\d+)\.md$")


def digest_tree(root: Path) -> dict[str, str]:
    """Map each file's path (relative to ``root``) to the SHA-256 of its bytes."""
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def split_post(text: str) -> tuple[dict, str]:
    assert text.startswith("---\n"), "a post starts with front matter"
    _, front, body = text.split("---\n", 2)
    meta = yaml.safe_load(front)
    assert isinstance(meta, dict)
    return meta, body


def post_files(root: Path) -> list[Path]:
    return sorted((root / "docs" / "blog" / "posts").glob("*.md"))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("site")
    sitegen.generate_site(root, posts=60, tags=12, words=500, seed=3, drafts=5)
    return root


def test_same_arguments_give_identical_bytes(tmp_path: Path) -> None:
    args = dict(posts=40, tags=10, words=300, seed=7, drafts=2)
    first = sitegen.generate_site(tmp_path / "one", **args).parent
    second = sitegen.generate_site(tmp_path / "two", **args).parent
    one, two = digest_tree(first), digest_tree(second)
    assert len(one) == 40 + 3  # posts + mkdocs.yml, index.md, .authors.yml
    assert one == two


def test_a_different_seed_gives_different_posts(tmp_path: Path) -> None:
    a = digest_tree(sitegen.generate_site(tmp_path / "a", posts=10, seed=0).parent)
    b = digest_tree(sitegen.generate_site(tmp_path / "b", posts=10, seed=1).parent)
    assert a != b


def test_returns_the_config_and_writes_the_expected_files(site: Path) -> None:
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["site_name"] == "Synthetic Almanac"
    assert config["site_url"] == "https://example.org/almanac/"
    assert config["theme"] == {"name": "material"}
    assert config["plugins"] == ["search", "almanac/blog"]
    assert config["nav"] == [{"Home": "index.md"}, {"Blog": "blog/index.md"}]
    assert "pymdownx.superfences" in config["markdown_extensions"]
    assert (site / "docs" / "index.md").is_file()
    authors = yaml.safe_load((site / "docs" / "blog" / ".authors.yml").read_text(encoding="utf-8"))
    assert authors == {"authors": {"bench": {"name": "Bench Writer"}}}


def test_return_value_is_the_mkdocs_yml(tmp_path: Path) -> None:
    assert sitegen.generate_site(tmp_path, posts=1) == tmp_path / "mkdocs.yml"


def test_post_and_draft_counts(site: Path) -> None:
    files = post_files(site)
    assert len(files) == 60
    numbers = sorted(int(POST_NAME.match(p.name).group(2)) for p in files)
    assert numbers == list(range(60))
    drafts = set()
    for path in files:
        meta, _ = split_post(path.read_text(encoding="utf-8"))
        if meta.get("draft") is True:
            drafts.add(int(POST_NAME.match(path.name).group(2)))
    assert drafts == {0, 1, 2, 3, 4}


def test_front_matter(site: Path) -> None:
    allowed = {f"tag-{i:02d}" for i in range(1, 13)}
    dates = Counter()
    seen_tags = Counter()
    for path in post_files(site):
        match = POST_NAME.match(path.name)
        assert match, path.name
        meta, _ = split_post(path.read_text(encoding="utf-8"))
        n = int(match.group(2))
        assert meta["title"].startswith(f"Synthetic post {n}: ")
        assert len(meta["title"].split(": ", 1)[1].split()) >= 2
        assert isinstance(meta["date"], dt.date)
        assert meta["date"].isoformat() == match.group(1)
        assert dt.date(2023, 1, 1) <= meta["date"] <= dt.date(2026, 10, 31)
        assert meta["authors"] == ["bench"]
        assert 1 <= len(meta["tags"]) <= 4
        assert len(set(meta["tags"])) == len(meta["tags"])
        assert set(meta["tags"]) <= allowed
        dates[meta["date"]] += 1
        seen_tags.update(meta["tags"])
    # Dates are spread out, and the biggest tag is well ahead of the smallest.
    assert len(dates) > 30
    most, least = seen_tags.most_common()[0][1], seen_tags.most_common()[-1][1]
    assert most >= 3 * least


def test_tags_are_limited_to_the_requested_number(tmp_path: Path) -> None:
    sitegen.generate_site(tmp_path, posts=200, tags=3, words=50)
    seen = set()
    for path in post_files(tmp_path):
        meta, _ = split_post(path.read_text(encoding="utf-8"))
        seen.update(meta["tags"])
    assert seen == {"tag-01", "tag-02", "tag-03"}


def test_a_big_site_shares_dates_and_has_a_few_big_tags(tmp_path: Path) -> None:
    sitegen.generate_site(tmp_path, posts=600, words=0)
    dates = Counter()
    tags = Counter()
    for path in post_files(tmp_path):
        meta, _ = split_post(path.read_text(encoding="utf-8"))
        dates[meta["date"]] += 1
        tags.update(meta["tags"])
    assert max(dates.values()) > 1
    assert set(tags) <= {f"tag-{i:02d}" for i in range(1, 41)}
    top_three = sum(count for _, count in tags.most_common(3))
    assert top_three > sum(tags.values()) / 3


def test_body_shape(site: Path) -> None:
    for path in post_files(site):
        _, body = split_post(path.read_text(encoding="utf-8"))
        lines = body.splitlines()
        assert lines.count("<!-- more -->") == 1
        assert body.count("<!-- more -->") == 1
        opening, rest = body.split("<!-- more -->")
        assert 50 <= len(opening.split()) <= 70
        headings = [line for line in lines if line.startswith("## ")]
        assert 2 <= len(headings) <= 4  # 500 words, a heading about every 200
        assert any(line.startswith("- ") for line in lines)
        assert sum(1 for line in lines if line.startswith("```")) == 2
        prose = [
            line for line in rest.splitlines() if line and not line.startswith(("## ", "- ", "```", "    ", "def "))
        ]
        assert sum(len(line.split()) for line in prose) == 500


def test_words_zero_still_gives_a_valid_post(tmp_path: Path) -> None:
    sitegen.generate_site(tmp_path, posts=3, words=0)
    for path in post_files(tmp_path):
        _, body = split_post(path.read_text(encoding="utf-8"))
        assert body.count("<!-- more -->") == 1


def test_smaller_site_is_a_prefix_of_a_bigger_one(tmp_path: Path) -> None:
    small = digest_tree(sitegen.generate_site(tmp_path / "s", posts=10).parent / "docs" / "blog" / "posts")
    big = digest_tree(sitegen.generate_site(tmp_path / "b", posts=30).parent / "docs" / "blog" / "posts")
    assert small.items() <= big.items()


def test_regenerating_removes_posts_of_an_earlier_run(tmp_path: Path) -> None:
    sitegen.generate_site(tmp_path, posts=20)
    sitegen.generate_site(tmp_path, posts=5)
    assert len(post_files(tmp_path)) == 5


def test_vocabulary_has_english_and_chinese_words() -> None:
    assert len(sitegen.VOCABULARY) >= 150
    assert len(set(sitegen.VOCABULARY)) == len(sitegen.VOCABULARY)
    assert any(re.search(r"[\u4e00-\u9fff]", word) for word in sitegen.VOCABULARY)


@pytest.mark.parametrize(
    "kwargs",
    [dict(posts=-1), dict(posts=1, tags=0), dict(posts=1, words=-1), dict(posts=2, drafts=3)],
)
def test_rejects_bad_arguments(tmp_path: Path, kwargs: dict) -> None:
    with pytest.raises(ValueError):
        sitegen.generate_site(tmp_path, **kwargs)


def test_command_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "sitegen.py"),
            str(out),
            "--posts",
            "12",
            "--tags",
            "5",
            "--words",
            "100",
            "--seed",
            "2",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out / "mkdocs.yml")
    library = digest_tree(sitegen.generate_site(tmp_path / "lib", posts=12, tags=5, words=100, seed=2).parent)
    assert digest_tree(out) == library
