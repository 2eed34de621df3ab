# The index of every entity a page can link to, and what an `[[…]]` link names.
#
# Made once per build (`on_config` of `almanac/links`) from the entities of the data (models,
# vendors, providers) and the tags that have a page; read while each page is checked and
# converted. A reference is an `id` (`deepseek-v4-pro`) or `kind:id` (`provider:deepseek`); the
# bare form must name exactly one entity. When it names none or several, `EntityRefError` says
# what is wrong and how to fix it: the nearest ids (difflib), or the `kind:id` forms to choose
# from. Ids are compared exactly as the data writes them.

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from almanac.core.links.model import KINDS, Entity, EntityKey, EntityKind

__all__ = ["EntityIndex", "EntityRefError", "quoted_choices"]


class EntityRefError(Exception):
    """A reference that names no entity, or more than one: `message` says what is wrong,
    `hint` how to fix it (an error of the author's page adds the path and line)."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        self.message = message
        self.hint = hint
        super().__init__(f"{message} — {hint}" if hint else message)


def quoted_choices(choices: Sequence[str], last: str = "or") -> str:
    """`"a"`, `"a" or "b"`, `"a", "b" or "c"`."""
    quoted = [f'"{choice}"' for choice in choices]
    if len(quoted) < 2:
        return "".join(quoted)
    return f"{', '.join(quoted[:-1])} {last} {quoted[-1]}"


class EntityIndex:
    """Every entity of the build, found by `(kind, id)` or by what an author writes in `[[…]]`."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        by_key: dict[EntityKey, Entity] = {}
        for entity in entities:
            by_key.setdefault(entity.key, entity)  # the data refuses two entities of one key
        self._by_key = by_key
        self._entities = tuple(by_key.values())
        self._by_id: dict[str, list[Entity]] = {}
        for entity in self._entities:
            self._by_id.setdefault(entity.id, []).append(entity)

    @property
    def entities(self) -> tuple[Entity, ...]:
        """Every entity, in the order they were given (the first of two with one key)."""
        return self._entities

    def __len__(self) -> int:
        return len(self._entities)

    def get(self, key: EntityKey) -> Entity | None:
        return self._by_key.get(key)

    def resolve(self, ref: str) -> Entity:
        """The entity `ref` names: `id` or `kind:id`, spaces around it ignored.

        Raises `EntityRefError` when it names none (with the nearest references) or, bare,
        several (with the `kind:id` of each)."""
        ref = ref.strip()
        if not ref:
            raise EntityRefError("empty entity link", "write the id of a model, vendor, provider or tag inside `[[…]]`")
        kind, _, ident = ref.partition(":")
        if ident and kind in KINDS:
            entity = self._by_key.get((_kind(kind), ident.strip()))
            if entity is not None:
                return entity
            raise EntityRefError(f'unknown entity "{ref}"', self._suggest(ref, ident.strip()))
        found = self._by_id.get(ref, [])
        if len(found) == 1:
            return found[0]
        if found:
            choices = sorted(f"{entity.kind}:{entity.id}" for entity in found)
            raise EntityRefError(
                f'"{ref}" names more than one entity',
                f"write {quoted_choices(choices)}",
            )
        raise EntityRefError(f'unknown entity "{ref}"', self._suggest(ref, ref))

    def _suggest(self, ref: str, ident: str) -> str:
        """How to fix a reference that names nothing: the references nearest to it."""
        names = self._refs(ident)  # the right id with the wrong kind
        lowered = {entity.id.casefold(): entity.id for entity in self._entities}
        if ident.casefold() in lowered and lowered[ident.casefold()] != ident:  # the right id, other case
            names.extend(self._refs(lowered[ident.casefold()]))
        if ":" in ref:
            pool = {f"{entity.kind}:{entity.id}": entity for entity in self._entities}
            close = [self.ref_of(pool[near]) for near in _nearest(ref, pool)]
        else:
            close = []
            for near in _nearest(ref, self._by_id):
                close.extend(self._refs(near))
        for name in close:
            if name not in names:
                names.append(name)
        if names:
            return f"did you mean {quoted_choices(names[:3])}?"
        return "write the id of a model, vendor, provider or tag as the data gives it (the end of its page's address)"

    def _refs(self, ident: str) -> list[str]:
        """The references of the entities of id `ident`, in alphabetical order."""
        return sorted(self.ref_of(entity) for entity in self._by_id.get(ident, []))

    def ref_of(self, entity: Entity) -> str:
        """The shortest reference that names `entity`: its id, or `kind:id` when the id is shared."""
        if len(self._by_id.get(entity.id, [])) > 1:
            return f"{entity.kind}:{entity.id}"
        return entity.id


def _nearest(word: str, possibilities: Iterable[str]) -> list[str]:
    """The possibilities nearest to `word` (difflib's ratio at least 0.6), best first: the
    best, and those nearly as near (within 0.1), at most three."""
    matcher = difflib.SequenceMatcher(b=word)
    scored: list[tuple[float, str]] = []
    for possibility in sorted(possibilities):
        matcher.set_seq1(possibility)
        if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6 and (ratio := matcher.ratio()) >= 0.6:
            scored.append((ratio, possibility))
    scored.sort(key=lambda item: -item[0])
    return [possibility for ratio, possibility in scored[:3] if ratio >= scored[0][0] - 0.1]


def _kind(text: str) -> EntityKind:
    for kind in KINDS:
        if kind == text:
            return kind
    raise ValueError(text)
