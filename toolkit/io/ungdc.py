"""The UN General Debate Corpus (Jankin, Baturo & Dasandi), from its tarball or unpacked folder: :func:`load_ungdc`."""

from __future__ import annotations

import numbers
import re
import tarfile
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from toolkit._util.validation import ToolkitKeyError, describe_items
from toolkit.corpus import Corpus
from toolkit.io.statements import PathLike
from toolkit.io.tables import EXCEL_SUFFIXES, TABLE_SUFFIXES
from toolkit.io.text import LoaderWarning, clean_text

__all__ = ["load_ungdc"]

_UNGDC_NAME = re.compile(r"^(?P<country>[A-Z]{2,3})_(?P<session>\d+)_(?P<year>\d{4})\.txt$")
# The first General Assembly session met in 1946, so session = year - 1945 throughout the corpus.
_UNGDC_YEAR_OFFSET = 1945
# UTF-8 read as Windows-1252 and saved again ("â€”" for "—", "Ã©" for "é"): valid UTF-8, wrong text.
_MOJIBAKE = re.compile("â€|Ã[\u0080-\u00bf\u2018-\u201e\u20ac\u2122]")


def _ungdc_members(path: Path) -> Iterator[tuple[str, bytes]]:
    """Yield (member path, bytes) for every file of the corpus, from a tarball or a folder."""
    if path.is_dir():
        for f in sorted(path.rglob("*")):
            if f.is_file():
                yield f.relative_to(path).as_posix(), f.read_bytes()
        return
    try:
        archive = tarfile.open(path, mode="r:*")
    except (tarfile.TarError, OSError) as exc:
        reason = " ".join(str(exc).split())  # tarfile lists every method it tried, one per line
        raise ValueError(
            f"{path}: not a readable tar archive ({reason}). Pass the UNGDC .tgz as downloaded, or the unpacked folder."
        ) from None
    with archive:
        # Members are read straight from the compressed stream; nothing is written to disk.
        for member in archive:
            if member.isfile():
                fh = archive.extractfile(member)
                if fh is not None:
                    yield member.name, fh.read()


def _read_speakers(path: Path, *, years: set[int] | None = None, countries: set[str] | None = None) -> pd.DataFrame:
    """Return the speakers table keyed by (country, session, year), one row per key.

    Only rows within ``years`` and ``countries`` are read and reported on, so that loading a
    few speeches does not warn about the rest of the table.
    """
    table = _speaker_rows(path, years=years, countries=countries)
    grouped = _one_row_per_key(table)
    conflicts = grouped[grouped["speaker"].str.contains(" / ", regex=False, na=False)]
    if len(conflicts):
        warnings.warn(
            f"{path}: {len(conflicts)} (country, session, year) key(s) list different speakers; their "
            "speaker and post fields hold all names joined by ' / ': "
            f"{describe_items(f'{c}_{s:02d}_{y}' for c, s, y in conflicts[_KEYS].itertuples(index=False))}.",
            LoaderWarning,
            stacklevel=4,  # the caller of load_ungdc
        )
    return grouped


_KEYS = ["country", "session", "year"]
_SPEAKER_COLUMNS = {
    "ISO Code": "country",
    "Session": "session",
    "Year": "year",
    "Country": "country_name",
    "Name of Person Speaking": "speaker",
    "Post": "post",
}


def _speaker_rows(path: Path, *, years: set[int] | None, countries: set[str] | None) -> pd.DataFrame:
    """The spreadsheet's rows in scope, columns renamed, text tidied; rows without a country code are named and left out."""
    if not path.exists():
        raise FileNotFoundError(f"No such speakers file: '{path}'. Pass the UNGDC Speakers_by_session.xlsx.")
    if path.suffix.lower() in EXCEL_SUFFIXES:
        table = pd.read_excel(path)
    elif path.suffix.lower() in TABLE_SUFFIXES:
        table = pd.read_csv(path, sep=TABLE_SUFFIXES[path.suffix.lower()])
    else:
        raise ValueError(
            f"{path}: the speakers table must be an Excel workbook (.xlsx) or a CSV/TSV file; "
            f"got {path.suffix or 'no extension'!r}. Pass the UNGDC Speakers_by_session.xlsx."
        )
    missing = [c for c in _SPEAKER_COLUMNS if c not in table.columns]
    if missing:
        raise ToolkitKeyError(
            f"{path} has no column {', '.join(map(repr, missing))} (columns: "
            f"{', '.join(map(repr, map(str, table.columns)))}). Is this the UNGDC speakers spreadsheet?"
        )
    table = table[list(_SPEAKER_COLUMNS)].rename(columns=_SPEAKER_COLUMNS)
    for col in ("country", "country_name", "speaker", "post"):
        table[col] = table[col].astype("string").str.strip().str.replace(r"\s+", " ", regex=True)
    table.index = table.index + 2  # spreadsheet row numbers: header on row 1
    if years is not None:
        table = table[pd.to_numeric(table["year"], errors="coerce").isin(years)]
    if countries is not None:
        table = table[table["country"].isin(countries) | table["country"].isna()]
    no_code = table["country"].isna()
    if no_code.any():
        warnings.warn(
            f"{path}: {int(no_code.sum())} row(s) have no ISO code and cannot be joined to speeches: "
            f"{describe_items(f'row {i} ({n})' for i, n in zip(table.index[no_code], table['country_name'][no_code]))}.",
            LoaderWarning,
            stacklevel=5,  # the caller of load_ungdc
        )
    table = table[~no_code].copy()
    table["session"] = pd.to_numeric(table["session"], errors="coerce").astype("Int64")
    table["year"] = pd.to_numeric(table["year"], errors="coerce").astype("Int64")
    return table


def _one_row_per_key(table: pd.DataFrame) -> pd.DataFrame:
    """Collapse keys listed twice: exact repeats become one row; different speakers are kept, joined,
    each with its own post so that the two lists stay aligned."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for rec in table.to_dict("records"):
        entry = merged.setdefault(tuple(rec[k] for k in _KEYS), {"country_name": rec["country_name"], "people": {}})
        if pd.isna(entry["country_name"]):
            entry["country_name"] = rec["country_name"]
        if pd.isna(rec["speaker"]):
            continue
        person = entry["people"].setdefault(rec["speaker"].casefold(), [rec["speaker"], None])
        if person[1] is None and not pd.isna(rec["post"]):
            person[1] = rec["post"]
    rows = []
    for key, entry in merged.items():
        people = list(entry["people"].values())
        posts = [p for _, p in people]
        rows.append(
            {
                **dict(zip(_KEYS, key)),
                "country_name": entry["country_name"],
                "speaker": " / ".join(n for n, _ in people) if people else pd.NA,
                "post": pd.NA if all(p is None for p in posts) else " / ".join(p or "(no post given)" for p in posts),
            }
        )
    columns = [*_KEYS, "country_name", "speaker", "post"]
    return pd.DataFrame(rows, columns=columns).astype(
        {"session": "Int64", "year": "Int64", "country_name": "string", "speaker": "string", "post": "string"}
    )


def _as_set(values: Any, kind: type, *, name: str) -> set[Any] | None:
    """Accept one value or an iterable of values of ``kind`` (a single code or year is common)."""
    if values is None:
        return None
    check = numbers.Integral if kind is int else kind  # numpy integers too (np.arange)

    def ok(v: Any) -> bool:
        return isinstance(v, check) and not isinstance(v, bool)

    if ok(values):
        return {kind(values)}
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(
            f"The {name!r} parameter of load_ungdc must be a {kind.__name__} or a list of them. Got {values!r} instead."
        )
    items = list(values)
    bad = [v for v in items if not ok(v)]
    if bad:
        raise TypeError(f"The {name!r} parameter of load_ungdc must hold {kind.__name__} values. Got {bad[0]!r} instead.")
    return {kind(v) for v in items}


def load_ungdc(
    path: PathLike,
    speakers: PathLike | None = None,
    *,
    years: Iterable[int] | None = None,
    countries: Iterable[str] | None = None,
) -> Corpus:
    """Return the UN General Debate Corpus as a Corpus, one document per speech.

    Reads the ``.tgz`` as distributed (members are streamed from the archive, never extracted
    to disk) or an unpacked folder. Files named ``CCC_NN_YYYY.txt`` (country code, session,
    year) become documents; any other file is skipped and named in a :class:`LoaderWarning`.
    Texts are decoded as UTF-8, byte-order marks removed, line ends normalised to ``\\n`` and
    surrounding whitespace stripped.

    Parameters
    ----------
    path : path
        ``UNGDC_1946-2024.tgz`` (or any ``.tar``/``.tar.gz``), or the unpacked folder.
    speakers : path, optional
        ``Speakers_by_session.xlsx``; joins ``country_name``, ``speaker`` and ``post`` on
        (country, session, year).
    years : int or iterable of int, optional
        Keep only these years (faster than subsetting afterwards).
    countries : str or iterable of str, optional
        Keep only these country codes, e.g. ``["RUS", "USA"]``.

    Returns
    -------
    Corpus
        Sorted by year, then country. Columns: ``doc_id`` (file stem, e.g. ``RUS_79_2024``),
        ``text``, ``country`` (code in the file name), ``session`` and ``year`` (int), and
        with ``speakers``: ``country_name``, ``speaker``, ``post`` (missing where the
        spreadsheet has no entry or leaves it blank).

    Raises
    ------
    FileNotFoundError
        If ``path`` or ``speakers`` does not exist.
    ValueError
        If ``path`` is not a readable archive or holds no speech, or two files share a name.

    References
    ----------
    Jankin, S., Baturo, A. & Dasandi, N. Words to unite nations: The complete UN General
    Debate Corpus, 1946-present. Journal of Peace Research.
    Baturo, A., Dasandi, N. & Mikhaylov, S. (2017). Understanding state preferences with text
    as data: Introducing the UN General Debate Corpus. Research & Politics.

    Examples
    --------
    >>> import toolkit as tk
    >>> un = tk.load_ungdc("UNGDC_1946-2024.tgz", "Speakers_by_session.xlsx", years=range(1991, 2025))  # doctest: +SKIP
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(
            f"No such file or folder: '{path}'. Download the UN General Debate Corpus "
            "(Harvard Dataverse, doi:10.7910/DVN/0TJX8Y) and pass the .tgz or the unpacked folder."
        )
    if speakers is not None and not Path(speakers).exists():
        raise FileNotFoundError(f"No such speakers file: '{speakers}'. Pass the UNGDC Speakers_by_session.xlsx.")
    year_set = _as_set(years, int, name="years")
    country_set = _as_set(countries, str, name="countries")
    scan = _scan(path, years=year_set, countries=country_set)
    _warn_about(path, scan, years=year_set, countries=country_set)
    rows = [r for r in scan.rows if r[1]]
    if not rows:
        raise ValueError(f"{path}: holds no speech named CCC_NN_YYYY.txt (after the year/country filters).")
    frame = pd.DataFrame(rows, columns=["doc_id", "text", "country", "session", "year"])
    frame["session"] = frame["session"].astype("int64")
    frame["year"] = frame["year"].astype("int64")
    frame = frame.sort_values(["year", "country"], kind="stable").reset_index(drop=True)
    if speakers is not None:
        frame = _join_speakers(frame, Path(speakers), years=year_set, countries=country_set)
    return Corpus(frame)


@dataclass
class _Scan:
    """What a pass over the archive found: one row per speech, and the files to warn about."""

    rows: list[tuple[str, str, str, int, int]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    mismatched: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    garbled: list[str] = field(default_factory=list)


def _scan(path: Path, *, years: set[int] | None, countries: set[str] | None) -> _Scan:
    """Read the speeches named CCC_NN_YYYY.txt within ``years`` and ``countries``, noting odd files."""
    scan = _Scan()
    where: dict[str, str] = {}
    for name, data in _ungdc_members(path):
        base = name.rsplit("/", 1)[-1]
        m = _UNGDC_NAME.match(base)
        if m is None:
            if not base.startswith("._"):  # macOS resource forks are not files of the corpus
                scan.skipped.append(name)
            continue
        country, session, year = m["country"], int(m["session"]), int(m["year"])
        if (years is not None and year not in years) or (countries is not None and country not in countries):
            continue
        doc_id = base[:-4]
        if doc_id in where:
            raise ValueError(
                f"{path}: two files are named {base} ({where[doc_id]} and {name}). Remove one of them."
            )
        where[doc_id] = name
        if year - session != _UNGDC_YEAR_OFFSET:
            scan.mismatched.append(base)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("utf-8-sig", errors="replace")
            scan.repaired.append(base)
        if _MOJIBAKE.search(text):
            scan.garbled.append(base)
        scan.rows.append((doc_id, clean_text(text).strip(), country, session, year))
    return scan


def _warn_about(path: Path, scan: _Scan, *, years: set[int] | None, countries: set[str] | None) -> None:
    """One LoaderWarning for each kind of file that was skipped, kept as it was, or repaired."""
    def warn(message: str) -> None:
        warnings.warn(f"{path}: {message}", LoaderWarning, stacklevel=4)  # the caller of load_ungdc

    if scan.skipped:
        warn(f"skipped {len(scan.skipped)} file(s) not named CCC_NN_YYYY.txt: {describe_items(scan.skipped)}.")
    if scan.mismatched:
        warn(f"{len(scan.mismatched)} file name(s) pair a session with an unexpected year "
             f"(session = year - 1945): {describe_items(scan.mismatched)}. Kept, with the values in the name.")
    if scan.repaired:
        warn(f"{len(scan.repaired)} file(s) contain bytes that are not UTF-8; they were replaced "
             f"by U+FFFD: {describe_items(scan.repaired)}.")
    if scan.garbled:
        warn(f"{len(scan.garbled)} file(s) hold doubly encoded characters ('â€”' for '—', 'Ã©' for 'é'), "
             f"kept as they are: {describe_items(scan.garbled)}. Repair them before analysis if they matter "
             "(e.g. with the ftfy package) and load the repaired texts with load_statements.")
    if countries is not None:
        unmatched_codes = sorted(countries - {r[2] for r in scan.rows})
        if unmatched_codes:
            warn(f"no speech for the country code(s) {', '.join(map(repr, unmatched_codes))}"
                 f"{' in the years asked for' if years is not None else ''}. Codes are ISO 3166-1 alpha-3 "
                 "in capitals (RUS, USA, PSE) or EU.")
    empty = [r[0] for r in scan.rows if not r[1]]
    if empty:
        warn(f"skipped {len(empty)} empty speech file(s): {describe_items(empty)}.")


def _join_speakers(
    frame: pd.DataFrame, speakers: Path, *, years: set[int] | None, countries: set[str] | None
) -> pd.DataFrame:
    """Add country_name, speaker and post from the speakers table; name speeches and rows that do not meet."""
    table = _read_speakers(speakers, years=years, countries=countries)
    keyed = frame[_KEYS].astype({"session": "Int64", "year": "Int64"})
    joined = keyed.merge(table, on=_KEYS, how="left", validate="many_to_one", indicator=True)
    for col in ("country_name", "speaker", "post"):
        frame[col] = joined[col].to_numpy()
    no_row = frame["doc_id"][(joined["_merge"] == "left_only").to_numpy()].tolist()
    loaded = set(zip(frame["country"], frame["session"], frame["year"]))
    in_scope = table[
        (table["year"].isin(frame["year"].unique())) & (countries is None or table["country"].isin(countries))
    ]
    no_speech = [
        f"{c}_{int(s):02d}_{int(y)}"
        for c, s, y in in_scope[_KEYS].itertuples(index=False)
        if (c, int(s), int(y)) not in loaded
    ]
    if no_row or no_speech:
        warnings.warn(
            f"{speakers}: {len(no_row)} speech(es) have no row in the speakers table (speaker missing): "
            f"{describe_items(no_row) or 'none'}; {len(no_speech)} row(s) of the table match no speech "
            f"(often a different code for the same country): {describe_items(no_speech) or 'none'}.",
            LoaderWarning,
            stacklevel=3,  # the caller of load_ungdc
        )
    return frame
