"""Every label a figure or table shows, in English and Chinese: the one table of names.

Category names live in ``data/categories.csv`` (read through :func:`category_names`); everything else is here.
"""
from __future__ import annotations

import pandas as pd

LANGUAGES = ("en", "zh")

TEXT: dict[str, dict[str, str]] = {
    "figure1_title": {"en": "Non-conformity rate of the eight product categories, national supervision spot checks",
                      "zh": "八大类产品不合格发现率（产品质量国家监督抽查）"},
    "year": {"en": "Year", "zh": "年份"},
    "nonconformity_pct": {"en": "Non-conforming batches (%)", "zh": "不合格发现率（%）"},
    "printed": {"en": "printed in a source", "zh": "来源直接公布"},
    "derived": {"en": "derived from a printed change", "zh": "由公布的变化推算"},
    "missing": {"en": "no source found", "zh": "未找到来源"},
    "national": {"en": "All categories (national)", "zh": "全国（全部类别）"},
    "category": {"en": "Category", "zh": "类别"},
    "status": {"en": "Status", "zh": "状态"},
    "figure1_note": {"en": "Open markers: derived from a later release's printed change; gaps: no source found. "
                            "Spot checks target risky products: rates are not random-sample estimates.",
                     "zh": "空心标记：由后续公布的变化推算；断开处：未找到来源。监督抽查针对高风险产品，并非随机抽样。"},
    "section_n": {"en": "Section {n}", "zh": "第{n}节"},
    "agrees": {"en": "agrees with its source", "zh": "与来源一致"},
    "differs": {"en": "differs from its source", "zh": "与来源不符"},
    "unverified": {"en": "unverified (no source found)", "zh": "未核实（未找到来源）"},
    "not checkable": {"en": "not checkable (a target or an opinion)", "zh": "无法核查（目标或观点）"},
    "claims_n": {"en": "Number of claims", "zh": "论断数"},
    "ledger_title": {"en": "Quantitative claims on our pages of the article, by verdict",
                     "zh": "文中定量论断核查结果（按章节）"},
    "am_roles": {"en": "Distinct units by printed role", "zh": "按角色统计的单位数"},
    "am_units_n": {"en": "Units", "zh": "单位数"},
    "am_sectors": {"en": "Items whose users are in each sector", "zh": "各应用领域涉及的场景数"},
    "am_types": {"en": "Items per scenario type (industrial field)", "zh": "各场景类型的场景数（工业领域）"},
    "am_items_n": {"en": "Items", "zh": "场景数"},
    "sector_universities": {"en": "universities", "zh": "高校"},
    "sector_aero-engines": {"en": "aero-engines", "zh": "航空发动机"},
    "sector_aviation": {"en": "aviation", "zh": "航空"},
    "sector_space": {"en": "space", "zh": "航天"},
    "sector_electronics": {"en": "electronics", "zh": "电子信息"},
    "sector_other": {"en": "other", "zh": "其他"},
    "milk_sourced": {"en": "limit read in its source", "zh": "来源中的限量"},
    "milk_article": {"en": "the article's value (no source found)", "zh": "文中数值（未找到来源）"},
    "no_limit": {"en": "no SCC limit (article; unverified)", "zh": "未设体细胞限量（文中说法，未核实）"},
    "scc_axis": {"en": "Somatic cell count limit (thousand cells per mL)", "zh": "体细胞数限量（千个/mL）"},
    "milk_title": {"en": "Raw-milk somatic cell count limits", "zh": "生乳体细胞数限量"},
    "implied_range": {"en": "implied by the next year's count and growth", "zh": "由次年数量及增速推算"},
    "stated_2020": {"en": "stated in the article", "zh": "文中数值"},
    "complaints_axis": {"en": "Complaints in the article's year (10 thousand)", "zh": "文中年份的投诉量（万件）"},
    "stated_rounding": {"en": "range the article's rounded figure stands for", "zh": "文中取整数值对应的区间"},
    "complaints_title": {"en": "Consumer complaints: the article against SAMR's next release",
                         "zh": "消费者投诉：文中数值与市场监管总局次年数据"},
    "timeline_title": {"en": "Dates in the article and in the sources",
                       "zh": "文中年份与来源年份"},
    "stated_period": {"en": "year or decade stated in the article", "zh": "文中所述年份或年代"},
    "source_year_verdict": {"en": "year in the source: {verdict}", "zh": "来源年份：{verdict}"},
    "note_unverified": {"en": "no source found", "zh": "未找到来源"},
    "note_not checkable": {"en": "a target: nothing to check", "zh": "目标，无从核查"},
    # Short names of the dated claims (rows of the timeline figure), keyed by claim id.
    "date_S5-make-in-india": {"en": "India: Make in India launched", "zh": "印度：“印度制造”启动"},
    "date_S5-us-quality-act": {"en": "US: national quality improvement act", "zh": "美国：国家质量改进法"},
    "date_S5-us-rm2000": {"en": "US: R&M 2000 defence action plan", "zh": "美国：R&M 2000 国防行动计划"},
    "date_S5-us-fastener-act": {"en": "US: Fastener Quality Act", "zh": "美国：紧固件质量法"},
    "date_S5-us-mep": {"en": "US: Manufacturing Extension Partnership", "zh": "美国：制造业扩展伙伴计划"},
    "date_S5-korea-export-act": {"en": "Korea: export-product quality act", "zh": "韩国：出口产品质量促进法"},
    "date_S5-india-zed": {"en": "India: ZED certification", "zh": "印度：ZED 认证"},
    "date_S5-qif-year": {"en": "QIF approved as an ANSI standard", "zh": "QIF 成为 ANSI 标准"},
    "date_S5-steel-year": {"en": "China: first steel quality-capability grading", "zh": "中国：首次钢铁质量能力分级"},
    "date_S6-target-2025": {"en": "Authors' near-term target", "zh": "作者的近期目标"},
    "date_S6-target-2035": {"en": "Authors' long-term target", "zh": "作者的远期目标"},
    "change_measure": {"en": "measure renamed", "zh": "指标名称变化"},
    "change_sampling": {"en": "sampling changed", "zh": "抽样方式变化"},
    "long_title": {"en": "National supervision spot checks: non-conforming batches by year",
                   "zh": "产品质量国家监督抽查不合格率（按年份）"},
    "by_size": {"en": "By size of firm", "zh": "按企业规模"},
    "by_channel": {"en": "By where samples were taken", "zh": "按抽样领域"},
    "size_large": {"en": "large firms", "zh": "大型企业"},
    "size_medium": {"en": "medium firms", "zh": "中型企业"},
    "size_small": {"en": "small firms", "zh": "小型企业"},
    "channel_production": {"en": "factories (production)", "zh": "生产领域"},
    "channel_retail": {"en": "shops and online (流通)", "zh": "流通领域"},
    "channel_retail_store": {"en": "physical shops", "zh": "流通领域（实体店）"},
    "channel_ecommerce": {"en": "e-commerce", "zh": "流通领域（电子商务）"},
    "national_title": {"en": "National non-conformity rate", "zh": "全国不合格发现率"},
    "pass_rate_source": {"en": "AQSIQ, printed as pass rate", "zh": "质检总局（公布合格率）"},
    "nonconformity_source": {"en": "SAMR, printed as non-conformity rate", "zh": "市场监管总局（公布不合格发现率）"},
}


def text(key: str, lang: str) -> str:
    """The label ``key`` in ``lang`` ('en' or 'zh')."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}': allowed values are {', '.join(LANGUAGES)}")
    try:
        return TEXT[key][lang]
    except KeyError:
        raise KeyError(f"no label '{key}' in compendium.labels.TEXT; add it in both languages") from None


def category_names(categories: pd.DataFrame, lang: str, short: bool = True) -> dict[str, str]:
    """Category code -> display name, in the order of categories.csv, with 'national' first."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language '{lang}': allowed values are {', '.join(LANGUAGES)}")
    column = "name_zh" if lang == "zh" else ("short_en" if short else "name_en")
    names = {"national": text("national", lang)}
    for row in categories.sort_values("order").itertuples():
        names[row.code] = getattr(row, column)
    return names


def number(value) -> str:
    """A number as a person reads it: thousands separated from 10,000 up (a year stays 2014), no exponent, no trailing '.0'; empty for a missing
    value (None, NaN, pandas.NA). Text is returned as it is."""
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, str):
        return value
    try:
        if pd.isna(value):
            return ""
    except (TypeError, ValueError):
        return str(value)
    if isinstance(value, bool):
        return str(value)
    if float(value).is_integer():
        return f"{int(value):,}" if abs(int(value)) >= 10_000 else str(int(value))
    magnitude = abs(float(value))
    return f"{value:,.0f}" if magnitude >= 10_000 else f"{value:,.4g}" if magnitude >= 1 else f"{value:.3g}"
