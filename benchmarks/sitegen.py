"""Generate synthetic Model Almanac sites for tests and benchmarks.

The output is deterministic: the same arguments always give byte-identical
files. Each post draws from its own random stream (seeded from ``seed`` and the
post number), so the first 100 posts of a 1,000-post site are the same as the
posts of a 100-post site with the same ``seed``, ``tags`` and ``words``.

Usage as a library::

    from sitegen import generate_site
    config = generate_site(tmp_path, posts=100)

Usage from the command line::

    python benchmarks/sitegen.py OUT_DIR --posts 1000 [--tags 40] [--words 800] [--seed 0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from pathlib import Path

__all__ = ["FIRST_DATE", "LAST_DATE", "VOCABULARY", "generate_site", "main"]

FIRST_DATE = dt.date(2023, 1, 1)
LAST_DATE = dt.date(2026, 10, 31)

AUTHOR_ID = "bench"
AUTHOR_NAME = "Bench Writer"

# A fixed vocabulary: changing it changes every generated site.
_ENGLISH = """
    model models training inference token tokens context window attention layer layers
    weight weights parameter parameters dataset data benchmark benchmarks score scores
    accuracy latency throughput memory compute cluster chip chips accelerator cost price
    pricing release version open closed license research paper papers lab labs team company
    startup funding round market revenue customer customers product products feature
    features agent agents tool tools reasoning planning retrieval search index embedding
    embeddings vector vectors prompt prompts answer answers question questions language
    languages code coding test tests evaluation safety alignment policy rule rules regulator
    government law report reports analysis trend trends growth scale scaling efficient
    efficiency fast faster slow small large larger smaller new old early late first second
    third final public private global local cloud edge device devices phone server servers
    network energy power data-center supply demand partner partners deal deals launch
    launches update updates preview stable beta user users developer developers community
    forum blog post story week month year quarter today yesterday tomorrow future past
    present simple complex clear careful quick steady strong weak better worse best worst
    high low rate limit limits budget plan plans goal goals result results method methods
    approach idea ideas system systems pipeline stage stages step steps input output image
    images audio video text speech vision translate summary summaries note notes draft
    review editor reader readers the a an and or but with without for from into over under
    about between across after before during while because although is are was were will can
    could should might must has have had does did make makes made
""".split()  # noqa: SIM905 -- a word list reads best as text

_CHINESE = ["模型", "训练", "推理", "数据", "算力", "开源", "芯片", "智能"]

VOCABULARY: tuple[str, ...] = tuple(dict.fromkeys(_ENGLISH)) + tuple(_CHINESE)

# Words that make a readable title or heading (no function words).
_FUNCTION_WORDS = frozenset(
    """
    the a an and or but with without for from into over under about between across after
    before during while because although is are was were will can could should might must
    has have had does did make makes made
""".split()  # noqa: SIM905 -- a word list reads best as text
)
_CONTENT_WORDS: tuple[str, ...] = tuple(w for w in VOCABULARY if w not in _FUNCTION_WORDS)

_OPENING_WORDS = 60
_SECTION_WORDS = 200

_MKDOCS_YML = """\
site_name: {site_name}
site_url: https://example.org/almanac/
theme: {{name: material}}
plugins:
  - search
  - almanac/blog
markdown_extensions: [toc, admonition, pymdownx.superfences]
nav:
  - Home: index.md
  - Blog: blog/index.md
"""

_AUTHORS_YML = f"""\
authors:
  {AUTHOR_ID}:
    name: {AUTHOR_NAME}
"""


def _yaml_string(text: str) -> str:
    """Quote ``text`` as a YAML double-quoted scalar."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def _tag_names(tags: int) -> list[str]:
    width = max(2, len(str(tags)))
    return [f"tag-{i:0{width}d}" for i in range(1, tags + 1)]


def _tag_weights(tags: int) -> list[float]:
    # Zipf-like: tag-01 is the biggest, then tag-02, ...; a long tail of small tags.
    return [1.0 / (i**1.1) for i in range(1, tags + 1)]


def _pick_tags(rng: random.Random, names: list[str], weights: list[float]) -> list[str]:
    wanted = min(rng.randint(1, 4), len(names))
    chosen: list[str] = []
    # Weighted sampling without replacement; bounded so it always terminates.
    for _ in range(64):
        if len(chosen) == wanted:
            break
        tag = rng.choices(names, weights=weights, k=1)[0]
        if tag not in chosen:
            chosen.append(tag)
    if not chosen:  # pragma: no cover - 64 draws always give at least one
        chosen.append(names[0])
    return sorted(chosen)


def _words(rng: random.Random, count: int, pool: tuple[str, ...] = VOCABULARY) -> list[str]:
    return [rng.choice(pool) for _ in range(count)]


def _sentences(rng: random.Random, words: list[str]) -> str:
    """Join ``words`` into sentences of 6-16 words."""
    out: list[str] = []
    i = 0
    while i < len(words):
        length = rng.randint(6, 16)
        chunk = words[i : i + length]
        i += length
        sentence = " ".join(chunk)
        out.append(sentence[:1].upper() + sentence[1:] + ".")
    return " ".join(out)


def _paragraphs(rng: random.Random, count: int) -> list[str]:
    """``count`` words split into paragraphs of 40-90 words."""
    paragraphs: list[str] = []
    remaining = count
    while remaining > 0:
        size = min(remaining, rng.randint(40, 90))
        paragraphs.append(_sentences(rng, _words(rng, size)))
        remaining -= size
    return paragraphs


def _title_case(words: list[str]) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in words)


def _bullet_list(rng: random.Random) -> str:
    items = rng.randint(3, 6)
    lines = []
    for _ in range(items):
        lines.append("- " + _sentences(rng, _words(rng, rng.randint(6, 12))))
    return "\n".join(lines)


def _code_block(rng: random.Random, n: int) -> str:
    name = rng.choice(_CONTENT_WORDS).replace("-", "_")
    limit = rng.randint(2, 64)
    return "\n".join(
        [
            "```python",
            f"def {name}_{n}(tokens: list[str]) -> int:",
            f'    """Count the tokens of post {n}, at most {limit}."""',
            f"    return min(len(tokens), {limit})",
            "```",
        ]
    )


def _post(
    n: int, *, seed: int, tag_names: list[str], tag_weights: list[float], words: int, draft: bool
) -> tuple[dt.date, str]:
    rng = random.Random(f"sitegen:{seed}:{n}")
    span = (LAST_DATE - FIRST_DATE).days
    date = FIRST_DATE + dt.timedelta(days=rng.randint(0, span))
    title = f"Synthetic post {n}: " + " ".join(_words(rng, rng.randint(2, 5), _CONTENT_WORDS))
    post_tags = _pick_tags(rng, tag_names, tag_weights)

    front = ["---", f"title: {_yaml_string(title)}", f"date: {date.isoformat()}", "tags:"]
    front += [f"  - {tag}" for tag in post_tags]
    front += ["authors:", f"  - {AUTHOR_ID}"]
    if draft:
        front.append("draft: true")
    front.append("---")

    blocks: list[str] = [_sentences(rng, _words(rng, _OPENING_WORDS)), "<!-- more -->"]

    body = _paragraphs(rng, words)
    # Place the list and the code block after the first section's paragraphs.
    extras_at = max(1, min(2, len(body)))
    section_words = _SECTION_WORDS  # start with a heading right after the marker
    section = 0
    for index, paragraph in enumerate(body):
        if section_words >= _SECTION_WORDS:
            section += 1
            heading = _title_case(_words(rng, rng.randint(2, 4), _CONTENT_WORDS))
            blocks.append(f"## {section}. {heading}")
            section_words = 0
        blocks.append(paragraph)
        section_words += len(paragraph.split())
        if index + 1 == extras_at:
            blocks.append(_bullet_list(rng))
            blocks.append(_code_block(rng, n))
    if not body:
        blocks.append(_bullet_list(rng))
        blocks.append(_code_block(rng, n))

    text = "\n".join(front) + "\n\n" + "\n\n".join(blocks) + "\n"
    return date, text


def generate_site(
    root: Path,
    *,
    posts: int,
    tags: int = 40,
    words: int = 800,
    seed: int = 0,
    drafts: int = 0,
    site_name: str = "Synthetic Almanac",
) -> Path:
    """Write a synthetic site under ``root`` and return the path of its mkdocs.yml.

    ``posts`` posts are written to ``docs/blog/posts/<YYYY-MM-DD>-post-<n>.md``;
    the first ``drafts`` of them are drafts. Each post has 1-4 tags out of
    ``tag-01`` .. ``tag-<tags>`` (a few tags are much bigger than the rest) and
    ``words`` words of body text after the ``<!-- more -->`` marker.
    """
    if posts < 0:
        raise ValueError("posts must be zero or more")
    if tags < 1:
        raise ValueError("tags must be one or more")
    if words < 0:
        raise ValueError("words must be zero or more")
    if not 0 <= drafts <= posts:
        raise ValueError("drafts must be between zero and posts")

    root = Path(root)
    docs = root / "docs"
    blog = docs / "blog"
    posts_dir = blog / "posts"
    posts_dir.mkdir(parents=True, exist_ok=True)
    # Posts of an earlier, bigger run in the same folder would otherwise linger.
    for stale in posts_dir.glob("????-??-??-post-*.md"):
        stale.unlink()

    config = root / "mkdocs.yml"
    _write(config, _MKDOCS_YML.format(site_name=_yaml_string(site_name)))
    _write(
        docs / "index.md",
        f"# {site_name}\n\nA synthetic site of {posts} posts over {tags} tags, generated for tests and benchmarks.\n",
    )
    _write(blog / ".authors.yml", _AUTHORS_YML)

    names = _tag_names(tags)
    weights = _tag_weights(tags)
    for n in range(posts):
        date, text = _post(n, seed=seed, tag_names=names, tag_weights=weights, words=words, draft=n < drafts)
        _write(posts_dir / f"{date.isoformat()}-post-{n}.md", text)
    return config


def _write(path: Path, text: str) -> None:
    # Fixed encoding and newlines so output is identical on every platform.
    path.write_bytes(text.encode("utf-8"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate a synthetic Model Almanac site.")
    parser.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="folder to write the site into")
    parser.add_argument("--posts", type=int, required=True, help="number of posts")
    parser.add_argument("--tags", type=int, default=40, help="number of distinct tags (default 40)")
    parser.add_argument("--words", type=int, default=800, help="body words per post (default 800)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--drafts", type=int, default=0, help="how many posts are drafts (default 0)")
    parser.add_argument("--site-name", default="Synthetic Almanac", help="site name")
    args = parser.parse_args(argv)
    try:
        config = generate_site(
            args.out_dir,
            posts=args.posts,
            tags=args.tags,
            words=args.words,
            seed=args.seed,
            drafts=args.drafts,
            site_name=args.site_name,
        )
    except ValueError as exc:
        parser.error(str(exc))
    print(config)
    return 0


if __name__ == "__main__":
    sys.exit(main())
