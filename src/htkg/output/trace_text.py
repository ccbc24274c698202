"""Write a trace as terminal text or Markdown: every step with its evidence.

Each step shows its sign, whether an author states it or a curator reads it,
the section and the verbatim quote — the passage a reader needs to check the
step — and, where several documents state it, each document with its own
passage. A contested sign is said so. Paths through a summary sentence are
folded into one closing line.
"""

from __future__ import annotations

from rdflib import URIRef

from htkg.network.model import ArgumentNetwork, Evidence
from htkg.network.signs import SYMBOL
from htkg.network.trace import Path, Step, Trace, measure_of
from htkg.output.zh import CLASS_ZH
from htkg.rdf.labels import Labeller

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
_RELATIONS = {
    "direct": "直接",
    "sub-factor": "经由子因素",
    "downstream": "下游",
    "downstream of a sub-factor": "子因素的下游",
    "upstream": "上游",
}
_EFFECT = {
    "+": ("raises", "提升"),
    "-": ("reduces", "减轻"),
    "?": ("effect unspecified", "作用未说明"),
}


def _name(node: URIRef | None, labeller: Labeller) -> str:
    if node is None:
        return ""
    label = labeller.label(node)
    curie = labeller.curie(node)
    return f"{label} ({curie})" if label else curie


def _zh(labeller: Labeller) -> bool:
    return labeller.lang == "zh"


def _step_line(step: Step, labeller: Labeller) -> str:
    zh = _zh(labeller)
    verb = _KIND[step.kind][1 if zh else 0]
    relation = step.relation
    mark = ""
    if relation is not None and step.kind == "causal":
        mark = f" [{SYMBOL[relation.sign]}]"
    elif relation is not None:
        mark = f" [{_EFFECT[relation.sign][1 if zh else 0]}]"
    if relation is not None and relation.contested:
        mark += " [有争议]" if zh else " [contested]"
    return f"{_name(step.source, labeller)} —{verb}{mark}→ {_name(step.target, labeller)}"


def _evidence_line(item: Evidence, labeller: Labeller, several: bool) -> str:
    parts = [item.document] if several else []
    parts += [labeller.text(item.mode) if item.mode is not None else ""]
    if several:
        parts.append(SYMBOL[item.sign])
    parts.append(labeller.text(item.section) if item.section is not None else "")
    return " · ".join(p for p in parts if p)


def _evidence(step: Step, net: ArgumentNetwork, labeller: Labeller) -> list[tuple[str, str]]:
    """(what, quote) per piece of evidence of the step."""
    if step.relation is None:
        child = net.nodes.get(step.target)
        section = labeller.text(child.section) if child and child.section else ""
        return [(section, child.quote if child else "")]
    several = len(step.relation.documents) > 1 or step.relation.contested
    return [(_evidence_line(e, labeller, several), e.quote) for e in step.relation.evidence]


def _path_head(index: int, path: Path, net: ArgumentNetwork, labeller: Labeller) -> str:
    zh = _zh(labeller)
    head = f"[{index}] {_RELATIONS[path.relation] if zh else path.relation}"
    measure = measure_of(path)
    if measure is not None:
        head += f" · {_name(net.countermeasure_of(measure), labeller)}"
    curator = path.curator_readings
    if curator:
        head += (
            f" · 含{curator}处编者解读"
            if zh
            else (f" · {curator} curator reading{'s' if curator > 1 else ''}")
        )
    if path.contested:
        head += " · 含有争议的环节" if zh else " · a contested step"
    return head


def _folded_line(paths: list[Path], net: ArgumentNetwork, labeller: Labeller) -> str:
    """One line for the paths through a summary sentence: who else is named there."""
    zh = _zh(labeller)
    ends = []
    for path in paths:
        measure = measure_of(path)
        node = net.countermeasure_of(measure) if measure is not None else path.end
        name = labeller.label(node) or labeller.curie(node)
        if name not in ends:
            ends.append(name)
    summary = next(s.relation for p in paths for s in p.steps if s.summary and s.relation)
    section = summary.first.section
    where = labeller.text(section) if section is not None else ""
    if zh:
        return (
            f"另有{len(paths)}条路径经由概括性语句（{where}），并列提及：{'；'.join(ends)}"
            "（--summaries 显示全部）"
        )
    return (
        f"+ {len(paths)} path{'s' if len(paths) != 1 else ''} through a summary sentence "
        f"({where}) that names them all: {'; '.join(ends)} (--summaries shows them)"
    )


def _title(name: str, paths: list[Path], labeller: Labeller) -> str:
    zh = _zh(labeller)
    count = f"{len(paths)}条路径" if zh else f"{len(paths)} path{'s' if len(paths) != 1 else ''}"
    return f"{_TITLES[name][1 if zh else 0]} — {count}"


def _role_line(result: Trace, labeller: Labeller) -> str:
    """``ConstraintFactor: label (curie)``; in Chinese the class by its zh name."""
    if _zh(labeller):
        return f"{CLASS_ZH.get(result.role, result.role)}：{_name(result.term, labeller)}"
    return f"{result.role}: {_name(result.term, labeller)}"


def render_text(result: Trace, net: ArgumentNetwork, labeller: Labeller) -> str:
    """Plain text for the terminal."""
    lines = [_role_line(result, labeller)]
    for name, paths in result.sections.items():
        lines += ["", _title(name, paths, labeller)]
        if not paths and not result.folded.get(name):
            lines.append("  （无）" if _zh(labeller) else "  (none)")
        for i, path in enumerate(paths, 1):
            lines.append(_path_head(i, path, net, labeller))
            for step in path.steps:
                lines.append(f"    {_step_line(step, labeller)}")
                for what, quote in _evidence(step, net, labeller):
                    lines.append(f"        {what}")
                    if quote:
                        lines.append(f"        “{quote}”")
        if result.folded.get(name):
            lines.append(_folded_line(result.folded[name], net, labeller))
    return "\n".join(lines) + "\n"


def render_markdown(result: Trace, net: ArgumentNetwork, labeller: Labeller) -> str:
    """Markdown, one section per kind of path, one numbered list item per path."""
    lines = [f"# {_role_line(result, labeller)}"]
    for name, paths in result.sections.items():
        lines += ["", f"## {_TITLES[name][1 if _zh(labeller) else 0]} ({len(paths)})", ""]
        if not paths and not result.folded.get(name):
            lines.append("（无）" if _zh(labeller) else "(none)")
        for i, path in enumerate(paths, 1):
            lines.append(f"{i}. **{_path_head(i, path, net, labeller).split('] ', 1)[1]}**")
            for step in path.steps:
                evidence = _evidence(step, net, labeller)
                lines.append(f"   - {_step_line(step, labeller)} — *{evidence[0][0]}*")
                for j, (what, quote) in enumerate(evidence):
                    if j:
                        lines.append(f"     *{what}*")
                    if quote:
                        lines.append(f"     > {quote}")
        if result.folded.get(name):
            lines += ["", _folded_line(result.folded[name], net, labeller)]
    return "\n".join(lines) + "\n"
