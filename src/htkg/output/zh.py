"""The words every command prints, in Chinese for ``--lang zh``.

Labels come from the data; everything else a command prints — column headings,
the code words in cells (``direct``, ``reinforcing``, ``driver``), trace,
what-if and loop wording, the audit's arithmetic and explanations — is
translated here, in one place, so ``--lang zh`` leaves no English but names
and identifiers. The audit writes its arithmetic in English (it belongs to a
lower layer and goes into the graph); :func:`audit_zh` translates it phrase
by phrase and its fixed notes sentence by sentence.
"""

from __future__ import annotations

import re

__all__ = ["CLASS_ZH", "COLUMNS", "WORDS", "audit_zh", "column", "word"]

#: The network's node classes, as the ontology's zh labels name them (rdfs:label).
CLASS_ZH = {
    "Finding": "现状判断", "ConstraintFactor": "制约因素", "SubFactor": "子因素",
    "Mechanism": "作用机制", "Countermeasure": "对策", "SubMeasure": "具体措施",
    "Condition": "状态", "Event": "事件", "PolicyInstrument": "政策工具", "Market": "市场",
    "Actor": "主体", "TechnologyItem": "产品或技术", "TechField": "技术领域",
}  # fmt: skip

#: Code words that appear in cells and headings.
WORDS = {
    # cq01 relations, trace path kinds
    "direct": "直接",
    "downstream": "下游",
    "upstream": "上游",
    "sub-factor": "经由子因素",
    "downstream of a sub-factor": "子因素的下游",
    "causal": "因果",
    "response": "应对",
    "causal link": "因果关系",
    "response link": "应对关系",
    "element": "论证要素",
    "countermeasures": "对策",
    "findings": "现状判断",
    "sub-measure": "子措施",
    # literature
    "agreed": "一致",
    "contested": "有争议",
    "supports": "支持",
    "contests": "质疑",
    "issued": "发布",
    "starts": "开始",
    # loops
    "reinforcing": "增强回路",
    "balancing": "调节回路",
    "unknown": "未知",
    "authorStated": "作者明确陈述",
    "curatorReading": "编者解读",
    # leverage roles
    "driver": "驱动因素",
    "linkage": "联动因素",
    "dependent": "依赖因素",
    "autonomous": "自治因素",
    # what-if
    "increases": "增加",
    "decreases": "减少",
    "ambiguous": "方向不明",
    "improves": "改善",
    "worsens": "恶化",
    "on": "启用",
    "off": "关闭",
    # audit verdicts
    "consistent": "一致",
    "inconsistent": "不一致",
    "notCheckable": "无法核验",
    "yes": "是",
    "true": "是",
    "false": "否",
}

#: Column headings (``…Label`` columns take the heading of their identifier column).
COLUMNS = {
    "abstractWording": "摘要措辞", "actor": "主体", "actorClass": "主体类别",
    "addressed": "被应对", "addresses": "应对对象", "agency": "机构",
    "approximate": "约数", "arithmetic": "计算过程", "bearsOn": "涉及", "body": "机构",
    "causalLinks": "因果关系数", "cause": "原因", "causeClass": "原因类别",
    "change": "变化", "changePercent": "变化率（%）", "check": "核验",
    "checkLabel": "核验", "cited": "被引", "citing": "引用方", "class": "类别",
    "condition": "条件", "countermeasure": "对策", "curatorReadings": "编者解读数",
    "date": "日期", "difference": "差值", "direct": "直接", "disputingClaims": "质疑的论断",
    "document": "文献", "documents": "文献", "effect": "作用", "element": "要素",
    "elementClass": "要素类别", "elements": "要素数", "entity": "实体",
    "evidence": "证据", "evidenceDocument": "证据文献", "evidenceText": "证据原文",
    "factor": "制约因素", "field": "技术领域", "fieldsInFigure": "数字涉及领域数",
    "figure": "数字", "figures": "数字数", "findings": "现状判断", "from": "起点",
    "grew": "增长", "hsCode": "HS编码", "inDocuments": "所在文献", "indicator": "指标",
    "instrument": "政策工具", "instrumentClass": "政策工具类别", "item": "项目",
    "itemClass": "项目类别", "jurisdiction": "管辖", "kind": "类型", "link": "关系",
    "market": "市场", "marketClass": "市场类别", "measure": "措施",
    "measureClass": "措施类别", "mode": "陈述方式", "next": "下一环",
    "node": "节点", "nodeClass": "节点类别", "note": "编者说明", "obs": "观测值",
    "order": "顺序", "period": "时期", "polarity": "方向", "previousValue": "上年值",
    "printed": "文中数值", "printedGrowth": "文中增长率（%）", "product": "产品",
    "property": "属性", "quote": "原文", "reason": "原因", "reasonMode": "原因陈述方式",
    "reasonQuote": "原因原文", "recomputed": "重新计算值", "relation": "关系",
    "responseLinks": "应对关系数", "section": "章节", "stance": "立场",
    "statements": "论断数", "subFactor": "子因素", "subject": "主题",
    "sumOfListed": "所列合计", "supportingClaims": "支持的论断", "target": "目标",
    "targetClass": "目标类别", "targetDocument": "目标文献", "targetQuote": "目标原文",
    "text": "文本", "to": "终点", "tolerance": "容差", "uncertain": "不确定",
    "unitSymbol": "单位", "value": "数值", "via": "经由", "what": "事项", "year": "年份",
    # report tables (trace, loops, audit, leverage, what-if)
    "part": "部分", "path": "路径", "step": "步骤", "sign": "方向", "loop": "回路",
    "length": "长度", "contested": "有争议", "gloss": "英文释义", "id": "标识",
    "verdict": "结论", "rank": "排名", "label": "名称", "role": "角色",
    "influence": "影响度", "dependence": "依赖度", "out": "直接影响", "in": "直接依赖",
    "betweenness": "中介中心性", "paths": "路径", "summary": "总括性语句", "folded": "合并条数",
    "agreement": "一致性",
}  # fmt: skip


def word(text: str, lang: str) -> str:
    """A code word in ``lang`` (unchanged in English or when it is not a code word)."""
    return WORDS.get(text, text) if lang == "zh" else text


def column(name: str, lang: str) -> str:
    """A column heading in ``lang``: ``factorLabel`` is headed like ``factor``."""
    if lang != "zh":
        return name
    return COLUMNS.get(name) or COLUMNS.get(name.removesuffix("Label"), name)


# ------------------------------------------------------------------ the audit --

#: The audit's fixed explanations, sentence by sentence.
_NOTES = {
    "No growth rate is printed for this year; the article says only that the value fell "
    "slightly (略有下降) on the year before, which the recomputed change agrees with.": (
        "文中未给出该年增长率，只说出口额较上年略有下降，与重新计算的变化相符。"
    ),
    "No growth rate is printed for this year.": "文中未给出该年增长率。",
    "Holds for the printed averages and for every recomputed reading of the later one.": (
        "对文中的平均值以及后一时期平均值的每种重新计算口径都成立。"
    ),
    "The article prints no total export value to compare with.": "文中没有可供比较的出口总额。",
    "The article says the share rose slightly (比重虽小幅上升).": (
        "文中说比重小幅上升（比重虽小幅上升）。"
    ),
    "No years are printed with the two values, so no yearly rate can be derived and the "
    "direction rests on the wording (上升, rose) alone; the passage is garbled (uncertain).": (
        "两个数值都未注明年份，无法推算年增长率，方向只能依据措辞（上升）；该段文字有错乱（不确定）。"
    ),
}

#: The arithmetic's phrases, in the order they are replaced (longer first).
_PHRASES = [
    (r"no (\d{4}) value is printed, so \((\d{4}) / (\d{4}) − 1\) × 100 cannot be computed; "
     r"the printed ([\d.]+)% implies a \d{4} value of ",
     r"文中没有\1年的数值，无法计算（\2 / \3 − 1）× 100；文中的\4%意味着\1年数值为 "),
    (r"no yearly values for (\d{4})–(\d{4}) are printed", r"文中没有\1–\2年的逐年数值"),
    (r"implied (\d{4}) value", r"隐含的\1年数值"),
    (r" vs printed ", "，文中为 "),
    (r"\(rates ", "（各年增长率："),
    (r"(\d{4}): printed", r"\1：文中数值"),
    (r"(\d{4}): recomputed", r"\1：重新计算"),
    (r" percentage points", " 个百分点"),
    (r", leaving ([\d.]+) % for all other markets", r"，其余市场合计 \1 %"),
    (r"; the other field\(s\) take ", "；其他领域合计 "),
    (r"\(between ([\d.]+) and ([\d.]+) for a share rounded to ",
     r"（比重四舍五入为 "),
    (r"difference ", "差值 "),
    (r"tolerance ", "容差 "),
]  # fmt: skip
_BETWEEN = re.compile(r"（比重四舍五入为 ([\d.]+ ± [\d.]+)\)")


def audit_zh(text: str) -> str:
    """An audit arithmetic line or note in Chinese (a note not known stays as it is)."""
    if text in _NOTES:
        return _NOTES[text]
    bounds = re.search(r"\(between ([\d.]+) and ([\d.]+) for a share", text)
    for pattern, replacement in _PHRASES:
        text = re.sub(pattern, replacement, text)
    if bounds:
        text = _BETWEEN.sub(
            rf"（比重四舍五入为 \1 时，介于 {bounds[1]} 与 {bounds[2]} 之间）", text
        )
    text = text.replace("rates ", "").replace(")（", "）（")
    if text.endswith(")") and "（各年增长率：" in text:
        text = text[:-1] + "）"
    return text
