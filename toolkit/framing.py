"""Framing: frame dictionaries in common formats, frames per sentence and statement, group comparisons with uncertainty."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import yaml

from toolkit._validation import ToolkitKeyError, check_choice, check_int
from toolkit.corpus import Corpus, _as_corpus
from toolkit.lexicon import Category, Lexicon, load_lexicon

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = ["FrameResult", "frames", "load_dictionary", "write_dictionary"]

DictionaryFormat = Literal["yaml", "dic", "lc3", "cat"]
_SUFFIX_FORMAT = {".yaml": "yaml", ".yml": "yaml", ".dic": "dic", ".lc3": "lc3", ".lcd": "lc3", ".cat": "cat"}


def _term(raw: str, *, source: str, line: int) -> str:
    """Normalise a dictionary entry: lower case, underscores as spaces, only a final * as wildcard."""
    term = " ".join(raw.strip().replace("_", " ").split()).lower()
    if not term:
        raise ValueError(f"{source}, line {line}: an empty term.")
    if "*" in term[:-1] or "?" in term:
        raise ValueError(
            f"{source}, line {line}: the term {raw.strip()!r} has a wildcard inside it; only a final * "
            "(any ending) is supported. Write the variants out, or end the term with *."
        )
    return term


def _read_dic(text: str, source: str) -> dict[str, list[str]]:
    """LIWC: category ids and names between two '%' lines, then 'term<TAB>id id ...'."""
    lines = text.splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    if len(marks) < 2:
        raise ValueError(
            f"{source}: not a LIWC dictionary: it needs the category list between two lines holding only '%'."
        )
    names: dict[str, str] = {}
    for i in range(marks[0] + 1, marks[1]):
        parts = lines[i].split()
        if not parts:
            continue
        if len(parts) < 2:
            raise ValueError(f"{source}, line {i + 1}: a category line needs an id and a name, e.g. '1\tpositive'.")
        names[parts[0]] = "_".join(parts[1:])
    cats: dict[str, list[str]] = {name: [] for name in names.values()}
    for i in range(marks[1] + 1, len(lines)):
        line = lines[i]
        if not line.strip():
            continue
        parts = re.split(r"\t+", line.strip()) if "\t" in line else line.split()
        if "\t" in line:
            term, ids = parts[0], " ".join(parts[1:]).split()
        else:
            term, ids = parts[0], parts[1:]
        if not ids:
            raise ValueError(f"{source}, line {i + 1}: the term {term!r} has no category id.")
        for cid in ids:
            if cid not in names:
                raise ValueError(
                    f"{source}, line {i + 1}: category id {cid!r} is not declared between the '%' lines."
                )
            cats[names[cid]].append(_term(term, source=source, line=i + 1))
    return cats


def _read_lc3(text: str, source: str) -> dict[str, list[str]]:
    """Lexicoder: '+category' lines, each followed by its terms, one per line."""
    cats: dict[str, list[str]] = {}
    current: str | None = None
    for i, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.lstrip().startswith("+"):
            current = line.strip()[1:].strip()
            if not current:
                raise ValueError(f"{source}, line {i}: a category line '+' needs a name.")
            cats.setdefault(current, [])
            continue
        if current is None:
            raise ValueError(f"{source}, line {i}: a term before any '+category' line.")
        cats[current].append(_term(line, source=source, line=i))
    if not cats:
        raise ValueError(f"{source}: not a Lexicoder dictionary: no '+category' line.")
    return cats


def _read_cat(text: str, source: str) -> dict[str, list[str]]:
    """WordStat: a category line is followed by lines indented deeper (its terms or sub-categories).

    Weights such as " (1)" are ignored; nested categories are named "parent/child".
    """
    entries = [
        (i, len(line) - len(line.lstrip()), re.sub(r"\s*\(\d+\)\s*$", "", line.strip()))
        for i, line in enumerate(text.splitlines(), start=1)
        if line.strip()
    ]
    cats: dict[str, list[str]] = {}
    stack: list[tuple[int, str]] = []  # (indent, name) of the open categories
    for k, (line, indent, entry) in enumerate(entries):
        while stack and stack[-1][0] >= indent:
            stack.pop()
        opens = k + 1 < len(entries) and entries[k + 1][1] > indent
        if opens:
            stack.append((indent, entry.lower()))
            cats.setdefault("/".join(name for _, name in stack), [])
        elif not stack:
            raise ValueError(f"{source}, line {line}: a term that belongs to no category (categories are flush left).")
        else:
            cats["/".join(name for _, name in stack)].append(_term(entry, source=source, line=line))
    if not cats:
        raise ValueError(f"{source}: not a WordStat dictionary: no category.")
    return {name: terms for name, terms in cats.items() if terms}


def _read_quanteda_yaml(data: dict, source: str) -> dict[str, list[str]]:
    """quanteda's YAML: category -> list of terms, possibly nested (names joined by '.')."""
    cats: dict[str, list[str]] = {}

    def walk(node: Any, prefix: str) -> None:
        for key, value in node.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(value, dict):
                walk(value, name)
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                cats[name] = [_term(v, source=source, line=0) for v in value]
            else:
                raise ValueError(f"{source}: category {name!r} must hold a list of terms or sub-categories.")

    walk(data, "")
    return cats


def load_dictionary(
    path: str | Path = "frames",
    *,
    format: DictionaryFormat | None = None,
    licence: str | None = None,
    citation: str | None = None,
) -> Lexicon:
    """Return a dictionary read from YAML, LIWC (.dic), Lexicoder (.lc3) or WordStat (.cat), or a built-in one.

    As quanteda's ``dictionary()``. The toolkit's YAML records the source and licence of each
    category; the other formats do not, so pass ``licence=`` and ``citation=`` (without them the
    dictionary is marked "not stated in the file" and a warning says so).

    Parameters
    ----------
    path : str or path
        The file, or the name of a built-in dictionary (``"frames"``).
    format : {"yaml", "dic", "lc3", "cat"}, optional
        Default: from the file extension.
    licence, citation : str, optional
        Recorded on every category of a file that does not state them.

    Returns
    -------
    Lexicon

    Raises
    ------
    FileNotFoundError
        If the file does not exist.
    ValueError
        For an unknown format or a malformed file (the message names the line and the problem).

    References
    ----------
    Benoit, K. et al. (2018). quanteda: ``dictionary()``. JOSS 3(30), 774.
    """
    builtin = Path(__file__).resolve().parent / "resources" / f"{path}.yaml"
    if isinstance(path, str) and not Path(path).suffix and builtin.exists():
        return load_lexicon(builtin)
    file = Path(path)
    if not file.exists():
        raise FileNotFoundError(f"No such dictionary file: '{file}'. Pass a .yaml, .dic, .lc3 or .cat file.")
    fmt = format or _SUFFIX_FORMAT.get(file.suffix.lower())
    if fmt is None:
        raise ValueError(
            f"{file}: unknown dictionary format {file.suffix!r}; pass format= one of 'yaml', 'dic', 'lc3', 'cat'."
        )
    check_choice(fmt, ("yaml", "dic", "lc3", "cat"), name="format", func="load_dictionary")
    source = str(file)
    text = file.read_text(encoding="utf-8-sig")
    if fmt == "yaml":
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}" if mark is not None else "an unknown line"
            raise ValueError(f"{source}: malformed YAML at {where}: {getattr(exc, 'problem', exc)}.") from None
        if isinstance(data, dict) and "categories" in data:
            return load_lexicon(file)
        if not isinstance(data, dict) or not data:
            raise ValueError(f"{source}: a YAML dictionary is a mapping of categories to lists of terms.")
        cats = _read_quanteda_yaml(data, source)
    else:
        cats = {"dic": _read_dic, "lc3": _read_lc3, "cat": _read_cat}[fmt](text, source)
    if not licence or not citation:
        warnings.warn(
            f"{source}: the file states no {'licence' if not licence else 'citation'}; pass licence= and citation= "
            "to load_dictionary so that the dictionary can be cited and shared correctly.",
            UserWarning,
            stacklevel=2,
        )
    stated = licence or "not stated in the file"
    cited = citation or f"not stated in the file ({file.name})"
    categories = {
        name: Category(name, "", cited, stated, terms=tuple(dict.fromkeys(terms)))
        for name, terms in cats.items()
        if terms
    }
    if not categories:
        raise ValueError(f"{source}: the dictionary has no category with terms.")
    return Lexicon(file.stem, stated, categories, source)


def write_dictionary(dictionary: Lexicon, path: str | Path) -> Path:
    """Write a dictionary as the toolkit's YAML (with each category's source and licence) and return the path."""
    path = Path(path)
    data = {
        "name": dictionary.name,
        "licence": dictionary.licence,
        "categories": {
            c.name: {
                "description": c.description,
                "source": c.source,
                "licence": c.licence,
                **({"terms": list(c.terms)} if c.terms else {}),
                **({"lemmas": list(c.lemmas)} if c.lemmas else {}),
                **({"exclude": list(c.exclude)} if c.exclude else {}),
            }
            for c in dictionary
        },
    }
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    tmp.replace(path)
    return path


# -- frames in statements -----------------------------------------------------------------------------
@dataclass(frozen=True)
class FrameResult:
    """Frames found in a corpus (see :func:`frames`).

    Attributes
    ----------
    sentences : pandas.DataFrame
        One row per sentence and frame found in it: ``doc_id``, ``sent_id``, ``frame``,
        ``terms`` (the matched words, "; "-separated), ``sentence``, then the metadata.
    documents : pandas.DataFrame
        One row per statement and frame: ``doc_id``, ``frame``, ``count`` (matches),
        ``per_1k`` (per 1,000 words), ``share`` (of the statement's sentences that use the
        frame), ``dominant`` (the frame with the largest share in the statement), then the
        metadata.
    indicators : pandas.DataFrame
        One row per sentence: ``doc_id``, ``sent_id``, the metadata and one 0/1 column per
        frame; the data behind :meth:`compare`.
    """

    sentences: pd.DataFrame
    documents: pd.DataFrame
    indicators: pd.DataFrame
    frames: tuple[str, ...]

    def compare(
        self, by: str, *, n_boot: int = 1000, ci: float = 0.95, seed: int = 0
    ) -> pd.DataFrame:
        """Return, per group and frame, the share of sentences using the frame with a bootstrap interval.

        Parameters
        ----------
        by : str
            Metadata column defining the groups.
        n_boot : int
            Bootstrap replicates (sentences of each group resampled with replacement).
        ci : float
            Confidence level.
        seed : int
            Seed, for reproducible intervals.

        Returns
        -------
        pandas.DataFrame
            ``group``, ``frame``, ``share``, ``low``, ``high``, ``n_sentences``, ``n_docs``.
        """
        data = self._groups(by)
        check_int(n_boot, name="n_boot", func="FrameResult.compare", minimum=1)
        _check_ci(ci, "FrameResult.compare")
        rng = np.random.default_rng(seed)
        tail = (1 - ci) / 2 * 100
        rows = []
        for group, part in sorted(data.groupby(by), key=lambda kv: str(kv[0])):
            x = part[list(self.frames)].to_numpy(dtype=float)
            boot = _bootstrap_means(x, n_boot, rng)
            low, high = np.percentile(boot, [tail, 100 - tail], axis=0)
            for j, frame in enumerate(self.frames):
                rows.append({"group": group, "frame": frame, "share": x[:, j].mean(), "low": low[j],
                             "high": high[j], "n_sentences": len(x), "n_docs": part["doc_id"].nunique()})
        out = pd.DataFrame(rows)
        out.attrs.update({"by": by, "ci": ci})
        return out

    def difference(
        self,
        by: str,
        a: object,
        b: object,
        *,
        n_boot: int = 1000,
        n_perm: int = 2000,
        ci: float = 0.95,
        seed: int = 0,
    ) -> pd.DataFrame:
        """Return, per frame, group ``a``'s share of sentences minus group ``b``'s, with an interval and a permutation p.

        Parameters
        ----------
        by : str
            Metadata column defining the groups.
        a, b :
            The two groups to compare.
        n_boot : int
            Bootstrap replicates for the interval of the difference (each group's sentences
            resampled separately).
        n_perm : int
            Permutations of the group labels for the two-sided p-value.
        ci : float
            Confidence level.
        seed : int
            Seed for both.

        Returns
        -------
        pandas.DataFrame
            ``frame``, ``share_a``, ``share_b``, ``difference``, ``low``, ``high``, ``p``
            (permutation, two-sided, with the +1 correction of Phipson & Smyth 2010).

        References
        ----------
        Phipson, B. & Smyth, G. K. (2010). Permutation p-values should never be zero.
        Statistical Applications in Genetics and Molecular Biology, 9(1).
        """
        data = self._groups(by)
        check_int(n_boot, name="n_boot", func="FrameResult.difference", minimum=1)
        check_int(n_perm, name="n_perm", func="FrameResult.difference", minimum=1)
        _check_ci(ci, "FrameResult.difference")
        groups = set(data[by])
        for g in (a, b):
            if g not in groups:
                raise ToolkitKeyError(f"FrameResult.difference: {g!r} is not a value of {by!r}.")
        xa = data.loc[data[by] == a, list(self.frames)].to_numpy(dtype=float)
        xb = data.loc[data[by] == b, list(self.frames)].to_numpy(dtype=float)
        rng = np.random.default_rng(seed)
        observed = xa.mean(axis=0) - xb.mean(axis=0)
        boot = _bootstrap_means(xa, n_boot, rng) - _bootstrap_means(xb, n_boot, rng)
        tail = (1 - ci) / 2 * 100
        low, high = np.percentile(boot, [tail, 100 - tail], axis=0)
        pooled = np.vstack([xa, xb])
        exceed = np.zeros(len(self.frames))
        for _ in range(n_perm):
            idx = rng.permutation(len(pooled))
            diff = pooled[idx[: len(xa)]].mean(axis=0) - pooled[idx[len(xa):]].mean(axis=0)
            exceed += np.abs(diff) >= np.abs(observed) - 1e-12
        return pd.DataFrame(
            {
                "frame": list(self.frames),
                "share_a": xa.mean(axis=0),
                "share_b": xb.mean(axis=0),
                "difference": observed,
                "low": low,
                "high": high,
                "p": (exceed + 1) / (n_perm + 1),
            }
        ).assign(a=a, b=b)

    def _groups(self, by: str) -> pd.DataFrame:
        if by not in self.indicators.columns:
            raise ToolkitKeyError(
                f"The frames have no metadata column {by!r} (columns: {', '.join(map(repr, self.indicators.columns))})."
            )
        data = self.indicators
        missing = data[by].isna()
        if missing.any():
            warnings.warn(
                f"{int(missing.sum())} sentence(s) with a missing {by!r} are left out.", UserWarning, stacklevel=3
            )
        return data[~missing]


def _check_ci(ci: float, func: str) -> None:
    if not (isinstance(ci, float) and 0 < ci < 1):
        raise ValueError(f"The 'ci' parameter of {func} must be a float in (0, 1). Got {ci!r} instead.")


def _bootstrap_means(x: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Column means of ``x`` over ``n_boot`` resamples of its rows (with replacement)."""
    n = len(x)
    if n == 0:
        return np.full((n_boot, x.shape[1]), np.nan)
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=n_boot) / n
    return weights @ x


def frames(
    corpus: Corpus,
    dictionary: Lexicon | str | Path | None = None,
    *,
    model: str | Language | None = None,
    n_process: int = 1,
    cache_dir: str | None = None,
) -> FrameResult:
    """Return the frames each sentence and statement uses, from a frame dictionary.

    A sentence uses a frame when it contains one of the frame's terms (word forms, phrases,
    lemmas, prefixes; exclusions such as "Security Council" for the security frame do not
    count). By default the toolkit's frame dictionary for diplomatic and conflict discourse:
    security, humanitarian, legal, diplomacy, sovereignty, violence, economy, regional,
    accountability and history.

    Parameters
    ----------
    corpus : Corpus
    dictionary : Lexicon, path or None
        A dictionary (see :func:`load_dictionary`), a file, or None for the built-in frames.
    model, n_process, cache_dir
        Passed to :func:`toolkit.spacy_docs` (level ``"tags"``).

    Returns
    -------
    FrameResult
        ``.sentences``, ``.documents``, ``.indicators``, ``.compare(by=...)`` and
        ``.difference(by, a, b)``.

    References
    ----------
    Entman, R. M. (1993). Framing: Toward clarification of a fractured paradigm. Journal of
    Communication, 43(4), 51-58.
    Boydstun, A. E. et al. (2014). Tracking the development of media frames within and across
    policy issues. APSA Annual Meeting.

    Examples
    --------
    >>> import toolkit as tk
    >>> result = tk.frames(tk.Corpus.from_texts(["Aid convoys must reach civilians. Talks resume."]))
    >>> result.sentences[["sent_id", "frame", "terms"]].values.tolist()
    [[1, 'humanitarian', 'aid; convoys; civilians'], [2, 'diplomacy', 'talks']]
    """
    from toolkit.nlp import load_pipeline, spacy_docs

    corpus = _as_corpus(corpus, func="frames")
    if dictionary is None:
        dictionary = load_dictionary("frames")
    elif not isinstance(dictionary, Lexicon):
        dictionary = load_dictionary(dictionary)
    nlp = load_pipeline(model)
    names = tuple(c.name for c in dictionary)
    meta = corpus.meta
    sentence_rows, doc_rows, indicator_rows = [], [], []
    for i, doc in enumerate(spacy_docs(corpus, level="tags", model=model, n_process=n_process, cache_dir=cache_dir)):
        doc_meta = {c: meta.iloc[i][c] for c in corpus.meta_columns}
        sents = [s for s in doc.sents if s.text.strip()] if len(doc) else []
        starts = np.array([s.start for s in sents])
        matches = dictionary.matches(doc, nlp)
        per_sentence: dict[tuple[int, str], list[str]] = {}
        counts = dict.fromkeys(names, 0)
        for frame, spans in matches.items():
            counts[frame] = len(spans)
            for span in spans:
                k = int(np.searchsorted(starts, span.start, side="right")) - 1
                if k >= 0:
                    per_sentence.setdefault((k, frame), []).append(span.text.lower())
        words = sum(1 for t in doc if not (t.is_punct or t.is_space))
        using = {frame: {k for (k, f) in per_sentence if f == frame} for frame in names}
        for k, sent in enumerate(sents):
            for frame in names:
                if (k, frame) in per_sentence:
                    sentence_rows.append({"doc_id": corpus.doc_ids[i], "sent_id": k + 1, "frame": frame,
                                          "terms": "; ".join(per_sentence[(k, frame)]),
                                          "sentence": sent.text.strip(), **doc_meta})
            indicator_rows.append({"doc_id": corpus.doc_ids[i], "sent_id": k + 1, **doc_meta,
                                   **{frame: int((k, frame) in per_sentence) for frame in names}})
        shares = {frame: (len(using[frame]) / len(sents) if sents else np.nan) for frame in names}
        top = max(names, key=lambda f: (shares[f] if shares[f] == shares[f] else -1, -names.index(f)))
        for frame in names:
            doc_rows.append({"doc_id": corpus.doc_ids[i], "frame": frame, "count": counts[frame],
                             "per_1k": counts[frame] / words * 1000 if words else np.nan,
                             "share": shares[frame],
                             "dominant": bool(frame == top and shares[frame] > 0), **doc_meta})
    meta_cols = corpus.meta_columns
    return FrameResult(
        pd.DataFrame(sentence_rows, columns=["doc_id", "sent_id", "frame", "terms", "sentence", *meta_cols]),
        pd.DataFrame(doc_rows, columns=["doc_id", "frame", "count", "per_1k", "share", "dominant", *meta_cols]),
        pd.DataFrame(indicator_rows, columns=["doc_id", "sent_id", *meta_cols, *names]),
        names,
    )
