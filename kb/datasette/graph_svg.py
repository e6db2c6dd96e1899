"""Draw graphs as SVG on the server, no script, works offline: a node's neighbourhood and the citation network.

Labels come from corpus text, so every string is escaped here. A
neighbourhood is laid out by stress majorization, its nodes linked to their row pages
and the centre drawn larger; the citation network is drawn in columns
(``network``). Both colour a kind as ``kb.datasette.palette`` says, so a
colour means the same on every page.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
from markupsafe import Markup, escape

from kb.datasette.palette import kind_colour, relation_colour

WIDTH, HEIGHT, MARGIN = 960, 640, 90
RADIUS, CENTER_RADIUS = 9, 14
LABEL_CHARS = 36
EDGE_LABELS_UP_TO = 20
"""Relation names are written on the lines only when few enough to read; otherwise they are tooltips."""


def colours(kinds: set[str]) -> dict[str, str]:
    """The fixed colour of each node kind in this drawing, kinds in name order (the legend's order)."""
    return {kind: kind_colour(kind) for kind in sorted(kinds)}


def short(label: str) -> str:
    """A label cut to fit beside its node."""
    label = " ".join(label.split())
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


STRESS_ITERATIONS = 300
STRESS_TOLERANCE = 1e-4
"""Majorization stops once an iteration lowers the stress by less than this share of it."""


def stress_layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions whose distances follow the graph's path lengths: stress majorization (Gansner, Koren and North, 2004).

    It minimises the energy Kamada-Kawai does (each pair's squared error
    against its path length, weighted by the length's inverse square) by
    repeated linear steps instead of SciPy's general optimiser, whose
    thousands of small BLAS calls each woke OpenBLAS's threads: on depth-2
    neighbourhoods of 60 nodes, about 7 ms where networkx's Kamada-Kawai took
    0.43 s (43 ms on one BLAS thread), with stress within 5% of its. It starts
    from a circle in the graph's node order, so a drawing is the same every
    time; nodes of separate components are placed one step beyond the
    longest path.
    """
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    lengths = dict(nx.all_pairs_shortest_path_length(graph))
    far = 1 + max(max(row.values()) for row in lengths.values())
    d = np.full((len(nodes), len(nodes)), float(far))
    for source, row in lengths.items():
        for target, length in row.items():
            d[index[source], index[target]] = length
    w = np.zeros_like(d)
    np.divide(1.0, d**2, out=w, where=d > 0)
    laplacian = -w
    np.fill_diagonal(laplacian, w.sum(axis=1))
    inverse = np.linalg.inv(laplacian + 1 / len(nodes))  # the Laplacian is singular; positions are free up to translation
    angles = 2 * np.pi * np.arange(len(nodes)) / len(nodes)
    x = np.column_stack([np.cos(angles), np.sin(angles)]) * far / 2
    stress = np.inf
    for _ in range(STRESS_ITERATIONS):
        apart = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(axis=-1))
        b = np.zeros_like(d)
        np.divide(-w * d, apart, out=b, where=apart > 1e-12)
        np.fill_diagonal(b, 0)
        np.fill_diagonal(b, -b.sum(axis=1))
        x = np.einsum("ij,jk->ik", inverse, np.einsum("ij,jk->ik", b, x))  # no BLAS call, so no thread wakes for a small product
        now = float((w * (apart - d) ** 2).sum() / 2)
        if stress - now < STRESS_TOLERANCE * now:
            break
        stress = now
    return {node: (float(x[i, 0]), float(x[i, 1])) for i, node in enumerate(nodes)}


def layout(graph: nx.MultiDiGraph, center: str) -> dict[str, tuple[float, float]]:
    """Pixel positions from a stress layout (deterministic: the same drawing every time), filling the canvas."""
    if graph.number_of_nodes() == 1:
        return {center: (WIDTH / 2, HEIGHT / 2)}
    pos = stress_layout(nx.Graph(graph.to_undirected()))
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
        f'<g class="kb-legend-item" data-kind="{escape(kind)}"><circle cx="14" cy="{16 + 18 * i}" r="6" fill="{fill}"/>'
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
        f'<a href="{escape(attrs["href"])}" class="kb-node{" kb-center" if is_center else ""}" data-kind="{escape(kind)}">'
        f"<title>{escape(kind)}: {escape(label)}</title>"
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{fill}" stroke="#333"/>'
        f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" font-size="{13 if is_center else 11}" text-anchor="{anchor}">'
        f"{escape(short(label))}</text></a>"
    )


ROW = 18
"""Vertical pitch of the citation network's nodes in a column: labels (11 px) in one column never touch."""
COLUMN = 250
"""Width of a column of authorities; their labels are cut to ``NETWORK_LABEL_CHARS`` to stay inside it."""
DOCUMENT_LABELS = 240
"""Room left of the documents' column for their labels."""
LABEL_EM = 6.4
"""Width of an average character of an 11 px label, in pixels, to cut labels to their room."""
NETWORK_LABEL_CHARS = int((COLUMN - 60) / LABEL_EM)
"""An authority's label leaves room for the start of the links it sends right."""
NETWORK_TOP = 60
"""Below the legend's two rows."""
SWEEPS = 4
"""Passes of the barycentre ordering, each left to right and back."""


def network_columns(graph: nx.MultiDiGraph) -> list[list[str]]:
    """Nodes by column: documents first, then each authority right of every authority pointing at it.

    Authority relations run from the part, the amending act, the
    implementing order or the newer version to the whole, the amended, the
    implemented or the older, so the layering puts what others rest on to
    the right. A cycle (``same_as`` both ways) shares one column.
    """
    relations = nx.DiGraph([(s, t) for s, t, r in graph.edges(data="relation") if r != "cites"])
    relations.add_nodes_from(n for n, kind in graph.nodes(data="kind") if kind != "document")
    dag = nx.condensation(relations)
    column = {node: 0 for node, kind in graph.nodes(data="kind") if kind == "document"}
    for depth, generation in enumerate(nx.topological_generations(dag), start=1):
        column.update((node, depth) for scc in generation for node in dag.nodes[scc]["members"])
    present = sorted(set(column.values()))
    columns: list[list[str]] = [[] for _ in present]
    for node in sorted(column):
        columns[present.index(column[node])].append(node)
    return columns


def order_columns(columns: list[list[str]], graph: nx.MultiDiGraph) -> None:
    """Reorder each column by the mean rank of its neighbours in the columns beside it, to uncross links."""
    neighbours = {node: set(graph.predecessors(node)) | set(graph.successors(node)) for node in graph}
    where = {node: (c, i) for c, column in enumerate(columns) for i, node in enumerate(column)}
    sizes = [len(column) for column in columns]  # a list being sorted reads as empty

    def reorder(c: int, side: range) -> None:
        def key(node: str) -> float:
            ranks = [where[n][1] / sizes[where[n][0]] for n in neighbours[node] if where[n][0] in side]
            return _mean(ranks, where[node][1] / sizes[c])

        columns[c].sort(key=key)
        where.update((node, (c, i)) for i, node in enumerate(columns[c]))

    for _ in range(SWEEPS):
        for c in range(1, len(columns)):
            reorder(c, range(c))
        for c in range(len(columns) - 2, -1, -1):
            reorder(c, range(c + 1, len(columns)))


def spread(wanted: list[float], low: float, high: float) -> list[float]:
    """Positions as near ``wanted`` as keeps them in order, ``ROW`` apart and within ``[low, high]``."""
    ys = list(wanted)
    for i in range(len(ys)):
        ys[i] = max(ys[i], low if i == 0 else ys[i - 1] + ROW)
    for i in range(len(ys) - 1, -1, -1):
        ys[i] = min(ys[i], high if i == len(ys) - 1 else ys[i + 1] - ROW)
    return ys


def network_layout(graph: nx.MultiDiGraph) -> tuple[dict[str, tuple[float, float]], float, float]:
    """Pixel positions of the citation network's nodes, and the drawing's width and height (both grow with it)."""
    columns = network_columns(graph)
    order_columns(columns, graph)
    documents = bool(columns) and graph.nodes[columns[0][0]]["kind"] == "document"
    x0 = MARGIN / 2 + (DOCUMENT_LABELS if documents else 0)
    span = max(map(len, columns), default=1) * ROW
    low, high = NETWORK_TOP + ROW / 2, NETWORK_TOP + span - ROW / 2
    ys = {node: NETWORK_TOP + (span - len(column) * ROW) / 2 + (i + 0.5) * ROW
          for column in columns for i, node in enumerate(column)}
    for column in columns * 2:  # twice over: each column moves towards its neighbours' heights
        if len(column) * ROW < span:
            ys.update(zip(column, spread([_mean([ys[n] for n in nx.all_neighbors(graph, node)], ys[node]) for node in column],
                                         low, high)))
    pos = {node: (x0 + c * COLUMN, ys[node]) for c, column in enumerate(columns) for node in column}
    return pos, max(x0 + len(columns) * COLUMN, 800.0), NETWORK_TOP + span + ROW


def _mean(values: list[float], default: float) -> float:
    return sum(values) / len(values) if values else default


def render_network(graph: nx.MultiDiGraph) -> Markup:
    """The citation network as an inline ``<svg>``: documents on the left, what they cite to the right.

    Node attributes: kind, label, href, title (the tooltip) and radius; edge
    attributes: relation and weight (mentions behind a citation). A link
    between authorities is coloured by its relation and points the way the
    relation runs; citations are grey, thicker for more mentions.
    """
    pos, width, height = network_layout(graph)
    relations = sorted({r for _, _, r in graph.edges(data="relation")})
    markers = {r: f"kb-net-arrow-{i}" for i, r in enumerate(relations)}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kb-graph kb-network" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img" aria-label="Citation network">',
        "<defs>", *(
            f'<marker id="{markers[r]}" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="{relation_colour(r)}"/></marker>'
            for r in relations if r != "cites"
        ), "</defs>",
    ]
    labels = {node: network_label(attrs) for node, attrs in graph.nodes(data=True)}
    for source, target, attrs in sorted(graph.edges(data=True), key=lambda e: (e[2]["relation"] != "cites", e[0], e[1])):
        x, y = pos[source]
        if graph.nodes[source]["kind"] != "document":  # start past the label, not through it
            x += graph.nodes[source]["radius"] + 6 + LABEL_EM * len(labels[source])
        parts.append(network_edge((x, y), pos[target], attrs, graph.nodes[target]["radius"], markers))
    for node, attrs in graph.nodes(data=True):
        parts.append(network_vertex(pos[node], attrs, labels[node]))
    parts.append(network_legend(sorted({str(k) for _, k in graph.nodes(data="kind")}), relations))
    parts.append("</svg>")
    return Markup("".join(parts))


def network_edge(a: tuple[float, float], b: tuple[float, float], attrs: dict, gap: float, markers: dict[str, str]) -> str:
    """A curve from ``a`` to the left of ``b`` (looping out to the right when ``b`` is not further right)."""
    (x1, y1), (x2, y2) = a, b
    relation, weight = str(attrs["relation"]), int(attrs["weight"])
    if x2 > x1:
        x2 -= gap
        c1 = c2 = (x1 + x2) / 2
    else:  # a cycle within one column: out to the right and back into the node's right side
        x2 += gap
        c1, c2 = x1 + COLUMN / 3, x2 + COLUMN / 3
    if relation == "cites":
        stroke = f'stroke="{relation_colour(relation)}" stroke-opacity="0.55" stroke-width="{1 + min(4.0, math.log2(weight)):.1f}"'
        title = f"cites ({weight} mention{'' if weight == 1 else 's'})"
    else:
        stroke = f'stroke="{relation_colour(relation)}" stroke-width="1.6" marker-end="url(#{markers[relation]})"'
        title = relation
    return (
        f'<path class="kb-edge" data-relation="{escape(relation)}" d="M {x1:.1f} {y1:.1f} C {c1:.1f} {y1:.1f}, '
        f'{c2:.1f} {y2:.1f}, {x2:.1f} {y2:.1f}" fill="none" {stroke}><title>{escape(title)}</title></path>'
    )


def network_label(attrs: dict) -> str:
    """A node's label cut to fit its column (a document's, the room left of the documents)."""
    label = " ".join(str(attrs["label"]).split())
    chars = NETWORK_LABEL_CHARS if attrs["kind"] != "document" else int(DOCUMENT_LABELS / LABEL_EM)
    return label if len(label) <= chars else label[: chars - 1] + "…"


def network_vertex(p: tuple[float, float], attrs: dict, label: str) -> str:
    """A circle linked to the node's page, its label beside it (left of a document, right of an authority)."""
    x, y = p
    kind, r = str(attrs["kind"]), float(attrs["radius"])
    anchor, dx = ("end", -(r + 4)) if kind == "document" else ("start", r + 4)
    return (
        f'<a href="{escape(attrs["href"])}" class="kb-node" data-kind="{escape(kind)}"><title>{escape(attrs["title"])}</title>'
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{kind_colour(kind)}" stroke="#333"/>'
        f'<text x="{x + dx:.1f}" y="{y + 4:.1f}" font-size="11" text-anchor="{anchor}" '
        f'stroke="#fff" stroke-width="3" paint-order="stroke">{escape(label)}</text></a>'
    )


def network_legend(kinds: list[str], relations: list[str]) -> str:
    """Node kinds on the first row, relations on the second, across the top."""
    items, x = [], 10.0
    for kind in kinds:
        items.append(f'<g class="kb-legend-item" data-kind="{escape(kind)}"><circle cx="{x + 6:.0f}" cy="16" r="6" '
                     f'fill="{kind_colour(kind)}"/><text x="{x + 16:.0f}" y="20" font-size="12">{escape(kind)}</text></g>')
        x += 28 + 7 * len(kind)
    x = 10.0
    for relation in relations:
        items.append(f'<g class="kb-legend-item" data-relation="{escape(relation)}"><line x1="{x:.0f}" y1="38" x2="{x + 18:.0f}" '
                     f'y2="38" stroke="{relation_colour(relation)}" stroke-width="3"/>'
                     f'<text x="{x + 22:.0f}" y="42" font-size="12">{escape(relation)}</text></g>')
        x += 34 + 7 * len(relation)
    return "".join(items)
