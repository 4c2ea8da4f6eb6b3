"""SQL in geo/ is parameterised: no value is ever formatted into a statement's text (issue 14).

The test reads geo/'s source (AST, nothing runs) and finds every statement handed to a database: the
first argument of ``.execute``, ``.executemany``, ``.executescript`` and ``.copy``, and the SQL of the
store's ``db.run``/``db.run_many``/``db.query`` and of ``read_frame``. Where that text is built (an
f-string, ``%``, ``.format()`` or ``+``), directly or through a local variable, every piece put into it
must be SQL-safe:

- a literal, a module constant (an UPPER_CASE name: a column list, a lock number), or ``int(...)``;
- placeholders: ``"?" * n``, joined;
- ``", ".join`` of SQL-safe pieces, a choice between SQL-safe pieces;
- the SQL of a builder in :data:`SQL_BUILDERS`, which returns text with ``?`` placeholders and keeps its
  values apart (a filter's conditions, a dialect's form of a condition);
- an identifier from code, listed in :data:`IDENTIFIERS_FROM_CODE` with where it comes from.

A function's parameter handed on whole as the SQL is its caller's statement, checked at that call.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Which argument of each database call is the statement.
SQL_ARGUMENT = {"execute": 0, "executemany": 0, "executescript": 0, "copy": 0, "run": 1, "run_many": 1,
                "query": 0, "read_frame": 1}
#: Of those, the store's own, recognised only on a ``db`` (not a spatial index's ``query``).
STORE_CALLS = frozenset({"run", "run_many", "query"})
#: Functions and methods whose result is SQL with placeholders, its values returned or kept apart:
#: the store's filter conditions (geo/store/conditions.py) and the dialect's forms (geo/store/dialects.py).
SQL_BUILDERS = frozenset({"pairs", "mention_conditions", "conditions", "date_condition", "contains",
                          "articles_containing", "count_sql", "sql", "int",
                          # the totals' tables under a filter and their conditions (geo/store/aggregates.py, periods.py)
                          "place_table", "place_rows", "group_table", "group_rows",
                          "article_conditions"})
#: (module, function, name) -> where that identifier comes from: never from input.
IDENTIFIERS_FROM_CODE = {
    ("geo/store/queries.py", "_count_group", "table"): "a facet's table, 'places' or 'articles' (facets.FACETS)",
    ("geo/store/queries.py", "_count_group", "c"): "a facet's column names (facets.FACETS)",
    ("geo/store/schema.py", "migrate", "statement"): "schema.MIGRATIONS' statements, with the dialect's types",
}


def _name(func: ast.expr) -> str | None:
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None


def _is_constant_name(name: str) -> bool:
    return name.lstrip("_").isupper()


def sql_problems(source: str, module: str) -> list[str]:
    """``"module:line: piece"`` for each piece of SQL text in ``source`` that is not SQL-safe."""
    tree = ast.parse(source)
    problems: dict[str, None] = {}
    for function in ast.walk(tree):
        if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for line, piece in _Function(function, module).problems():
                problems[f"{module}:{line}: {ast.unparse(piece)}"] = None
    return list(problems)


class _Function:
    """The database calls of one function, and what its local names are assigned."""

    def __init__(self, function: ast.FunctionDef | ast.AsyncFunctionDef, module: str) -> None:
        self.function = function
        self.allowed = {name for (mod, func, name) in IDENTIFIERS_FROM_CODE if (mod, func) == (module, function.name)}
        self.parameters = {a.arg for a in ast.walk(function.args) if isinstance(a, ast.arg)}
        self.assigned: dict[str, list[ast.expr]] = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    self._bind(target, node.value)
            elif isinstance(node, (ast.AnnAssign, ast.AugAssign)) and node.value is not None:
                self._bind(node.target, node.value)

    def _bind(self, target: ast.expr, value: ast.expr) -> None:
        if isinstance(target, ast.Name):
            self.assigned.setdefault(target.id, []).append(value)
        elif isinstance(target, ast.Tuple):
            pieces = value.elts if isinstance(value, ast.Tuple) and len(value.elts) == len(target.elts) else None
            for i, element in enumerate(target.elts):  # sql, params = pairs(...): the call decides
                self._bind(element, pieces[i] if pieces else value)

    def problems(self):
        for node in ast.walk(self.function):
            if not (isinstance(node, ast.Call) and _name(node.func) in SQL_ARGUMENT):
                continue
            name = _name(node.func)
            if name in STORE_CALLS and not ast.unparse(node.func.value).endswith("db"):
                continue
            position = SQL_ARGUMENT[name]
            if len(node.args) <= position:
                continue
            sql = node.args[position]
            if isinstance(sql, ast.Name) and sql.id in self.parameters and sql.id not in self.assigned:
                continue  # the caller's statement
            piece = self._unsafe(sql, frozenset())
            if piece is not None:
                yield node.lineno, piece

    def _unsafe(self, node: ast.expr, seen: frozenset[str]) -> ast.expr | None:
        """The first piece of ``node`` that could carry a value into SQL text, or ``None``."""
        match node:
            case ast.Constant():
                return None
            case ast.JoinedStr(values=pieces) | ast.Tuple(elts=pieces) | ast.List(elts=pieces):
                return self._first(pieces, seen)
            case ast.FormattedValue(value=value) | ast.Subscript(value=value):
                return self._unsafe(value, seen)
            case ast.BinOp(op=ast.Add() | ast.Mod(), left=left, right=right):
                return self._first([left, right], seen)
            case ast.BinOp(op=ast.Mult(), left=ast.Constant(value="?")):
                return None
            case ast.IfExp(body=body, orelse=orelse):
                return self._first([body, orelse], seen)
            case ast.GeneratorExp(elt=elt) | ast.ListComp(elt=elt):
                return self._unsafe(elt, seen)
            case ast.Attribute(attr=attr):
                return None if _is_constant_name(attr) else node
            case ast.Name(id=name):
                return self._name_unsafe(node, name, seen)
            case ast.Call(func=ast.Attribute(attr="join" | "format", value=text), args=args, keywords=keywords):
                return self._first([text, *args, *(k.value for k in keywords)], seen)
            case ast.Call(func=func) if _name(func) in SQL_BUILDERS:
                return None
        return node

    def _name_unsafe(self, node: ast.Name, name: str, seen: frozenset[str]) -> ast.expr | None:
        if _is_constant_name(name) or name in self.allowed or name in seen:
            return None
        if name not in self.assigned:
            return node  # a parameter, loop or comprehension variable formatted into SQL
        return self._first(self.assigned[name], seen | {name})

    def _first(self, nodes, seen: frozenset[str]) -> ast.expr | None:
        return next((p for p in (self._unsafe(n, seen) for n in nodes) if p is not None), None)


def test_no_value_is_formatted_into_sql_in_geo():
    problems = [
        problem
        for path in sorted((ROOT / "geo").rglob("*.py"))
        for problem in sql_problems(path.read_text("utf-8"), path.relative_to(ROOT).as_posix())
    ]
    assert problems == [], "SQL built from values (use ? placeholders):\n" + "\n".join(problems)


def test_the_check_catches_values_formatted_into_sql():
    source = '''
LIMIT = 10
def find(db, cur, name, ids, user_sql):
    cur.execute(f"SELECT * FROM places WHERE name = '{name}'")
    cur.execute("SELECT * FROM places WHERE name = '%s'" % name)
    cur.executemany("DELETE FROM places WHERE id = {}".format(ids[0]), [])
    where = "name = '" + name + "'"
    db.query("SELECT * FROM places WHERE " + where)
    db.run(cur, f"SELECT * FROM t WHERE id IN ({', '.join(ids)})")
    cur.execute(user_sql)
    marks = ", ".join("?" * len(ids))
    cur.execute(f"SELECT * FROM places WHERE id IN ({marks}) LIMIT {LIMIT} OFFSET {int(name)}", ids)
    index.query(f"{name}")
'''
    assert [p.split(": ", 1)[1] for p in sql_problems(source, "geo/x.py")] == [
        "name", "name", "ids", "name", "ids",
    ]
    assert sql_problems(source, "geo/x.py")[0].startswith("geo/x.py:4: ")


def test_each_identifier_allowed_is_one_the_code_formats_in(monkeypatch):
    for key in list(IDENTIFIERS_FROM_CODE):
        monkeypatch.setattr(sys.modules[__name__], "IDENTIFIERS_FROM_CODE",
                            {k: v for k, v in IDENTIFIERS_FROM_CODE.items() if k != key})
        module, _, name = key
        problems = sql_problems((ROOT / module).read_text("utf-8"), module)
        assert any(p.endswith(f": {name}") for p in problems), f"{key} is allowed but never formatted into SQL"
