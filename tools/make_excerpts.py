"""Write verification/excerpts.csv: for each printed fragment of data/printed_values.csv (and each text fragment of
verification/text_fragments.csv), the sentence or table row of the page it was read on that states it, with the
page's URL; and verification/excerpt_counts.json, the counts verification/README.md states.

The page texts are the stored copies returned by the search tool (corpus "pages"), saved one file per source as
PAGES/<source_id>.txt while reading; they are not committed (only the short excerpt of each value is kept, as a
quotation of the fact). The article's own values (table ``claims``) are excerpted from our copy of the article's
pages (SEED) and cited as the article (ARTICLE), not by a path in our tree. A fragment read from the page's URL
(not its text) is listed in FROM_URL and its excerpt is the URL.

How an excerpt is chosen, page by page:

- the page is cut into sentences (after 。！？, after an English sentence's full stop, and at line ends; never at
  a semicolon, so a Chinese list of clauses stays one sentence);
- the excerpt is the shortest run of one to three consecutive sentences that holds the fragment, carries text
  beyond it (more than the fragment and punctuation) and, for a row of a category, region, firm size or sampling
  channel, names that row as the page prints it (NAMES). So a sentence that lists changes ("分别上升了…") for
  categories named in the sentence before it is quoted with that sentence;
- a source value of the claims (KEYWORDS) is quoted with the nearest earlier sentence that names what it is,
  joined by " … " where the two are not adjacent;
- a sentence longer than MAX characters is cut at clause boundaries around the fragment, the cuts marked "…".

A value whose page text is not in PAGES (and an article value when SEED is not at hand) keeps the excerpt already
in verification/excerpts.csv (if any), so a run with the pages of a few sources adds or refreshes their excerpts
only. A value with no excerpt at all is left
out; tests/test_evidence.py lists their sources by name (NO_EXCERPT_YET), so the list can only shrink.

Usage: python tools/make_excerpts.py PAGES [SEED]
"""
import csv
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from compendium.printed import normalise  # noqa: E402

# The article, cited as what it is (verification/README.md says where the bibliographic data come from).
ARTICLE = ("张豪, 张纲, 蒋家东, 宗习均. 中国制造业产品质量提升策略研究. 中国工程科学 (Strategic Study of CAE), 2022 "
           "[issue and pages not found]; read on a print copy of the article's second half, section 三 to 六")
FROM_URL = {("claim_values", "steel_grading_year", "value")}   # the date is in the URL path, not the page text
KEYS = {"spot_checks": ["year", "release", "release_no", "scope", "category"],
        "spot_check_breakdowns": ["year", "release", "release_no", "dimension", "level"],
        "claim_values": ["value_id"], "claims": ["claim_id"]}
MAX = 300          # characters of a quoted sentence before it is cut around its fragment
KEY_MAX = 200      # characters of a sentence quoted only for the name of what a value is

# How the pages print each category, region, firm size and sampling channel (simplified, traditional, short and
# glossed forms as printed; a list of sizes such as 大、中、小型企业 names each of them).
NAMES = {
    "daily_textile": ["日用及纺织品", "日用及紡織品"],
    "electronics": ["电子电器", "電子電器"],
    "light_industry": ["轻工产品", "輕工產品", "轻工业产品"],
    "agri_inputs": ["农业生产资料", "農業生產資料"],
    "machinery_security": ["机械及安防", "機械及安防"],
    "electrical_materials": ["电工及材料", "電工及材料"],
    "building_materials": ["建筑和装饰装修材料", "建筑和裝飾裝修材料", "建筑装饰装修材料"],
    "food_related": ["食品相关产品", "食品相關産品", "食品及相關產品"],
    "large": ["大型企业", "大型企業", "大、中、小型企", "大型、中型和小型企", "大型和中型企业", "大、中型生产企业",
              "large enterprises", "for large"],
    "medium": ["中型企业", "中型企業", "大、中、小型企", "大型、中型和小型企", "大型和中型企业", "大、中型生产企业",
               "medium"],
    "small": ["小型企业", "小型企業", "大、中、小型企", "大型、中型和小型企", "小型生产企业", "small enterprises"],
    "east": ["东部地区", "東部", "東、中部", "eastern regions"],
    "central": ["中部地区", "中部", "東、中部", "central regions"],
    "west": ["西部地区", "西部地區", "西部", "western regions"],
    "production": ["生产领域", "生產領域", "生產(chǎn)領域", "Manufacturing field"],
    "retail": ["流通领域", "流通領域"],
    "retail_store": ["Physical retail"],
    "ecommerce": ["E-commerce"],
}
# What a source value of the claims is, as its page names it: the excerpt quotes the sentence that says so.
KEYWORDS = {
    "us_scc_limit": "Somatic Cell Count", "eu_scc_limit": "EU threshold", "complaints_2021_total": "投訴",
    "complaints_2021_total_growth": "投訴", "complaints_2021_quality": "质量问题",
    "complaints_2021_quality_growth": "質量問題", "mici_rank_china": "Made in China",
    "baldrige_act_year": "Malcolm Baldrige", "fastener_act_year": "PUBLIC LAW 101-592",
    "make_in_india_year": "Make in India", "zed_launch_year": "Zero Defect", "qif_application_areas": "QIF",
    "eu_directive_year": "92/46/EEC", "gb19301_year": "GB19301", "mep_year": "regional centers",
    "korea_export_act_year": "輸出品品質向上に関する法律", "america_makes_areas": "AM Technology Roadmap",
    "steel_grading_publisher": "排行榜",
}
_SENT = re.compile(r"(?<=[。！？])|(?<=[!?])(?=\s)|(?<=[a-z0-9%)\]\"”][.])\s+(?=[A-Z\"“(])|\n")
_PUNCT = re.compile(r"[\W_]+")


def read(name, folder="data"):
    with open(ROOT / folder / name, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


_HEADING = re.compile(r"^\s*([（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|图\s*\d)")
_CJK = re.compile(r"[\u4e00-\u9fff，、]$")


def join_page_breaks(text):
    """Our copy of the article breaks sentences at page and column ends (a line stops in the middle of a word and
    goes on after an empty line): join such a line to the next one, never a heading."""
    out = []
    for line in text.split("\n"):
        prev = next((i for i in range(len(out) - 1, -1, -1) if out[i].strip()), None)
        if (prev is not None and _CJK.search(out[prev].rstrip()) and re.match(r"[\u4e00-\u9fff]", line.strip())
                and not _HEADING.match(out[prev]) and not _HEADING.match(line)):
            del out[prev + 1:]                 # the empty lines of the break
            out[prev] = out[prev].rstrip() + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def segments(text):
    return [s.strip() for s in _SENT.split(text) if s and s.strip()]


def bare(text):
    """Text without punctuation or spaces, normalised: what is left to compare an excerpt with its fragment."""
    return _PUNCT.sub("", normalise(text))


def has_context(ex, fragment):
    return len(bare(ex)) > len(bare(fragment))


def names_row(ex, names):
    return names is None or any(n in ex for n in names)


def trim(ex, fragment, limit=None):
    """``ex`` cut to at most ``limit`` (MAX) characters around ``fragment`` at clause boundaries, each cut marked …"""
    limit = limit or MAX
    if len(ex) <= limit:
        return ex
    start = ex.find(fragment)
    if start < 0:
        start = normalise(ex).find(normalise(fragment))
    end = start + len(fragment)
    bounds = [m.end() for m in re.finditer(r"[，；;、：]\s*|,(?!\d)\s*|:(?!\d)\s*", ex)]
    left = max([b for b in bounds if b <= start] + [0])
    if end - left > limit:                       # the fragment is long: keep the clause that opens it
        left = max([b for b in bounds if b <= start and end - b <= limit] + [left])
    if len(ex) - left <= limit:
        right = len(ex)
    else:
        right = max([b for b in bounds if end <= b <= left + limit] + [end])
    out = ex[left:right].strip()
    return ("… " if left > 0 else "") + out + (" …" if right < len(ex) else "")


def excerpt(text, fragment, names=None, keyword=None):
    """The shortest run of 1-3 consecutive sentences of ``text`` holding ``fragment`` (after normalisation), with
    context beyond it, naming the row (``names``) and, for a source value, what it is (``keyword``). A run whose
    context comes before the fragment (as a list's names do) is preferred to one whose context follows it."""
    segs, want = segments(text), normalise(fragment)
    need = names if names is not None else ([keyword] if keyword else None)

    def runs(n, cond):
        out = []
        for i in range(len(segs) - n + 1):
            run = " ".join(segs[i:i + n])
            if want in normalise(run) and cond(run):
                out.append((want not in normalise(segs[i + n - 1]), len(run), i, run))
        return sorted(out)

    for n in (1, 2, 3):                        # a run naming what it states
        good = runs(n, lambda r: has_context(r, fragment) and names_row(r, need))
        if good:
            if good[0][1] <= MAX or names is not None or not keyword:
                return trim(good[0][3], fragment)
            break
    if keyword and names is None:              # the value's sentence, and the nearest sentence naming it
        for n in (1, 2, 3):
            good = runs(n, lambda r: has_context(r, fragment))
            if good:
                _, _, i, run = good[0]
                j = i + n - 1
                named = sorted((i - k if k < i else k - j, k) for k, s in enumerate(segs)
                               if keyword in s and not i <= k <= j)
                if not named or keyword in run:
                    return trim(run, fragment)
                k = named[0][1]
                key, run = trim(segs[k], keyword, KEY_MAX), trim(run, fragment)
                first, second = (key, run) if k < i else (run, key)
                join = " " if k in (i - 1, j + 1) else ("" if first.endswith("…") else " …") + " "
                return first + join + second
    return None


def row_names(table, row_key):
    """The printed names an excerpt of this row must carry: its category, or its breakdown level."""
    parts = row_key.split("|")
    if table == "spot_checks" and parts[3] == "category":
        return NAMES[parts[4]]
    if table == "spot_check_breakdowns":
        return NAMES[parts[4]]
    return None


def fragments():
    """[(table, row_key, field, printed)] of the printed numbers and of the text values' fragments."""
    out = [(r["table"], r["row_key"], r["field"], r["printed"]) for r in read("printed_values.csv")]
    out += [(r["table"], r["row_key"], r["field"], r["printed"]) for r in read("text_fragments.csv", "verification")]
    return out


def main(pages: pathlib.Path, seed: pathlib.Path):
    sources = {r["source_id"]: r for r in read("sources.csv")}
    row_source = {}
    for table, key in KEYS.items():
        for r in read(f"{table}.csv"):
            row_source[(table, "|".join(r[k] for k in key))] = r.get("source_id", "")
    out, missing, kept = [], [], 0
    path = ROOT / "verification" / "excerpts.csv"
    before = {}
    if path.exists():
        with open(path, encoding="utf-8", newline="") as f:
            before = {(e["table"], e["row_key"], e["field"]): e for e in csv.DictReader(f)}
    for table, row_key, field, printed in fragments():
        k = (table, row_key, field)
        if table == "claims":   # the article's pages, where the seed is at hand; else their excerpts are kept
            sid, url, kind = "", ARTICLE, "page"
            text = join_page_breaks(seed.read_text(encoding="utf-8")) if seed.is_file() else None
        else:
            sid = row_source[(table, row_key)]
            url = sources[sid]["url"]
            page = pages / f"{sid}.txt"
            text, kind = (page.read_text(encoding="utf-8") if page.exists() else None), "page"
            if k in FROM_URL:
                text, kind = url, "url"
        keyword = KEYWORDS.get(row_key) if table == "claim_values" else None
        ex = url if kind == "url" else (excerpt(text, printed, row_names(table, row_key), keyword) if text else None)
        if ex is None:
            if k in before and text is None:
                out.append(before[k] | ({"url": url} if table == "claims" else {}))
                kept += 1
            else:
                missing.append(k)
            continue
        out.append({"table": table, "row_key": row_key, "field": field, "source_id": sid,
                    "url": url, "excerpt": ex, "fragment_from": kind})
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, ["table", "row_key", "field", "source_id", "url", "excerpt", "fragment_from"],
                           lineterminator="\n")
        w.writeheader()
        w.writerows(out)
    counts = excerpt_counts(out)
    (ROOT / "verification" / "excerpt_counts.json").write_text(json.dumps(counts, indent=2, ensure_ascii=False) + "\n",
                                                               encoding="utf-8")
    print(f"{len(out)} excerpts written ({kept} kept from before); {len(missing)} fragments without an excerpt: "
          f"{missing}")


def excerpt_counts(excerpts):
    """Every count verification/README.md states (tests/test_evidence.py recomputes them independently)."""
    fr = {(t, k, f): p for t, k, f, p in fragments()}
    cat = [e for e in excerpts if row_names(e["table"], e["row_key"]) is not None]
    claim_rows = {r["value_id"] for r in read("claim_values.csv")}
    excerpted = {e["row_key"] for e in excerpts if e["table"] == "claim_values"}
    return {
        "excerpts": len(excerpts),
        "excerpts_by_table": {t: sum(e["table"] == t for e in excerpts) for t in KEYS},
        "fragments": len(fr),
        "fragments_without_excerpt": len(set(fr) - {(e["table"], e["row_key"], e["field"]) for e in excerpts}),
        "row_excerpts": len(cat),
        "row_excerpts_naming_their_row": sum(names_row(e["excerpt"], row_names(e["table"], e["row_key"]))
                                             for e in cat),
        "excerpts_with_context": sum(has_context(e["excerpt"], fr[(e["table"], e["row_key"], e["field"])])
                                     for e in excerpts),
        "claim_values": len(claim_rows),
        "claim_values_excerpted": len(claim_rows & excerpted),
        "claim_values_not_excerpted": sorted(claim_rows - excerpted),
        "excerpts_citing_a_path": sum(e["url"].startswith(("shared/", "../", "/")) for e in excerpts),
    }


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or any(a.startswith("-") for a in sys.argv[1:]) \
            or not pathlib.Path(sys.argv[1]).is_dir():
        sys.exit("usage: python tools/make_excerpts.py PAGES [SEED]")
    main(pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2] if len(sys.argv) == 3 else
                                                 ROOT.parent / "shared" / "seed" / "000_c154c588ef6bfbdd.txt"))
