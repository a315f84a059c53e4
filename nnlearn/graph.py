"""A scalar computational graph with reverse-mode differentiation, small enough to read at once.

Every :class:`Value` remembers the values it was computed from (its *children*) and the
*local derivative* of itself with respect to each child. That is all backpropagation needs:
:meth:`Value.backward` visits the nodes from the output back to the inputs and multiplies local
derivatives along the way (the chain rule), adding up the contributions of every path.

    >>> a, b = Value(2.0, label="a"), Value(3.0, label="b")
    >>> y = a * b + a
    >>> y.backward()
    >>> y.data, a.grad, b.grad
    (8.0, 4.0, 2.0)

The demos of the book use it to show forward values and gradients node by node. It works on
one number at a time; the exercises ask for the vectorised (numpy, whole-batch) version.
"""

from __future__ import annotations

import math

__all__ = ["Value"]


class Value:
    """A scalar node of a computational graph.

    Parameters
    ----------
    data : the node's value (a float).
    children : the nodes this one was computed from.
    local_grads : d(self)/d(child) for each child, in the same order.
    op : a short name of the operation, for display ("+", "×", "σ", ...).
    label : a name for display ("w5", "P", "L", ...).
    """

    def __init__(
        self,
        data: float,
        children: tuple[Value, ...] = (),
        local_grads: tuple[float, ...] = (),
        op: str = "",
        label: str = "",
    ):
        if len(children) != len(local_grads):
            raise ValueError("one local derivative per child is needed")
        self.data = float(data)
        self.grad = 0.0
        self.children = children
        self.local_grads = tuple(map(float, local_grads))
        self.op = op
        self.label = label

    def __repr__(self) -> str:
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.6g}, grad={self.grad:.6g})"

    # -- operations: a value and its local derivatives, nothing else ---------------------------
    # A plain number (a constant, a target) is not a node: it makes a one-child operation.

    def __add__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")
        return Value(self.data + other, (self,), (1.0,), f"+{other:g}")

    def __mul__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            return Value(self.data * other.data, (self, other), (other.data, self.data), "×")
        return Value(self.data * other, (self,), (other,), f"×{other:g}")

    def __sub__(self, other: Value | float) -> Value:
        if isinstance(other, Value):
            return Value(self.data - other.data, (self, other), (1.0, -1.0), "−")
        return Value(self.data - other, (self,), (1.0,), f"−{other:g}")

    def __rsub__(self, other: float) -> Value:
        return Value(other - self.data, (self,), (-1.0,), f"{other:g}−")

    def __pow__(self, k: float) -> Value:
        return Value(self.data**k, (self,), (k * self.data ** (k - 1),), f"^{k:g}")

    def __neg__(self) -> Value:
        return self * -1.0

    __radd__ = __add__
    __rmul__ = __mul__

    def sigmoid(self) -> Value:
        """The logistic function 1 / (1 + e^-x); its local derivative is s (1 - s)."""
        s = 1.0 / (1.0 + math.exp(-self.data)) if self.data >= 0 else _exp_ratio(self.data)
        return Value(s, (self,), (s * (1.0 - s),), "σ")

    def relu(self) -> Value:
        """max(x, 0); its local derivative is 1 where x > 0 and 0 where x <= 0 (0 at the kink)."""
        return Value(max(self.data, 0.0), (self,), (1.0 if self.data > 0 else 0.0,), "ReLU")

    # -- the graph -----------------------------------------------------------------------------

    def topological_order(self) -> list[Value]:
        """Every node this value depends on, each after all of its children; ``self`` last."""
        # Depth first, children in order: a node is added once all of its children are. The
        # stack holds each node on the path from ``self`` with the children it has yet to visit.
        order: list[Value] = []
        seen = {id(self)}
        stack = [(self, iter(self.children))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if id(child) not in seen:
                    seen.add(id(child))
                    stack.append((child, iter(child.children)))
                    break
            else:
                stack.pop()
                order.append(node)
        return order

    def backward(self) -> list[Value]:
        """Fill ``.grad`` of every node with d(self)/d(node); return the nodes in backward order.

        Gradients from earlier calls are reset first, so calling it twice gives the same result.
        """
        order = self.topological_order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        backward_order = order[::-1]
        for node in backward_order:
            for child, local in zip(node.children, node.local_grads, strict=True):
                child.grad += local * node.grad
        return backward_order


def _exp_ratio(x: float) -> float:
    """e^x / (1 + e^x) for x < 0, which cannot overflow."""
    e = math.exp(x)
    return e / (1.0 + e)
