"""Every word of the explorer's interface, in Chinese and English.

Class names come from :data:`htkg.output.explorer.NODE_STYLE`; everything else
the page says (buttons, filters, relation kinds, signs, effects, assertion
modes, evidence roles, the legend) is here, so the zh/en switch is complete.
"""

from __future__ import annotations

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("htkg — 因果网络浏览器", "htkg — causal network explorer"),
    "viewFirst": ("制约因素 → 对策", "constraints → countermeasures"),
    "viewAll": ("整个网络", "whole network"),
    "search": ("搜索", "search"),
    "mode": ("陈述方式", "assertion"),
    "polarity": ("方向", "polarity"),
    "document": ("文献", "document"),
    "section": ("章节", "section"),
    "highlight": ("突出显示", "highlight"),
    "paths": ("路径", "paths"),
    "show": ("显示", "show"),
    "png": ("导出 PNG", "export PNG"),
    "any": ("全部", "any"),
    "authorStated": ("作者明确陈述", "stated by the author"),
    "curatorReading": ("编者解读", "curator reading"),
    "sign+": ("正向 (+)", "positive (+)"),
    "sign-": ("负向 (−)", "negative (−)"),
    "sign?": ("方向不明 (?)", "unknown (?)"),
    "effect-reduces": ("减轻", "reduces"),
    "effect-raises": ("提升", "raises"),
    "effect-unspecified": ("作用未说明", "effect unspecified"),
    "kind-causal": ("因果关系", "causal link"),
    "kind-addresses": ("对策应对", "measure addresses"),
    "kind-part": ("从属", "part of"),
    "kind-involves": ("涉及", "involves"),
    "kind-via": ("经由（已折叠的环节）", "via (folded steps)"),
    "role-states": ("陈述", "states"),
    "role-corroborates": ("佐证", "corroborates"),
    "role-contests": ("相反", "contests"),
    "contested": ("有争议：文献给出相反的方向", "contested: the documents give opposite signs"),
    "summary": ("概括性陈述", "summary link"),
    "quote": ("原文", "quote"),
    "gloss": ("释义", "gloss"),
    "note": ("编者注", "curator note"),
    "documents": ("文献", "documents"),
    "figures": ("数据", "figures"),
    "evidence": ("证据", "evidence"),
    "neighbourhood": ("邻域", "neighbourhood"),
    "expandUp": ("展开上游", "expand upstream"),
    "expandDown": ("展开下游", "expand downstream"),
    "collapse": ("收起", "collapse"),
    "pathFrom": ("作为路径起点", "path from here"),
    "pathTo": ("作为路径终点", "path to here"),
    "pathsFound": ("条路径", "path(s)"),
    "hops": ("步", "steps"),
    "viaText": (
        "此线代表一条经过以下被折叠节点的链：",
        "This line stands for a chain through these folded nodes:",
    ),
    "legend-causal+": ("正向因果", "causal +"),
    "legend-causal-": ("负向因果", "causal −"),
    "legend-causal?": ("方向不明", "causal ?"),
    "legend-addresses-": ("应对：减轻", "addresses: reduces"),
    "legend-addresses+": ("应对：提升", "addresses: raises"),
    "legend-addresses?": ("应对：作用未说明", "addresses: effect unspecified"),
    "legend-part": ("从属", "part of"),
    "legend-involves": ("涉及", "involves"),
    "legend-dashed": ("虚线：编者解读", "dashed: curator reading"),
    "legend-via": ("点线：经由折叠环节", "dotted: via folded steps"),
}

#: ``I18N[lang][key]`` for the page.
I18N: dict[str, dict[str, str]] = {
    "zh": {key: zh for key, (zh, _en) in _WORDS.items()},
    "en": {key: en for key, (_zh, en) in _WORDS.items()},
}
