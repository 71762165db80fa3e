"""Options two commands share as one dataclass (add-contact and edit, programs add and edit)."""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from typing import Any, get_type_hints

_KEYWORD = inspect.Parameter.KEYWORD_ONLY


def with_group(
    group: type, *, after: tuple[str, str] | None = None
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Gives a command the options of the dataclass ``group`` (each field's annotation an
    ``Annotated`` option, its default the value when not given), in their order, in place of
    its parameter ``details``, and calls it with them as one ``group``. ``after`` is (a field,
    one of the command's own parameters): --help lists that parameter right after the field.
    """
    names = [f.name for f in dataclasses.fields(group)]

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        own = inspect.signature(command, eval_str=True).parameters
        hints = get_type_hints(group, include_extras=True)
        fields = [inspect.Parameter(f.name, _KEYWORD, default=f.default, annotation=hints[f.name])
                  for f in dataclasses.fields(group)]  # fmt: skip
        if after:
            fields.insert(names.index(after[0]) + 1, own[after[1]])
        params: list[inspect.Parameter] = []
        for p in own.values():
            if p.name == "details":
                params += fields
            elif not after or p.name != after[1]:
                params.append(p)
        params = [p.replace(kind=_KEYWORD) for p in params]

        @functools.wraps(command)
        def run(**given: Any) -> None:
            command(details=group(**{name: given.pop(name) for name in names}), **given)

        run.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        run.__annotations__ = {p.name: p.annotation for p in params}
        return run

    return decorate
