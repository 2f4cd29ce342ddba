"""Static checks of a proposed code cell — it is parsed, never run.

Why: the small LLM invents column names and variables as readily as numbers. A cell that
references ``df["revnue"]`` or an undefined ``sales_df`` fails the moment the human runs
it; saying so before insertion is cheap. The security allowlist lives in
:mod:`jupyter_genanalyst.safety`; this module only collects its flags.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from jupyter_genanalyst.narrate.types import CodeCheck
from jupyter_genanalyst.safety import check_code

# plotly express keyword arguments that name columns of ``data_frame``.
PX_COLUMN_KWARGS = frozenset(
    {
        "x",
        "y",
        "z",
        "color",
        "size",
        "symbol",
        "text",
        "facet_row",
        "facet_col",
        "hover_name",
        "line_group",
        "line_dash",
        "animation_frame",
        "animation_group",
        "names",
        "values",
        "parents",
        "ids",
        "error_x",
        "error_y",
        "pattern_shape",
        "hover_data",
        "custom_data",
        "path",
        "dimensions",
        "lat",
        "lon",
        "locations",
        "r",
        "theta",
        "a",
        "b",
        "c",
    }
)
# pandas methods whose arguments (positional or named) are column names.
_COLUMN_METHODS: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "groupby": ((0,), ("by",)),
    "sort_values": ((0,), ("by",)),
    "set_index": ((0,), ("keys",)),
    "nlargest": ((1,), ("columns",)),
    "nsmallest": ((1,), ("columns",)),
    "dropna": ((), ("subset",)),
    "drop_duplicates": ((0,), ("subset",)),
    "drop": ((), ("columns",)),
    "pivot_table": ((), ("index", "columns", "values")),
    "pivot": ((), ("index", "columns", "values")),
    "melt": ((), ("id_vars", "value_vars")),
    "value_counts": ((0,), ("subset",)),
}
_MAGIC_LINE = re.compile(r"^([ \t]*)[%!].*$", re.MULTILINE)
_FRAME_NAME = re.compile(r"^(?:df|frame|data)\w*$|\w*_(?:df|frame)$")


@lru_cache(maxsize=1)
def _frame_attributes() -> frozenset[str]:
    """Every attribute a DataFrame has, so ``df.describe`` is not taken for a column."""
    import pandas as pd

    return frozenset(dir(pd.DataFrame))


def _strings(node: ast.AST | None) -> Iterator[str]:
    """String literals in a constant or a list/tuple of constants."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        for elt in node.elts:
            yield from _strings(elt)


class _Scanner(ast.NodeVisitor):
    """Collects bound names, loaded names and column references in one pass."""

    def __init__(self, frames: set[str]) -> None:
        self.frames = frames
        self.bound: set[str] = set()
        self.loaded: list[tuple[str, int]] = []
        self.column_refs: list[tuple[str, int]] = []
        self.attr_refs: list[tuple[str, str, int]] = []
        self.created: set[str] = set()  # columns the cell itself creates

    def _is_frame(self, node: ast.AST) -> bool:
        return isinstance(node, ast.Name) and node.id in self.frames

    def _refs(self, node: ast.AST | None, line: int) -> None:
        self.column_refs.extend((s, line) for s in _strings(node))

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self.bound.add(node.id)
        else:
            self.loaded.append((node.id, node.lineno))

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if self._is_frame(node.value):
            if isinstance(node.ctx, ast.Store):
                self.created.update(_strings(node.slice))  # df["new"] = …
            else:
                self._refs(node.slice, node.lineno)
        elif (
            isinstance(node.value, ast.Attribute)
            and node.value.attr in ("loc", "at")
            and self._is_frame(node.value.value)
            and isinstance(node.slice, ast.Tuple)
            and len(node.slice.elts) == 2
        ):
            if isinstance(node.ctx, ast.Store):
                self.created.update(_strings(node.slice.elts[1]))  # df.loc[:, "new"] = …
            else:
                self._refs(node.slice.elts[1], node.lineno)
        self.generic_visit(node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if self._is_frame(node.value) and isinstance(node.ctx, ast.Load):
            self.attr_refs.append((getattr(node.value, "id", ""), node.attr, node.lineno))
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute):
            if self._is_frame(func.value) and func.attr in _COLUMN_METHODS:
                positions, names = _COLUMN_METHODS[func.attr]
                for i in positions:
                    if i < len(node.args):
                        self._refs(node.args[i], node.lineno)
                for kw in node.keywords:
                    if kw.arg in names:
                        self._refs(kw.value, node.lineno)
            if self._is_frame(func.value) and func.attr == "assign":
                self.created.update(kw.arg for kw in node.keywords if kw.arg)
            if func.attr == "rename":
                for kw in node.keywords:
                    if kw.arg == "columns" and isinstance(kw.value, ast.Dict):
                        self.created.update(s for v in kw.value.values for s in _strings(v))
            if isinstance(func.value, ast.Name) and func.value.id == "px":
                frame_arg = (
                    node.args[0]
                    if node.args
                    else next((k.value for k in node.keywords if k.arg == "data_frame"), None)
                )
                if frame_arg is not None and self._is_frame(frame_arg):
                    for kw in node.keywords:
                        if kw.arg in PX_COLUMN_KWARGS:
                            self._refs(kw.value, node.lineno)
        self.generic_visit(node)

    def _bind_args(self, args: ast.arguments) -> None:
        for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
            self.bound.add(arg.arg)
        for extra in (args.vararg, args.kwarg):
            if extra is not None:
                self.bound.add(extra.arg)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.bound.add(node.name)
        self._bind_args(node.args)
        self.generic_visit(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self.bound.add(node.name)
        self._bind_args(node.args)
        self.generic_visit(node)

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._bind_args(node.args)
        self.generic_visit(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.bound.add(node.name)
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.bound.add(alias.asname or alias.name.split(".")[0])

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            self.bound.add(alias.asname or alias.name)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.name:
            self.bound.add(node.name)
        self.generic_visit(node)

    def visit_Global(self, node: ast.Global) -> None:
        self.bound.update(node.names)


def _neutralise_magics(source: str) -> tuple[str, list[str]]:
    """IPython ``%magic`` / ``!shell`` lines are not Python: replace them by ``pass``."""
    problems = []
    for m in _MAGIC_LINE.finditer(source):
        line = source.count("\n", 0, m.start()) + 1
        problems.append(
            f"line {line}: IPython magic or shell command not checked: {m.group(0).strip()[:60]}"
        )
    return _MAGIC_LINE.sub(lambda m: m.group(1) + "pass", source), problems


def check_cells(
    code: Iterable[str],
    *,
    columns: Iterable[str],
    variables: Iterable[str] = (),
    frame_name: str = "df",
) -> tuple[CodeCheck, ...]:
    """The static checks of a proposal's code cells, with the rules pruning judges them by:
    column references point into the analysed frame (``frame_name`` or ``df``), and
    pandas, numpy, plotly and ``ga`` are known names besides ``variables``.

    The one place these rules live: composition attaches the result to every proposal
    (``Proposal.code_checks``) and pruning reuses it instead of checking again."""
    known = {frame_name, "df", "px", "pd", "np", "go", "ga", *variables}
    cols = [str(c) for c in columns]
    frames = {frame_name, "df"}
    return tuple(
        check_code_cell(cell, columns=cols, variables=known, frames=frames) for cell in code
    )


def check_code_cell(
    source: str,
    *,
    columns: Iterable[str],
    variables: Iterable[str],
    frames: Iterable[str] | None = None,
) -> CodeCheck:
    """Parse ``source`` and report unknown columns, unknown names and safety flags.

    ``columns`` are the frame's columns, ``variables`` the names defined in the user's
    namespace. ``frames`` are the names whose subscripts are column references; by default
    ``df`` plus every variable named like a frame (``df``, ``df2``, ``sales_df``, ``frame``).
    """
    known_columns = {str(c) for c in columns}
    known_vars = set(variables)
    frame_names = (
        set(frames)
        if frames is not None
        else ({"df"} | {v for v in known_vars if _FRAME_NAME.match(v)})
    )
    safety = check_code(source, variables=frame_names | known_vars, columns=known_columns)
    python, problems = _neutralise_magics(source)
    try:
        tree = ast.parse(python)
    except SyntaxError as exc:
        problems.append(f"syntax error at line {exc.lineno}: {exc.msg}")
        return CodeCheck(source=source, parses=False, problems=tuple(problems), safety=safety)
    scanner = _Scanner(frame_names)
    scanner.visit(tree)
    allowed = known_columns | scanner.created
    seen: set[str] = set()
    for name, line in scanner.column_refs:
        if name not in allowed and name not in seen:
            seen.add(name)
            problems.append(f"line {line}: unknown column {name!r}")
    for frame, attr, line in scanner.attr_refs:
        if attr not in allowed and attr not in _frame_attributes() and attr not in seen:
            seen.add(attr)
            problems.append(
                f"line {line}: {frame}.{attr} is neither a column nor a DataFrame attribute"
            )
    defined = scanner.bound | known_vars | set(dir(builtins))
    for name, line in scanner.loaded:
        if name not in defined and name not in seen:
            seen.add(name)
            problems.append(
                f"line {line}: name {name!r} is not defined (not assigned in the "
                "cell, not a builtin, not in the namespace)"
            )
    return CodeCheck(source=source, parses=True, problems=tuple(problems), safety=safety)
