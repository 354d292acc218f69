"""Evaluate a card's value-flow formula over the model's outputs, without ``eval``.

The grammar is the one :func:`cards.effects.check_formula` admits: numbers, names (dotted names
such as ``tariff.local``), + - * / **, comparisons, ``a if c else b`` and ``min``/``max``/``abs``.
The variables are listed in ``docs/rules.md`` ("Formula variables").
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable, Mapping
from functools import lru_cache

_BIN: dict[type[ast.operator], Callable[[float, float], float]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.Pow: operator.pow,
}
_CMP: dict[type[ast.cmpop], Callable[[float, float], bool]] = {
    ast.Gt: operator.gt, ast.GtE: operator.ge, ast.Lt: operator.lt, ast.LtE: operator.le,
}
_CALLS: dict[str, Callable[..., float]] = {"min": min, "max": max, "abs": abs}


class FormulaError(ValueError):
    """A formula names an unknown variable or divides by zero."""


@lru_cache(maxsize=1024)
def _parse(text: str) -> ast.expr:
    return ast.parse(text, mode="eval").body


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{_name(node.value)}.{node.attr}"
    raise FormulaError(f"expected a variable name, got {ast.dump(node)}")


def names_in(text: str) -> set[str]:
    """The variable names a formula uses (dotted names whole)."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Name | ast.Attribute):
            found.add(_name(node))
            return
        if isinstance(node, ast.Call):
            for arg in node.args:
                visit(arg)
            return
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(_parse(text))
    return found


def evaluate(text: str, variables: Mapping[str, float]) -> float:
    """The value of formula ``text`` with ``variables`` (dotted names as keys)."""

    def ev(node: ast.expr) -> float:
        if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
            return float(node.value)
        if isinstance(node, ast.Name | ast.Attribute):
            name = _name(node)
            if name not in variables:
                raise FormulaError(f"formula {text!r}: unknown variable {name!r}; see docs/rules.md")
            return float(variables[name])
        if isinstance(node, ast.BinOp):
            left, right = ev(node.left), ev(node.right)
            if isinstance(node.op, ast.Div) and right == 0:
                return 0.0
            return _BIN[type(node.op)](left, right)
        if isinstance(node, ast.UnaryOp):
            value = ev(node.operand)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.IfExp):
            return ev(node.body) if ev(node.test) else ev(node.orelse)
        if isinstance(node, ast.Compare):
            left = ev(node.left)
            for op, comparator in zip(node.ops, node.comparators, strict=True):
                right = ev(comparator)
                if not _CMP[type(op)](left, right):
                    return 0.0
                left = right
            return 1.0
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _CALLS:
            return float(_CALLS[node.func.id](*(ev(arg) for arg in node.args)))
        raise FormulaError(f"formula {text!r}: unsupported expression {type(node).__name__}")

    return ev(_parse(text))
