"""Graph pages drawn once per (database, node, depth, relation), and only a few drawn at a time.

A layout is CPU work that blocks the event loop; 200 concurrent graph
requests once took 7.7 s at p95. The database is immutable while served,
so a drawing never goes stale: it is kept in a small LRU, concurrent requests
for the same drawing share one computation, and at most ``WORKERS`` drawings
are computed at once, in worker threads.
"""

from __future__ import annotations

import asyncio
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

SIZE = 512
"""Drawings kept per server (each some tens of KB of SVG: 25 MB at most)."""
WORKERS = 4
"""Drawings computed at once; the rest wait their turn instead of crowding the event loop."""


class LRU(Generic[K, V]):
    """A bounded mapping that forgets the least recently used entry first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.entries: OrderedDict[K, V] = OrderedDict()

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, key: K) -> V | None:
        if key not in self.entries:
            return None
        self.entries.move_to_end(key)
        return self.entries[key]

    def put(self, key: K, value: V) -> None:
        self.entries[key] = value
        self.entries.move_to_end(key)
        while len(self.entries) > self.size:
            self.entries.popitem(last=False)


_semaphores: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore] = weakref.WeakKeyDictionary()


def semaphore() -> asyncio.Semaphore:
    """The bound on drawings computed at once, one per event loop (a semaphore belongs to one loop)."""
    loop = asyncio.get_running_loop()
    if loop not in _semaphores:
        _semaphores[loop] = asyncio.Semaphore(WORKERS)
    return _semaphores[loop]


class Cache(Generic[K, V]):
    """Values made at most once per key while cached, by at most ``WORKERS`` makers at a time."""

    def __init__(self, size: int = SIZE) -> None:
        self.done: LRU[K, V] = LRU(size)
        self.pending: dict[K, asyncio.Future[V]] = {}

    async def get(self, key: K, make: Callable[[], Awaitable[V]]) -> V:
        found = self.done.get(key)
        if found is not None:
            return found
        pending = self.pending.get(key)
        if pending is None or pending.get_loop() is not asyncio.get_running_loop():
            pending = asyncio.ensure_future(self._make(key, make))
            self.pending[key] = pending
            pending.add_done_callback(lambda _: self.pending.pop(key, None) if self.pending.get(key) is pending else None)
        return await asyncio.shield(pending)  # one client going away does not cancel the others' drawing

    async def _make(self, key: K, make: Callable[[], Awaitable[V]]) -> V:
        async with semaphore():
            value = await make()
        self.done.put(key, value)
        return value


_caches: weakref.WeakKeyDictionary[object, Cache] = weakref.WeakKeyDictionary()


def cache_for(owner: object) -> Cache:
    """The cache of one server (a Datasette instance), so two servers never share drawings."""
    if owner not in _caches:
        _caches[owner] = Cache()
    return _caches[owner]
