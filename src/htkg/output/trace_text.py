"""Write a trace as terminal text or Markdown: every hop with its evidence.

Each hop shows its polarity (causal links), whether the author states it or a
curator reads it, the section, and the verbatim quote — the passage a reader
needs to check the step.
"""

from __future__ import annotations

from rdflib import URIRef

from htkg.network.trace import Hop, Network, Path, Trace, countermeasure_of
from htkg.rdf.labels import Labeller
from htkg.rdf.namespaces import HTKG

_SYMBOL = {HTKG.positive: "+", HTKG.negative: "−", HTKG.unknownPolarity: "?"}
_TITLES = {
    "countermeasures": ("Countermeasures that address it", "应对它的对策"),
    "findings": ("Findings it leads to (downstream)", "它导致的现状判断（下游）"),
    "upstream": ("Causes (upstream)", "原因（上游）"),
    "downstream": ("Effects (downstream)", "影响（下游）"),
}
_KIND = {
    "causal": ("causes", "导致"),
    "sub-factor": ("has sub-factor", "包含子因素"),
    "response": ("addresses", "应对"),
}


def _name(node: URIRef | None, labeller: Labeller) -> str:
    if node is None:
        return ""
    label = labeller.label(node)
    curie = labeller.curie(node)
    return f"{label} ({curie})" if label else curie


def _mode(hop: Hop, labeller: Labeller) -> str:
    return labeller.text(hop.mode) if hop.mode is not None else ""


def _hop_line(hop: Hop, labeller: Labeller, zh: bool) -> str:
    verb = _KIND[hop.kind][1 if zh else 0]
    sign = f" [{_SYMBOL.get(hop.polarity, '?')}]" if hop.kind == "causal" else ""
    return f"{_name(hop.source, labeller)} —{verb}{sign}→ {_name(hop.target, labeller)}"


def _evidence(hop: Hop, labeller: Labeller) -> str:
    parts = [
        p for p in (_mode(hop, labeller), labeller.text(hop.section) if hop.section else "") if p
    ]
    return " · ".join(parts)


def _path_head(index: int, path: Path, net: Network, labeller: Labeller, zh: bool) -> str:
    head = f"[{index}] {path.relation}"
    last = path.hops[-1]
    if last.kind == "response":
        counter = countermeasure_of(net, last.source)
        head += f" · {_name(counter, labeller)}"
    curator = sum(h.mode == HTKG.curatorReading for h in path.hops)
    if curator:
        head += (
            f" · {curator} curator reading{'s' if curator > 1 else ''}"
            if not zh
            else (f" · 含{curator}处编者解读")
        )
    return head


def render_text(result: Trace, net: Network, labeller: Labeller) -> str:
    """Plain text for the terminal."""
    zh = labeller.lang == "zh"
    lines = [f"{result.role}: {_name(result.term, labeller)}"]
    for name, paths in result.sections.items():
        title = _TITLES[name][1 if zh else 0]
        lines += ["", f"{title} — {len(paths)} path{'s' if len(paths) != 1 else ''}"]
        if not paths:
            lines.append("  (none)")
        for i, path in enumerate(paths, 1):
            lines.append(_path_head(i, path, net, labeller, zh))
            for hop in path.hops:
                lines.append(f"    {_hop_line(hop, labeller, zh)}")
                lines.append(f"        {_evidence(hop, labeller)}")
                if hop.quote:
                    lines.append(f"        “{hop.quote}”")
    return "\n".join(lines) + "\n"


def render_markdown(result: Trace, net: Network, labeller: Labeller) -> str:
    """Markdown, one section per kind of path, one numbered list item per path."""
    zh = labeller.lang == "zh"
    lines = [f"# {result.role}: {_name(result.term, labeller)}"]
    for name, paths in result.sections.items():
        lines += ["", f"## {_TITLES[name][1 if zh else 0]} ({len(paths)})", ""]
        if not paths:
            lines.append("(none)")
        for i, path in enumerate(paths, 1):
            lines.append(f"{i}. **{_path_head(i, path, net, labeller, zh).split('] ', 1)[1]}**")
            for hop in path.hops:
                lines.append(f"   - {_hop_line(hop, labeller, zh)} — *{_evidence(hop, labeller)}*")
                if hop.quote:
                    lines.append(f"     > {hop.quote}")
    return "\n".join(lines) + "\n"
