"""Tests for toolkit/io/: load_statements, load_ungdc and demo_corpus.

Every fixture file is written inside ``tmp_path`` at test time; all texts are short fictional
diplomatic sentences written for these tests (nothing is copied from a real corpus).
"""

from __future__ import annotations

import json
import re
import tarfile
import warnings
from pathlib import Path

import pandas as pd
import pytest

import toolkit as tk
from support import ROOT, UNGDC_SPEAKERS, UNGDC_TGZ, require

# A LoaderWarning that a test does not expect is an error: every warning must be asserted.
pytestmark = pytest.mark.filterwarnings("error::toolkit.LoaderWarning")


# -- helpers ----------------------------------------------------------------------------------------
def write(path: Path, text: str, *, encoding: str = "utf-8", newline: str = "\n") -> Path:
    """Write ``text`` with exactly the given encoding and line ends (no platform translation)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path


def records(corpus: tk.Corpus) -> list[dict]:
    return corpus.to_frame().to_dict("records")


def esc(path: Path | str) -> str:
    return re.escape(str(path))


ROWS = [
    {
        "doc_id": "VEL-1",
        "text": 'Veloria condemns the shelling of Ardesh, which "no state" may ignore.\nWe will defend our border.',
        "country": "Veloria",
        "year": 2024,
    },
    {
        "doc_id": "OST-1",
        "text": "Ostland stands ready to host direct talks between the parties.",
        "country": "Ostland",
        "year": 2023,
    },
    {
        "doc_id": "TES-1",
        "text": "Tessaly recalls that all parties shall comply with resolution 2817.",
        "country": "Tessaly",
        "year": 2024,
    },
]
FRAME = pd.DataFrame(ROWS)


def _json_columns(path: Path) -> None:
    path.write_text(json.dumps({c: FRAME[c].tolist() for c in FRAME.columns}), encoding="utf-8")


WRITERS = {
    "csv": lambda p: FRAME.to_csv(p, index=False),
    "tsv": lambda p: FRAME.to_csv(p, sep="\t", index=False),
    "tab": lambda p: FRAME.to_csv(p, sep="\t", index=False),
    "json-records": lambda p: p.write_text(json.dumps(ROWS), encoding="utf-8"),
    "json-columns": _json_columns,
    "jsonl": lambda p: p.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8"),
    "ndjson": lambda p: p.write_text("\n".join(json.dumps(r) for r in ROWS) + "\n", encoding="utf-8"),
    "parquet": lambda p: FRAME.to_parquet(p, index=False),
    "xlsx": lambda p: FRAME.to_excel(p, index=False),
}
SUFFIX = {"json-records": "json", "json-columns": "json"}


def make_table(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"statements.{SUFFIX.get(kind, kind)}"
    WRITERS[kind](path)
    return path


# ==================================================================================================
# load_statements: formats
# ==================================================================================================
@pytest.mark.parametrize("kind", list(WRITERS))
def test_load_statements_reads_every_table_format(tmp_path, kind):
    path = make_table(tmp_path, kind)
    corpus = tk.load_statements(path)
    assert corpus.doc_ids == ["VEL-1", "OST-1", "TES-1"]  # the doc_id column is used by default
    assert records(corpus) == ROWS
    assert corpus.meta_columns == ["country", "year"]
    assert corpus.meta["year"].dtype == "int64"


@pytest.mark.parametrize("kind", list(WRITERS))
def test_load_statements_leaves_the_source_file_unchanged(tmp_path, kind):
    path = make_table(tmp_path, kind)
    before = path.read_bytes()
    mtime = path.stat().st_mtime_ns
    tk.load_statements(path, id="doc_id", meta=["year"])
    assert path.read_bytes() == before
    assert path.stat().st_mtime_ns == mtime
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_load_statements_leaves_text_files_unchanged(tmp_path):
    folder = tmp_path / "speeches"
    a = write(
        folder / "VEL_78_2023.md", "---\nspeaker: Irena Kovalt\n---\nVeloria will not tolerate attacks.", newline="\r\n"
    )
    b = folder / "OST_78_2023.txt"
    b.write_bytes(b"\xef\xbb\xbfOstland offers its good offices.")
    before = {p: p.read_bytes() for p in (a, b)}
    tk.load_statements(folder, name_pattern="{country}_{session}_{year}")
    tk.load_statements(a)
    assert {p: p.read_bytes() for p in (a, b)} == before
    assert sorted(p.name for p in folder.iterdir()) == ["OST_78_2023.txt", "VEL_78_2023.md"]


def test_load_statements_default_ids_are_text1_text2(tmp_path):
    path = tmp_path / "no_ids.csv"
    FRAME.drop(columns="doc_id").to_csv(path, index=False)
    corpus = tk.load_statements(path)
    assert corpus.doc_ids == ["text1", "text2", "text3"]
    assert corpus.texts == FRAME["text"].tolist()
    assert corpus.meta_columns == ["country", "year"]


def test_load_statements_id_column_and_meta_selection(tmp_path):
    path = tmp_path / "statements.csv"
    FRAME.assign(code=["v", "o", "t"]).to_csv(path, index=False)
    corpus = tk.load_statements(path, id="code", meta=["year"])
    assert corpus.doc_ids == ["v", "o", "t"]
    assert corpus.meta_columns == ["year"]
    assert corpus.meta["year"].tolist() == [2024, 2023, 2024]
    # id= replaces doc_id: a second column named doc_id cannot be metadata under that name
    with pytest.raises(ValueError, match=r"has a column 'doc_id' besides the id column 'code'.*Rename the column, or pass meta="):
        tk.load_statements(path, id="code")
    assert tk.load_statements(path, id="code", meta=["country", "year"]).meta_columns == ["country", "year"]
    assert tk.load_statements(path, meta=()).meta_columns == []
    assert tk.load_statements(path, meta=("country",)).meta["country"].tolist() == ["Veloria", "Ostland", "Tessaly"]


def test_load_statements_numeric_ids_become_strings(tmp_path):
    path = tmp_path / "numbered.csv"
    path.write_text("n,text\n3,Amaru appeals for humanitarian access.\n14,Kestria rejects the accusation.\n")
    corpus = tk.load_statements(path, id="n")
    assert corpus.doc_ids == ["3", "14"]
    assert corpus.meta_columns == []


def test_load_statements_excel_sheet_by_name_and_position(tmp_path):
    path = tmp_path / "workbook.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"note": ["Drafted by the secretariat"]}).to_excel(writer, sheet_name="notes", index=False)
        FRAME.to_excel(writer, sheet_name="statements", index=False)
    assert records(tk.load_statements(path, sheet="statements")) == ROWS
    assert records(tk.load_statements(path, sheet=1)) == ROWS
    with pytest.raises(KeyError, match=r"has no text column 'text' \(columns: 'note'\)"):
        tk.load_statements(path)  # the first sheet by default
    with pytest.raises(ValueError, match=esc(path) + r": has no sheet 'speeches' \(sheets: 'notes', 'statements'\)\. Pass sheet="):
        tk.load_statements(path, sheet="speeches")


def test_load_statements_from_dataframe():
    frame = pd.DataFrame(
        {
            "code": ["AMA", "CSL"],
            "speech": ["Amaru pledges food and water for displaced families.", "The Council proposes a recovery fund."],
            "year": [2024, 2024],
            "venue": ["UNGA", "LKT"],
        }
    )
    copy = frame.copy()
    corpus = tk.load_statements(frame, text="speech", id="code", meta=["venue"])
    assert records(corpus) == [
        {"doc_id": "AMA", "text": "Amaru pledges food and water for displaced families.", "venue": "UNGA"},
        {"doc_id": "CSL", "text": "The Council proposes a recovery fund.", "venue": "LKT"},
    ]
    pd.testing.assert_frame_equal(frame, copy)  # the caller's frame is not modified
    default = tk.load_statements(frame, text="speech")
    assert default.doc_ids == ["text1", "text2"]
    assert default.meta_columns == ["code", "year", "venue"]


def test_load_statements_single_txt(tmp_path):
    path = write(tmp_path / "tessaly-unga.txt", "Tessaly reaffirms the Charter.\n\nThe Court must be heard.")
    corpus = tk.load_statements(path)
    assert records(corpus) == [
        {"doc_id": "tessaly-unga", "text": "Tessaly reaffirms the Charter.\n\nThe Court must be heard."}
    ]


def test_load_statements_single_md_with_front_matter(tmp_path):
    path = write(
        tmp_path / "OST_79_2024.md",
        "---\ncountry: Ostland\nsession: 79\nyear: 2024\nspeaker: Liv Aldersen\ntitle: 'Remarks: opening'\n---\n"
        "Ostland welcomes the pause.\nPerhaps dialogue may help.",
    )
    corpus = tk.load_statements(path)
    assert corpus.doc_ids == ["OST_79_2024"]
    assert corpus.texts == ["Ostland welcomes the pause.\nPerhaps dialogue may help."]
    assert corpus.meta_columns == ["country", "session", "year", "speaker", "title"]
    doc = corpus[0]
    assert doc.meta == {
        "country": "Ostland",
        "session": 79,
        "year": 2024,
        "speaker": "Liv Aldersen",
        "title": "Remarks: opening",
    }
    assert corpus.meta["year"].dtype == "int64"
    assert corpus.meta["session"].dtype == "int64"
    # meta= selects among the front-matter keys too
    assert tk.load_statements(path, meta=["year"]).meta_columns == ["year"]


def test_load_statements_front_matter_closed_by_dots_and_without_body_blank_line(tmp_path):
    path = write(tmp_path / "a.txt", "--- \nactor: Kestria\n...\nKestria rejects any talks on the border.")
    corpus = tk.load_statements(path)
    assert records(corpus) == [{"doc_id": "a", "text": "Kestria rejects any talks on the border.", "actor": "Kestria"}]


def test_load_statements_text_without_front_matter_keeps_dashes(tmp_path):
    path = write(tmp_path / "a.txt", "Amaru appeals to all sides.\n---\nIt pledges aid.")
    assert tk.load_statements(path).texts == ["Amaru appeals to all sides.\n---\nIt pledges aid."]


# ==================================================================================================
# load_statements: folders
# ==================================================================================================
def test_load_statements_folder_with_pattern_and_front_matter(tmp_path):
    folder = tmp_path / "speeches"
    write(folder / "VEL_07_1952.txt", "Veloria will defend its border.")
    write(folder / "KES_12_1957.md", "---\nspeaker: Radomir Vesk\nyear: 1957\n---\nKestria rejects the accusations.")
    write(folder / "OST_0_1945.txt", "Ostland offers to mediate.")
    corpus = tk.load_statements(folder, name_pattern="{country}_{session}_{year}")
    assert corpus.doc_ids == ["KES_12_1957", "OST_0_1945", "VEL_07_1952"]  # sorted by file name
    assert corpus.texts == [
        "Kestria rejects the accusations.",
        "Ostland offers to mediate.",
        "Veloria will defend its border.",
    ]
    meta = {d.doc_id: d.meta for d in corpus}
    assert meta["KES_12_1957"]["country"] == "KES"
    assert meta["KES_12_1957"]["speaker"] == "Radomir Vesk"
    # ASCII digit fields become ints, leading zeros included ("07" is session 7)
    assert [meta[i]["session"] for i in corpus.doc_ids] == [12, 0, 7]
    assert corpus.meta["session"].dtype == "int64"
    assert corpus.meta["year"].tolist() == [1957, 1945, 1952]
    assert corpus.meta["year"].dtype == "int64"
    assert pd.isna(meta["VEL_07_1952"]["speaker"])
    assert corpus.meta_columns == ["country", "session", "year", "speaker"]


def test_load_statements_folder_without_pattern(tmp_path):
    folder = tmp_path / "speeches"
    write(folder / "b.txt", "Tessaly demands compliance.")
    write(folder / "a.MD", "---\nactor: Amaru\n---\nAmaru deplores the attack on the convoy.")
    corpus = tk.load_statements(folder)
    assert records(corpus)[0] == {"doc_id": "a", "text": "Amaru deplores the attack on the convoy.", "actor": "Amaru"}
    assert records(corpus)[1]["doc_id"] == "b"
    assert pd.isna(records(corpus)[1]["actor"])


def test_load_statements_folder_recursive(tmp_path):
    folder = tmp_path / "speeches"
    write(folder / "top.txt", "Ostland welcomes the talks.")
    write(folder / "2023" / "a.txt", "Veloria condemns the attack.")
    write(folder / "2024" / "b.md", "Kestria rejects the claim.")
    flat = tk.load_statements(folder)
    assert flat.doc_ids == ["top"]  # sub-folders are ignored without recursive=True
    deep = tk.load_statements(folder, recursive=True)
    assert records(deep) == [
        {"doc_id": "2023/a", "text": "Veloria condemns the attack."},
        {"doc_id": "2024/b", "text": "Kestria rejects the claim."},
        {"doc_id": "top", "text": "Ostland welcomes the talks."},
    ]


def test_load_statements_folder_pattern_with_recursive(tmp_path):
    folder = tmp_path / "speeches"
    write(folder / "s78" / "VEL_78_2023.txt", "Veloria warns.")
    write(folder / "s79" / "VEL_79_2024.txt", "Veloria regrets.")
    corpus = tk.load_statements(folder, name_pattern="{country}_{session}_{year}", recursive=True)
    assert records(corpus) == [
        {"doc_id": "s78/VEL_78_2023", "text": "Veloria warns.", "country": "VEL", "session": 78, "year": 2023},
        {"doc_id": "s79/VEL_79_2024", "text": "Veloria regrets.", "country": "VEL", "session": 79, "year": 2024},
    ]


def test_load_statements_folder_skips_non_text_files_with_a_warning(tmp_path):
    folder = tmp_path / "speeches"
    write(folder / "a.txt", "Amaru urges restraint.")
    (folder / "b.pdf").write_bytes(b"%PDF-1.4")
    (folder / "c.docx").write_bytes(b"PK\x03\x04")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")  # hidden: skipped silently
    expected = f"{folder}: skipped 2 file(s) that are not .txt or .md: b.pdf, c.docx."
    with pytest.warns(tk.LoaderWarning, match="^" + re.escape(expected) + "$"):
        corpus = tk.load_statements(folder)
    assert records(corpus) == [{"doc_id": "a", "text": "Amaru urges restraint."}]


def test_load_statements_folder_skips_files_not_matching_the_pattern(tmp_path):
    folder = tmp_path / "speeches"
    write(folder / "VEL_78_2023.txt", "Veloria will not tolerate attacks.")
    write(folder / "readme.txt", "Notes on the collection.")
    write(folder / "VEL_78.md", "Missing year.")
    with pytest.warns(
        tk.LoaderWarning,
        match=esc(folder)
        + re.escape(
            ": skipped 2 file(s) whose names do not match the pattern '{country}_{session}_{year}': "
            "VEL_78.md, readme.txt. Rename them or change the pattern."
        ),
    ):
        corpus = tk.load_statements(folder, name_pattern="{country}_{session}_{year}")
    assert records(corpus) == [
        {
            "doc_id": "VEL_78_2023",
            "text": "Veloria will not tolerate attacks.",
            "country": "VEL",
            "session": 78,
            "year": 2023,
        }
    ]


def test_load_statements_folder_where_no_file_matches_the_pattern(tmp_path):
    folder = tmp_path / "speeches"
    write(folder / "readme.txt", "Notes.")
    with pytest.warns(tk.LoaderWarning, match="readme.txt"):
        with pytest.raises(
            ValueError, match=esc(folder) + r": no file name matches the pattern '\{country\}_\{year\}'; check"
        ):
            tk.load_statements(folder, name_pattern="{country}_{year}")


def test_load_statements_folder_without_text_files(tmp_path):
    folder = tmp_path / "speeches"
    folder.mkdir()
    with pytest.raises(
        ValueError, match=esc(folder) + r": the folder holds no \.txt or \.md files\. Point load_statements"
    ):
        tk.load_statements(folder)
    (folder / "speech.pdf").write_bytes(b"%PDF-1.4")
    with pytest.warns(tk.LoaderWarning, match=r"not \.txt or \.md: speech\.pdf"):
        with pytest.raises(ValueError, match="holds no .txt or .md files"):
            tk.load_statements(folder)


def test_load_statements_front_matter_conflicts_with_file_name(tmp_path):
    folder = tmp_path / "speeches"
    path = write(folder / "VEL_78_2023.txt", "---\nyear: 2022\n---\nVeloria warns.")
    with pytest.raises(
        ValueError,
        match=esc(path)
        + r": the file name gives year=2023 but the front matter says year=2022\. Correct one of them\.",
    ):
        tk.load_statements(folder, name_pattern="{country}_{session}_{year}")
    # an agreeing value is fine and keeps its type
    write(folder / "VEL_78_2023.txt", "---\nyear: 2023\ncountry: VEL\n---\nVeloria warns.")
    corpus = tk.load_statements(folder, name_pattern="{country}_{session}_{year}")
    assert corpus[0].meta == {"country": "VEL", "session": 78, "year": 2023}


@pytest.mark.parametrize(
    "pattern, message",
    [
        ("speech", r"must name fields in braces"),
        ("{country}_{country}", r"repeats a field"),
    ],
)
def test_load_statements_bad_pattern(tmp_path, pattern, message):
    write(tmp_path / "d" / "VEL_78.txt", "Veloria warns.")
    with pytest.raises(ValueError, match=r"The 'name_pattern' parameter of load_statements " + message):
        tk.load_statements(tmp_path / "d", name_pattern=pattern)


# ==================================================================================================
# load_statements: bad input
# ==================================================================================================
def test_missing_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(
        FileNotFoundError, match=r"No such file or folder: 'nowhere/speeches\.csv' \(looked in " + esc(tmp_path)
    ):
        tk.load_statements("nowhere/speeches.csv")


@pytest.mark.parametrize(
    "name, shown", [("speeches.docx", "'.docx'"), ("speeches", "'(no extension)'"), ("s.xls", "'.xls'")]
)
def test_unknown_extension(tmp_path, name, shown):
    path = tmp_path / name
    path.write_bytes(b"Veloria condemns the attack.")
    with pytest.raises(
        ValueError,
        match=esc(path) + ": unknown format " + re.escape(shown) + r"\. load_statements reads \.csv, .*rename it",
    ):
        tk.load_statements(path)


def test_path_of_wrong_type():
    with pytest.raises(
        TypeError,
        match=r"The 'path_or_frame' parameter of load_statements must be a file or folder path, or a pandas DataFrame\. Got int 42",
    ):
        tk.load_statements(42)


def test_meta_given_as_string(tmp_path):
    with pytest.raises(
        TypeError,
        match=r"The 'meta' parameter of load_statements must be a list of column names\. Got 'year' instead\.",
    ):
        tk.load_statements(make_table(tmp_path, "csv"), meta="year")


def test_missing_text_column(tmp_path):
    path = make_table(tmp_path, "csv")
    with pytest.raises(
        KeyError,
        match=esc(path)
        + r" has no text column 'speech' \(columns: 'doc_id', 'text', 'country', 'year'\)\. Pass text= the name",
    ):
        tk.load_statements(path, text="speech")
    frame = FRAME.rename(columns={"text": "content"})
    with pytest.raises(
        KeyError,
        match=r"The DataFrame has no text column 'text' \(columns: 'doc_id', 'content', 'country', 'year'\)\. Pass text=",
    ):
        tk.load_statements(frame)
    assert tk.load_statements(frame, text="content").texts == FRAME["text"].tolist()


def test_missing_id_column(tmp_path):
    path = make_table(tmp_path, "tsv")
    with pytest.raises(
        KeyError,
        match=esc(path)
        + r" has no id column 'code' \(columns: 'doc_id', 'text', 'country', 'year'\)\. Pass id= an existing column",
    ):
        tk.load_statements(path, id="code")


def test_missing_meta_column(tmp_path):
    path = make_table(tmp_path, "jsonl")
    with pytest.raises(
        KeyError,
        match=esc(path)
        + r" has no metadata column 'speaker', 'venue' \(columns: 'doc_id', 'text', 'country', 'year'\)\. Fix the names in meta=",
    ):
        tk.load_statements(path, meta=["year", "speaker", "venue"])


@pytest.mark.parametrize("reserved", ["text", "doc_id"])
def test_meta_must_not_list_reserved_columns(tmp_path, reserved):
    with pytest.raises(ValueError, match=rf"must not list \['{reserved}'\]; they are reserved"):
        tk.load_statements(make_table(tmp_path, "csv"), meta=["year", reserved])


def test_empty_and_whitespace_texts_are_skipped_with_a_warning(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(
        'doc_id,text,year\nVEL,Veloria condemns the attack.,2024\nKES,,2024\nOST,"   \n\t ",2024\nTES,Tessaly demands compliance.,2023\n'
    )
    with pytest.warns(
        tk.LoaderWarning,
        match=esc(path)
        + re.escape(
            ": skipped 2 statement(s) with an empty or whitespace-only text: row 3 (KES), row 4 (OST). "
            "Fill in their text to analyse them."
        ),
    ):
        corpus = tk.load_statements(path)
    assert records(corpus) == [
        {"doc_id": "VEL", "text": "Veloria condemns the attack.", "year": 2024},
        {"doc_id": "TES", "text": "Tessaly demands compliance.", "year": 2023},
    ]


def test_empty_texts_in_a_dataframe_and_json_name_rows(tmp_path):
    frame = pd.DataFrame({"text": ["Amaru appeals for aid.", None, " "]})
    with pytest.warns(
        tk.LoaderWarning, match=r"The DataFrame: skipped 2 statement\(s\) .*: row 1 \(text2\), row 2 \(text3\)\."
    ):
        assert tk.load_statements(frame).doc_ids == ["text1"]
    path = tmp_path / "s.json"
    path.write_text(json.dumps([{"doc_id": "a", "text": ""}, {"doc_id": "b", "text": "Ostland welcomes the pause."}]))
    with pytest.warns(tk.LoaderWarning, match=esc(path) + r": skipped 1 statement\(s\) .*: row 1 \(a\)\."):
        assert tk.load_statements(path).doc_ids == ["b"]


def test_empty_text_file_in_a_folder(tmp_path):
    folder = tmp_path / "speeches"
    write(folder / "a.txt", "Veloria warns.")
    write(folder / "b.txt", " \n\n")
    with pytest.warns(
        tk.LoaderWarning, match=esc(folder) + r": skipped 1 statement\(s\) with an empty .*: row 2 \(b\)"
    ):
        assert tk.load_statements(folder).doc_ids == ["a"]


def test_all_texts_empty(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("doc_id,text\na,\nb,  \n")
    with pytest.warns(tk.LoaderWarning, match=r"row 2 \(a\), row 3 \(b\)"):
        with pytest.raises(ValueError, match=esc(path) + r": no statement has any text; nothing to analyse\."):
            tk.load_statements(path)


def test_header_only_csv(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("doc_id,text\n")
    with pytest.raises(ValueError, match=esc(path) + r": no statement has any text"):
        tk.load_statements(path)


def test_front_matter_only_text_file(tmp_path):
    path = write(tmp_path / "a.md", "---\nactor: Ostland\n---\n")
    with pytest.warns(tk.LoaderWarning, match=r"row 1 \(a\)"):
        with pytest.raises(ValueError, match=esc(path) + ": no statement has any text"):
            tk.load_statements(path)


def test_duplicate_ids(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("doc_id,text\nVEL,Veloria warns.\nKES,Kestria rejects.\nVEL,Veloria regrets.\n")
    with pytest.raises(
        ValueError,
        match=esc(path)
        + re.escape(
            ": document ids must be unique; duplicated: 'VEL' (row 2 and row 4). Fix the ids, or rename the 'doc_id' column"
        ),
    ):
        tk.load_statements(path)


def test_duplicate_ids_in_a_dataframe():
    frame = pd.DataFrame({"code": ["a", "b", "b", "a"], "text": ["w", "x", "y", "z"]})
    with pytest.raises(ValueError, match=re.escape("duplicated: 'b' (row 1 and row 2), 'a' (row 0 and row 3)")):
        tk.load_statements(frame, id="code")


def test_missing_ids(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("doc_id,text\nVEL,Veloria warns.\n,Kestria rejects.\nOST,Ostland offers talks.\n")
    with pytest.raises(
        ValueError,
        match=esc(path) + re.escape(": the id column 'doc_id' is empty in row 3. Fill in those ids, or rename the 'doc_id' column"),
    ):
        tk.load_statements(path)
    excel = tmp_path / "s.xlsx"
    pd.DataFrame({"code": ["a", None], "text": ["Amaru pledges aid.", "Tessaly recalls the Charter."]}).to_excel(
        excel, index=False
    )
    with pytest.raises(ValueError, match=esc(excel) + r": the id column 'code' is empty in row 3\."):
        tk.load_statements(excel, id="code")


def test_non_text_values_in_the_text_column(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("doc_id,text,year\na,2024,Veloria\nb,2023,Kestria\n")
    with pytest.raises(
        ValueError,
        match=esc(path)
        + r": the text column 'text' holds non-text values in row 2, row 3\. Is text= the right column\?",
    ):
        tk.load_statements(path)
    js = tmp_path / "s.json"
    js.write_text(json.dumps([{"text": "Ostland welcomes the pause."}, {"text": 42}, {"text": {"en": "x"}}]))
    with pytest.raises(ValueError, match=esc(js) + r": the text column 'text' holds non-text values in row 2, row 3\."):
        tk.load_statements(js)


def test_pattern_for_a_single_file(tmp_path):
    path = write(tmp_path / "VEL_78_2023.txt", "Veloria warns.")
    with pytest.raises(
        ValueError, match=r"The 'name_pattern' parameter of load_statements applies to folders only; remove it\."
    ):
        tk.load_statements(path, name_pattern="{country}_{session}_{year}")
    with pytest.raises(ValueError, match="applies to folders only"):
        tk.load_statements(make_table(tmp_path, "csv"), name_pattern="{x}")


def test_empty_csv(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(b"")
    with pytest.raises(
        ValueError, match=esc(path) + r": the file is empty; it needs a header row and one row per statement\."
    ):
        tk.load_statements(path)


def test_malformed_csv(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("doc_id,text\na,Veloria warns.\nb,Kestria rejects, and protests.\n")
    with pytest.raises(
        ValueError,
        match=r"(?s)"
        + esc(path)
        + r": not a well-formed CSV file \(.*Expected 2 fields in line 3, saw 3.*\)\. Check the quoting",
    ):
        tk.load_statements(path)


@pytest.mark.parametrize(
    "content, where",
    [
        (
            '[\n  {"doc_id": "a", "text": "x"},\n  {"doc_id": "b" "text": "y"}\n]',
            "line 3, column 18: Expecting ',' delimiter",
        ),
        ('[{"doc_id": "a"\n  "text": "x"}]', "line 2, column 3: Expecting ',' delimiter"),
        ("", "line 1, column 1: Expecting value"),
    ],
)
def test_malformed_json(tmp_path, content, where):
    path = tmp_path / "s.json"
    path.write_text(content)
    with pytest.raises(
        ValueError,
        match=esc(path) + ": invalid JSON at " + re.escape(where) + r"\. The file must hold a list of objects",
    ):
        tk.load_statements(path)


@pytest.mark.parametrize(
    "data, got",
    [
        ("Veloria warns.", "str"),
        (42, "int"),
        ({"text": "Veloria warns.", "year": 2024}, "dict"),
        (["Veloria warns.", "Kestria rejects."], "list"),
        ({"text": ["a"], "year": 2024}, "dict"),
    ],
)
def test_json_of_the_wrong_shape(tmp_path, data, got):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data))
    with pytest.raises(
        ValueError,
        match=esc(path) + r": the JSON must be a list of objects \(one per statement\) or an object of equal-length "
        rf"lists \(one per column\); got a {got} instead\.",
    ):
        tk.load_statements(path)


def test_jsonl_bad_line(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text('{"doc_id": "a", "text": "Veloria warns."}\n\n{"doc_id": "b", "text": }\n')
    with pytest.raises(
        ValueError,
        match=esc(path) + r": invalid JSON on line 3, column 25: Expecting value\. Each line must be one JSON object\.",
    ):
        tk.load_statements(path)
    path.write_text('{"doc_id": "a", "text": "Veloria warns."}\n["b", "Kestria rejects."]\n')
    with pytest.raises(ValueError, match=esc(path) + r": line 2 is a JSON list; each line must be an object\."):
        tk.load_statements(path)


def test_jsonl_with_blank_lines_and_crlf(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_bytes(
        b'{"doc_id": "a", "text": "Veloria warns."}\r\n\r\n{"doc_id": "b", "text": "Kestria\\r\\nrejects."}\r\n'
    )
    assert records(tk.load_statements(path)) == [
        {"doc_id": "a", "text": "Veloria warns."},
        {"doc_id": "b", "text": "Kestria\nrejects."},
    ]


@pytest.mark.parametrize(
    "suffix, message", [(".parquet", "not a readable Parquet file"), (".xlsx", "not a readable Excel workbook")]
)
def test_unreadable_binary_formats(tmp_path, suffix, message):
    path = tmp_path / f"s{suffix}"
    path.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(ValueError, match=esc(path) + ": " + message):
        tk.load_statements(path)


def test_unknown_encoding_name(tmp_path):
    with pytest.raises(
        ValueError,
        match=r"The 'encoding' parameter of load_statements must name a Python codec\. Got 'no-such-codec' instead\.",
    ):
        tk.load_statements(make_table(tmp_path, "csv"), encoding="no-such-codec")


# -- encodings, byte-order marks, line ends ---------------------------------------------------------
CP1252_LINE = "Ostland said \x93quoted\x94 words."  # \x93 and \x94 are curly quotes in cp1252


def test_non_utf8_csv(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes(f"doc_id,text\nVEL,Veloria warns.\nOST,{CP1252_LINE}\n".encode("latin-1"))
    before = path.read_bytes()
    with pytest.raises(
        ValueError,
        match=esc(path)
        + re.escape(
            ": byte(s) 93 at line 3, column 18 are not valid utf-8. Re-save the file as UTF-8, or pass encoding='cp1252'"
        ),
    ):
        tk.load_statements(path)
    corpus = tk.load_statements(path, encoding="cp1252")
    assert corpus.texts == ["Veloria warns.", "Ostland said \u201cquoted\u201d words."]
    assert path.read_bytes() == before


def test_non_utf8_txt(tmp_path):
    path = tmp_path / "ostland.txt"
    path.write_bytes(f"First line.\n{CP1252_LINE}".encode("latin-1"))
    with pytest.raises(
        ValueError, match=esc(path) + r": byte\(s\) 93 at line 2, column 14 are not valid utf-8\. .*encoding='cp1252'"
    ):
        tk.load_statements(path)
    assert tk.load_statements(path, encoding="cp1252").texts == ["First line.\nOstland said \u201cquoted\u201d words."]


def test_non_utf8_in_a_folder_names_the_file(tmp_path):
    folder = tmp_path / "speeches"
    write(folder / "a.txt", "Veloria warns.")
    bad = folder / "b.txt"
    bad.write_bytes(b"Kestria \xe9tait absent.")
    with pytest.raises(ValueError, match=esc(bad) + r": byte\(s\) e9 at line 1, column 9 are not valid utf-8"):
        tk.load_statements(folder)


@pytest.mark.parametrize("encoding", ["utf-8", "UTF-8", "utf8", "utf_8", "utf-8-sig"])
def test_utf8_bom_csv_header_is_found(tmp_path, encoding):
    path = tmp_path / "s.csv"
    path.write_bytes(b"\xef\xbb\xbftext,actor\nVeloria warns.,Veloria\n")
    corpus = tk.load_statements(path, encoding=encoding)
    assert records(corpus) == [{"doc_id": "text1", "text": "Veloria warns.", "actor": "Veloria"}]


def test_bom_removed_from_txt_and_inside_texts(tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_bytes("\ufeffAmaru appeals for aid.".encode())
    assert tk.load_statements(txt).texts == ["Amaru appeals for aid."]
    md = tmp_path / "b.md"
    md.write_bytes("\ufeff---\nactor: Amaru\n---\nAmaru \ufeffpledges aid.".encode())
    assert records(tk.load_statements(md)) == [{"doc_id": "b", "text": "Amaru pledges aid.", "actor": "Amaru"}]
    csv = tmp_path / "c.csv"
    csv.write_bytes("doc_id,text\na,\ufeffTessaly recalls\ufeff the Charter.\n".encode())
    assert tk.load_statements(csv).texts == ["Tessaly recalls the Charter."]
    frame = pd.DataFrame({"text": ["\ufeffOstland welcomes the pause."]})
    assert tk.load_statements(frame).texts == ["Ostland welcomes the pause."]


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_line_ends_normalised(tmp_path, newline):
    txt = write(tmp_path / "a.txt", "---\nactor: Veloria\n---\nLine one.\n\nLine two.", newline=newline)
    assert records(tk.load_statements(txt)) == [{"doc_id": "a", "text": "Line one.\n\nLine two.", "actor": "Veloria"}]
    csv = write(tmp_path / "b.csv", 'doc_id,text\nx,"Line one.\nLine two."\ny,Single line.', newline=newline)
    assert tk.load_statements(csv).texts == ["Line one.\nLine two.", "Single line."]
    xlsx = tmp_path / "c.xlsx"
    pd.DataFrame({"text": [f"Line one.{newline}Line two."]}).to_excel(xlsx, index=False)
    assert tk.load_statements(xlsx).texts == ["Line one.\nLine two."]


# -- malformed front matter -------------------------------------------------------------------------
@pytest.mark.parametrize(
    "content, message",
    [
        (
            "---\ncountry: Veloria\nVeloria warns.",
            r"the front matter opened by '---' on line 1 is never closed\. Add a line '---' after the metadata",
        ),
        ("---", r"the front matter opened by '---' on line 1 is never closed"),
        (
            "---\ncountry: Veloria\nyear: [2024\n---\nVeloria warns.",
            r"malformed YAML front matter at line 3: expected ',' or '\]'.*\. Write one 'key: value' per line",
        ),
        (
            "---\ncountry: Veloria\ntitle: Remarks: opening\n---\nVeloria warns.",
            r"malformed YAML front matter at line 3: mapping values are not allowed here\. .*quote values that contain a colon",
        ),
        (
            "---\n- Veloria\n- 2024\n---\nVeloria warns.",
            r"the front matter must be a set of 'key: value' lines; got a YAML list instead\.",
        ),
        (
            "---\njust a sentence\n---\nVeloria warns.",
            r"the front matter must be a set of 'key: value' lines; got a YAML str instead\.",
        ),
        (
            "---\ntext: Something else\n---\nVeloria warns.",
            r"the front matter must not set 'text'; the text is the body below it\.",
        ),
    ],
)
def test_malformed_front_matter(tmp_path, content, message):
    path = write(tmp_path / "VEL_78_2023.md", content)
    with pytest.raises(ValueError, match=esc(path) + ": " + message):
        tk.load_statements(path)
    with pytest.raises(ValueError, match=esc(path) + ": " + message):  # also inside a folder
        tk.load_statements(tmp_path, name_pattern="{country}_{session}_{year}")


def test_empty_front_matter(tmp_path):
    path = write(tmp_path / "a.md", "---\n---\nOstland welcomes the talks.")
    assert records(tk.load_statements(path)) == [{"doc_id": "a", "text": "Ostland welcomes the talks."}]


# ==================================================================================================
# load_ungdc on a small fixture in the real layout
# ==================================================================================================
SPEECHES: dict[str, bytes] = {
    "Session 77 - 2022/AAA_77_2022.txt": b"Arland supports the work of the Organization.",
    "Session 77 - 2022/BBB_77_2022.txt": b"  Borovia calls for a just peace.\n\n",
    "Session 78 - 2023/AAA_78_2023.txt": b"\xef\xbb\xbfArland affirms its commitment to the Charter.",
    "Session 78 - 2023/BBB_78_2023.txt": b"Borovia calls for dialogue.\r\n\r\nIt rejects any use of force.\r\n",
    "Session 78 - 2023/EU_78_2023.txt": b"The Union stands with the people of the region.",
    "Session 78 - 2023/CCC_78_2023.txt": b" \r\n\t\n",
    "Session 78 - 2023/DDD_78_2023.txt": b"Dorland speaks of \xe9quity and peace.",
    "Session 78 - 2023/.DS_Store-to-UTF-8.txt": b"\x00\x00\x00\x01Bud1\x00\x00",
    "Session 78 - 2023/notes.txt": b"Transcription notes.",
    "Session 78 - 2023/._AAA_78_2023.txt": b"\x00\x05\x16\x07",  # macOS resource fork: skipped silently
    "Session 79 - 2024/AAA_79_2024.txt": b"Arland \xef\xbb\xbfwelcomes the new members.",
    "Session 79 - 2024/ZZZ_80_2024.txt": b"Zembla asks for the floor.",
}
SPEAKER_COLUMNS = ["Year", "Session", "ISO Code", "Country", "Name of Person Speaking", "Post"]
SPEAKER_ROWS = [
    [2022, 77, "AAA", "Arland", "Mira Solberg", None],
    [2022, 77, "BBB ", "Borovia", "Tomas Welk", "Minister for Foreign Affairs"],
    [2023, 78, "AAA", "Arland", "Mira Solberg", "President"],
    [2023, 78, "AAA", "Arland", "Mira Solberg", "President"],  # exact repeat: collapses silently
    [2023, 78, "BBB", "Borovia", "Tomas Welk", "Minister for Foreign Affairs"],
    [2023, 78, "BBB", "Borovia", "Ilse  Varga", "Permanent Representative "],  # second speaker for the key
    [2023, 78, "EU", "Union of the Northern Seas", "Anton Reyes", "President of the Council"],
    [2023, 78, None, "League of Coastal States", "Kai Brand", "Observer"],  # no ISO code: row 9 of the sheet
    [2024, 79, "AAA", "Arland", "Jon Ellery", "Vice-President"],
    [2024, 79, "FFF", "Fenmark", "Ola Strand", "Prime Minister"],  # no speech: ignored
]
NA = object()  # marks a missing value in the expectations below
# fmt: off
EXPECTED_UNGDC = [
    # doc_id, text, country, session, year, country_name, speaker, post
    ("AAA_77_2022", "Arland supports the work of the Organization.", "AAA", 77, 2022, "Arland", "Mira Solberg", NA),
    ("BBB_77_2022", "Borovia calls for a just peace.", "BBB", 77, 2022,
     "Borovia", "Tomas Welk", "Minister for Foreign Affairs"),
    ("AAA_78_2023", "Arland affirms its commitment to the Charter.", "AAA", 78, 2023,
     "Arland", "Mira Solberg", "President"),
    ("BBB_78_2023", "Borovia calls for dialogue.\n\nIt rejects any use of force.", "BBB", 78, 2023,
     "Borovia", "Tomas Welk / Ilse Varga", "Minister for Foreign Affairs / Permanent Representative"),
    ("DDD_78_2023", "Dorland speaks of \ufffdquity and peace.", "DDD", 78, 2023, NA, NA, NA),
    ("EU_78_2023", "The Union stands with the people of the region.", "EU", 78, 2023,
     "Union of the Northern Seas", "Anton Reyes", "President of the Council"),
    ("AAA_79_2024", "Arland welcomes the new members.", "AAA", 79, 2024, "Arland", "Jon Ellery", "Vice-President"),
    ("ZZZ_80_2024", "Zembla asks for the floor.", "ZZZ", 80, 2024, NA, NA, NA),
]
# fmt: on
UNGDC_COLUMNS = ["doc_id", "text", "country", "session", "year", "country_name", "speaker", "post"]


@pytest.fixture()
def ungdc(tmp_path):
    """An unpacked folder, a .tgz of it and a speakers workbook, all in the real layout."""
    folder = tmp_path / "ungdc"
    for name, data in SPEECHES.items():
        path = folder / "TXT" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    tgz = tmp_path / "UNGDC_test.tgz"
    with tarfile.open(tgz, "w:gz") as tar:
        tar.add(folder / "TXT", arcname="TXT")
    speakers = tmp_path / "Speakers_by_session.xlsx"
    pd.DataFrame(SPEAKER_ROWS, columns=SPEAKER_COLUMNS).to_excel(speakers, index=False)
    return folder, tgz, speakers


def load_recording(*args, **kwargs) -> tuple[tk.Corpus, list[str]]:
    with pytest.warns(tk.LoaderWarning) as record:
        corpus = tk.load_ungdc(*args, **kwargs)
    assert all(w.category is tk.LoaderWarning for w in record)
    return corpus, [str(w.message) for w in record]


def ungdc_warnings(path: Path, speakers: Path | None) -> list[str]:
    out = [
        f"{path}: skipped 2 file(s) not named CCC_NN_YYYY.txt: "
        "TXT/Session 78 - 2023/.DS_Store-to-UTF-8.txt, TXT/Session 78 - 2023/notes.txt.",
        f"{path}: 1 file name(s) pair a session with an unexpected year (session = year - 1945): ZZZ_80_2024.txt. "
        "Kept, with the values in the name.",
        f"{path}: 1 file(s) contain bytes that are not UTF-8; they were replaced by U+FFFD: DDD_78_2023.txt.",
        f"{path}: skipped 1 empty speech file(s): CCC_78_2023.",
    ]
    if speakers is not None:
        out += [
            f"{speakers}: 1 row(s) have no ISO code and cannot be joined to speeches: row 9 (League of Coastal States).",
            f"{speakers}: 1 (country, session, year) key(s) list different speakers; their speaker and post fields "
            "hold all names joined by ' / ': BBB_78_2023.",
            f"{speakers}: 2 speech(es) have no row in the speakers table (speaker missing): DDD_78_2023, ZZZ_80_2024; "
            "1 row(s) of the table match no speech (often a different code for the same country): FFF_79_2024.",
        ]
    return out


def as_expected(corpus: tk.Corpus, columns: list[str]) -> list[tuple]:
    frame = corpus.to_frame()
    assert list(frame.columns) == columns
    return [tuple(NA if pd.isna(v) else v for v in row) for row in frame.itertuples(index=False, name=None)]


def expected_rows(columns: list[str], keep=lambda row: True) -> list[tuple]:
    idx = [UNGDC_COLUMNS.index(c) for c in columns]
    return [tuple(row[i] for i in idx) for row in EXPECTED_UNGDC if keep(row)]


@pytest.mark.parametrize("source", ["folder", "tgz"])
def test_load_ungdc_fixture_without_speakers(ungdc, source):
    folder, tgz, _ = ungdc
    path = folder if source == "folder" else tgz
    corpus, messages = load_recording(path)
    assert messages == ungdc_warnings(path, None)
    columns = UNGDC_COLUMNS[:5]
    assert as_expected(corpus, columns) == expected_rows(columns)
    meta = corpus.meta
    assert meta["session"].dtype == "int64"
    assert meta["year"].dtype == "int64"
    assert not any("\ufeff" in t or "\r" in t for t in corpus.texts)


@pytest.mark.parametrize("source", ["folder", "tgz"])
def test_load_ungdc_fixture_with_speakers(ungdc, source):
    folder, tgz, speakers = ungdc
    path = folder if source == "folder" else tgz
    corpus, messages = load_recording(path, speakers)
    assert messages == ungdc_warnings(path, speakers)
    assert corpus.doc_ids == [
        "AAA_77_2022",
        "BBB_77_2022",
        "AAA_78_2023",
        "BBB_78_2023",
        "DDD_78_2023",
        "EU_78_2023",
        "AAA_79_2024",
        "ZZZ_80_2024",
    ]
    assert as_expected(corpus, UNGDC_COLUMNS) == expected_rows(UNGDC_COLUMNS)
    assert corpus.meta["session"].dtype == "int64"
    assert corpus.meta["year"].dtype == "int64"
    assert pd.api.types.is_string_dtype(corpus.meta["speaker"])


def test_load_ungdc_folder_and_tgz_give_identical_corpora(ungdc):
    folder, tgz, speakers = ungdc
    from_folder, _ = load_recording(folder, speakers)
    from_tgz, _ = load_recording(tgz, speakers)
    assert from_folder == from_tgz
    pd.testing.assert_frame_equal(from_folder.to_frame(), from_tgz.to_frame())


def test_load_ungdc_speakers_as_csv(ungdc, tmp_path):
    folder, _, _ = ungdc
    speakers = tmp_path / "speakers.csv"
    pd.DataFrame(SPEAKER_ROWS, columns=SPEAKER_COLUMNS).to_csv(speakers, index=False)
    corpus, _ = load_recording(folder, speakers)
    assert as_expected(corpus, UNGDC_COLUMNS) == expected_rows(UNGDC_COLUMNS)


@pytest.mark.parametrize(
    "kwargs, ids",
    [
        ({"years": [2023]}, ["AAA_78_2023", "BBB_78_2023", "DDD_78_2023", "EU_78_2023"]),
        (
            {"years": range(2023, 2025)},
            ["AAA_78_2023", "BBB_78_2023", "DDD_78_2023", "EU_78_2023", "AAA_79_2024", "ZZZ_80_2024"],
        ),
        ({"countries": ["AAA", "EU"]}, ["AAA_77_2022", "AAA_78_2023", "EU_78_2023", "AAA_79_2024"]),
        ({"years": {2023, 2024}, "countries": ("AAA",)}, ["AAA_78_2023", "AAA_79_2024"]),
        ({"years": [2022], "countries": ["BBB"]}, ["BBB_77_2022"]),
    ],
)
def test_load_ungdc_filters(ungdc, kwargs, ids):
    _, tgz, speakers = ungdc
    corpus, messages = load_recording(tgz, speakers, **kwargs)
    assert corpus.doc_ids == ids
    assert as_expected(corpus, UNGDC_COLUMNS) == expected_rows(UNGDC_COLUMNS, lambda row: row[0] in ids)
    # warnings only concern the speeches that pass the filters
    assert ("ZZZ_80_2024.txt" in " ".join(messages)) == ("ZZZ_80_2024" in ids)
    assert ("DDD_78_2023.txt" in " ".join(messages)) == ("DDD_78_2023" in ids)
    assert any("not named CCC_NN_YYYY.txt" in m for m in messages)


def test_load_ungdc_filters_that_keep_nothing(ungdc):
    _, tgz, _ = ungdc
    with pytest.warns(tk.LoaderWarning, match="not named CCC_NN_YYYY.txt"):
        with pytest.raises(
            ValueError,
            match=esc(tgz) + r": holds no speech named CCC_NN_YYYY\.txt \(after the year/country filters\)\.",
        ):
            tk.load_ungdc(tgz, years=[1999])


def test_load_ungdc_writes_nothing_to_disk(ungdc, tmp_path, monkeypatch):
    _, tgz, speakers = ungdc

    def snapshot():
        return {p: (p.stat().st_size, p.stat().st_mtime_ns) for p in tmp_path.rglob("*")}

    before = snapshot()
    cwd = tmp_path / "empty-cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    corpus, _ = load_recording(tgz, speakers)
    assert len(corpus) == 8
    assert list(cwd.iterdir()) == []
    after = snapshot()
    assert after.keys() - before.keys() == {cwd}
    assert {p: v for p, v in after.items() if p != cwd} == before


def test_load_ungdc_relative_paths(ungdc, monkeypatch):
    folder, tgz, _ = ungdc
    monkeypatch.chdir(tgz.parent)
    corpus, messages = load_recording(tgz.name)
    assert len(corpus) == 8
    assert messages[0].startswith(f"{tgz.name}: skipped 2 file(s)")


def test_load_ungdc_missing_path(tmp_path):
    with pytest.raises(
        FileNotFoundError,
        match=r"No such file or folder: '" + esc(tmp_path / "UNGDC.tgz") + r"'\. Download the UN General Debate Corpus",
    ):
        tk.load_ungdc(tmp_path / "UNGDC.tgz")


def test_load_ungdc_missing_speakers_file(ungdc, tmp_path):
    folder, _, _ = ungdc
    # Checked before the (slow) reading of the speeches, so no speech warning is emitted first.
    with pytest.raises(
        FileNotFoundError,
        match=r"No such speakers file: '" + esc(tmp_path / "nope.xlsx") + r"'\. Pass the UNGDC Speakers_by_session\.xlsx",
    ):
        tk.load_ungdc(folder, tmp_path / "nope.xlsx")


def test_load_ungdc_speakers_with_wrong_columns(ungdc, tmp_path):
    folder, _, _ = ungdc
    speakers = tmp_path / "speakers.xlsx"
    pd.DataFrame({"Year": [2023], "Session": [78], "ISO": ["AAA"], "Speaker": ["Mira Solberg"]}).to_excel(
        speakers, index=False
    )
    with pytest.warns(tk.LoaderWarning):
        with pytest.raises(
            KeyError,
            match=esc(speakers)
            + r" has no column 'ISO Code', 'Country', 'Name of Person Speaking', 'Post' \(columns: 'Year', 'Session', 'ISO', 'Speaker'\)\. Is this the UNGDC speakers",
        ):
            tk.load_ungdc(folder, speakers)


def test_load_ungdc_not_an_archive(tmp_path):
    path = write(tmp_path / "UNGDC.tgz", "not an archive")
    with pytest.raises(
        ValueError,
        match=r"(?s)"
        + esc(path)
        + r": not a readable tar archive \(.*\)\. Pass the UNGDC \.tgz as downloaded, or the unpacked folder\.",
    ):
        tk.load_ungdc(path)


def test_load_ungdc_folder_without_speeches(tmp_path):
    write(tmp_path / "TXT" / "readme.md", "About the corpus.")
    with pytest.warns(tk.LoaderWarning, match=r"skipped 1 file\(s\) not named CCC_NN_YYYY\.txt: TXT/readme\.md\."):
        with pytest.raises(ValueError, match=esc(tmp_path) + r": holds no speech named CCC_NN_YYYY\.txt"):
            tk.load_ungdc(tmp_path)


def test_load_ungdc_duplicate_file_names(tmp_path):
    write(tmp_path / "TXT" / "Session 78 - 2023" / "AAA_78_2023.txt", "Arland speaks.")
    write(tmp_path / "TXT" / "copy" / "AAA_78_2023.txt", "Arland speaks again.")
    with pytest.raises(
        ValueError,
        match=esc(tmp_path)
        + re.escape(
            ": two files are named AAA_78_2023.txt (TXT/Session 78 - 2023/AAA_78_2023.txt and TXT/copy/AAA_78_2023.txt). Remove one"
        ),
    ):
        tk.load_ungdc(tmp_path)


# ==================================================================================================
# load_ungdc on the real corpus
# ==================================================================================================
_REAL_NAME = re.compile(r"(?:^|/)([A-Z]{2,3})_(\d+)_(\d{4})\.txt$")


def _norm(value):
    return pd.NA if pd.isna(value) else " ".join(str(value).split())


@pytest.fixture(scope="module")
def real_ungdc():
    require(UNGDC_TGZ, "The UN General Debate Corpus archive (UNGDC_1946-2024.tgz)")
    require(UNGDC_SPEAKERS, "The UNGDC speakers spreadsheet (Speakers_by_session.xlsx)")
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        corpus = tk.load_ungdc(UNGDC_TGZ, UNGDC_SPEAKERS)
    return corpus, [str(w.message) for w in record if issubclass(w.category, tk.LoaderWarning)]


@pytest.fixture(scope="module")
def real_members():
    require(UNGDC_TGZ, "The UN General Debate Corpus archive (UNGDC_1946-2024.tgz)")
    with tarfile.open(UNGDC_TGZ) as tar:
        return [m.name for m in tar.getmembers() if m.isfile()]


@pytest.fixture(scope="module")
def real_speakers():
    require(UNGDC_SPEAKERS, "The UNGDC speakers spreadsheet (Speakers_by_session.xlsx)")
    return pd.read_excel(UNGDC_SPEAKERS)


def test_real_ungdc_documents(real_ungdc, real_members):
    corpus, _ = real_ungdc
    matching = [n for n in real_members if _REAL_NAME.search(n)]
    stems = [n.rsplit("/", 1)[-1][: -len(".txt")] for n in matching]
    assert len(matching) > 10_000
    assert len(corpus) == len(matching)
    assert sorted(corpus.doc_ids) == sorted(stems)
    assert len(set(corpus.doc_ids)) == len(corpus)
    meta = corpus.meta
    assert meta["session"].dtype == "int64"
    assert meta["year"].dtype == "int64"
    assert (meta["session"] == meta["year"] - 1945).all()
    assert set(meta["year"]) == set(range(1946, 2025))
    parsed = meta["doc_id"].str.extract(r"^([A-Z]{2,3})_(\d+)_(\d{4})$")
    assert (parsed[0] == meta["country"]).all()
    assert (parsed[1].astype(int) == meta["session"]).all()
    assert (parsed[2].astype(int) == meta["year"]).all()
    # sorted by year, then country
    keys = list(zip(meta["year"], meta["country"]))
    assert keys == sorted(keys)
    assert "EU" in set(meta["country"])  # the 2-letter code is kept


def test_real_ungdc_texts_are_clean(real_ungdc):
    corpus, _ = real_ungdc
    texts = corpus.texts
    assert not any("\ufeff" in t for t in texts)
    assert not any("\r" in t for t in texts)
    assert all(t and t == t.strip() for t in texts)


def test_real_ungdc_warnings(real_ungdc, real_members, real_speakers):
    _, messages = real_ungdc
    others = [n for n in real_members if not _REAL_NAME.search(n) and not n.rsplit("/", 1)[-1].startswith("._")]
    assert any(".DS_Store" in n for n in others)
    skipped = [m for m in messages if "not named CCC_NN_YYYY.txt" in m]
    assert len(skipped) == 1
    for name in others:
        assert name in skipped[0]
    no_code = real_speakers.index[real_speakers["ISO Code"].isna()]
    if len(no_code):
        msg = next(m for m in messages if "have no ISO code" in m)
        for i in no_code:
            assert f"row {i + 2} (" in msg


def test_real_ungdc_speakers(real_ungdc, real_speakers):
    corpus, _ = real_ungdc
    frame = corpus.to_frame().set_index("doc_id")
    assert frame["speaker"].notna().mean() >= 0.99
    sheet = real_speakers.copy()
    sheet["ISO Code"] = sheet["ISO Code"].astype("string").str.strip()

    def from_sheet(code, session, year):
        rows = sheet[(sheet["ISO Code"] == code) & (sheet["Session"] == session) & (sheet["Year"] == year)]
        assert len(rows) >= 1, (code, session, year)
        return {
            "country_name": _norm(rows["Country"].iloc[0]),
            "speaker": " / ".join(
                dict.fromkeys(v for v in map(_norm, rows["Name of Person Speaking"]) if not pd.isna(v))
            )
            or pd.NA,
            "post": " / ".join(dict.fromkeys(v for v in map(_norm, rows["Post"]) if not pd.isna(v))) or pd.NA,
        }

    for doc_id in ["RUS_79_2024", "USA_30_1975", "ARG_01_1946", "EU_78_2023", "FRA_50_1995"]:
        code, session, year = doc_id.split("_")
        expected = from_sheet(code, int(session), int(year))
        got = frame.loc[doc_id]
        assert got["country"] == code and got["session"] == int(session) and got["year"] == int(year)
        for field, value in expected.items():
            if pd.isna(value):
                assert pd.isna(got[field]), (doc_id, field)
            else:
                assert got[field] == value, (doc_id, field)
    rus = frame.loc["RUS_79_2024"]
    assert isinstance(rus["speaker"], str) and rus["speaker"]
    assert isinstance(rus["post"], str) and rus["post"] == rus["post"].strip()
    assert pd.isna(from_sheet("USA", 30, 1975)["post"]) and pd.isna(frame.loc["USA_30_1975", "post"])
    assert "  " not in frame.loc["USA_30_1975", "speaker"]


# ==================================================================================================
# demo_corpus
# ==================================================================================================
DEMO_COLUMNS = ["doc_id", "text", "actor", "actor_type", "speaker", "post", "venue", "date", "year"]


def test_demo_corpus_shape(demo):
    assert 20 <= len(demo) <= 30
    assert len(demo) == 24
    frame = demo.to_frame()
    assert list(frame.columns) == DEMO_COLUMNS
    assert frame["doc_id"].is_unique
    assert frame["actor"].nunique() == 6
    assert frame["venue"].nunique() == 4
    assert (pd.crosstab(frame["actor"], frame["venue"]) == 1).all().all()  # every actor speaks once at every venue
    words = [len(t.split()) for t in demo.texts]
    assert all(150 <= n <= 500 for n in words)
    assert (sum(words), min(words), max(words)) == (8434, 243, 421)  # as toolkit/resources/demo/README.md states


def test_demo_corpus_metadata(demo):
    frame = demo.to_frame()
    assert frame["year"].dtype == "int64"
    assert set(frame["year"]) == {2024}
    assert set(frame["actor_type"]) == {"state", "organisation"}
    assert set(frame.loc[frame["actor_type"] == "organisation", "actor"]) == {"Council of the Southern Littoral"}
    assert frame["doc_id"].str.fullmatch(r"(VEL|KES|OST|CSL|AMA|TES)_(UNSC|CSLM|UNGA|LKT)_2024-\d\d").all()
    assert dict(zip(frame["doc_id"].str.split("_").str[1], frame["date"])) == {
        "UNSC": "2024-03-12",
        "CSLM": "2024-05-21",
        "UNGA": "2024-09-25",
        "LKT": "2024-11-04",
    }
    assert (frame["date"].str[:7] == frame["doc_id"].str[-7:]).all()
    assert all(t.isascii() and t == t.strip() and "\r" not in t for t in demo.texts)
    assert not frame.drop(columns="text").isna().any().any()


def test_demo_corpus_is_the_csv_in_the_package_data(demo):
    source = ROOT / "toolkit" / "resources" / "demo" / "statements.csv"
    before = source.read_bytes()
    assert tk.demo_corpus() == demo
    direct = pd.read_csv(source, keep_default_na=False)
    assert demo.doc_ids == direct["doc_id"].tolist()
    assert demo.texts == direct["text"].tolist()
    assert source.read_bytes() == before


# ==================================================================================================
# Regressions: bugs found by review in toolkit/io/, fixed
# ==================================================================================================
def test_regression_text_column_holding_lists(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps([{"doc_id": "a", "text": ["Veloria warns.", "It will defend its border."]}]))
    with pytest.raises(ValueError, match=esc(path) + r": the text column 'text' holds non-text values in row 1"):
        tk.load_statements(path)


def test_regression_json_columns_of_unequal_length(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"doc_id": ["a", "b"], "text": ["Veloria warns.", "Kestria rejects."], "year": [2024]}))
    with pytest.raises(ValueError, match=esc(path) + r": .*equal-length"):
        tk.load_statements(path)


@pytest.mark.parametrize("ids", [["007", "010"], ["NA", "NAM"]])
def test_regression_csv_ids_are_read_verbatim(tmp_path, ids):
    path = tmp_path / "s.csv"
    path.write_text(f"doc_id,text\n{ids[0]},Veloria warns.\n{ids[1]},Kestria rejects.\n")
    assert tk.load_statements(path).doc_ids == ids


def test_regression_text_file_named_xlsx(tmp_path):
    path = tmp_path / "s.xlsx"
    path.write_text("doc_id,text\na,Veloria warns.\n")
    with pytest.raises(ValueError, match=esc(path) + r": not a readable Excel workbook"):
        tk.load_statements(path)


def test_regression_duplicate_ids_in_a_folder_name_the_files(tmp_path):
    folder = tmp_path / "speeches"
    write(folder / "VEL_78_2023.txt", "Veloria warns.")
    write(folder / "VEL_78_2023.md", "Veloria regrets.")
    with pytest.raises(ValueError, match=r"VEL_78_2023\.md.*VEL_78_2023\.txt|VEL_78_2023\.txt.*VEL_78_2023\.md"):
        tk.load_statements(folder)


def test_regression_recursive_skips_hidden_folders(tmp_path):
    folder = tmp_path / "speeches"
    write(folder / "a.txt", "Ostland welcomes the talks.")
    write(folder / ".ipynb_checkpoints" / "a-checkpoint.txt", "Ostland welcomes the talks.")
    assert tk.load_statements(folder, recursive=True).doc_ids == ["a"]


def test_regression_pattern_with_non_ascii_digits(tmp_path):
    folder = tmp_path / "speeches"
    write(folder / "VEL_².txt", "Veloria warns.")
    corpus = tk.load_statements(folder, name_pattern="{country}_{part}")
    assert corpus[0].meta == {"country": "VEL", "part": "²"}


def test_regression_load_ungdc_countries_as_a_string(ungdc):
    folder, _, _ = ungdc
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tk.LoaderWarning)
        try:
            corpus = tk.load_ungdc(folder, countries="AAA")
        except TypeError as exc:
            assert "countries" in str(exc)
        else:
            assert set(corpus.meta["country"]) == {"AAA"}


@pytest.mark.parametrize(
    ("content", "advice"),
    [
        ("doc_id,text\nVEL,Veloria warns.\nVEL,Veloria regrets.\n", "rename the 'doc_id' column"),
        ("doc_id,text\nVEL,Veloria warns.\n,Kestria rejects.\n", "rename the 'doc_id' column"),
    ],
)
def test_regression_id_advice_can_be_followed(tmp_path, content, advice):
    path = tmp_path / "s.csv"
    path.write_text(content)
    with pytest.raises(ValueError, match=re.escape(advice)) as exc:
        tk.load_statements(path)
    assert "id=None" not in str(exc.value)
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(content.replace("doc_id,", "code,", 1))
    assert tk.load_statements(renamed).doc_ids == ["text1", "text2"]


# ==================================================================================================
# Decisions taken after review (YAML 1.1 surprises, stripping, whole numbers, speaker/post pairs)
# ==================================================================================================
def test_front_matter_reads_metadata_as_people_write_it(tmp_path):
    path = write(
        tmp_path / "no.md",
        "---\ncountry: NO\nvoted: yes\nofficial: true\ndate: 2024-03-12\n---\n\n  Norway supports the talks.\n\n",
    )
    doc = tk.load_statements(path)[0]
    assert doc.meta == {"country": "NO", "voted": "yes", "official": True, "date": "2024-03-12"}
    assert doc.text == "Norway supports the talks."


def test_folder_whole_numbers_stay_whole_when_a_key_is_missing(tmp_path):
    folder = tmp_path / "speeches"
    write(folder / "a.md", "---\nyear: 2024\n---\nOstland welcomes the talks.")
    write(folder / "b.md", "Kestria rejects the proposal.")
    meta = tk.load_statements(folder).meta
    assert meta["year"].dtype == "Int64"
    assert meta["year"].tolist()[0] == 2024 and pd.isna(meta["year"].tolist()[1])


def test_meta_accepts_any_list_like(tmp_path):
    path = write(tmp_path / "s.csv", "doc_id,text,year,actor\na,Veloria warns.,2024,Veloria\n")
    for meta in (pd.Index(["year"]), ("year",), iter(["year"])):
        assert tk.load_statements(path, meta=meta).meta_columns == ["year"]


def test_decode_error_column_counts_characters(tmp_path):
    path = tmp_path / "s.txt"
    path.write_bytes("Tolvik – déjà vu \x93".encode("utf-8")[:-2] + b"\x93 end")
    with pytest.raises(ValueError, match=r"line 1, column 18 are not valid utf-8"):
        tk.load_statements(path)


def test_speakers_keep_each_post_with_its_speaker(tmp_path):
    folder = tmp_path / "ungdc" / "TXT" / "Session 78 - 2023"
    write(folder / "AAA_78_2023.txt", "Speech of A.")
    speakers = tmp_path / "speakers.xlsx"
    rows = [
        [2023, 78, "AAA", "Aland", "Mr. First", None],
        [2023, 78, "AAA", "Aland", "Ms. Second", "Prime Minister"],
        [2023, 78, "AAA", "Aland", "MR. FIRST", "Minister for Foreign Affairs"],
    ]
    pd.DataFrame(rows, columns=["Year", "Session", "ISO Code", "Country", "Name of Person Speaking", "Post"]).to_excel(
        speakers, index=False
    )
    with pytest.warns(tk.LoaderWarning, match=r"1 \(country, session, year\) key\(s\) list different speakers"):
        corpus = tk.load_ungdc(tmp_path / "ungdc", speakers)
    doc = corpus[0]
    assert doc.meta["speaker"] == "Mr. First / Ms. Second"
    assert doc.meta["post"] == "Minister for Foreign Affairs / Prime Minister"


def test_speakers_table_without_any_iso_code(tmp_path):
    folder = tmp_path / "ungdc" / "TXT" / "Session 78 - 2023"
    write(folder / "AAA_78_2023.txt", "Speech of A.")
    speakers = tmp_path / "speakers.xlsx"
    pd.DataFrame(
        [[2023, 78, None, "Aland", "Mr. First", None]],
        columns=["Year", "Session", "ISO Code", "Country", "Name of Person Speaking", "Post"],
    ).to_excel(speakers, index=False)
    with pytest.warns(tk.LoaderWarning) as record:
        corpus = tk.load_ungdc(tmp_path / "ungdc", speakers)
    messages = [str(w.message) for w in record]
    assert any("have no ISO code" in m for m in messages)
    assert any("1 speech(es) have no row in the speakers table (speaker missing): AAA_78_2023" in m for m in messages)
    assert pd.isna(corpus[0].meta["speaker"])


def test_load_ungdc_single_year_and_country(ungdc):
    folder, _, _ = ungdc
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", tk.LoaderWarning)
        assert set(tk.load_ungdc(folder, years=2023, countries="AAA").meta["country"]) == {"AAA"}
    with pytest.raises(TypeError, match=r"'years' parameter of load_ungdc must hold int values. Got '2023'"):
        tk.load_ungdc(folder, years=["2023"])


def test_tsv_with_an_unclosed_quote_is_reported_not_merged(tmp_path):
    path = tmp_path / "s.tsv"
    path.write_text(
        'doc_id\ttext\tactor\nt1\t"Peace now, the minister said.\tA\nt2\tWe call for restraint.\tB\n'
        't3\tWe reject it" he said.\tC\nt4\tWe welcome the talks.\tD\n'
    )
    with pytest.raises(ValueError, match=r"row 2, column 'text' holds line breaks followed by what looks like whole rows"):
        tk.load_statements(path)


def test_na_is_a_value_not_a_missing_one(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("doc_id,text,country,year\na,Namibia speaks.,NA,2024\nb,Norway speaks.,,2023\n")
    meta = tk.load_statements(path).meta
    assert meta["country"].tolist()[0] == "NA" and pd.isna(meta["country"].tolist()[1])
    assert meta["year"].dtype == "int64"


def test_folder_front_matter_ids_that_clash_name_the_files(tmp_path):
    folder = tmp_path / "speeches"
    write(folder / "a.md", "---\ndoc_id: same\n---\nOne.")
    write(folder / "b.md", "---\ndoc_id: same\n---\nTwo.")
    with pytest.raises(ValueError, match=r"'same' in a\.md and b\.md"):
        tk.load_statements(folder)


def test_a_second_text_column_is_not_dropped_silently(tmp_path):
    path = tmp_path / "s.csv"
    path.write_text("doc_id,body,text\na,The statement.,a note\n")
    with pytest.raises(ValueError, match=r"has a column 'text' besides the text column 'body'"):
        tk.load_statements(path, text="body")
    assert tk.load_statements(path, text="body", meta=[]).texts == ["The statement."]


def test_load_ungdc_accepts_numpy_years_and_names_unknown_codes(ungdc):
    import numpy as np

    folder, _, _ = ungdc
    with pytest.warns(tk.LoaderWarning) as record:
        corpus = tk.load_ungdc(folder, years=np.arange(2022, 2024), countries=["AAA", "aaa"])
    assert set(corpus.meta["country"]) == {"AAA"}
    assert any("no speech for the country code(s) 'aaa'" in str(w.message) for w in record)


def test_load_ungdc_flags_doubly_encoded_text(tmp_path):
    folder = tmp_path / "ungdc" / "TXT" / "Session 53 - 1998"
    folder.mkdir(parents=True)
    (folder / "AAA_53_1998.txt").write_text("A remarkable \u00e2\u20ac\u201d truly remarkable year.", encoding="utf-8")
    with pytest.warns(tk.LoaderWarning, match=r"1 file\(s\) hold doubly encoded characters .*AAA_53_1998\.txt"):
        corpus = tk.load_ungdc(tmp_path / "ungdc")
    assert "\u00e2\u20ac\u201d" in corpus.texts[0]  # kept as it is: the source is never altered


def test_load_statements_old_pattern_name_still_works_with_a_deprecation_warning(tmp_path):
    folder = tmp_path / "speeches"
    folder.mkdir()
    (folder / "RUS_79_2024.txt").write_text("We call for restraint.", encoding="utf-8")
    with pytest.warns(DeprecationWarning, match="'pattern' parameter of load_statements is deprecated; pass name_pattern="):
        old = tk.load_statements(folder, pattern="{country}_{session}_{year}")
    assert old == tk.load_statements(folder, name_pattern="{country}_{session}_{year}")
    assert old.meta[["country", "session", "year"]].values.tolist() == [["RUS", 79, 2024]]
