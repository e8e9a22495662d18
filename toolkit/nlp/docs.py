"""Processed documents: :func:`spacy_docs` streams Docs in corpus order, from the cache where possible.

Every Doc gets the same treatment after processing: a blank line starts a sentence, and words
joined by hyphens are one token (:func:`merge_hyphenated`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Mapping

import numpy as np
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from toolkit._util.text import check_texts, normalise_line_ends
from toolkit._util.validation import check_choice, check_int, describe_items
from toolkit.nlp.cache import DocCache, cache_directory, text_key
from toolkit.nlp.pipeline import LEVELS, Level, components_for, resolve

_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_BLANK_LINE_RUN = re.compile(r"\n[ \t]*\n\s*")
# Show a progress bar by default when this many characters still need processing: about
# half a minute of work on one core (the tokenizer alone is some fifty times faster).
_PROGRESS_CHARS = {"tokens": 50_000_000, "other": 1_000_000}


def texts_of(corpus: object, *, func: str) -> tuple[list[str], list[str]]:
    """Return (doc_ids, texts) of a Corpus (or anything with ``doc_ids`` and ``texts``), a dict or a list of texts.

    A list gets the ids ``text1``, ``text2``, ... as :meth:`toolkit.Corpus.from_texts` gives them.
    """
    if hasattr(corpus, "texts") and hasattr(corpus, "doc_ids") and not isinstance(corpus, Mapping):
        return list(corpus.doc_ids), list(corpus.texts)  # a Corpus: already checked
    if isinstance(corpus, Mapping):
        ids, texts = [str(k) for k in corpus.keys()], list(corpus.values())
    elif isinstance(corpus, (list, tuple)):
        ids, texts = [f"text{i + 1}" for i in range(len(corpus))], list(corpus)
    else:
        raise TypeError(
            f"The 'corpus' parameter of {func} must be a toolkit Corpus (see toolkit.load_statements), a dict "
            f"{{doc_id: text}} or a list of texts. Got {type(corpus).__name__} instead."
        )
    check_texts(texts, owner=func)
    return ids, [normalise_line_ends(t) for t in texts]


def _paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every blank line; spaCy's senter and parser keep such preset starts.

    Without this a heading, a salutation ("Mr. President,") or a paragraph without a final
    full stop runs on into the next paragraph's first sentence.
    """
    ends = [m.end() for m in _BLANK_LINE_RUN.finditer(doc.text)]
    if ends:
        # Character offsets to token positions without creating a Token per word.
        starts = doc.to_array([IDX]).ravel()
        for i in np.searchsorted(starts, ends).tolist():
            if 0 < i < len(doc):
                doc[i].is_sent_start = True
    return doc


def merge_hyphenated(doc: Doc) -> Doc:
    """Merge words joined by hyphens ("two-state", "confidence-building", "state-of-the-art") into one token.

    spaCy splits infix hyphens, which its trained components expect; the toolkit merges the
    pieces after processing, as quanteda's tokenizer keeps them whole, so that counts, keyness,
    collocations and patterns see one word. A hyphen with space on either side (a dash) is
    left alone. The merged token's lemma joins the lemmas of its pieces.

    Parameters
    ----------
    doc : spacy.tokens.Doc

    Returns
    -------
    spacy.tokens.Doc
        The same Doc, retokenized in place.
    """
    runs: list[list[int]] = []
    for m in _HYPHEN.finditer(doc.text):
        hyphen = doc.char_span(m.start(), m.end())
        if hyphen is None or len(hyphen) != 1 or hyphen[0].i == 0 or hyphen[0].i + 1 >= len(doc):
            continue
        i = hyphen[0].i
        if doc[i - 1].whitespace_ or doc[i].whitespace_:
            continue
        if runs and runs[-1][1] == i - 1:
            runs[-1][1] = i + 1  # a chain such as state-of-the-art
        else:
            runs.append([i - 1, i + 1])
    if runs:
        lemmas = doc.has_annotation("LEMMA")
        with doc.retokenize() as retokenizer:
            for start, end in runs:
                span = doc[start : end + 1]
                attrs = {"LEMMA": "".join(t.lemma_ for t in span)} if lemmas else {}
                retokenizer.merge(span, attrs=attrs)
    return doc


def spacy_docs(
    corpus: object,
    *,
    level: Level = "tokens",
    model: str | Language | None = None,
    n_process: int = 1,
    batch_size: int = 32,
    cache: bool | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: bool | None = None,
) -> Iterator[Doc]:
    """Return an iterator of spaCy Docs, one per document in corpus order, processed to ``level``.

    A blank line always ends a sentence (spaCy's models would otherwise run a heading or a
    salutation into the next paragraph). Only the components that ``level`` needs run (see
    :mod:`toolkit.nlp`); words joined by hyphens are then merged into one token
    (:func:`merge_hyphenated`). A pipeline passed by name is keyed by its name and version;
    one passed as an object also by the serialised state of the components that run, so
    edited rules or weights never return stale Docs. Processed Docs are cached on disk as spaCy DocBin files keyed by the text, the pipeline's name and
    version, the spaCy version, the components and their configuration; a later call loads
    them instead of reprocessing. Each file is written atomically, so an interrupted run
    leaves a usable cache of everything finished before it stopped. Docs are streamed: memory
    stays bounded by ``batch_size`` and ``n_process``, whatever the corpus size.

    Parameters
    ----------
    corpus : Corpus, dict or list of str
        The statements: a :class:`toolkit.Corpus`, a dict ``{doc_id: text}`` or a list of texts.
    level : {"tokens", "sentences", "tags", "parse", "entities"}
    model : str, Language or None
        See :func:`load_pipeline` for the fallback order when None.
    n_process : int
        Worker processes for spaCy (``Language.pipe``); 1 processes in this process.
    batch_size : int
        Texts per batch sent to spaCy.
    cache : bool or None
        Read and write the disk cache. None (default) caches every level but ``"tokens"``,
        where reading a cached Doc is no faster than tokenizing again.
    cache_dir : path, optional
        The cache root; default ``$TOOLKIT_CACHE_DIR``, else the user's cache directory.
    progress : bool or None
        Show a progress bar (on stderr). None shows one on a terminal for runs expected to
        take more than about half a minute (a million characters to parse, fifty million to
        tokenize).

    Returns
    -------
    iterator of spacy.tokens.Doc

    Raises
    ------
    ValueError
        For an unknown level, a bad ``n_process`` or ``batch_size``, a text longer than the
        pipeline's ``max_length`` (named by doc_id), or a pipeline lacking what the level needs.

    Examples
    --------
    >>> import toolkit as tk
    >>> corpus = tk.Corpus.from_texts(["We condemn the attack. We call for restraint."])
    >>> [len(list(doc.sents)) for doc in tk.spacy_docs(corpus, level="sentences")]
    [2]
    """
    doc_ids, texts = texts_of(corpus, func="spacy_docs")
    check_choice(level, LEVELS, name="level", func="spacy_docs")
    check_int(n_process, name="n_process", func="spacy_docs", minimum=1)
    check_int(batch_size, name="batch_size", func="spacy_docs", minimum=1)
    p = resolve(model)
    components = components_for(p, level)
    disable = [n for n in p.nlp.pipe_names if n not in components]
    too_long = [d for d, t in zip(doc_ids, texts) if len(t) > p.nlp.max_length]
    if too_long:
        raise ValueError(
            f"Documents {describe_items(too_long)} are longer than the pipeline's max_length "
            f"({p.nlp.max_length} characters). Split them first (corpus.reshape('paragraphs')) "
            "or raise nlp.max_length if you have the memory."
        )
    use_cache = (level != "tokens") if cache is None else bool(cache)
    store = DocCache(cache_directory(cache_dir), p, components) if use_cache else None

    cached: list[Doc | None]
    keys: list[str]
    if store is None:
        keys, cached = [], [None] * len(texts)
    else:
        keys = [text_key(t) for t in texts]
        # Existence only here; the Docs themselves are read lazily to keep memory bounded.
        cached = [True if store.path(k).exists() else None for k in keys]  # type: ignore[misc]
    todo = [i for i, c in enumerate(cached) if c is None]
    chars = sum(len(texts[i]) for i in todo)
    threshold = _PROGRESS_CHARS["tokens" if level == "tokens" else "other"]
    show = progress if progress is not None else chars > threshold
    return _stream(p.nlp, texts, keys, cached, todo, store, disable, n_process, batch_size, show, progress is None)


def _stream(
    nlp: Language,
    texts: list[str],
    keys: list[str],
    cached: list[Doc | None],
    todo: list[int],
    store: DocCache | None,
    disable: list[str],
    n_process: int,
    batch_size: int,
    show: bool,
    auto: bool,
) -> Iterator[Doc]:
    pending: Iterable[Doc] = nlp.pipe(
        (_paragraph_breaks(nlp.make_doc(texts[i])) for i in todo),
        disable=disable,
        n_process=n_process,
        batch_size=batch_size,
    )
    fresh = iter(pending)
    bar = None
    if show:
        from tqdm import tqdm

        # disable=None: no bar when stderr is not a terminal (CI logs) unless asked for.
        bar = tqdm(total=len(texts), unit="doc", desc="spaCy", leave=False, disable=None if auto else False)
    try:
        for i, text in enumerate(texts):
            doc = None
            if cached[i] is not None and store is not None:
                doc = store.load(keys[i], text)
                if doc is None:  # vanished or damaged since the check: process it now
                    doc = merge_hyphenated(next(nlp.pipe([_paragraph_breaks(nlp.make_doc(text))], disable=disable)))
                    store.store(keys[i], doc)
            else:
                doc = merge_hyphenated(next(fresh))
                if store is not None:
                    store.store(keys[i], doc)
            if bar is not None:
                bar.update(1)
            yield doc
    finally:
        if bar is not None:
            bar.close()
