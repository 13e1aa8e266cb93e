"""Each hostile parameter class, one case each, checked on the notebooks' models as their check cell calls them
(`p = params.X.check(globals())`); tests/test_execution.py runs a few through papermill itself."""
import pathlib
import shutil

import pytest

from compendium import params, paths
from tests.conftest import ROOT


def given(**changes):
    """A notebook's globals after its parameters cell: the defaults (outputs in a scratch folder) and changes."""
    base = {"first_year": 2014, "last_year": 2018, "categories": "all", "lang": "en", "data_dir": "data",
            "figures_dir": "/tmp/compendium-test/figures", "results_dir": "/tmp/compendium-test/results",
            "COPY_LANGUAGE": "en"}   # a notebook's constant, no parameter
    return base | changes


def common(**changes):
    return {k: v for k, v in given().items() if k not in ("first_year", "last_year", "categories")} | changes


def refused(model, namespace, *needles):
    with pytest.raises(params.ParameterError) as caught:
        model.check(namespace)
    message = str(caught.value)
    assert all(n in message for n in needles), message
    assert caught.value._render_traceback_() == [f"ParameterError: {message}"]   # one line in the notebook, no traceback
    return message


REFUSED = [   # (class, model, namespace, what the one line must say)
    ("misspelled name", params.Figure1, given(first_yaer=2015), ("'first_yaer' is not a parameter", "did you mean 'first_year'")),
    ("year as text", params.Figure1, given(first_year="2015"), ("parameter 'first_year' got '2015'", "allowed: a year")),
    ("year as a float", params.Figure1, given(first_year=2015.0), ("parameter 'first_year'",)),
    ("below a minimum", params.Scenarios, common(top_n=0), ("parameter 'top_n' got 0", "at least 1")),
    ("a value not allowed", params.Figure1, given(lang="fr"), ("parameter 'lang' got 'fr'", "'en' or 'zh'")),
    ("a rule over two parameters", params.Figure1, given(first_year=2018, last_year=2014),
     ("first_year (2018) is after last_year (2014)",)),
    ("not 'latest'", params.LongSeries, {k: v for k, v in given().items() if k != "categories"} | {"last_year": "newest"},
     ("parameter 'last_year'", "'latest'")),
    ("into data/", params.Figure1, given(figures_dir="data"), ("parameter 'figures_dir'", "data/ of the compendium")),
    ("into notebooks/", params.Figure1, given(results_dir=str(ROOT / "notebooks" / "x")), ("inside notebooks/",)),
    ("inside results/", params.Figure1, given(results_dir="results/sub"), ("inside results/",)),
    ("not a folder", params.Figure1, given(results_dir="/dev/null"), ("parameter 'results_dir' is /dev/null", "not a folder")),
]


@pytest.mark.parametrize("model,namespace,needles", [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_wrong_parameter_is_one_line_naming_it_and_what_is_allowed(model, namespace, needles):
    refused(model, namespace, *needles)


def test_the_defaults_pass_and_rules_that_need_the_data_are_checked_against_it(pkg):
    assert params.Figure1.check(given()).data_dir == ROOT / "data"
    cats = pkg["categories"]
    allowed = dict(zip(cats["code"], cats["code"])) | dict(zip(cats["name_zh"], cats["code"]))
    assert params.selected("categories", ["电子电器", "light_industry"], allowed) == ["electronics", "light_industry"]
    for value in (["electronic"], params.Figure1.check(given(categories="[electronics]")).categories):
        with pytest.raises(params.ParameterError, match="is not one of them; allowed: 'all', or any of"):
            params.selected("categories", value, allowed)
    with pytest.raises(params.ParameterError, match="from 2013 to 2024"):
        params.years_within(params.Figure1.check(given(first_year=2010)), 2013, 2024)


@pytest.mark.parametrize("model,name,value,expected", [
    (params.Figure1, "categories", "electronics,light_industry", ["electronics", "light_industry"]),   # -p a,b
    (params.Figure1, "categories", ["electronics"], ["electronics"]),                                   # -y a list
    (params.ClaimsLedger, "sections", 3, ["3"]), (params.ClaimsLedger, "sections", 5.1, ["5.1"]),      # -p 3, -p 5.1
    (params.ClaimsLedger, "sections", ["3", 5.1], ["3", "5.1"]), (params.ClaimsLedger, "sections", ["all"], "all"),
    (params.LongSeries, "last_year", "latest", "latest")])
def test_every_documented_form_of_a_parameter(model, name, value, expected):
    base = {params.Figure1: given(), params.ClaimsLedger: common(verdicts_dir="results"),
            params.LongSeries: common(first_year=2014)}[model]
    assert getattr(model.check(base | {name: value}), name) == expected


def test_a_run_with_other_parameters_never_writes_the_committed_folders():
    message = refused(params.Figure1, given(first_year=2015, figures_dir="figures"), "committed figures/",
                      "first_year=2015", "papermill notebooks/en/01_figure1_spot_checks.ipynb")
    assert "-p first_year 2015" in message and "-p figures_dir /tmp/" in message
    for lang in ("en", "zh"):   # either language's copy with the defaults is a default run
        p = params.Figure1.check(given(lang=lang, figures_dir="figures", results_dir="results"))
        assert p.figure_folder == ROOT / "figures" / lang and p.changed() == {}


def test_a_committed_folder_is_known_by_identity_not_by_its_name(tmp_path):
    """A link or a bind mount of results/ (docker -v .../results:/out) is results/; the path does not say so."""
    link = tmp_path / "out"
    link.symlink_to(ROOT / "results")
    assert paths.committed_part(link) == (ROOT, "results", True)       # the path alone is outside the tree
    assert paths.committed_part(link / "sub") == (ROOT, "results", False)
    refused(params.Figure1, given(first_year=2015, results_dir=str(link)), "committed results/")
    (tmp_path / "file").write_text("")
    refused(params.Figure1, given(figures_dir=str(tmp_path / "file" / "figures")), "a file, not a folder")


def test_another_copys_committed_folders_are_refused(tmp_path):
    other = tmp_path / "other"
    (other / "notebooks").mkdir(parents=True)
    shutil.copytree(ROOT / "data", other / "data")
    refused(params.Figure1, given(figures_dir=str(other / "figures")), "figures/ of the compendium at")


def test_relative_folders_are_read_from_the_compendium_not_the_caller(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    p = params.Figure1.check(given(data_dir="data"))
    assert p.data_dir == ROOT / "data" and paths.resolve("build/x") == ROOT / "build" / "x"
    assert paths.resolve("/abs/x") == pathlib.Path("/abs/x")
    assert p.wrote() == ("This run wrote its figures to `/tmp/compendium-test/figures/en` and its results to "
                         "`/tmp/compendium-test/results`.")
