"""Draw a neighbourhood as SVG on the server: a networkx layout, no script, works offline.

Labels come from corpus text, so every string is escaped here; nodes link to
their row pages, and the centre is drawn larger.
"""

from __future__ import annotations

import math

import networkx as nx
from markupsafe import Markup, escape

WIDTH, HEIGHT, MARGIN = 960, 640, 90
RADIUS, CENTER_RADIUS = 9, 14
LABEL_CHARS = 36
EDGE_LABELS_UP_TO = 20
"""Relation names are written on the lines only when few enough to read; otherwise they are tooltips."""
PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22")


def colours(kinds: set[str]) -> dict[str, str]:
    """A distinct colour per node kind in this drawing (kinds in name order, so the same graph looks the same)."""
    return {kind: PALETTE[i % len(PALETTE)] for i, kind in enumerate(sorted(kinds))}


def short(label: str) -> str:
    """A label cut to fit beside its node."""
    label = " ".join(label.split())
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def layout(graph: nx.MultiDiGraph, center: str) -> dict[str, tuple[float, float]]:
    """Pixel positions from a Kamada-Kawai layout (deterministic: the same drawing every time), filling the canvas."""
    if graph.number_of_nodes() == 1:
        return {center: (WIDTH / 2, HEIGHT / 2)}
    pos = nx.kamada_kawai_layout(nx.Graph(graph.to_undirected()))
    xs, ys = [x for x, _ in pos.values()], [y for _, y in pos.values()]
    (x0, x1), (y0, y1) = (min(xs), max(xs)), (min(ys), max(ys))
    return {
        node: (MARGIN + (x - x0) / ((x1 - x0) or 1) * (WIDTH - 2 * MARGIN),
               MARGIN / 2 + (y - y0) / ((y1 - y0) or 1) * (HEIGHT - MARGIN))
        for node, (x, y) in pos.items()
    }


def render(graph: nx.MultiDiGraph, center: str) -> Markup:
    """The neighbourhood as an inline ``<svg>`` element, every label escaped."""
    pos = layout(graph, center)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-graph" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="Neighbourhood of {escape(graph.nodes[center]["label"])}">',
        '<defs><marker id="kb-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#999"/></marker></defs>',
    ]
    written = graph.number_of_edges() <= EDGE_LABELS_UP_TO
    palette = colours({str(kind) for _, kind in graph.nodes(data="kind")})
    for source, target, relation in graph.edges(keys=True):
        parts.append(edge(pos[source], pos[target], relation, CENTER_RADIUS if target == center else RADIUS, written))
    for node, attrs in graph.nodes(data=True):
        parts.append(vertex(pos[node], attrs, node == center, palette[str(attrs["kind"])]))
    parts.append(legend(palette))
    parts.append("</svg>")
    return Markup("".join(parts))


def legend(palette: dict[str, str]) -> str:
    """Which colour is which kind, in the top-left corner."""
    return "".join(
        f'<g class="kb-legend-item"><circle cx="14" cy="{16 + 18 * i}" r="6" fill="{fill}"/>'
        f'<text x="26" y="{20 + 18 * i}" font-size="12">{escape(kind)}</text></g>'
        for i, (kind, fill) in enumerate(palette.items())
    )


def edge(a: tuple[float, float], b: tuple[float, float], relation: str, gap: float, written: bool) -> str:
    """A line from ``a`` stopping short of ``b`` (so the arrow shows), titled with its relation."""
    (x1, y1), (x2, y2) = a, b
    length = math.hypot(x2 - x1, y2 - y1) or 1.0
    x2, y2 = x2 - (x2 - x1) * gap / length, y2 - (y2 - y1) * gap / length
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    return (
        f'<g class="kb-edge"><title>{escape(relation)}</title>'
        f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#999" marker-end="url(#kb-arrow)"/>'
        + (f'<text x="{mx:.1f}" y="{my:.1f}" font-size="10" fill="#777" text-anchor="middle">{escape(relation)}</text>' if written else "")
        + "</g>"
    )


def vertex(p: tuple[float, float], attrs: dict, is_center: bool, fill: str) -> str:
    """A circle and its label, linked to the node's row page."""
    x, y = p
    r = CENTER_RADIUS if is_center else RADIUS
    label, kind = str(attrs["label"]), str(attrs["kind"])
    anchor = "end" if x > WIDTH * 0.75 else "start"
    dx = -(r + 4) if anchor == "end" else r + 4
    return (
        f'<a href="{escape(attrs["href"])}" class="kb-node{" kb-center" if is_center else ""}">'
        f"<title>{escape(kind)}: {escape(label)}</title>"
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" stroke="#333"/>'
        f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" font-size="{13 if is_center else 11}" text-anchor="{anchor}">'
        f"{escape(short(label))}</text></a>"
    )
