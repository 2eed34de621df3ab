"""`LaterPages` (`mkdocs/preview.py`): the pages a preview's rebuild leaves for after the browsers
reload are found first (`decide`), then each written once, by the thread or first by a request for
one of them; the next rebuild drops what is left and tells which pages were dropped; a failed
rebuild's pages are dropped; and the server's application serves a page as the last rebuild makes
it, asking again when a rebuild started or ended while it was being served."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from almanac.mkdocs.preview import LaterPages


def recorder(written: list[str], name: str, wait: threading.Event | None = None) -> Callable[[], None]:
    def write() -> None:
        if wait is not None:
            assert wait.wait(10)
        written.append(name)

    return write


def test_a_good_rebuild_leaves_pages_to_the_thread_which_writes_each_once_then_goes_on() -> None:
    later, written, after = LaterPages(), [], []
    later.before_build()
    later.add({f"p{n}/index.html": recorder(written, f"p{n}") for n in range(5)}, dropped=print)
    assert later.then(lambda: after.append(list(written)))
    later.after_build(good=True)
    later.finish()
    assert written == [f"p{n}" for n in range(5)]
    assert after == [written]  # once every page is written, and once only
    assert later.pending() == []
    assert not later.then(lambda: after.append("again"))  # nothing pending: not kept, not run
    assert after == [written]


def test_the_next_rebuild_drops_what_the_last_one_left_and_tells_which() -> None:
    later, written, dropped, after = LaterPages(), [], [], []
    later.add({"a.html": recorder(written, "a"), "b.html": recorder(written, "b")}, dropped=dropped.extend)
    later.then(lambda: after.append(True))
    later.before_build()  # (no thread was started)
    later.finish()
    assert written == [] and dropped == ["a.html", "b.html"] and after == []


def test_a_decision_not_started_is_dropped_and_one_running_ends_first() -> None:
    later, found, dropped = LaterPages(), [], []
    later.decide(lambda: found.append(True), pages=["a.html"], written=[])
    later.before_build()
    assert found == [] and later.pending() == []
    release, started = threading.Event(), threading.Event()

    def decide() -> None:
        started.set()
        assert release.wait(10)
        later.add({"a.html": lambda: found.append("a")}, dropped=dropped.extend)

    later.decide(decide, pages=["a.html"], written=[])
    later.after_build(good=True)
    assert started.wait(10)
    threading.Timer(0.2, release.set).start()
    later.before_build()  # waits for the decision, then drops the page it found
    assert dropped == ["a.html"] and found == []


def test_a_failed_rebuild_writes_nothing_it_left() -> None:
    later, written, after = LaterPages(), [], []
    later.before_build()
    later.add({"a.html": recorder(written, "a")}, dropped=print)
    later.then(lambda: after.append(True))
    later.after_build(good=False)
    later.finish()
    assert written == [] and after == [] and later.pending() == []


def test_a_request_for_a_pending_page_goes_before_the_threads_next_page() -> None:
    later, written = LaterPages(), []
    release, started = threading.Event(), threading.Event()

    def first() -> None:
        started.set()
        assert release.wait(10)
        written.append("p0")

    pages = {"p0.html": first} | {f"p{n}.html": recorder(written, f"p{n}") for n in range(1, 20)}
    later.before_build()
    later.add(pages, dropped=print)
    later.after_build(good=True)
    assert started.wait(10)
    # The thread is writing p0; the request for p19 waits for it, then goes before p1.
    timer = threading.Timer(0.2, release.set)
    timer.start()
    assert later.write("p19.html")
    assert written == ["p0", "p19"]
    assert not later.write("p19.html")  # written once
    later.finish()
    assert sorted(written) == sorted(f"p{n}" for n in range(20)) and len(written) == 20


def test_a_page_that_fails_is_reported_and_the_others_are_written(caplog: Any) -> None:
    later, written = LaterPages(), []

    def broken() -> None:
        raise ValueError("no template")

    later.add({"a.html": broken, "b.html": recorder(written, "b")}, dropped=print)
    later.finish()
    assert written == ["b"]
    assert "preview: a.html was not written — no template" in caplog.text


class Inner:
    """MkDocs' server application, as far as the wrapper sees it: it answers with the file's bytes."""

    def __init__(self, files: dict[str, bytes], during: Callable[[], None] | None = None) -> None:
        self.files, self.during, self.calls = files, during, 0

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        self.calls += 1
        if self.during is not None:
            during, self.during = self.during, None
            during()
        path = environ["PATH_INFO"].removeprefix("/base/")
        name = path + "index.html" if path.endswith("/") or not path else path
        start_response("200 OK", [("Content-Type", "text/html")])
        return [self.files.get(name, b"not found")]


def get(app: Callable[..., Iterable[bytes]], path: str) -> tuple[list[str], bytes]:
    statuses: list[str] = []
    body = app({"PATH_INFO": path}, lambda status, headers, exc_info=None: statuses.append(status))
    return statuses, b"".join(body)


def test_a_pending_page_is_written_before_it_is_served() -> None:
    later = LaterPages()
    files = {"blog/index.html": b"old listing", "assets/site.css": b"css"}
    inner = Inner(files)
    app = later.app(inner, "/base/")

    def write_listing() -> None:
        files["blog/index.html"] = b"new listing"

    later.add({"blog/index.html": write_listing}, dropped=print)  # left by a rebuild, with no thread
    assert get(app, "/base/blog/") == (["200 OK"], b"new listing")
    assert later.pending() == []
    assert get(app, "/base/assets/site.css") == (["200 OK"], b"css")  # not a page: as MkDocs serves it


def test_a_page_served_while_a_rebuild_ran_is_asked_again() -> None:
    later = LaterPages()
    files = {"blog/index.html": b"listing of the first rebuild"}

    def rebuild() -> None:  # a save while the request waited: its rebuild leaves the listing for later
        later.before_build()
        later.add(
            {"blog/index.html": lambda: files.update({"blog/index.html": b"listing of the second"})}, dropped=print
        )
        later.after_build(good=True)

    inner = Inner(files, during=rebuild)
    statuses, body = get(later.app(inner, "/base/"), "/base/blog/")
    assert (statuses, body) == (["200 OK"], b"listing of the second")
    assert inner.calls == 2


def test_a_save_within_the_idle_time_drops_the_work_before_it_starts() -> None:
    later, found = LaterPages(), []
    later.before_build()
    later.decide(lambda: found.append(True), pages=["a.html"], written=[])
    later.after_build(good=True)  # the thread leaves IDLE seconds to the reload and to a next save
    later.before_build()
    later.finish()
    assert found == []


def test_a_decision_that_checks_stops_when_a_rebuild_waits() -> None:
    later, checks, dropped = LaterPages(), [], []
    started = threading.Event()

    def decide() -> None:
        started.set()
        while True:  # a decision that would never end alone
            later.check()
            checks.append(1)
            if len(checks) > 100_000:
                later.add({"a.html": print}, dropped=dropped.extend)
                return

    later.before_build()
    later.decide(decide, pages=["a.html"], written=[])
    later.after_build(good=True)
    assert started.wait(10)
    later.before_build()  # the decision stops where it checks: nothing found, nothing to drop
    assert 0 < len(checks) < 100_000 and dropped == [] and later.pending() == []


def test_a_page_the_rebuild_wrote_is_served_without_waiting_for_the_decision() -> None:
    later, found = LaterPages(), []
    release = threading.Event()

    def decide() -> None:
        found.append(True)
        assert release.wait(10)

    later.decide(decide, pages=["post/index.html", "blog/index.html"], written=["post/index.html"])
    app = later.app(Inner({"post/index.html": b"the saved post"}), "/base/")
    assert get(app, "/base/post/") == (["200 OK"], b"the saved post")
    assert found == []  # not run, nor waited for
    release.set()
    later.finish()


def test_files_written_by_one_job_are_written_once_for_a_request_of_any_of_them() -> None:
    later, written = LaterPages(), []
    files = {"feed.xml": b"old feed", "tags/a/feed.xml": b"old tag feed"}

    def feeds() -> None:
        written.append("feeds")
        files.update({"feed.xml": b"new feed", "tags/a/feed.xml": b"new tag feed"})

    later.add_files("blog feeds", ["feed.xml", "tags/a/feed.xml"], feeds)
    assert sorted(later.pending()) == ["feed.xml", "tags/a/feed.xml"]
    app = later.app(Inner(files), "/base/")
    assert get(app, "/base/tags/a/feed.xml") == (["200 OK"], b"new tag feed")
    assert get(app, "/base/feed.xml") == (["200 OK"], b"new feed")
    assert written == ["feeds"] and later.pending() == []


def test_files_whose_job_fails_are_reported_by_the_jobs_name(caplog: Any) -> None:
    later = LaterPages()

    def broken() -> None:
        raise OSError("disk full")

    later.add_files("blog feeds", ["feed.xml"], broken)
    later.finish()
    assert "preview: blog feeds were not written — disk full" in caplog.text
