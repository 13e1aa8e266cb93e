"""The notebooks' sentences, in English and Chinese side by side: every sentence that states a number, a count,
a comparison or a conclusion is made here from typed values, never typed into a markdown cell.

Words that are conclusions ("rose", "in part", "in every year") arrive as keys computed by the analysis
modules (:mod:`figure1`, :mod:`longseries`, :mod:`scenarios`, :mod:`sections`) and are only translated here.
:func:`show` displays text as Markdown output, which GitHub renders as text. The sentences are ours; none is
copied from the article.
"""
from __future__ import annotations

import pathlib
from typing import Any

from .labels import LANGUAGES

# One entry per sentence: {"en": ..., "zh": ...}, filled with str.format.
T: dict[str, dict[str, str]] = {
    # --- shared --------------------------------------------------------------------------------------------
    "outputs_default": {"en": "This run wrote its figures to `{figures}` and its results to `{results}`.",
                        "zh": "本次运行的图保存在 `{figures}`，结果保存在 `{results}`。"},
    "outputs_redirected": {
        "en": "Parameters differ from the defaults ({changed}), so this run wrote its figures to `{figures}` and its "
              "results to `{results}`; the committed `figures/` and `results/` keep the default run.",
        "zh": "参数与默认值不同（{changed}），因此本次运行的图保存在 `{figures}`，结果保存在 `{results}`；"
              "仓库中的 `figures/` 与 `results/` 仍为默认运行的结果。"},
    "verdict_counts": {"en": "{n} claims: {agrees} agree with their source, {differs} differ, {unverified} are "
                             "unverified and {not_checkable} cannot be checked.",
                       "zh": "共 {n} 条论断：{agrees} 条与来源一致，{differs} 条不符，{unverified} 条未核实，"
                             "{not_checkable} 条无法核查。"},
    "differs_item": {"en": "Differs: {claim_id}: {explanation}.", "zh": "不符：{claim_id}：{explanation}。"},
    "differs_fields": {"en": "the article states {stated}, the source gives {source}{difference}",
                       "zh": "原文为 {stated}，来源为 {source}{difference}"},
    "difference": {"en": " (difference {value})", "zh": "（相差 {value}）"},
    "verdict_n": {"en": "{n} {word}", "zh": "{n} 条{word}"},
    "unverified_note": {"en": "An unverified claim is not shown wrong: no source value was found for it.",
                        "zh": "未核实不等于错误：只是没有找到来源数值。"},
    "not_checkable_note": {"en": "A claim that cannot be checked states a target, an opinion or something about the "
                                 "article itself: no source could confirm it.",
                           "zh": "无法核查的论断陈述的是目标、观点或关于原文本身的内容：没有来源可以证实。"},
    "ledger_scope_all": {"en": "Sections shown: all sections of our pages ({sections}).",
                         "zh": "显示的章节：我们所有页面上的全部章节（{sections}）。"},
    "ledger_scope_some": {"en": "Sections shown: {sections} (parameter `sections`).",
                          "zh": "显示的章节：{sections}（参数 `sections`）。"},
    # --- notebook 01 ---------------------------------------------------------------------------------------
    "f1_title": {"en": "## Non-conformity by category, {first}–{last} ({cats})",
                 "zh": "## 各类别不合格发现率，{first}–{last}年（{cats}）"},
    "f1_cats_all": {"en": "all {n} categories", "zh": "全部 {n} 个类别"},
    "f1_cats_some": {"en": "{k} of {n} categories", "zh": "{n} 个类别中的 {k} 个"},
    "f1_span_same": {"en": "This run shows the span of the article's figure, {first}–{last}.",
                     "zh": "本次运行显示的年份与原文图1相同：{first}–{last}年。"},
    "f1_span_other": {"en": "The article's figure spans {afirst}–{alast}; this run shows {first}–{last}.",
                      "zh": "原文图1覆盖 {afirst}–{alast}年；本次运行显示 {first}–{last}年。"},
    "f1_margins": {"en": "Derived values carry the rounding of every printed figure they come from: in this selection "
                         "from ±{low} to ±{high} points.",
                   "zh": "推算值带有其所依据的每个公布数字的取整误差：本次所选范围内为 ±{low} 至 ±{high} 个百分点。"},
    "f1_margins_none": {"en": "No value in this selection is derived.", "zh": "本次所选范围内没有推算值。"},
    "f1_coverage": {"en": "Of the {total} category-year cells shown, {printed} are printed in a source we read, {derived} "
                          "are derived from a printed change and {missing} are missing: the figure can be rebuilt {extent} "
                          "from the bulletins we could read.",
                    "zh": "图中 {total} 个类别–年份单元格中，{printed} 个由来源直接公布，{derived} 个由公布的变化推算，"
                          "{missing} 个缺失：依据我们能读到的公告，该图{extent}。"},
    "extent_full": {"en": "in full", "zh": "可以完整重建"},
    "extent_part": {"en": "only in part", "zh": "只能部分重建"},
    "extent_none": {"en": "not at all", "zh": "完全无法重建"},
    "f1_national": {"en": "Nationally, non-conformity {direction} from {first}% in {first_year} to {last}% in {last_year}; "
                          "the highest year was {peak_year} ({peak}%).",
                    "zh": "全国不合格发现率从 {first_year}年的 {first}% {direction}至 {last_year}年的 {last}%；"
                          "最高的是 {peak_year}年（{peak}%）。"},
    "dir_rose": {"en": "rose", "zh": "上升"},
    "dir_fell": {"en": "fell", "zh": "下降"},
    "dir_same": {"en": "stayed", "zh": "持平"},
    "f1_latest": {"en": "In {year}, the last year with category values, the highest known category rate is {name} at "
                        "{rate}% ({status}); {known} of {total} selected categories are known that year.",
                  "zh": "{year}年是有类别数值的最后一年，已知最高的类别为{name}，{rate}%（{status}）；"
                        "该年所选 {total} 个类别中已知 {known} 个。"},
    "f1_trend": {"en": "Trend, {name}: odds ratio {or_} per year (95% CI {lo}–{hi}), {direction}.",
                 "zh": "趋势，{name}：每年优势比 {or_}（95% 置信区间 {lo}–{hi}），{direction}。"},
    "trend_rising": {"en": "rising", "zh": "上升"},
    "trend_falling": {"en": "falling", "zh": "下降"},
    "trend_none": {"en": "no clear trend", "zh": "无明显趋势"},
    "f1_sentence": {"en": "Section {section} of the article says that in the {year} spot checks {items} had non-conformity "
                          "rates above {threshold}%. Checking this needs product-level {year} results; the ledger's "
                          "verdicts: {verdicts}.",
                    "zh": "原文第 {section} 节称，{year}年监督抽查中 {items} 的不合格发现率超过 {threshold}%。"
                          "核查需要{year}年的产品层面结果；台账的结论：{verdicts}。"},
    "f1_sentence_item": {"en": "{n} products in {name}", "zh": "{name} {n} 种产品"},
    "f1_targeted": {"en": "Spot checks target risky products; none of these rates is a random-sample estimate of market "
                          "quality.",
                    "zh": "监督抽查针对高风险产品；这些比率都不是对市场质量的随机抽样估计。"},
    "f1_wilson": {"en": "Wilson {level}% intervals where the number of batches is printed.",
                  "zh": "在公布了批次数的情况下给出 Wilson {level}% 区间。"},
    # --- notebook 07 ---------------------------------------------------------------------------------------
    "ls_title": {"en": "## The national series, {first}–{last}", "zh": "## 全国抽查不合格率，{first}–{last}年"},
    "ls_fall_all": {"en": "Did the national rate fall after {base_year}? Yes, in every later year: it was {base}% in "
                          "{base_year} and {lo}% to {hi}% afterwards; {last}% in {last_year}, the latest year selected.",
                    "zh": "{base_year}年后全国不合格率是否下降？是的，此后每年都更低：{base_year}年为 {base}%，"
                          "此后在 {lo}% 至 {hi}% 之间；所选最后一年 {last_year}年为 {last}%。"},
    "ls_fall_some": {"en": "Did the national rate fall after {base_year}? Not lastingly: it was {base}% in {base_year}; "
                           "it was lower in {below} of the {after} later years, ranged from {lo}% ({lo_year}) to {hi}% "
                           "({hi_year}), and was {last}% in {last_year}, the latest year selected.",
                     "zh": "{base_year}年后全国不合格率是否下降？并未持续下降：{base_year}年为 {base}%；此后 {after} 年中"
                           "有 {below} 年更低，范围从 {lo}%（{lo_year}年）到 {hi}%（{hi_year}年），所选最后一年 "
                           "{last_year}年为 {last}%。"},
    "ls_fall_none": {"en": "Did the national rate fall after {base_year}? No: it was {base}% in {base_year} and at least "
                           "as high in every later year ({lo}% to {hi}%); {last}% in {last_year}, the latest year selected.",
                     "zh": "{base_year}年后全国不合格率是否下降？没有：{base_year}年为 {base}%，此后每年都不低于此"
                           "（{lo}% 至 {hi}%）；所选最后一年 {last_year}年为 {last}%。"},
    "ls_no_base": {"en": "The selected years ({first}–{last}) do not include both {base_year}, the article's last year, and "
                         "a later year, so no comparison with it is made.",
                   "zh": "所选年份（{first}–{last}年）未同时包含原文的最后一年 {base_year}年及其后的年份，因此不作比较。"},
    "ls_trend": {"en": "A quasi-binomial trend over {first}–{last} ({weighting}) gives an odds ratio of {or_} per year "
                       "(95% CI {lo}–{hi}): {direction}.",
                 "zh": "{first}–{last}年的拟二项趋势（{weighting}）：每年优势比 {or_}（95% 置信区间 {lo}–{hi}）：{direction}。"},
    "weight_batches": {"en": "weighted by batches", "zh": "按批次加权"},
    "weight_equal": {"en": "equal weights, batch counts not printed for every year", "zh": "等权，并非每年都公布批次数"},
    "ls_size": {"en": "Small firms failed more often than large ones in {when}: {examples}.",
                "zh": "小型企业的不合格率{when}高于大型企业：{examples}。"},
    "ls_size_other": {"en": "Small firms failed more often than large ones in {k} of the {n} years printed: {examples}.",
                      "zh": "在公布的 {n} 年中，小型企业有 {k} 年的不合格率高于大型企业：{examples}。"},
    "when_every": {"en": "every year printed ({n})", "zh": "在公布的每一年（{n} 年）都"},
    "ls_size_item": {"en": "{year}: small {small}% vs large {large}% ({ratio} times)",
                     "zh": "{year}年：小型 {small}%，大型 {large}%（{ratio} 倍）"},
    "ls_size_none": {"en": "No year in the selection prints both small and large firms' rates.",
                     "zh": "所选年份中没有同时公布小型和大型企业不合格率的年份。"},
    "ls_channels": {"en": "By where samples were taken ({year}): {items}.", "zh": "按抽样领域（{year}年）：{items}。"},
    "ls_channels_higher": {"en": "Samples bought in shops or online failed more often than factory samples in {k} of the "
                                 "{n} years with both printed ({years}).",
                           "zh": "在同时公布两者的 {n} 年（{years}）中，流通领域样品有 {k} 年的不合格率高于生产领域样品。"},
    "ls_channels_none": {"en": "No year in the selection prints rates by where samples were taken.",
                         "zh": "所选年份中没有按抽样领域公布的不合格率。"},
    "ls_categories": {"en": "The categories the article singles out cannot be followed after {year}: the bulletins we "
                            "could read print special product groups instead of the categories of the article's figure.",
                      "zh": "原文关注的类别在 {year}年之后无法追踪：我们读到的公告只公布专项产品组，不再公布原文图中的类别。"},
    "ls_targeted": {"en": "All of this describes targeted samples: the products checked, the share of small firms and "
                          "the share bought in shops and online change every year, so a rise can mean sharper targeting "
                          "as much as worse products.",
                    "zh": "以上都是针对性抽样的结果：抽查的产品、小企业比例和流通领域比例每年都在变化，"
                          "因此比率上升既可能意味着产品更差，也可能意味着抽查更有针对性。"},
    "ls_tests_intro": {"en": "Two-proportion z tests between {base_year} and each later year whose counts are printed. "
                             "These years have {n_low} to {n_high} batches each, so almost any difference is "
                             "'significant'; what matters is that the samples are drawn differently every year, which "
                             "no test can correct for.",
                       "zh": "对 {base_year}年与其后每个公布了批次数的年份做两比例 z 检验。这些年份每年有 {n_low} 至 "
                             "{n_high} 批次，几乎任何差异都会“显著”；关键在于每年的抽样方式不同，这是任何检验都无法校正的。"},
    "ls_tests_none": {"en": "No two-proportion test: the selection has no later year with printed counts to set against "
                            "{base_year}.",
                      "zh": "不做两比例检验：所选范围内没有可与 {base_year}年比较、且公布了批次数的后续年份。"},
    # --- notebook 06 ---------------------------------------------------------------------------------------
    "am_coverage": {"en": "Our pages hold only items {first}–{last} of the {field} ({n} items, in {types} scenario types). "
                          "The rest of the list was looked for and not found, so everything below describes these items "
                          "only, not the list.",
                    "zh": "我们的页面只包含{field}的第 {first}–{last} 项（共 {n} 项，{types} 种场景类型）。"
                          "名单其余部分已查找但未找到，因此以下内容只描述这些项目，而非整个名单。"},
    "am_makers": {"en": "{makers} distinct equipment makers appear; the most frequent, {top}, is named in {top_n} items.",
                  "zh": "共出现 {makers} 家不同的装备制造商；出现最多的是{top}，见于 {top_n} 项。"},
    "am_sectors": {"en": "Items by users' sector: {items}.", "zh": "按应用单位所属领域统计的项目数：{items}。"},
    # --- the section template ------------------------------------------------------------------------------
    "sec_ratio": {"en": "The draft's value is {us} times the US limit and {eu} times the EU limit.",
                  "zh": "征求意见稿的数值是美国限量的 {us} 倍、欧盟限量的 {eu} 倍。"},
    "sec_complaints": {"en": "{quantity}: the article's {stated} lies {where} the range {low} to {high} implied by the "
                             "later release's count and its printed growth (allowing for the article's rounding).",
                       "zh": "{quantity}：文中的 {stated} {where}由后一年公布的数量及增速推算的区间 {low} 至 {high}（计入原文的取整）。"},
    "sec_no_chart": {"en": "This section has no chart; its tables stand alone.",
                     "zh": "本节没有图，只列表格。"},
    "inside": {"en": "inside", "zh": "位于"},
    "outside": {"en": "outside", "zh": "不在"},
    "sec_dates": {"en": "{agree} of the {n} dates agree with the sources, {differ} differ and {open} have no source "
                        "year.",
                  "zh": "{n} 个年份中 {agree} 个与来源一致，{differ} 个不符，{open} 个没有来源年份。"},
}

VERDICT_WORDS = {"agrees": {"en": "agrees", "zh": "一致"}, "differs": {"en": "differs", "zh": "不符"},
                 "unverified": {"en": "unverified", "zh": "未核实"}, "not checkable": {"en": "not checkable", "zh": "无法核查"}}


def t(key: str, lang: str, **fields: Any) -> str:
    """The sentence ``key`` in ``lang``, filled with ``fields``."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}': allowed values are {', '.join(LANGUAGES)}")
    try:
        template = T[key][lang]
    except KeyError:
        raise KeyError(f"no sentence '{key}' in compendium.narrative.T; add it in both languages") from None
    return template.format(**fields)


def sep(lang: str) -> str:
    return "、" if lang == "zh" else ", "


def verdict_word(verdict: str, lang: str) -> str:
    return VERDICT_WORDS.get(verdict, {}).get(lang, verdict)


def verdict_list(counts: dict[str, int], lang: str) -> str:
    """'3 unverified, 1 agrees' / '3 条未核实、1 条一致'."""
    return sep(lang).join(t("verdict_n", lang, n=n, word=verdict_word(v, lang)) for v, n in sorted(counts.items()) if n)


def show(*sentences: str):
    """Display sentences as one Markdown paragraph each (rendered as text on GitHub); returns nothing, so a
    notebook cell ending in it shows only the Markdown."""
    from IPython.display import Markdown, display

    display(Markdown("\n\n".join(s for s in sentences if s)))


def _rel(folder: pathlib.Path) -> str:
    """A folder as a reader can follow it: relative to the repository when inside it, else as given."""
    from .paths import find_root

    folder = pathlib.Path(folder).resolve()
    try:
        return str(folder.relative_to(find_root())) + "/"
    except (ValueError, FileNotFoundError):
        return str(folder)


def outputs(p, lang: str | None = None) -> str:
    """Where this run wrote, and why when it was redirected."""
    lang = lang or p.lang
    fields = {"figures": _rel(p.figures_dir), "results": _rel(p.results_dir)}
    if p.redirected_to is not None:
        changed = ", ".join(f"{k}={v!r}" for k, v in p.changed.items())
        return t("outputs_redirected", lang, changed=changed, **fields)
    return t("outputs_default", lang, **fields)


def verdict_summary(counts: dict[str, int], lang: str) -> str:
    return t("verdict_counts", lang, n=sum(counts.values()), agrees=counts.get("agrees", 0),
             differs=counts.get("differs", 0), unverified=counts.get("unverified", 0),
             not_checkable=counts.get("not checkable", 0))


def _missing(value) -> bool:
    import pandas as pd

    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def source_text(row) -> str:
    """What the source gives, from a ledger row: its text value, or its numeric bounds (either form of the ledger)."""
    text = getattr(row, "source_text", None)
    if not _missing(text):
        return str(text)
    value = getattr(row, "source_value", None)
    if not _missing(value):
        return f"{float(value):g}" if isinstance(value, (int, float)) else str(value)
    low, high = getattr(row, "source_low", None), getattr(row, "source_high", None)
    if _missing(low):
        return ""
    return f"{float(low):g}" if _missing(high) or low == high else f"{float(low):g}–{float(high):g}"


def ledger_conclusion(table, lang: str) -> list[str]:
    """Counts of verdicts, then each difference with its explanation."""
    from . import claims

    lines = [verdict_summary(claims.counts(table), lang)]
    for r in table[table.verdict == "differs"].itertuples():
        explanation = r.explanation
        if lang != "en":   # the ledger's explanation is English; say the same from its typed fields
            diff = "" if _missing(r.difference) else \
                t("difference", lang, value=f"{float(r.difference):+g} {'' if _missing(r.unit) else r.unit}".strip())
            explanation = t("differs_fields", lang, stated=str(r.stated).replace("..", "–"), source=source_text(r),
                            difference=diff)
        lines.append(t("differs_item", lang, claim_id=r.claim_id, explanation=explanation))
    if (table.verdict == "unverified").any():
        lines.append(t("unverified_note", lang))
    if (table.verdict == "not checkable").any():
        lines.append(t("not_checkable_note", lang))
    return lines


# The article-section notebooks (one template, run once per section): title, question, data and the chart's
# caption of each, in our words. Numbers are left to the tables and the generated conclusions.
SECTION_TEXT: dict[str, dict[str, dict[str, str]]] = {
    "02_raw_milk_cell_counts": {
        "title": {"en": "Raw-milk somatic cell limits: the US, the EU and China",
                  "zh": "生乳体细胞数限量：美国、欧盟与中国"},
        "question": {"en": "The article compares the somatic cell count (SCC) limits for raw milk in the United States and "
                           "the EU with China's current standard, which sets none, and with the qualified grade of a "
                           "draft revision. Do the sources give these values, and how far is the draft from the US and "
                           "EU limits?",
                     "zh": "原文比较了美国、欧盟的生乳体细胞数限量与中国现行标准（未设限量）以及修订征求意见稿中"
                           "合格等级的数值。来源是否给出这些数值？征求意见稿与美国、欧盟限量相差多少？"},
        "data": {"en": "The limits as the sources print them, in `data/claim_values.csv`: a UC Davis summary of the US "
                       "Pasteurized Milk Ordinance, a review of EU rules, the directive's own text for its date, and a "
                       "standards record for GB 19301-2010.",
                 "zh": "来源公布的限量，见 `data/claim_values.csv`：加州大学戴维斯分校对美国《巴氏杀菌乳条例》的摘要、"
                       "一篇欧盟规则综述、指令原文（用于日期）以及 GB 19301-2010 的标准信息。"},
        "caption": {"en": "The draft's value is the article's own (no source for it was found), so its bar is hatched; the "
                          "ratio columns say how many times the US and EU limits it is.",
                    "zh": "征求意见稿的数值来自原文（未找到来源），故以斜线表示；比值列给出它是美国、欧盟限量的几倍。"}},
    "03_consumer_complaints": {
        "title": {"en": "Consumer complaints and the reputation of Chinese products",
                  "zh": "消费者投诉与中国产品的声誉"},
        "question": {"en": "The article gives the number of complaints market regulators handled in one year, how many "
                           "concerned quality and what share that is, how fast quality complaints grew, and China's rank "
                           "in a made-in-country reputation index. Do the sources bear these out?",
                     "zh": "原文给出了市场监管部门某一年受理的投诉量、其中质量问题投诉的数量和占比、质量投诉的增速，"
                           "以及中国在“国家制造”声誉指数中的排名。来源能否证实这些数字？"},
        "data": {"en": "SAMR's release for the following year (reported by 人民网 and reposted) prints that year's counts "
                       "and their growth, so the article's counts can be recomputed; the Made-In-Country Index "
                       "(Statista), as reported. The article's own source release was not found.",
                 "zh": "市场监管总局次年的发布（人民网报道及转载）公布了当年数量及增速，可据此反推原文的数量；"
                       "“国家制造”指数（Statista）取自报道。原文所依据的发布本身未找到。"},
        "caption": {"en": "Each bar is the range of counts consistent with the later count and its printed growth, "
                          "allowing for the rounding of both printed numbers; the dot is the article's figure.",
                    "zh": "每条横条是与后一年数量及公布增速相符的区间（计入两个公布数字的取整误差）；圆点为原文数值。"}},
    "04_quality_management_surveys": {
        "title": {"en": "Quality-management surveys: the blue book and the CAQ survey",
                  "zh": "质量管理调查：蓝皮书与中国质量协会调查"},
        "question": {"en": "The article quotes percentages from a blue book on quality management in manufacturing "
                           "firms, from a survey of small and medium firms and from a China Association for Quality "
                           "survey, and says that developed countries fund a large share of such firms' quality "
                           "services. Can these be traced?",
                     "zh": "原文引用了制造业企业质量管理蓝皮书、一项中小企业调查和中国质量协会调查中的百分比，"
                           "并称发达国家为中小企业的质量服务提供了很大比例的资助。这些数字能否溯源？"},
        "data": {"en": "The blue book itself, reports on it and the surveys were searched for; each claim's note says "
                       "how. A chart of values no source gives would add nothing, so the table stands alone.",
                 "zh": "我们查找了蓝皮书本身、相关报道和调查；每条论断的备注说明了查找方式。"
                       "没有来源数值的图表没有意义，因此只列表格。"},
        "caption": {"en": "", "zh": ""}},
    "05_international_practice": {
        "title": {"en": "International practice and the authors' recommendations: programmes, dates and counts",
                  "zh": "国际经验与作者建议：计划、年份与数量"},
        "question": {"en": "The article's closing sections date and count programmes abroad and at home: US quality laws "
                           "and programmes, Korea's quality plans and laws, India's Make in India and ZED, the QIF "
                           "standard, America Makes' roadmap, China's steel quality grading, and the authors' own "
                           "targets. Do the dates and counts agree with the sources?",
                     "zh": "原文最后几节给出了国内外计划的年份和数量：美国的质量法律与计划、韩国的质量规划与法律、"
                           "印度的“印度制造”和 ZED、QIF 标准、America Makes 路线图、中国钢铁质量分级，以及作者自己的"
                           "目标。这些年份和数量与来源一致吗？"},
        "data": {"en": "Statutes and government pages (Reagan Library, the US Department of Energy on the Fastener "
                       "Quality Act, a CRS report, the Prime Minister of India's site), standards bodies' pages, America "
                       "Makes' own project call, and reports where no original was reachable.",
                 "zh": "法律与政府网页（里根图书馆、美国能源部关于《紧固件质量法》的页面、美国国会研究处报告、"
                       "印度总理网站）、标准组织网页、America Makes 的项目征集，以及无法取得原文时的报道。"},
        "caption": {"en": "Grey bars are the year or decade the article gives; dots are the sources' years, green where "
                          "they agree and red where they differ.",
                    "zh": "灰色横条为原文给出的年份或年代；圆点为来源年份，一致为绿色，不符为红色。"}},
}
SECTION_COMMON = {
    "source_note": {"en": "Every claim is paraphrased in our own words; the verdicts are computed by "
                          "`compendium.claims`, never typed.",
                    "zh": "每条论断均以我们自己的话转述；结论由 `compendium.claims` 计算，从不手工填写。"},
}


def section_text(section: str, part: str, lang: str) -> str:
    if part in SECTION_COMMON:
        return SECTION_COMMON[part][lang]
    return SECTION_TEXT[section][part][lang]


def section_header(section: str, lang: str) -> list[str]:
    q = "**问题。**" if lang == "zh" else "**Question.**"
    d = "**数据。**" if lang == "zh" else "**Data.**"
    return ["# " + section_text(section, "title", lang), f"{q} {section_text(section, 'question', lang)}",
            f"{d} {section_text(section, 'data', lang)} {section_text(section, 'source_note', lang)}"]


def ledger_scope(p, table) -> str:
    """Which sections of the article this run of the ledger shows (the parameter ``sections``)."""
    shown = sep(p.lang).join(dict.fromkeys(table["section"]))
    return t("ledger_scope_all" if p.sections is None else "ledger_scope_some", p.lang, sections=shown)
