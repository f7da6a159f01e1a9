"""Models and lexicons, loaded once per pipeline (or per executor process) and handed to the stages.

A stage never loads a model from a module-level cache: it is built by a
factory that receives a :class:`Context` (the options, the
:class:`Resources` to load from, and the batch's furniture profile), and asks
the resources for what it needs by a typed :class:`Resource` key::

    TAGGER = Resource("attribution tagger", load_tagger)   # load_tagger(options) -> AttributionTagger
    tagger = context.resources.get(TAGGER)

The first ``get`` loads (under a lock, so threads share one copy); later ones
return the same object. One :class:`Resources` serves every pipeline built
with the same options: an executor keeps one per process, so each model is
read once per worker, and a test or a user can ``put`` their own model in its
place before the pipeline is built.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .options import Options

__all__ = ["Context", "Resource", "Resources", "shared_resources"]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Resource(Generic[T]):
    """The key of one loaded resource: a name (for messages) and how to load it from the options."""

    name: str
    load: Callable[[Options], T] = field(compare=False)


class Resources:
    """The resources loaded for one set of options (see the module docstring)."""

    def __init__(self, options: Options | None = None) -> None:
        self.options = options or Options()
        self._loaded: dict[str, Any] = {}
        self._lock = threading.RLock()

    def get(self, resource: Resource[T]) -> T:
        """The resource, loaded on first use."""
        with self._lock:
            if resource.name not in self._loaded:
                self._loaded[resource.name] = resource.load(self.options)
            value: T = self._loaded[resource.name]
            return value

    def put(self, resource: Resource[T], value: T) -> None:
        """Use ``value`` for ``resource`` (a model of one's own, a test double)."""
        with self._lock:
            self._loaded[resource.name] = value

    def loaded(self) -> list[str]:
        """Names of the resources loaded so far."""
        with self._lock:
            return sorted(self._loaded)


SHARED_LIMIT = 8  # sets of options whose resources a process keeps for callers that bring none
_shared: dict[Options, Resources] = {}
_shared_lock = threading.Lock()


def shared_resources(options: Options) -> Resources:
    """The process's resources for ``options``: what a pipeline built without resources of its own
    uses (the one-page functions of the Python API call it once per page), so that its models
    are read once per process, not once per page. The oldest of more than :data:`SHARED_LIMIT`
    sets of options is let go."""
    with _shared_lock:
        found = _shared.get(options)
        if found is None:
            if len(_shared) >= SHARED_LIMIT:
                del _shared[next(iter(_shared))]
            found = _shared[options] = Resources(options)
        return found


@dataclass(slots=True)
class Context:
    """What a stage factory receives: the options, the resources, and the batch's furniture profile.

    ``profile`` is what the batch's first pass learned (the lines that repeat on many pages of
    one site, :class:`saidwhat.pages.furniture_profile.BatchProfile`); None for a single page."""

    options: Options
    resources: Resources
    profile: Any = None
