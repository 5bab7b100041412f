"""Batch queries on a network compiled to a sparse matrix (scipy.sparse.csgraph)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from ..errors import InvalidArgumentError, UnknownPlaceError
from .places import _KIND_ORDER, _check_weight, _to, resolve_place

__all__ = ["CompiledGraph", "reachable_within"]


@dataclass
class CompiledGraph:
    """A network compiled to a sparse matrix for batch shortest paths.

    Parallel edges keep their smallest weight; results are identical to networkx's Dijkstra.

    Parameters
    ----------
    G : networkx graph
        Directed (multi)graph with a numeric edge attribute `weight`.
    weight : str
        Edge attribute to minimise.
    """

    nodes: list
    node_index: dict | None  # node -> position; built on first use when None
    matrix: object  # scipy.sparse.csr_matrix
    weight: str

    @property
    def index(self) -> dict:
        """Each node's position in the matrix (built once, on first use)."""
        if self.node_index is None:
            self.node_index = {node: i for i, node in enumerate(self.nodes)}
        return self.node_index

    @index.setter
    def index(self, value: dict) -> None:
        self.node_index = value

    @classmethod
    def from_graph(cls, G: nx.MultiDiGraph, weight: str = "travel_time_h") -> CompiledGraph:
        """Compile `G` once; reuse the result for many queries."""
        nodes = list(G.nodes)
        index = {n: i for i, n in enumerate(nodes)}
        # Parallel edges of a multigraph all come through; from_arrays keeps the smallest.
        triples = ((index[u], index[v], d.get(weight, np.inf)) for u, v, d in G.edges(data=True))
        arr = np.fromiter(triples, dtype=[("u", np.int64), ("v", np.int64), ("w", np.float64)])
        return cls.from_arrays(nodes, arr["u"], arr["v"], arr["w"], weight=weight, index=index)

    @classmethod
    def from_arrays(
        cls, nodes, u, v, w, *, weight: str = "weight", index: dict | None = None
    ) -> CompiledGraph:
        """Compile from edge arrays (node positions ``u`` → ``v`` with weight ``w``)."""
        from scipy.sparse import csr_matrix

        n = len(nodes)
        u, v, w = np.asarray(u), np.asarray(v), np.asarray(w, dtype=float)
        if np.any(w < 0):
            raise InvalidArgumentError("edge weights must not be negative")
        ok = np.isfinite(w)
        if not ok.all():
            u, v, w = u[ok], v[ok], w[ok]
        # csgraph ignores stored zeros; a tiny positive weight keeps zero-cost edges as edges.
        w = np.where(w == 0, np.finfo(float).tiny, w)
        matrix = csr_matrix((w, (u, v)), shape=(n, n))
        if matrix.nnz < len(u):  # parallel edges were summed: keep the smallest of each instead
            matrix = csr_matrix(_smallest_of_parallel(u, v, w, n), shape=(n, n))
        return cls(list(nodes), index, matrix, weight)

    def _idx(self, nodes: Iterable) -> np.ndarray:
        try:
            return np.array([self.index[n] for n in nodes], dtype=np.int64)
        except KeyError as exc:
            raise UnknownPlaceError(f"node {exc.args[0]!r} is not in the compiled graph") from None

    def distances(self, origins: Sequence, *, limit: float = np.inf, predecessors: bool = False):
        """Distances from each origin to every node (``inf`` where unreachable)."""
        from scipy.sparse.csgraph import dijkstra

        idx = self._idx(origins)
        out = dijkstra(
            self.matrix, directed=True, indices=idx, limit=limit, return_predecessors=predecessors
        )
        if predecessors:
            dist, pred = out
            return _untiny(dist), pred
        return _untiny(out)

    @property
    def labels(self) -> pd.Index:
        """The nodes as a pandas Index (built once): results are indexed by it."""
        cached = self.__dict__.get("_labels")
        if cached is None:
            cached = self.__dict__["_labels"] = pd.Index(self.nodes, dtype=object)
        return cached

    def one_to_all(self, origin, *, limit: float = np.inf) -> pd.Series:
        """Distance from `origin` to every reachable node, as a Series indexed by node."""
        dist = self.distances([origin], limit=limit)[0]
        ok = np.isfinite(dist)
        return pd.Series(dist[ok], index=self.labels[ok], name=self.weight)

    def table(self, origins: Sequence, destinations: Sequence) -> pd.DataFrame:
        """Many-to-many distance table (rows: origins, columns: destinations)."""
        dist = self.distances(origins)
        cols = self._idx(destinations)
        return pd.DataFrame(dist[:, cols], index=list(origins), columns=list(destinations))

    def path(self, pred_row: np.ndarray, origin, destination) -> list | None:
        """Rebuild the node path to `destination` from one row of predecessors."""
        o, d = self.index[origin], self.index[destination]
        if o != d and pred_row[d] < 0:
            return None
        out = [d]
        while out[-1] != o:
            out.append(int(pred_row[out[-1]]))
        return [self.nodes[i] for i in reversed(out)]


def _smallest_of_parallel(
    u: np.ndarray, v: np.ndarray, w: np.ndarray, n: int
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """``(w, (u, v))`` with one edge per (u, v) pair: the smallest weight among parallel ones."""
    key = u.astype(np.int64) * n + v
    order = np.argsort(key, kind="stable")
    key, w = key[order], w[order]
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    return np.minimum.reduceat(w, starts), (u[order][starts], v[order][starts])


def _untiny(dist: np.ndarray) -> np.ndarray:
    # Sums of the stand-in for zero weights are far below any real weight: round them away.
    return np.where(dist < 1e-250, 0.0, dist)


def reachable_within(
    G: nx.MultiDiGraph, origin: str, *, hours: float, weight: str = "travel_time_h"
) -> pd.DataFrame:
    """Places reachable from `origin` within `hours` (or kilometres, with ``weight="length_km"``).

    Returns
    -------
    pandas.DataFrame
        Indexed by node: ``id``, ``name``, ``kind``, ``country`` and the cost, sorted by cost.
    """
    _check_weight(weight)
    if hours < 0:
        raise InvalidArgumentError(f"hours must not be negative, got {hours}")
    o = resolve_place(G, origin)
    cg = CompiledGraph.from_graph(G, weight)
    cost = cg.one_to_all(o, limit=hours)
    rows = []
    for node, value in cost.items():
        d = G.nodes[node]
        if d.get("kind") in _KIND_ORDER and d.get("arrival") and node != _to(G, o):
            rows.append(
                {
                    "node": node[:-1],
                    "id": d.get("id"),
                    "name": d.get("name"),
                    "kind": d["kind"],
                    "country": d.get("country"),
                    weight: float(value),
                }
            )
    frame = pd.DataFrame(rows, columns=["node", "id", "name", "kind", "country", weight])
    return frame.set_index("node").sort_values(weight)
