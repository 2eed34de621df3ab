"""What one almanac plugin asks of another: `almanac/blog` finds the plugin that holds the
site's tags by what it can do, and only while that plugin is on."""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import load_config

from almanac.mkdocs.blog.plugin import BlogPlugin
from almanac.mkdocs.data.plugin import DataPlugin
from almanac.mkdocs.interfaces import TagSource, tag_source


def site(tmp_path: Path, plugins: str) -> Path:
    (tmp_path / "docs").mkdir(exist_ok=True)
    config_file = tmp_path / "mkdocs.yml"
    config_file.write_text(f"site_name: Test\nplugins:\n{plugins}", encoding="utf-8")
    return config_file


def test_the_data_plugin_is_the_tag_source(tmp_path: Path) -> None:
    config = load_config(
        str(site(tmp_path, "  - search\n  - almanac/blog\n  - almanac/data:\n      build_date: 2026-11-28\n"))
    )
    source = tag_source(config.plugins)
    assert isinstance(source, DataPlugin)
    assert source.config.build_date == "2026-11-28"
    assert not isinstance(config.plugins["almanac/blog"], TagSource)
    assert not isinstance(config.plugins["search"], TagSource)


def test_no_tag_source_when_the_data_plugin_is_off_or_absent(tmp_path: Path) -> None:
    off = load_config(str(site(tmp_path, "  - almanac/blog\n  - almanac/data:\n      enabled: false\n")))
    assert tag_source(off.plugins) is None
    absent = load_config(str(site(tmp_path, "  - almanac/blog\n")))
    assert tag_source(absent.plugins) is None
    assert isinstance(absent.plugins["almanac/blog"], BlogPlugin)
