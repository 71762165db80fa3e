"""The guard on a page of an import's texts at once, on worker processes where that is quicker.

An import of 100,000 follow-ups reads 100,000 distinct titles; the guard takes about 80 µs a
title, eight seconds in all, on one processor while the others wait. As a page of records is
read, :class:`Screening` hands its short texts that the import has not read yet to worker
processes, one a processor (at most :data:`WORKERS`), which read them while this process puts
the page before it in; the page's records then find their findings read. The findings are
exactly those of :func:`medcrm.pure.phi.find_phi` in this process: the workers run the same
pure function on the same text.

Only where the workers can be forked (Linux; a forked worker starts with the patterns, the first
names and the model this process has loaded, and never touches its database connection) and
only for a page with at least :data:`FROM` texts to read: for fewer, starting the workers would
cost more than it saves. Elsewhere, and when a worker cannot be started, the texts are read here.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable
from multiprocessing.pool import MapResult, Pool

from medcrm.pure.phi import Finding, find_phi

FROM = 500  # texts of a page to read before worker processes are worth starting
WORKERS = 4
_CHUNK = 64  # texts a worker is given at a time


def _rules(text: str) -> tuple[Finding, ...]:
    return tuple(find_phi(text))


class Pending:
    """Findings on their way from the workers."""

    def __init__(self, texts: list[str], result: MapResult[tuple[Finding, ...]] | None) -> None:
        self.texts = texts
        self.result = result

    def get(self) -> dict[str, tuple[Finding, ...]]:
        """Each text's findings, once the workers have them all."""
        if self.result is None:
            return {}
        return dict(zip(self.texts, self.result.get(), strict=True))


class Screening:
    """The guard's findings on many texts, read a page at a time; :meth:`close` lets the
    workers go."""

    def __init__(self) -> None:
        self._pool: Pool | None = None
        self._failed = False

    def submit(self, texts: Iterable[str]) -> Pending:
        """The findings on each distinct text of ``texts``, to be read on the workers while
        this process goes on (a page of :data:`FROM` or more); for fewer, or without workers,
        none (each text is then read as it comes)."""
        todo = list(dict.fromkeys(texts))
        pool = self._workers() if len(todo) >= FROM else None
        if pool is None:
            return Pending([], None)
        return Pending(todo, pool.map_async(_rules, todo, chunksize=_CHUNK))

    def _workers(self) -> Pool | None:
        if self._pool is None and not self._failed:
            count = min(WORKERS, os.cpu_count() or 1)
            if count < 2 or "fork" not in multiprocessing.get_all_start_methods():
                self._failed = True
                return None
            try:
                self._pool = multiprocessing.get_context("fork").Pool(count)
            except OSError:  # no processes to be had (a container's limit): read them here
                self._failed = True
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
