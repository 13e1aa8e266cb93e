"""Each hostile parameter class, one case each, checked on the notebooks' models as their second cell calls them
(`p = params.X.check(globals())`); tests/test_execution.py runs a few through papermill itself."""
import pathlib
import shutil

import pytest

from compendium import params, paths
from tests.conftest import ROOT


def given(**changes):
    """A notebook's globals after its parameters cell: the defaults (outputs in a scratch folder) and changes."""
    base = {"first_year": 2014, "last_year": 2018, "categories": "all", "lang": "en", "data_dir": "data",
            "figures_dir": "/tmp/compendium-test/figures", "results_dir": "/tmp/compendium-test/results"}
    return base | changes


def refused(model, namespace, *needles):
    with pytest.raises(params.ParameterError) as caught:
        model.check(namespace)
    message = str(caught.value)
    assert all(n in message for n in needles), message
    assert caught.value._render_traceback_() == [f"ParameterError: {message}"]   # one line in the notebook, no traceback
    return message


def test_defaults_with_scratch_outputs_pass():
    p = params.Figure1.check(given())
    assert p.data_dir == ROOT / "data" and p.categories == "all"


def test_a_misspelled_name_names_the_likely_one():
    refused(params.Figure1, given(first_yaer=2015), "'first_yaer' is not a parameter", "did you mean 'first_year'")


def test_a_value_of_the_wrong_type_names_what_is_allowed():
    refused(params.Figure1, given(first_year="2015"), "parameter 'first_year' got '2015'", "allowed: a year")
    refused(params.Figure1, given(first_year=2015.0), "parameter 'first_year'")
    refused(params.Scenarios, {k: v for k, v in given().items() if k not in ("first_year", "last_year", "categories")}
            | {"top_n": 0}, "parameter 'top_n' got 0", "at least 1")


def test_a_value_outside_the_allowed_ones():
    refused(params.Figure1, given(lang="fr"), "parameter 'lang' got 'fr'", "'en' or 'zh'")


def test_a_rule_over_two_parameters():
    refused(params.Figure1, given(first_year=2018, last_year=2014), "first_year (2018) is after last_year (2014)")


def test_rules_that_need_the_data_are_checked_against_it(pkg):
    cats = pkg["categories"]
    allowed = dict(zip(cats["code"], cats["code"])) | dict(zip(cats["name_zh"], cats["code"]))
    assert params.selected("categories", ["电子电器", "light_industry"], allowed) == ["electronics", "light_industry"]
    with pytest.raises(params.ParameterError, match="'electronic' is not one of them; allowed: 'all', or any of"):
        params.selected("categories", ["electronic"], allowed)
    with pytest.raises(params.ParameterError, match="from 2013 to 2024"):
        params.years_within(params.Figure1.check(given(first_year=2010)), 2013, 2024)


@pytest.mark.parametrize("value,expected", [("electronics,light_industry", ["electronics", "light_industry"]),
                                            (["electronics"], ["electronics"]), ("all", "all")])
def test_a_list_as_papermill_passes_it(value, expected):
    """-p categories a,b arrives as text; -y gives a list."""
    assert params.Figure1.check(given(categories=value)).categories == expected


def test_a_list_written_as_text_is_refused_by_the_data_check(pkg):
    cats = dict(zip(pkg["categories"]["code"], pkg["categories"]["code"]))
    with pytest.raises(params.ParameterError, match="not one of them"):
        params.selected("categories", params.Figure1.check(given(categories="[electronics]")).categories, cats)


def test_no_run_writes_into_data_or_notebooks():
    refused(params.Figure1, given(figures_dir="data"), "parameter 'figures_dir'", "data/ of the compendium")
    refused(params.Figure1, given(results_dir=str(ROOT / "notebooks" / "x")), "inside notebooks/")


def test_a_run_with_other_parameters_never_writes_the_committed_folders():
    message = refused(params.Figure1, given(first_year=2015, figures_dir="figures"), "committed figures/",
                      "first_year=2015", "papermill notebooks/en/01_figure1_spot_checks.ipynb")
    assert "-p first_year 2015" in message and "-p figures_dir /tmp/" in message
    refused(params.Figure1, given(results_dir="results/sub"), "inside results/")   # a folder git would not know


def test_either_languages_default_run_writes_the_committed_folders():
    for lang in ("en", "zh"):
        p = params.Figure1.check(given(lang=lang, figures_dir="figures", results_dir="results"))
        assert p.figure_folder == ROOT / "figures" / lang and p.changed() == {}


def test_a_committed_folder_is_known_by_identity_not_by_its_name(tmp_path):
    """A link or a bind mount of results/ (docker -v .../results:/out) is results/; the path does not say so."""
    link = tmp_path / "out"
    link.symlink_to(ROOT / "results")
    assert paths.committed_part(link) == (ROOT, "results", True)       # the path alone is outside the tree
    assert paths.committed_part(link / "sub") == (ROOT, "results", False)
    refused(params.Figure1, given(first_year=2015, results_dir=str(link)), "committed results/")


def test_output_folders_are_checked_before_anything_is_written(tmp_path):
    refused(params.Figure1, given(results_dir="/dev/null"), "parameter 'results_dir' is /dev/null", "not a folder")
    (tmp_path / "file").write_text("")
    refused(params.Figure1, given(figures_dir=str(tmp_path / "file" / "figures")), "a file, not a folder")


@pytest.mark.parametrize("value,expected", [(3, ["3"]), (5.1, ["5.1"]), ("3,5.1", ["3", "5.1"]),
                                            (["3", 5.1], ["3", "5.1"]), (["all"], "all"), ("all", "all")])
def test_every_documented_form_of_sections(value, expected):
    """-p sections 3 (an integer), -p sections 5.1 (a float), -p sections 3,5.1 (text), -y a list."""
    namespace = {k: v for k, v in given().items() if k not in ("first_year", "last_year", "categories")}
    assert params.ClaimsLedger.check(namespace | {"sections": value, "verdicts_dir": "results"}).sections == expected


def test_the_latest_year_is_a_value_of_its_own():
    base = {k: v for k, v in given().items() if k != "categories"}
    assert params.LongSeries.check(base | {"last_year": "latest"}).last_year == "latest"
    refused(params.LongSeries, base | {"last_year": "newest"}, "parameter 'last_year'", "'latest'")


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


def test_the_sentence_says_where_the_run_wrote():
    assert params.Figure1.check(given()).wrote() == ("This run wrote its figures to `/tmp/compendium-test/figures/en` "
                                                     "and its results to `/tmp/compendium-test/results`.")
