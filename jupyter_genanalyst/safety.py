"""Static allowlist check of LLM-generated code cells. Nothing here executes the code.

Why static: peers that ran generated code in-process (pandas-ai, LIDA) turned prompt
injection into remote code execution. Generated cells are only *proposed*; this check
decides whether inserting one needs an explicit acknowledgement.

Why an allowlist: a blocklist missed 48 of 128 obfuscated probes. Here a cell passes
only when every import, name, attribute and call is on the reviewed list in
:mod:`jupyter_genanalyst.allowlist`, applied to names the kernel defines (the frame
variables passed in) or the cell itself binds. Because every *reference* is checked, not
only calls, aliasing (``o = open``; ``f = df.to_csv``) gains nothing. A false alarm
costs one click, a miss costs the user's machine.
"""

from __future__ import annotations

import ast
import builtins
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from . import allowlist as A


@dataclass(frozen=True)
class SafetyFlag:
    """A reason the static check distrusts a piece of generated code."""

    rule: str  # e.g. "not-allowed", "dynamic-code", "file-write", "shell-escape"
    message: str  # one line a human understands
    line: int | None = None


# Abstract kinds of what an expression evaluates to.
_DATA = "data"  # frames, arrays, numbers, fitted models, figures, cell-defined functions


@dataclass(frozen=True)
class _Module:
    path: str


@dataclass(frozen=True)
class _Callable:
    path: str  # an allowed module-level name, e.g. "numpy.mean"


@dataclass(frozen=True)
class _Refused:
    path: str  # a name imported from a refused module: every use is flagged again


_Kind = _Module | _Callable | _Refused | str

_ESCAPE_LINE = re.compile(r"^\s*(?:[\w.,\s\[\]()*]+=\s*)?([!%])")
_PANDAS_EXPR_ATTR = re.compile(r"\.\s*[A-Za-z_]")
_FORMAT_FIELD_ATTR = re.compile(r"\{[^}]*[.\[]")
_NEVER_TRUSTED = frozenset(sys.stdlib_module_names) | A.UNTRUSTED_VARIABLES


def _escape_lines(source: str) -> tuple[str, list[SafetyFlag]]:
    """Flag IPython ``!shell``/``%magic`` lines and blank them so the rest still parses."""
    flags: list[SafetyFlag] = []
    lines = source.splitlines()
    for number, line in enumerate(lines, start=1):
        m = _ESCAPE_LINE.match(line)
        if not m:
            continue
        stripped = line.lstrip()
        if m.group(1) == "!" or stripped.startswith("!") or re.match(r"^[\w.,\s]+=\s*!", stripped):
            rule, what = "shell-escape", "runs a shell command"
        elif stripped.startswith("%%"):
            rule, what = "magic", "cell magic (the cell body may be another language)"
        elif m.group(1) == "%" and (
            stripped.startswith("%") or re.match(r"^[\w.,\s]+=\s*%", stripped)
        ):
            rule, what = "magic", "IPython magic"
        else:
            continue
        flags.append(SafetyFlag(rule, f"`{stripped[:60]}` {what}", number))
        lines[number - 1] = line[: len(line) - len(stripped)] + "pass"
    return "\n".join(lines), flags


def _module_allowed(path: str) -> bool:
    return path in A.MODULES or path.startswith(A.MODULE_FAMILIES)


def _name_in_module(module: str, name: str) -> bool:
    """Whether ``module.name`` is on the reviewed list (submodules included)."""
    if name.startswith("_"):
        return False
    if _module_allowed(f"{module}.{name}"):
        return True
    allowed = A.MODULES.get(module, A.ALL if module.startswith(A.MODULE_FAMILIES) else None)
    if allowed is None or name in A.MODULE_EXCEPT.get(module, frozenset()):
        return False
    return allowed == A.ALL or name in allowed


def _reason(dotted: str) -> str:
    """Why ``dotted`` is refused, from the most specific known prefix."""
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        why = A.REASONS.get(".".join(parts[:end]))
        if why:
            return why
    last = parts[-1]
    if A.REASONS.get(last):
        return A.REASONS[last]
    if last.startswith("to_") or last.startswith(("write", "save")):
        return "writes outside the notebook"
    if last.startswith("read_"):
        return "reads files or URLs"
    return "is not on the reviewed list of analysis APIs"


class _Checker(ast.NodeVisitor):
    """Walks one cell in source order, tracking what each bound name refers to."""

    def __init__(self, variables: Iterable[str], columns: Iterable[str]) -> None:
        self.flags: list[SafetyFlag] = []
        self.names: dict[str, _Kind] = {}
        for name in variables:
            if name in A.CONVENTIONAL_ALIASES:
                self.names[name] = _Module(A.CONVENTIONAL_ALIASES[name])
            elif name.isidentifier() and name not in _NEVER_TRUSTED and not name.startswith("_"):
                self.names[name] = _DATA
        self.columns = {str(c) for c in columns}

    def flag(self, rule: str, message: str, node: ast.AST) -> None:
        self.flags.append(SafetyFlag(rule, message, getattr(node, "lineno", None)))

    # ------------------------------------------------------------ expressions
    def kind(self, node: ast.expr) -> _Kind:
        """Check ``node`` (flagging what is not allowed) and say what it evaluates to."""
        if isinstance(node, ast.Name):
            return self._name(node)
        if isinstance(node, ast.Attribute):
            return self._attribute(node)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Lambda):
            self._bind_arguments(node.args)
            self.kind(node.body)
            return _DATA
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
            for gen in node.generators:
                self.kind(gen.iter)
                self._bind(gen.target, _DATA)
                for cond in gen.ifs:
                    self.kind(cond)
            for part in (node.key, node.value) if isinstance(node, ast.DictComp) else (node.elt,):
                self.kind(part)
            return _DATA
        if isinstance(node, ast.NamedExpr):
            value = self.kind(node.value)
            self._bind(node.target, value)
            return value
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.kind(child)
        return _DATA

    def _name(self, node: ast.Name) -> _Kind:
        name = node.id
        if name.startswith("__"):
            self.flag("introspection", f"uses `{name}` (Python internals)", node)
            return _DATA
        if name in self.names:
            kind = self.names[name]
            if isinstance(kind, _Refused):
                self.flag("not-allowed", f"uses `{kind.path}`, which {_reason(kind.path)}", node)
            return kind
        if name in A.SAFE_BUILTINS:
            return _Callable(name)
        if name in A.REASONS or hasattr(builtins, name):
            self.flag("not-allowed", f"uses `{name}`, which {_reason(name)}", node)
        else:
            self.flag(
                "unknown-name",
                f"uses `{name}`, which is neither a frame variable nor bound by the cell",
                node,
            )
        return _DATA

    def _attribute(self, node: ast.Attribute) -> _Kind:
        base = self.kind(node.value)
        attr = node.attr
        if isinstance(base, _Refused):  # already flagged where the chain went wrong
            return _Refused(f"{base.path}.{attr}")
        if attr.startswith("__") or attr in ("f_globals", "f_locals", "gi_frame", "tb_frame"):
            self.flag("introspection", f"accesses `{attr}` (sandbox-escape pattern)", node)
            return _DATA
        if isinstance(base, _Module):
            dotted = f"{base.path}.{attr}"
            if not _name_in_module(base.path, attr):
                self.flag("not-allowed", f"uses `{dotted}`, which {_reason(dotted)}", node)
                return _Refused(dotted)
            return _Module(dotted) if _module_allowed(dotted) else _Callable(dotted)
        if attr in A.SAFE_ATTRS or (attr in self.columns and not attr.startswith("_")):
            return _DATA
        what = base.path if isinstance(base, _Callable) else "a value"
        self.flag("not-allowed", f"calls or reads `.{attr}` on {what}, which {_reason(attr)}", node)
        return _Refused(attr)

    def _call(self, node: ast.Call) -> _Kind:
        self.kind(node.func)
        for arg in node.args:
            self.kind(arg.value if isinstance(arg, ast.Starred) else arg)
        for keyword in node.keywords:
            self.kind(keyword.value)
        if isinstance(node.func, ast.Attribute):
            method = node.func.attr
            if method in ("eval", "query"):
                self._check_expression_string(node, method)
            elif method in A.DISPATCH_METHODS:
                self._check_dispatch(node, method)
            elif method in ("format", "format_map") and _has_field_access(node.func.value):
                self.flag(
                    "introspection", "a format string reaches attributes of its arguments", node
                )
        return _DATA

    def _check_expression_string(self, node: ast.Call, method: str) -> None:
        """``df.eval``/``df.query`` run a small language: allow plain column arithmetic only."""
        text = node.args[0] if node.args else None
        if not (isinstance(text, ast.Constant) and isinstance(text.value, str)):
            self.flag("dynamic-code", f"`.{method}()` of a computed string", node)
        elif "@" in text.value or "__" in text.value or "(" in text.value:
            self.flag("dynamic-code", f"`.{method}()` string reaches variables or calls", node)
        elif _PANDAS_EXPR_ATTR.search(text.value):
            self.flag("dynamic-code", f"`.{method}()` string reaches attributes", node)
        if any(
            k.arg in ("local_dict", "global_dict", "resolvers", "engine") for k in node.keywords
        ):
            self.flag("dynamic-code", f"`.{method}()` with custom resolvers or engine", node)

    def _check_dispatch(self, node: ast.Call, method: str) -> None:
        """String arguments of ``agg``/``apply``… name methods: they must be allowed too."""
        if method in ("agg", "aggregate"):  # named aggregations: total=("sales", "sum")
            values = [*node.args, *(k.value for k in node.keywords if k.arg != "axis")]
        else:
            values = [*node.args[:1], *(k.value for k in node.keywords if k.arg == "func")]
        for name in _dispatched_strings(values, named=method in ("agg", "aggregate")):
            if name not in A.SAFE_ATTRS:
                self.flag(
                    "not-allowed", f"`.{method}({name!r})` calls a method not on the list", node
                )

    # ------------------------------------------------------------ binding
    def _bind(self, target: ast.expr, kind: _Kind) -> None:
        if isinstance(target, ast.Name):
            if target.id.startswith("__"):
                self.flag("introspection", f"binds `{target.id}` (Python internals)", target)
            self.names[target.id] = kind
        elif isinstance(target, (ast.Tuple, ast.List)):
            for elt in target.elts:
                self._bind(elt, _DATA)
        elif isinstance(target, ast.Starred):
            self._bind(target.value, _DATA)
        elif isinstance(target, ast.Attribute):
            base = self.kind(target.value)
            if isinstance(base, (_Module, _Callable)):
                self.flag("not-allowed", f"replaces `{base.path}.{target.attr}`", target)
            elif target.attr.startswith("_"):
                self.flag("introspection", f"assigns `{target.attr}`", target)
            elif not (target.attr in A.SAFE_ATTRS or target.attr in self.columns):
                self.flag("not-allowed", f"assigns `.{target.attr}`", target)
        elif isinstance(target, ast.Subscript):
            self.kind(target.value)
            self.kind(target.slice)

    def _bind_arguments(self, args: ast.arguments) -> None:
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self.kind(default)
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
        for arg in every:
            if arg is not None:
                self.names[arg.arg] = _DATA

    # ------------------------------------------------------------ statements
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if not _module_allowed(alias.name):
                self.flag(
                    "not-allowed", f"imports `{alias.name}`, which {_reason(alias.name)}", node
                )
            # refused modules are bound too, so their uses are flagged by their real names
            if alias.asname:
                self.names[alias.asname] = _Module(alias.name)
            else:
                root = alias.name.split(".")[0]
                self.names[root] = _Module(root)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if node.level or not _module_allowed(module):
            self.flag("not-allowed", f"imports from `{module}`, which {_reason(module)}", node)
            for alias in node.names:
                self.names[alias.asname or alias.name] = _Refused(f"{module}.{alias.name}")
            return
        for alias in node.names:
            dotted = f"{module}.{alias.name}"
            if alias.name == "*":
                self.flag(
                    "not-allowed", f"`from {module} import *` hides which names it uses", node
                )
            elif not _name_in_module(module, alias.name):
                self.flag("not-allowed", f"imports `{dotted}`, which {_reason(dotted)}", node)
                self.names[alias.asname or alias.name] = _Refused(dotted)
            else:
                kind = _Module(dotted) if _module_allowed(dotted) else _Callable(dotted)
                self.names[alias.asname or alias.name] = kind

    def visit_Assign(self, node: ast.Assign) -> None:
        kind = self.kind(node.value)
        for target in node.targets:
            self._bind(target, kind)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        kind = self.kind(node.value) if node.value is not None else _DATA
        self._bind(node.target, kind)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.kind(node.value)
        self.kind(node.target)  # ``x += 1`` reads ``x`` first
        if isinstance(node.target, ast.Name):
            self.names.setdefault(node.target.id, _DATA)

    def visit_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self._bind(target, _DATA)

    def visit_Expr(self, node: ast.Expr) -> None:
        self.kind(node.value)

    def visit_Return(self, node: ast.Return) -> None:
        if node.value is not None:
            self.kind(node.value)

    def _function(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        if node.name.startswith("__"):
            self.flag("introspection", f"defines `{node.name}` (Python internals)", node)
        for decorator in node.decorator_list:
            self.kind(decorator)
        self.names[node.name] = _DATA
        self._bind_arguments(node.args)
        for statement in node.body:
            self.visit(statement)

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self._function(node)

    def visit_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self._function(node)

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.flag("not-allowed", f"defines class `{node.name}` (can hook Python machinery)", node)

    def visit_For(self, node: ast.For) -> None:
        self.kind(node.iter)
        self._bind(node.target, _DATA)
        for statement in [*node.body, *node.orelse]:
            self.visit(statement)

    visit_AsyncFor = visit_For  # type: ignore[assignment]

    def visit_With(self, node: ast.With) -> None:
        for item in node.items:
            self.kind(item.context_expr)
            if item.optional_vars is not None:
                self._bind(item.optional_vars, _DATA)
        for statement in node.body:
            self.visit(statement)

    visit_AsyncWith = visit_With  # type: ignore[assignment]

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        if node.type is not None:
            self.kind(node.type)
        if node.name:
            self.names[node.name] = _DATA
        for statement in node.body:
            self.visit(statement)

    def visit_Global(self, node: ast.Global) -> None:
        self.flag("not-allowed", "`global` rebinds names outside the cell", node)

    def generic_visit(self, node: ast.AST) -> None:
        """Statements not handled above: check every expression, visit nested statements."""
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.expr):
                self.kind(child)
            elif isinstance(child, (ast.stmt, ast.excepthandler, ast.match_case)):
                self.visit(child)
            else:
                self.generic_visit(child)


def _has_field_access(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and bool(_FORMAT_FIELD_ATTR.search(node.value))
    )


def _dispatched_strings(values: Iterable[ast.expr | None], *, named: bool) -> Iterator[str]:
    """String constants an ``agg``-like call would look up as method names."""
    for value in values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            yield value.value
        elif named and isinstance(value, ast.Tuple) and len(value.elts) == 2:
            yield from _dispatched_strings([value.elts[1]], named=named)  # (column, func)
        elif isinstance(value, (ast.List, ast.Tuple, ast.Set)):
            yield from _dispatched_strings(value.elts, named=named)
        elif isinstance(value, ast.Dict):
            yield from _dispatched_strings(value.values, named=named)


def _dedupe(flags: list[SafetyFlag]) -> Iterator[SafetyFlag]:
    seen: set[tuple[str, str, int | None]] = set()
    for f in sorted(flags, key=lambda f: (f.line or 0, f.rule, f.message)):
        key = (f.rule, f.message, f.line)
        if key not in seen:
            seen.add(key)
            yield f


def check_code(
    source: str, *, variables: Iterable[str] = ("df",), columns: Iterable[str] = ()
) -> tuple[SafetyFlag, ...]:
    """Flags for everything in ``source`` that is not reviewed analysis code.

    ``variables`` are the kernel's frame variables (only names bound to frames: each is
    treated as a frame, and names of stdlib modules or IPython internals are never
    trusted); ``columns`` lets ``df.revenue`` pass. Empty result: the cell may be inserted
    with one click. Source that does not parse gets a single ``syntax-error`` flag.
    """
    cleaned, flags = _escape_lines(source)
    cell_magic = any(f.rule == "magic" and "cell magic" in f.message for f in flags)
    try:
        tree = ast.parse(cleaned)
    except (SyntaxError, ValueError) as exc:
        if cell_magic:  # e.g. a %%bash body: already flagged, not Python
            return tuple(_dedupe(flags))
        line = getattr(exc, "lineno", None)
        message = getattr(exc, "msg", str(exc))
        return (SafetyFlag("syntax-error", f"code does not parse: {message}", line),)
    checker = _Checker(variables, columns)
    for statement in tree.body:
        checker.visit(statement)
    return tuple(_dedupe(flags + checker.flags))
