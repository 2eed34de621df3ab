# The preview (`mkdocs serve`) keeps serving the last good site while a rebuild fails.
#
# MkDocs' preview server holds every request after a failed rebuild ("the server will appear
# stuck until build errors are resolved"). A rebuild is made in a staging folder and stops,
# with every problem, before anything is written (`checks.py`), so the last good site is still
# complete on disk: this wraps the server's builder so that, after an author's mistake (the
# `path:line` errors, already printed), the server goes on answering with that site until the
# next rebuild succeeds.

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from mkdocs.exceptions import Abort

log = logging.getLogger("mkdocs.plugins.almanac")

_MARK = "_almanac_keeps_serving"


def keep_serving_on_error(server: Any) -> None:
    """Wrap `server.builder` once; a failed rebuild then leaves the last good site served."""
    if getattr(server, _MARK, False) or not hasattr(server, "builder"):
        return
    build: Callable[[], None] = server.builder

    def guarded() -> None:
        try:
            build()
        except Abort:
            with server._epoch_cond:  # what MkDocs does after a good build, minus the new files
                server._visible_epoch = server._wanted_epoch
                server._epoch_cond.notify_all()
            log.warning("The preview keeps showing the last good build until the errors above are fixed.")

    server.builder = guarded
    setattr(server, _MARK, True)
