"""The disk cache of processed Docs: one folder per pipeline key, one DocBin file per text."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

from toolkit._util.files import write_atomic
from toolkit.nlp.pipeline import Pipeline

# Bump when the cached representation changes, so old caches are ignored rather than misread.
CACHE_FORMAT = 1
CACHE_FOLDER = "spacy-docs"  # under the cache root; one sub-folder per pipeline key
MANIFEST = "pipeline.json"  # marks a folder as the toolkit's (clear_cache deletes only those)
# Applied to every processed Doc (part of the cache key; bump when it changes).
POSTPROCESS = "paragraph-breaks-1+merge-hyphenated-words-1"


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
    root = cache_directory(cache_dir) / CACHE_FOLDER
    removed = 0
    if not root.is_dir():
        return 0
    for manifest in root.glob(f"*/{MANIFEST}"):
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


def pipeline_key(p: Pipeline, components: list[str]) -> tuple[str, dict[str, object]]:
    """Return a digest of everything that changes the Docs besides the text, and its parts."""
    nlp = p.nlp
    configs = {c: nlp.config["components"].get(c, {}) for c in components}
    parts: dict[str, object] = {
        "format": CACHE_FORMAT,
        "spacy": spacy.__version__,
        "model": p.name,
        "model_version": p.version,
        "components": components,
        "postprocess": POSTPROCESS,
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


def text_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class DocCache:
    """One folder per pipeline key; one DocBin file per text, named by the text's SHA-256."""

    def __init__(self, root: Path, p: Pipeline, components: list[str]) -> None:
        key, parts = pipeline_key(p, components)
        self.dir = root / CACHE_FOLDER / key
        self.vocab = p.nlp.vocab
        manifest = self.dir / MANIFEST
        if not manifest.exists():
            write_atomic(manifest, json.dumps(parts, indent=2, sort_keys=True).encode())

    def path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.spacy"

    def load(self, key: str, text: str) -> Doc | None:
        """Return the cached Doc, or None if absent or unreadable (it is then recomputed)."""
        try:
            data = self.path(key).read_bytes()
        except FileNotFoundError:
            return None
        try:
            doc = next(iter(DocBin().from_bytes(data).get_docs(self.vocab)))
        except Exception:  # a damaged file is a cache miss, never a wrong result
            return None
        return doc if doc.text == text else None

    def store(self, key: str, doc: Doc) -> None:
        write_atomic(self.path(key), DocBin(docs=[doc], store_user_data=False).to_bytes())
