"""Help text a person reads: ``INPUT...`` rather than typer's ``{inputs}...``, and no
``<bool>`` or ``<list[str]>`` type column for flags (``--help`` included) and arguments.

Options name their value with a ``metavar`` where they are declared (``N``, ``PATH``,
``DATE``); these command classes cover what typer renders by itself.
"""
from __future__ import annotations

from typer.core import TyperArgument, TyperCommand, TyperGroup


def _quiet_help_option(option):
    if option is not None:
        option.metavar = ""  # a flag takes no value: nothing to show in the type column
    return option


def _no_type(ctx=None) -> None:
    return None


def _hide_flag_types(params) -> None:
    for p in params:
        if getattr(p, "is_flag", False) and p.metavar is None:
            p.metavar = ""
        elif isinstance(p, TyperArgument):
            # typer shows an argument's Python type (<list[str]>) even when it has a
            # metavar; the metavar in the name column says it already
            p.display_type_rich = _no_type


def _usage(param) -> str:
    """An argument in the usage line as click writes it: INPUT..., [NAME]."""
    name = (param.metavar or param.name or "").upper()
    if param.nargs != 1 and not name.endswith("..."):
        name += "..."
    return name if param.required else f"[{name}]"


class Command(TyperCommand):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _hide_flag_types(self.params)

    def get_help_option(self, ctx):
        return _quiet_help_option(super().get_help_option(ctx))

    def collect_usage_pieces(self, ctx) -> list[str]:
        rv = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, TyperArgument):
                rv.append(_usage(param))
            else:
                rv.extend(param.get_usage_pieces(ctx))
        return rv


class Group(TyperGroup):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _hide_flag_types(self.params)

    def get_help_option(self, ctx):
        return _quiet_help_option(super().get_help_option(ctx))
