"""The command line of toolkit/cli/."""

from __future__ import annotations

import io
import subprocess
import sys

import pandas as pd
import pytest

from toolkit.cli import main


def test_help_lists_the_subcommands():
    out = subprocess.run([sys.executable, "-m", "toolkit", "--help"], capture_output=True, text=True, check=True).stdout
    for command in ("report", "keyness", "frames", "kwic"):
        assert command in out


def test_wrong_use_is_a_usage_error_with_exit_code_2():
    run = subprocess.run([sys.executable, "-m", "toolkit", "report"], capture_output=True, text=True)
    assert run.returncode == 2
    assert "the following arguments are required: --by" in run.stderr


def test_bad_data_is_an_error_with_exit_code_1(tmp_path, capsys):
    assert main(["report", str(tmp_path / "nope.csv"), "--by", "actor"]) == 1
    assert "No such file or folder" in capsys.readouterr().err
    assert main(["report", "--by", "party", "--out", str(tmp_path)]) == 1
    assert "choose --by from: actor" in capsys.readouterr().err


def test_report_writes_html_and_every_table_as_csv_and_latex(tmp_path):
    statements = tmp_path / "s.csv"
    pd.DataFrame(
        {
            "doc_id": ["a1", "a2", "b1", "b2"],
            "text": ["We condemn the <script>attack</script> on civilians.", "We demand humanitarian access.",
                     "We welcome the talks and dialogue.", "Negotiations must resume."],
            "side": ["A & co", "A & co", "B", "B"],
        }
    ).to_csv(statements, index=False)
    out = tmp_path / "out"
    assert main(["report", str(statements), "--by", "side", "--out", str(out), "--n-boot", "20"]) == 0
    for name in ("keyness", "frames", "rhetoric", "speech_acts", "summary"):
        assert (out / f"{name}.csv").exists() and (out / f"{name}.tex").read_text().startswith("\\begin{tabular}")
    page = (out / "report.html").read_text()
    assert "<script>" not in page and "A &amp; co" in page
    frames = pd.read_csv(out / "frames.csv")
    assert set(frames["group"]) == {"A & co", "B"}


def test_report_ranks_key_terms_by_the_measure_asked_and_keeps_names_when_asked(tmp_path):
    out = tmp_path / "out"
    assert main(["report", "--by", "actor", "--out", str(out), "--measure", "lr", "--n", "3", "--n-boot", "0",
                 "--keep-names", "--min-count", "3"]) == 0
    tidy = pd.read_csv(out / "keyness.csv")
    assert "G2" in tidy.columns and "chi2" not in tidy.columns
    assert tidy.loc[tidy["rank"] <= 3, "n_target"].min() >= 3 and (tidy.loc[tidy["rank"] <= 3, "n_docs_target"] >= 2).all()
    amaru = tidy[(tidy["group"] == "Amaru") & (tidy["rank"] == 1)]
    assert amaru["feature"].tolist() == ["amaru"]  # kept: --keep-names
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "ranked by G2" in page and "<th class=\"num\">G2</th>" in page and "Names are kept" in page


def test_kwic_and_keyness_print_csv(capsys, tmp_path):
    assert main(["kwic", "--pattern", "condemn*", "--window", "2", "--html", str(tmp_path / "k.html")]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "doc_id,position,left,match,right" and len(lines) > 5
    assert "<table" in (tmp_path / "k.html").read_text()
    assert main(["keyness", "--by", "actor", "--target", "Tessaly", "--n", "2"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("law,")
    with pytest.raises(SystemExit):
        main(["keyness", "--by", "actor", "--target", "Tessaly", "--measure", "tfidf"])


def test_loader_options_one_group_and_target_errors_speak_the_command_line(tmp_path, capsys):
    path = tmp_path / "s.csv"
    pd.DataFrame({"key": ["a", "b", "c"], "speech": ["We condemn it.", "We welcome it.", ""],
                  "side": ["A", "A", "B"]}).to_csv(path, index=False)
    assert main(["keyness", str(path), "--by", "side", "--target", "A"]) == 1
    err = capsys.readouterr().err
    assert "'text'" in err and "--text, --id, --encoding" in err  # the loader's fix, named as an option
    assert main(["frames", str(path), "--text", "speech", "--id", "key", "--by", "side", "--n-boot", "10"]) == 0
    captured = capsys.readouterr()
    assert "warning: " in captured.err and "c" in captured.err and ".py:" not in captured.err  # the empty text, plainly
    assert main(["report", str(path), "--text", "speech", "--by", "side", "--out", str(tmp_path / "r")]) == 1
    assert "--by side has 1 value(s) (A); choose a column with at least two groups" in capsys.readouterr().err
    assert main(["keyness", "--by", "actor", "--target", "Narnia"]) == 1
    assert "no group 'Narnia' in --by actor; choose --target from: Amaru, " in capsys.readouterr().err


def test_kwic_html_is_a_whole_page(tmp_path, capsys):
    assert main(["kwic", "--pattern", "condemn*", "--html", str(tmp_path / "k.html")]) == 0
    page = (tmp_path / "k.html").read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page


def test_main_leaves_the_toolkit_logger_as_it_found_it(tmp_path, capsys):
    import logging

    log = logging.getLogger("toolkit")
    before = (log.level, list(log.handlers))
    assert main(["frames", "--by", "actor", "--n-boot", "5"]) == 0
    assert (log.level, list(log.handlers)) == before


@pytest.mark.parametrize(("args", "message"), [
    (["report", "--by", "actor", "--n", "0"], "argument --n: must be at least 1, got 0"),
    (["kwic", "--pattern", "x", "--window", "two"], "argument --window: must be a whole number, got 'two'"),
    (["report", "--by", "actor", "--measure", "foo"],
     "argument --measure: invalid choice: 'foo' (choose from 'chi2', 'lr', 'exact', 'pmi', 'logratio', 'logodds', 'scaledf')"),
    (["report", "--by", "actor", "--min-docs", "-1"], "argument --min-docs: must be at least 0, got -1"),
])
def test_bad_numbers_are_usage_errors_naming_the_option(args, message, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_csv_on_stdout_is_safe_for_spreadsheets_unless_raw_is_asked(capsys, tmp_path):
    statements = tmp_path / "s.csv"
    pd.DataFrame({"text": ["=cmd|' /C calc'!A0 talks and talks.", "-2+3 talks again, talks."]}).to_csv(statements, index=False)
    assert main(["kwic", str(statements), "--pattern", "talks", "--window", "3"]) == 0
    safe = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert all(not str(c).startswith(("=", "+", "-", "@")) for c in safe["left"].dropna())
    assert main(["kwic", str(statements), "--pattern", "talks", "--window", "3", "--raw-csv"]) == 0
    raw = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert any(str(c).startswith(("=", "-")) for c in raw["left"].dropna())
