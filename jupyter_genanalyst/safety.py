"""Static safety check of LLM-generated code cells. Nothing here executes the code.

Why static: peers that ran generated code in-process (pandas-ai, LIDA) turned prompt
injection into remote code execution. Generated cells are only *proposed*; this check
decides whether inserting one needs an explicit acknowledgement. It reads the AST,
resolves import aliases (``import os as o``; ``from os import system as s``) and flags
anything that reaches the shell, the network, the file system (writes/deletes), unsafe
deserialisation, or dynamic code/attribute tricks. It errs towards flagging: a false
alarm costs one click, a miss costs the user's machine.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class SafetyFlag:
    """A reason the static check distrusts a piece of generated code."""

    rule: str  # e.g. "dangerous-import", "exec-call", "file-write"
    message: str  # one line a human understands
    line: int | None = None


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Importing any of these is flagged; so is calling anything reached through them.
_MODULE_GROUPS: dict[str, str] = {
    "runs commands": "os posix nt subprocess pty pexpect sh plumbum",
    "copies or deletes files": "shutil",
    "reaches the network": "socket requests urllib urllib3 httpx http ftplib smtplib telnetlib "
    "xmlrpc aiohttp websocket websockets paramiko pycurl webbrowser boto3 zmq",
    "deserialises code": "pickle cPickle dill cloudpickle marshal shelve",
    "loads or runs code dynamically": "importlib builtins __builtin__ runpy code codeop",
    "calls native code": "ctypes cffi _ctypes",
    "starts processes": "multiprocessing",
}
DANGEROUS_MODULES: dict[str, str] = {
    module: why for why, modules in _MODULE_GROUPS.items() for module in modules.split()
}

DYNAMIC_BUILTINS = _names("eval exec compile __import__ breakpoint")
INTROSPECTION_BUILTINS = _names("globals locals vars")
ATTR_BUILTINS = _names("getattr setattr delattr")
DANGEROUS_ATTRS = _names(
    "system popen spawnl spawnv spawnve spawnlp execl execle execlp execv execve execvp execvpe "
    "fork forkpty kill killpg Popen check_output check_call getoutput getstatusoutput rmtree "
    "unlink rmdir removedirs startfile eval exec __import__ load loads"
)
# Methods flagged on any object (``.eval``/``.load`` are ordinary pandas/json methods).
DANGEROUS_METHODS = DANGEROUS_ATTRS - _names("eval exec load loads unlink rmdir rmtree removedirs")
DUNDER_ESCAPES = _names(
    "__subclasses__ __bases__ __base__ __mro__ __globals__ __code__ __builtins__ __import__ "
    "__loader__ __reduce__ __reduce_ex__ __getattribute__ __closure__ __func__ __self__ __dict__ "
    "f_globals f_locals f_back f_builtins gi_frame tb_frame cr_frame func_globals"
)
# Writers that return a string when called without a path (``df.to_csv()`` is harmless).
WRITE_METHODS = _names(
    "to_csv to_parquet to_excel to_json to_pickle to_hdf to_feather to_stata to_html "
    "to_latex to_markdown to_xml to_orc to_string"
)
ALWAYS_WRITE_METHODS = _names(
    "to_pickle to_sql to_clipboard to_gbq write_text write_bytes write_html write_image "
    "write_json savefig touch symlink_to hardlink_to chmod extractall extract mkdir makedirs"
)
DELETE_METHODS = _names("unlink rmdir rmtree remove removedirs")
PATH_ONLY_METHODS = _names("rename replace write open")  # dangerous only on Path objects
SAVE_FUNCS = _names(
    "numpy.save numpy.savez numpy.savez_compressed numpy.savetxt joblib.dump pandas.ExcelWriter "
    "pandas.HDFStore json.dump yaml.dump torch.save"
)
UNSAFE_LOADS = _names(
    "pandas.read_pickle joblib.load torch.load numpy.load yaml.load yaml.unsafe_load "
    "jsonpickle.decode"
)
SYS_ATTRS = _names(
    "modules _getframe meta_path path_hooks settrace setprofile addaudithook path exit"
)
IPYTHON_ESCAPES = _names(
    "system getoutput run_line_magic run_cell_magic magic ex ev run_cell system_piped system_raw"
)
READERS = _names(
    "read_csv read_json read_html read_excel read_parquet read_table read_xml read_feather "
    "read_orc read_sas read_stata read_fwf"
)
URL_RE = re.compile(r"^\s*(?:https?|ftp|s3|gs|gcs|az|abfs|hdfs|file|smb)://", re.IGNORECASE)
_ESCAPE_LINE = re.compile(r"^\s*(?:[\w.,\s\[\]()*]+=\s*)?([!%])")
_WRITE_MODE = re.compile(r"[wax+]")


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
        command = stripped[:60]
        flags.append(SafetyFlag(rule, f"`{command}` {what}", number))
        indent = line[: len(line) - len(stripped)]
        lines[number - 1] = indent + "pass"
    return "\n".join(lines), flags


class _Checker(ast.NodeVisitor):
    """Walks one module, resolving names through import aliases."""

    def __init__(self) -> None:
        self.flags: list[SafetyFlag] = []
        self.aliases: dict[str, str] = {}  # local name -> dotted origin ("o" -> "os")
        self.paths: set[str] = set()  # names bound to pathlib.Path objects

    def flag(self, rule: str, message: str, node: ast.AST) -> None:
        self.flags.append(SafetyFlag(rule, message, getattr(node, "lineno", None)))

    # ---------------------------------------------------------- name resolution
    def qualname(self, node: ast.AST) -> str | None:
        """Dotted name of ``node`` with aliases expanded (``o.system`` -> ``os.system``)."""
        if isinstance(node, ast.Name):
            return self.aliases.get(node.id, node.id)
        if isinstance(node, ast.Attribute):
            base = self.qualname(node.value)
            return f"{base}.{node.attr}" if base else None
        if isinstance(node, ast.Call):  # get_ipython().system -> get_ipython().system
            base = self.qualname(node.func)
            return f"{base}()" if base else None
        return None

    def _module_danger(self, dotted: str) -> str | None:
        root = dotted.split(".")[0]
        if dotted.startswith("http.client") or root in DANGEROUS_MODULES:
            return DANGEROUS_MODULES.get(root, "reaches the network")
        return None

    # ---------------------------------------------------------- imports
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            local = alias.asname or alias.name.split(".")[0]
            self.aliases[local] = alias.name if alias.asname else alias.name.split(".")[0]
            why = self._module_danger(alias.name)
            if why:
                self.flag("dangerous-import", f"imports `{alias.name}`, which {why}", node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        why = self._module_danger(module) if module else None
        for alias in node.names:
            full = f"{module}.{alias.name}" if module else alias.name
            self.aliases[alias.asname or alias.name] = full
            if alias.name == "*" and why:
                continue
            if not why and (
                self._module_danger(alias.name) if not module or module == "." else None
            ):
                why = self._module_danger(alias.name)
        if why:
            self.flag("dangerous-import", f"imports from `{module}`, which {why}", node)

    # ---------------------------------------------------------- names and attributes
    def visit_Name(self, node: ast.Name) -> None:
        origin = self.aliases.get(node.id, node.id)
        base = origin.split(".")[-1] if "." in origin else origin
        if node.id in ("__builtins__", "__loader__", "__spec__"):
            self.flag("introspection", f"uses `{node.id}`", node)
        elif (
            isinstance(node.ctx, ast.Load)
            and base in DYNAMIC_BUILTINS
            and origin in (base, f"builtins.{base}")
        ):
            self.flag("dynamic-code", f"uses `{base}`, which runs arbitrary code", node)
        elif isinstance(node.ctx, ast.Load) and origin in INTROSPECTION_BUILTINS:
            self.flag("introspection", f"uses `{origin}()` to reach variables by name", node)
        elif "." in origin and node.id != origin:  # from os import system
            why = self._module_danger(origin)
            if why and isinstance(node.ctx, ast.Load):
                self.flag("dangerous-call", f"uses `{origin}`, which {why}", node)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in DUNDER_ESCAPES:
            self.flag("introspection", f"accesses `{node.attr}` (sandbox-escape pattern)", node)
        dotted = self.qualname(node)
        if dotted:
            root = dotted.split(".")[0]
            if root == "sys" and node.attr in SYS_ATTRS:
                self.flag("introspection", f"uses `sys.{node.attr}`", node)
            if node.attr in DANGEROUS_MODULES and not dotted.startswith(node.attr):
                self.flag("dangerous-call", f"reaches `{node.attr}` through `{dotted}`", node)
        self.generic_visit(node)

    # ---------------------------------------------------------- assignments (Path tracking)
    def visit_Assign(self, node: ast.Assign) -> None:
        if self._is_path(node.value):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    self.paths.add(target.id)
        self.generic_visit(node)

    def _is_path(self, node: ast.AST) -> bool:
        if isinstance(node, ast.Call):
            name = self.qualname(node.func) or ""
            return name.split(".")[-1] in ("Path", "PurePath", "PosixPath", "WindowsPath") or (
                isinstance(node.func, ast.Attribute)
                and self._is_path(node.func.value)
                and node.func.attr
                in (
                    "resolve",
                    "absolute",
                    "expanduser",
                    "with_name",
                    "with_suffix",
                    "joinpath",
                    "home",
                    "cwd",
                )
            )
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
            return self._is_path(node.left)
        if isinstance(node, ast.Name):
            return node.id in self.paths
        return False

    # ---------------------------------------------------------- calls
    def visit_Call(self, node: ast.Call) -> None:
        name = self.qualname(node.func) or ""
        last = (
            name.split(".")[-1]
            if name
            else (node.func.attr if isinstance(node.func, ast.Attribute) else "")
        )
        why = self._module_danger(name) if name else None
        if why and "." in name:
            self.flag("dangerous-call", f"calls `{name}`, which {why}", node)
        if name.startswith("get_ipython()") and last in IPYTHON_ESCAPES:
            self.flag("shell-escape", f"calls `get_ipython().{last}`", node)
        if name in ("open", "io.open", "codecs.open", "builtins.open") or (
            last == "open"
            and isinstance(node.func, ast.Attribute)
            and self._is_path(node.func.value)
        ):
            self._check_open(node, name or "open")
        if last in ATTR_BUILTINS and name in (last, f"builtins.{last}"):
            self._check_getattr(node, last)
        if name in UNSAFE_LOADS or (
            name.endswith("read_pickle") and isinstance(node.func, ast.Attribute)
        ):
            self.flag(
                "unsafe-deserialization",
                f"calls `{name or last}`, which can run code from a file",
                node,
            )
        if name in SAVE_FUNCS:
            self.flag("file-write", f"calls `{name}`, which writes a file", node)
        if isinstance(node.func, ast.Attribute):
            self._check_method(node, node.func, last)
        self.generic_visit(node)

    def _check_method(self, node: ast.Call, func: ast.Attribute, last: str) -> None:
        on_path = self._is_path(func.value)
        if last in ALWAYS_WRITE_METHODS:
            self.flag("file-write", f"`.{last}()` writes outside the notebook", node)
        elif last in WRITE_METHODS and (
            node.args
            or any(
                k.arg in ("path", "path_or_buf", "buf", "excel_writer", "fname", "file")
                for k in node.keywords
            )
        ):
            self.flag("file-write", f"`.{last}(...)` writes to a path", node)
        if last in DELETE_METHODS and (
            on_path or last in ("rmtree", "unlink", "removedirs", "rmdir")
        ):
            self.flag("file-delete", f"`.{last}()` deletes files", node)
        elif on_path and last in PATH_ONLY_METHODS:
            self.flag("file-write", f"`Path.{last}()` changes files", node)
        if last in DANGEROUS_METHODS:
            name = self.qualname(func) or last
            if not self._module_danger(name):
                self.flag("dangerous-call", f"calls `.{last}()`", node)
        if last in ("load", "loads", "Unpickler") and self._module_danger(
            self.qualname(func.value) or ""
        ):
            self.flag(
                "unsafe-deserialization", f"`{self.qualname(func)}` can run code from data", node
            )
        if last in READERS:
            self._check_url(node, last)
        if last in ("query", "eval") and any(
            isinstance(a, ast.Constant) and isinstance(a.value, str) and "__" in a.value
            for a in node.args
        ):
            self.flag("dynamic-code", f"`.{last}()` expression reaches dunder attributes", node)

    def _check_url(self, node: ast.Call, last: str) -> None:
        arg = node.args[0] if node.args else None
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and URL_RE.match(arg.value):
            self.flag("network", f"`{last}` fetches a URL", node)
        elif isinstance(arg, ast.JoinedStr) and any(
            isinstance(v, ast.Constant) and isinstance(v.value, str) and "://" in v.value
            for v in arg.values
        ):
            self.flag("network", f"`{last}` fetches a URL built from data", node)

    def _check_open(self, node: ast.Call, name: str) -> None:
        mode: ast.AST | None = node.args[1] if len(node.args) > 1 else None
        if name.endswith(".open") and name not in ("io.open", "codecs.open", "builtins.open"):
            mode = node.args[0] if node.args else None  # Path.open(mode)
        for keyword in node.keywords:
            if keyword.arg == "mode":
                mode = keyword.value
        if mode is None:
            return
        if not (isinstance(mode, ast.Constant) and isinstance(mode.value, str)):
            self.flag("file-write", f"`{name}()` with a computed mode may write a file", node)
        elif _WRITE_MODE.search(mode.value):
            self.flag("file-write", f"`{name}(..., {mode.value!r})` writes a file", node)

    def _check_getattr(self, node: ast.Call, func: str) -> None:
        target = self.qualname(node.args[0]) if node.args else None
        attr = node.args[1] if len(node.args) > 1 else None
        if (
            func != "getattr"
            and target
            and (target in self.aliases.values() or target in ("builtins", "sys"))
        ):
            self.flag("introspection", f"`{func}` on module `{target}`", node)
            return
        if not (isinstance(attr, ast.Constant) and isinstance(attr.value, str)):
            self.flag("introspection", f"`{func}` with a computed attribute name", node)
        elif (
            attr.value.startswith("__")
            or attr.value in DANGEROUS_ATTRS | WRITE_METHODS | ALWAYS_WRITE_METHODS
        ):
            self.flag(
                "introspection", f"`{func}(..., {attr.value!r})` hides a dangerous attribute", node
            )


def _dedupe(flags: list[SafetyFlag]) -> Iterator[SafetyFlag]:
    seen: set[tuple[str, str, int | None]] = set()
    for f in sorted(flags, key=lambda f: (f.line or 0, f.rule, f.message)):
        key = (f.rule, f.message, f.line)
        if key not in seen:
            seen.add(key)
            yield f


def check_code(source: str) -> tuple[SafetyFlag, ...]:
    """Flags for everything dangerous in ``source``; empty for plain analysis code.

    Source that does not parse (after blanking IPython escapes) gets a single
    ``syntax-error`` flag: code nobody can read statically is not trusted.
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
    checker = _Checker()
    checker.visit(tree)
    return tuple(_dedupe(flags + checker.flags))
