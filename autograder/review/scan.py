"""A static scan of student notebooks that flags code worth a human look.

Student code runs in a sandbox, apart from the hidden tests; this scan only reads it, with the
``ast`` module (so comments and strings never raise an alarm), and lists what *looks like* an
attempt to cheat. A flag is a question for the instructor, not a verdict: it never changes a
score, and an honest notebook may get one (a stray ``%timeit``). What is flagged:

- IPython magics and shell escapes (``%...``, ``!...``), and cells that are not Python at all;
- monkeypatching: changing an attribute or item of an imported module, of a built-in, or of an
  object the student's cells did not create (``np.allclose = ...``, ``setattr(np, ...)``,
  ``np.__dict__[...] = ...``, ``del builtins.print``);
- redefining a helper of the instructor's cells: binding, at the top level, a name that they
  import or define (``def check_array(...)``); re-importing the same thing is fine;
- reaching the machinery: ``get_ipython``/``IPython``, ``sys.modules``, ``sys.settrace`` and
  friends, ``__import__``/``importlib``, ``exec``/``eval``/``compile``, ``globals()``/``vars()``,
  interpreter internals (``f.__globals__``, ``obj.__dict__``, frames), and classes that define
  ``__eq__`` or numpy's protocols (an answer that equals anything fools a check);
- modules with no business in an exercise: ``ctypes``, ``gc``, ``inspect``, ``signal``,
  processes and threads, the network, ``pickle``/``marshal``, environment variables (the grader
  keeps its settings there), the instructor's ``autograder`` and notebook tooling, and
  ``nnlearn.earlier`` beyond ``your_functions``;
- file access outside the notebook's folder: ``open``, ``pathlib.Path``, ``os.listdir``,
  ``os.walk``, ``glob``, ``shutil``, ``np.load``/``np.save`` ... with an absolute path, ``..``,
  ``~`` or a path computed at run time. A literal relative path such as ``"data.txt"`` is fine.

Names are resolved through the notebook's imports, so ``import numpy as np; np.exp(z)`` is plain
numpy and ``import os as o; o.system(...)`` is still ``os.system``.

:func:`scan_source` scans one cell on its own; :func:`scan_notebook` scans the code cells of a
notebook that are not the instructor's (``trusted_sources``), knowing every cell's names.
"""

from __future__ import annotations

import ast
import builtins
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from typing import NamedTuple

__all__ = ["Finding", "Flag", "scan_notebook", "scan_source"]


@dataclass(frozen=True)
class Flag:
    cell: int  # index of the cell in the notebook
    line: int  # 1-based line in that cell's source
    reason: str  # one sentence for the instructor


class Finding(NamedTuple):
    """A flag within one cell's source: (line, reason)."""

    line: int
    reason: str


# -- what is suspicious -----------------------------------------------------------------------

_KERNEL = "reaches the kernel the grader runs in (IPython / get_ipython)"
_TRACING = "watches or steers running code, the hidden tests' included"
_DYNAMIC_IMPORT = "imports a module by a name computed at run time (__import__ / importlib)"
_RUNS_STRINGS = "runs code built at run time (exec / eval / compile / runpy)"
_NAMESPACES = "reaches a namespace by name (globals() / vars()), where it can replace helpers"
_PROCESSES = "starts, signals or ends processes or threads"
_NETWORK = "uses the network"
_PICKLE = "loads or saves pickled objects, which can run any code when loaded"
_ENVIRONMENT = "reads or changes environment variables, where the grader keeps its settings"
_NOTEBOOK_TOOLS = "uses notebook or grading tooling, which can read the instructor's notebooks"

# Qualified name (a glob pattern) -> why using it is flagged. A pattern covers the name and
# everything under it: "ctypes" covers "ctypes.memmove". Bare built-ins are "builtins.<name>".
SUSPICIOUS = {
    "IPython": _KERNEL,
    "ipykernel": _KERNEL,
    "builtins.get_ipython": _KERNEL,
    "sys.modules": "changes or reads sys.modules, the table of imported modules",
    "sys.settrace": _TRACING,
    "sys.setprofile": _TRACING,
    "sys.addaudithook": _TRACING,
    "sys._getframe": _TRACING,
    "sys.meta_path": "changes how modules are imported (sys.meta_path)",
    "sys.path_hooks": "changes how modules are imported (sys.path_hooks)",
    "builtins.__import__": _DYNAMIC_IMPORT,
    "importlib": _DYNAMIC_IMPORT,
    "builtins.exec": _RUNS_STRINGS,
    "builtins.eval": _RUNS_STRINGS,
    "builtins.compile": _RUNS_STRINGS,
    "runpy": _RUNS_STRINGS,
    "code": _RUNS_STRINGS,
    "builtins.globals": _NAMESPACES,
    "builtins.vars": _NAMESPACES,
    "builtins.breakpoint": "starts the debugger, which would stop the grader",
    "unittest.mock": "uses unittest.mock, which is made for replacing functions",
    "ctypes": "uses ctypes, which can rewrite the interpreter's memory",
    "gc": "uses gc, which can find and change any object, the grader's included",
    "inspect": "uses inspect, which reads frames and source code, the hidden tests' included",
    "signal": "uses signal, which can interrupt or time out the grader",
    "os.fork*": _PROCESSES,
    "os.kill*": _PROCESSES,
    "os._exit": _PROCESSES,
    "os.abort": _PROCESSES,
    "os.system": _PROCESSES,
    "os.popen": _PROCESSES,
    "os.exec*": _PROCESSES,
    "os.spawn*": _PROCESSES,
    "os.posix_spawn*": _PROCESSES,
    "subprocess": _PROCESSES,
    "multiprocessing": _PROCESSES,
    "concurrent": _PROCESSES,
    "threading": _PROCESSES,
    "_thread": _PROCESSES,
    "pty": _PROCESSES,
    "socket": _NETWORK,
    "ssl": _NETWORK,
    "urllib": _NETWORK,
    "urllib3": _NETWORK,
    "http": _NETWORK,
    "requests": _NETWORK,
    "httpx": _NETWORK,
    "ftplib": _NETWORK,
    "smtplib": _NETWORK,
    "pickle": _PICKLE,
    "marshal": _PICKLE,
    "shelve": _PICKLE,
    "dill": _PICKLE,
    "cloudpickle": _PICKLE,
    "os.environ*": _ENVIRONMENT,
    "os.getenv*": _ENVIRONMENT,
    "os.putenv": _ENVIRONMENT,
    "os.unsetenv": _ENVIRONMENT,
    "autograder": "uses the instructor's grading package, which students do not have",
    "nbgrader": _NOTEBOOK_TOOLS,
    "nbformat": _NOTEBOOK_TOOLS,
    "nbclient": _NOTEBOOK_TOOLS,
    "nbconvert": _NOTEBOOK_TOOLS,
    "jupyter_client": _NOTEBOOK_TOOLS,
}

EARLIER = "nnlearn.earlier"
EARLIER_FOR_STUDENTS = {"nnlearn.earlier.your_functions"}

# Attributes that lead into the interpreter's internals: code, globals, frames, class trees.
INTERNAL_ATTRIBUTES = {
    "__builtins__",
    "__closure__",
    "__code__",
    "__defaults__",
    "__delattr__",
    "__dict__",
    "__getattribute__",
    "__globals__",
    "__import__",
    "__kwdefaults__",
    "__loader__",
    "__mro__",
    "__setattr__",
    "__spec__",
    "__subclasses__",
    "__bases__",
    "ag_frame",
    "cr_frame",
    "f_back",
    "f_builtins",
    "f_code",
    "f_globals",
    "f_locals",
    "gi_frame",
    "tb_frame",
}

# Methods through which an object can pass any check that compares or converts it.
COMPARISON_METHODS = {
    "__eq__",
    "__ne__",
    "__array__",
    "__array_function__",
    "__array_interface__",
    "__array_ufunc__",
    "__instancecheck__",
}

# Functions that open, list, change or load files: qualified name (a glob pattern) -> the
# positions of their path arguments (None: every positional argument).
PATH_FUNCTIONS = {
    "builtins.open": (0,),
    "io.open": (0,),
    "codecs.open": (0,),
    "os.open": (0,),
    "os.listdir": (0,),
    "os.scandir": (0,),
    "os.walk": (0,),
    "os.chdir": (0,),
    "os.mkdir": (0,),
    "os.makedirs": (0,),
    "os.remove": (0,),
    "os.unlink": (0,),
    "os.rmdir": (0,),
    "os.removedirs": (0,),
    "os.rename": (0, 1),
    "os.replace": (0, 1),
    "os.link": (0, 1),
    "os.symlink": (0, 1),
    "glob.glob": (0,),
    "glob.iglob": (0,),
    "shutil.*": None,
    "pathlib.*Path": None,
    "numpy.load": (0,),
    "numpy.loadtxt": (0,),
    "numpy.genfromtxt": (0,),
    "numpy.fromfile": (0,),
    "numpy.memmap": (0,),
    "numpy.save": (0,),
    "numpy.savez": (0,),
    "numpy.savez_compressed": (0,),
    "numpy.savetxt": (0,),
}
# Calls that join literal parts into a path: Path("data", "x.npz") is still a literal path.
PATH_BUILDERS = {"pathlib.Path", "pathlib.PurePath", "pathlib.PosixPath", "os.path.join"}
PATH_KEYWORDS = {"file", "fname", "filename", "path", "pathname", "src", "dst", "top"}
HOME_FOLDER = {"pathlib.Path.home", "os.path.expanduser"}

# Changes to these are part of ordinary work, not cheating (plt.rcParams["font.size"] = 12).
MAY_CHANGE = ("matplotlib.*",)

BUILTIN_NAMES = set(dir(builtins)) | {"get_ipython"}

# Instructor cells holding an exercise (solution markers, or nbgrader's stub): the names they
# define are the student's to write, not helpers.
EXERCISE_MARKERS = ("### BEGIN SOLUTION", "YOUR CODE HERE")

# Deeper syntax trees are not scanned (the scan recurses; honest code nests far less).
MAX_DEPTH = 150

# IPython syntax that is not Python: magics and shell escapes (also as "x = !ls"), and help.
MAGIC_LINE = re.compile(r"^(?P<indent>[ \t]*)(?:[\w.]+[ \t]*=[ \t]*)?[%!]")
HELP_LINE = re.compile(r"^(?P<indent>[ \t]*)(?:\?\??[\w.]+|[\w.]+\?\??)[ \t]*$")


def _match(qualified: str | None, patterns: Iterable[str]) -> str | None:
    """The first pattern that covers ``qualified`` (the name itself or a parent), or None."""
    if qualified is None:
        return None
    for pattern in patterns:
        if fnmatchcase(qualified, pattern) or fnmatchcase(qualified, pattern + ".*"):
            return pattern
    return None


def _suspicious(qualified: str | None, context: _Context) -> str | None:
    """Why using ``qualified`` is flagged, or None."""
    if qualified is not None and (qualified == EARLIER or qualified.startswith(EARLIER + ".")):
        if qualified in EARLIER_FOR_STUDENTS | context.earlier_imported_by_instructor:
            return None
        return "uses nnlearn.earlier internals (students only need your_functions)"
    pattern = _match(qualified, SUSPICIOUS)
    return None if pattern is None else SUSPICIOUS[pattern]


def _code(node: ast.AST, limit: int = 70) -> str:
    """The first line of ``node`` as code, shortened to ``limit`` characters."""
    text = ast.unparse(node).split("\n")[0]
    return text if len(text) <= limit else text[: limit - 3] + "..."


# -- names in a notebook ------------------------------------------------------------------------


@dataclass
class _Context:
    """What the scan knows about the names of a notebook."""

    imports: dict[str, str] = field(default_factory=dict)  # name -> module/object it imports
    student_imports: dict[str, str] = field(default_factory=dict)
    student_names: set[str] = field(default_factory=set)  # bound anywhere in student cells
    top_level_names: set[str] = field(default_factory=set)  # bound at top level by any cell
    knows_every_cell: bool = False  # False: one cell alone; other cells may define names
    helpers: dict[str, str] = field(default_factory=dict)  # instructor name -> how it is bound
    helper_imports: dict[str, str] = field(default_factory=dict)  # instructor import targets
    earlier_imported_by_instructor: set[str] = field(default_factory=set)

    def qualified_name(self, node: ast.AST) -> str | None:
        """``np.linalg.norm`` -> "numpy.linalg.norm"; a bare built-in -> "builtins.<name>";
        None when the expression is not a chain of names rooted in an import or a built-in."""
        if isinstance(node, ast.Attribute):
            parent = self.qualified_name(node.value)
            return None if parent is None else f"{parent}.{node.attr}"
        if not isinstance(node, ast.Name):
            return None
        if node.id in self.imports:
            return self.imports[node.id]
        if node.id == "__builtins__":
            return "builtins"
        if node.id in BUILTIN_NAMES and node.id not in self.top_level_names:
            return f"builtins.{node.id}"
        return None

    def is_foreign(self, root: str, *, item: bool) -> bool:
        """Whether the name ``root`` refers to something the student's cells did not create.

        A name no cell defines comes, in a notebook, from the instructor's cells. For one cell
        alone it is unknown: changing its attribute is still flagged, its item (arr[0] = 1) not.
        """
        if root in self.imports or root == "__builtins__":
            return True
        if root in self.student_names:
            return False
        return root in BUILTIN_NAMES or self.knows_every_cell or not item


class _Binding(NamedTuple):
    name: str
    kind: str  # "import", "def", "class", "assign", "del" or "global"
    statement: ast.AST
    target: str | None  # what an import binds the name to
    value: ast.AST | None  # what an assignment binds the name to


def _import_bindings(statement: ast.Import | ast.ImportFrom) -> list[_Binding]:
    bindings = []
    for alias in statement.names:
        if isinstance(statement, ast.Import):
            name = alias.asname or alias.name.split(".")[0]
            target = alias.name if alias.asname else name
        elif alias.name == "*" or statement.level:
            continue  # a star or relative import binds names the scan cannot know
        else:
            name, target = alias.asname or alias.name, f"{statement.module}.{alias.name}"
        bindings.append(_Binding(name, "import", statement, target, None))
    return bindings


def _top_level_bindings(tree: ast.Module) -> list[_Binding]:
    """The names a cell binds in the notebook's namespace, with how it binds them; names
    declared ``global`` in functions count too."""
    bindings: list[_Binding] = []

    def visit(node: ast.AST, statement: ast.AST, value: ast.AST | None = None) -> None:
        if isinstance(node, ast.stmt):
            statement = node
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            bindings.extend(_import_bindings(node))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            kind = "class" if isinstance(node, ast.ClassDef) else "def"
            bindings.append(_Binding(node.name, kind, node, None, None))
            for inner in ast.walk(node):
                if isinstance(inner, ast.Global):
                    bindings.extend(_Binding(n, "global", inner, None, None) for n in inner.names)
            return  # the body is a scope of its own
        elif isinstance(
            node, (ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
        ):
            return  # a scope of its own
        elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            kind = "del" if isinstance(node.ctx, ast.Del) else "assign"
            bindings.append(_Binding(node.id, kind, statement, None, value))
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            bindings.append(_Binding(node.name, "assign", statement, None, None))
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            visit(node.value, statement)
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                visit(target, statement, node.value)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, statement, value)

    visit(tree, tree)
    return bindings


def _names_bound_anywhere(tree: ast.Module) -> set[str]:
    """Every name a cell binds, in any scope: variables, parameters, functions, imports."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update(binding.name for binding in _import_bindings(node))
    return names


def _is_exercise(source: str) -> bool:
    return any(marker in source for marker in EXERCISE_MARKERS)


@functools.lru_cache(maxsize=16)
def _instructor_bindings(
    instructor_cells: tuple[tuple[str, ast.Module], ...],
) -> tuple[tuple[str, _Binding], ...]:
    """(source, binding) of each name the instructor's cells bind: once per chapter's cells
    (:func:`_instructor_cells` gives the same trees each time), not once per submission."""
    return tuple(
        (source, binding)
        for source, tree in instructor_cells
        for binding in _top_level_bindings(tree)
    )


def _build_context(
    instructor_cells: list[tuple[str, ast.Module]],
    student_trees: list[ast.Module],
    knows_every_cell: bool,
) -> _Context:
    context = _Context(knows_every_cell=knows_every_cell)
    instructor_bindings = _instructor_bindings(tuple(instructor_cells))
    for _, binding in instructor_bindings:  # the imports first, whatever the order of the cells
        context.top_level_names.add(binding.name)
        if binding.kind == "import":
            context.imports[binding.name] = binding.target
            if binding.target.startswith(EARLIER + "."):
                context.earlier_imported_by_instructor.add(binding.target)
    for source, binding in instructor_bindings:
        if _is_exercise(source):
            continue  # the exercise's own names: the student writes them
        if binding.kind == "import":
            context.helpers[binding.name] = f"import ({binding.target})"
            context.helper_imports[binding.name] = binding.target
        elif binding.kind in ("def", "class"):
            context.helpers[binding.name] = "define"
        elif binding.kind == "assign" and _loads_earlier_functions(binding.value, context):
            context.helpers[binding.name] = "load with your_functions"
    for tree in student_trees:
        context.student_names |= _names_bound_anywhere(tree)
        for binding in _top_level_bindings(tree):
            context.top_level_names.add(binding.name)
            if binding.kind == "import":
                context.imports[binding.name] = binding.target
                context.student_imports[binding.name] = binding.target
    for tree in student_trees:  # aliases: t = np.testing makes t stand for numpy.testing
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Assign)
                and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, (ast.Name, ast.Attribute))
            ):
                qualified = context.qualified_name(node.value)
                if qualified is not None:
                    context.imports[node.targets[0].id] = qualified
    return context


def _loads_earlier_functions(value: ast.AST | None, context: _Context) -> bool:
    return isinstance(value, ast.Call) and (
        context.qualified_name(value.func) == "nnlearn.earlier.your_functions"
    )


# -- parsing cells ------------------------------------------------------------------------------


def _without_magics(source: str) -> tuple[str, list[Finding]]:
    """The source with IPython-only lines replaced by ``pass`` (lines keep their numbers), and
    a finding for each magic or shell command."""
    lines, findings = [], []
    for number, line in enumerate(source.split("\n"), start=1):
        magic, help_request = MAGIC_LINE.match(line), HELP_LINE.match(line)
        if magic:
            command = line.strip()
            command = command if len(command) <= 70 else command[:67] + "..."
            findings.append(Finding(number, f"runs an IPython magic / shell command: {command}"))
        if magic or help_request:
            line = (magic or help_request)["indent"] + "pass"
        lines.append(line)
    return "\n".join(lines), findings


def _parse(source: str) -> tuple[ast.Module | None, list[Finding]]:
    """The cell's syntax tree (None if it is not Python) and findings about its syntax."""
    findings = []
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        python, findings = _without_magics(source)
        try:
            tree = ast.parse(python)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
            line = getattr(error, "lineno", None) or 1
            detail = getattr(error, "msg", None) or str(error) or type(error).__name__
            return None, [
                *findings,
                Finding(line, f"could not be parsed; review by hand ({detail})"),
            ]
    if _depth(tree) > MAX_DEPTH:
        return None, [*findings, Finding(1, "is nested too deeply to scan; review by hand")]
    return tree, findings


def _depth(tree: ast.AST) -> int:
    """How deeply the syntax tree nests (counted without recursion)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        stack += [(child, depth + 1) for child in ast.iter_child_nodes(node)]
    return deepest


# -- the scan -----------------------------------------------------------------------------------


def _path_text(node: ast.AST, context: _Context) -> str | None:
    """The path ``node`` spells out in literals, or None if it is computed at run time."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        parts = [_path_text(value, context) for value in node.values]
        return None if None in parts else "".join(parts)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Div)):
        left, right = _path_text(node.left, context), _path_text(node.right, context)
        if left is None or right is None:
            return None
        return left + right if isinstance(node.op, ast.Add) else f"{left}/{right}"
    if isinstance(node, ast.Call) and not node.keywords:
        function = context.qualified_name(node.func)
        if function in PATH_BUILDERS:
            parts = [_path_text(argument, context) for argument in node.args]
            return None if None in parts else "/".join(parts) or "."
    return None


def _path_problem(node: ast.AST, context: _Context) -> str | None:
    """What takes the path ``node`` outside the notebook's folder, or None."""
    text = _path_text(node, context)
    if text is None:
        return "a path computed at run time"
    if text.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", text):
        return "an absolute path"
    if text.startswith("~"):
        return "a path in the home folder"
    if ".." in re.split(r"[/\\]", text):
        return "a path with '..'"
    return None


class _Scanner(ast.NodeVisitor):
    """Collects findings about one cell's syntax tree."""

    def __init__(self, context: _Context):
        self.context = context
        self.findings: list[Finding] = []

    def flag(self, node: ast.AST, reason: str) -> None:
        self.findings.append(Finding(getattr(node, "lineno", 1), reason))

    # imports and names

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        module = node.module if isinstance(node, ast.ImportFrom) else None
        if module and not node.level and any(alias.name == "*" for alias in node.names):
            reason = _suspicious(module, self.context)
            if reason or module in ("os", "sys"):
                self.flag(node, f"{reason or 'hides which functions it uses'}: {_code(node)}")
        for alias in node.names:
            if isinstance(node, ast.Import):
                imported = alias.name
            elif alias.name == "*" or node.level:
                continue
            else:
                imported = f"{module}.{alias.name}"
            reason = _suspicious(imported, self.context)
            if imported == "builtins":
                reason = "imports builtins, the module of Python's built-in functions"
            if reason:
                self.flag(node, f"{reason}: {_code(node)}")

    visit_ImportFrom = visit_Import

    def visit_Name(self, node: ast.Name) -> None:
        if node.id == "__builtins__":
            self.flag(node, "reaches __builtins__, the namespace of Python's built-in functions")
        else:
            self.check_reference(node)

    def check_reference(self, node: ast.Name | ast.Attribute) -> bool:
        """Flag a use of something suspicious (unless its import is flagged already)."""
        qualified = self.context.qualified_name(node)
        reason = _suspicious(qualified, self.context)
        if reason is None:
            return False
        root = _root_name(node)
        if _suspicious(self.context.student_imports.get(root), self.context) != reason:
            self.flag(node, f"{reason}: {_code(node)}")
        return True

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self.check_change(node)
            return
        if node.attr in INTERNAL_ATTRIBUTES:
            self.flag(node, f"reaches interpreter internals ({node.attr}): {_code(node)}")
            return
        if not self.check_reference(node):
            self.generic_visit(node)

    # monkeypatching

    def visit_Subscript(self, node: ast.Subscript) -> None:
        if isinstance(node.ctx, (ast.Store, ast.Del)):
            self.check_change(node)
            self.visit(node.slice)
        else:
            self.generic_visit(node)

    def check_change(self, target: ast.Attribute | ast.Subscript) -> None:
        """Flag an assignment to, or ``del`` of, an attribute or item of a foreign object."""
        change = f"del {_code(target)}" if isinstance(target.ctx, ast.Del) else None
        change = change or f"{_code(target)} = ..."
        reason = self.change_reason(target.value, getattr(target, "attr", None))
        if reason is None and getattr(target, "attr", None) in INTERNAL_ATTRIBUTES:
            reason = f"changes interpreter internals ({target.attr})"
        if reason:
            self.flag(target, f"{reason}: {change}")
        else:
            self.visit(target.value)

    def change_reason(self, owner: ast.AST, attribute: str | None) -> str | None:
        """Why changing the attribute ``attribute`` ("" if computed; None for an item) of the
        object ``owner`` is flagged, or None."""
        root = _root_name(owner)
        if root is None or not self.context.is_foreign(root, item=attribute is None):
            return None
        if isinstance(owner, ast.Call):  # globals()[...] = ...: why the call itself is flagged
            reason = _suspicious(self.context.qualified_name(owner.func), self.context)
            if reason:
                return reason
        qualified = self.context.qualified_name(owner)
        if _match(qualified, MAY_CHANGE):
            return None
        if qualified == "builtins":
            return "changes Python's built-in functions"
        if qualified is None or root not in self.context.imports:
            return "changes an object this code did not create (monkeypatching)"
        if attribute is None:
            changed = f"an item of {qualified}"
        else:
            changed = f"{qualified}.{attribute}" if attribute else f"an attribute of {qualified}"
        return f"changes {changed}, which comes from an import (monkeypatching)"

    def visit_Call(self, node: ast.Call) -> None:
        function = self.context.qualified_name(node.func)
        if function in ("builtins.setattr", "builtins.delattr") and node.args:
            names = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
            reason = self.change_reason(node.args[0], str(names[0]) if names else "")
            if reason:
                self.flag(node, f"{reason}: {_code(node)}")
        if function in ("builtins.getattr", "builtins.setattr", "builtins.delattr"):
            names = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
            if set(names) & INTERNAL_ATTRIBUTES:
                self.flag(node, f"reaches interpreter internals ({names[0]}): {_code(node)}")
        self.check_file_access(node, function)
        self.generic_visit(node)

    # files

    def check_file_access(self, node: ast.Call, function: str | None) -> None:
        if function in HOME_FOLDER:
            self.flag(node, f"accesses files outside the notebook's folder: {_code(node)}")
            return
        pattern = _match(function, PATH_FUNCTIONS)
        if pattern is None:
            return
        positions = PATH_FUNCTIONS[pattern]
        paths = [
            argument
            for position, argument in enumerate(node.args)
            if positions is None or position in positions
        ]
        paths += [keyword.value for keyword in node.keywords if keyword.arg in PATH_KEYWORDS]
        paths += [keyword.value for keyword in node.keywords if keyword.arg is None]  # **kwargs
        for path in paths:
            problem = _path_problem(path, self.context)
            if problem:
                self.flag(
                    node,
                    f"accesses files outside the notebook's folder ({problem}): {_code(node)}",
                )
                return

    # classes that compare equal to anything

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        for statement in node.body:
            if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef)):
                defined = {statement.name}
            elif isinstance(statement, ast.Assign):
                defined = {t.id for t in statement.targets if isinstance(t, ast.Name)}
            else:
                defined = set()
            for name in sorted(defined & COMPARISON_METHODS):
                self.flag(
                    statement,
                    f"defines {name} in class {node.name}: an answer that compares equal to "
                    "anything can fool the checks",
                )
        self.generic_visit(node)


def _root_name(node: ast.AST) -> str | None:
    """The name an expression such as ``a.b[0].c()`` starts from: "a"."""
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call, ast.Starred)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _helper_rebindings(tree: ast.Module, context: _Context) -> list[Finding]:
    """Top-level bindings of names the instructor's cells import or define."""
    findings = []
    for binding in _top_level_bindings(tree):
        how = context.helpers.get(binding.name)
        if how is None:
            continue
        if binding.kind == "import" and binding.target == context.helper_imports.get(binding.name):
            continue  # the same import as the instructor's
        findings.append(
            Finding(
                binding.statement.lineno,
                f"redefines {binding.name}, which the instructor's cells {how}: "
                f"{_code(binding.statement)}",
            )
        )
    return findings


def _scan_tree(tree: ast.Module, context: _Context) -> list[Finding]:
    scanner = _Scanner(context)
    scanner.visit(tree)
    return scanner.findings + _helper_rebindings(tree, context)


def scan_source(source: str, *, context: _Context | None = None) -> list[Finding]:
    """Findings (line, reason) for one cell's code, in line order.

    On its own (no ``context``) a cell is scanned without knowing the notebook's other cells:
    a name it does not define may be defined elsewhere, so changing it is not flagged.
    """
    tree, findings = _parse(source)
    if tree is not None:
        if context is None:
            context = _build_context([], [tree], knows_every_cell=False)
        findings += _scan_tree(tree, context)
    return sorted(set(findings))


def _source(cell) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def scan_notebook(nb, *, trusted_sources: Iterable[str] = frozenset()) -> list[Flag]:
    """Flags for the code cells of ``nb`` (an nbformat v4 notebook) whose source is not one of
    ``trusted_sources``: the code cells of the instructor's notebook, which are not scanned and
    tell which names are the instructor's helpers. Sources are compared without leading and
    trailing white space."""
    trusted, instructor_cells = _instructor_cells(frozenset(trusted_sources))
    student_cells = [
        (index, _source(cell))
        for index, cell in enumerate(nb.cells)
        if cell.get("cell_type") == "code" and _source(cell).strip() not in trusted
    ]
    parsed = [(index, _parse(source)) for index, source in student_cells]
    context = _build_context(
        list(instructor_cells),
        [tree for _, (tree, _) in parsed if tree is not None],
        knows_every_cell=True,
    )
    flags = []
    for index, (tree, findings) in parsed:  # each cell parsed once, as scan_source would
        if tree is not None:
            findings = findings + _scan_tree(tree, context)
        flags += [Flag(index, line, reason) for line, reason in sorted(set(findings))]
    return flags


@functools.lru_cache(maxsize=16)
def _instructor_cells(
    trusted_sources: frozenset[str],
) -> tuple[frozenset[str], tuple[tuple[str, ast.Module], ...]]:
    """The trusted sources stripped, and the syntax tree of each that parses: once per set of
    sources (a chapter's), not once per submission. The trees are only read, never changed."""
    trusted = {source.strip(): source for source in trusted_sources}
    cells = []
    for source in trusted.values():
        tree, _ = _parse(source)
        if tree is not None:
            cells.append((source, tree))
    return frozenset(trusted), tuple(cells)
