"""Passage features for the direction classifier.

Blocks, combined by name with ``+`` (``"lemma+bigram+navec"``):

* ``lemma``  TF-IDF over content-word lemmas (pymorphy3; prepositions, conjunctions,
  particles, pronouns and numerals dropped);
* ``bigram`` TF-IDF over bigrams of content lemmas seen in at least two passages;
* ``char``   TF-IDF over character 3–5-grams inside the lower-cased words;
* ``navec``  the mean navec vector (news embeddings shipped in the natasha wheel) of the
  content lemmas, L2-normalised;
* ``vocab``  one column per direction of the taxonomy: how much of the passage is the
  direction's own vocabulary (lemmas of its name, description and includes), each lemma
  weighted by one over the number of directions that use it; so a word the training
  passages never had still counts when the taxonomy names it;
* ``nearvocab`` the same columns, where a lemma that is not in the taxonomy also counts when its
  navec vector is near one that is: ``(cosine - NEAR_COSINE) / (1 - NEAR_COSINE)`` of that lemma's
  weight (the nearest above ``NEAR_COSINE`` per direction), so "энергосбережение" counts for energy
  although only "энергоэффективность" is named.

Each block is L2-normalised on its own. With ``min_words`` set, a passage with fewer
content words than that has its row scaled by ``sqrt(words / min_words)``: after
L2 normalisation a three-word heading would otherwise weigh each of its words as much
as a long passage that is entirely about them, so single keywords in headings, table
rows and number-only lines fire labels. The scaling treats a short passage like one of
``min_words`` words whose other words are neutral. A linear model's score is a sum over features,
and every feature comes from words of the passage, so the score can be credited back to
lemmas (:meth:`PassageFeaturizer.attribute`).
Every block's fitted state is plain arrays (vocabulary as strings, idf as floats), so a
model can be saved without pickling any object.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from indpol.nlp.morph import Morph, load_morph
from indpol.nlp.ner import load_navec
from indpol.text.segment import sentence_spans
from indpol.text.tokens import WORD, fold

FEATURE_BLOCKS = ("lemma", "bigram", "char", "navec", "vocab", "nearvocab")
VOCAB_BLOCKS = ("vocab", "nearvocab")
SKIP_POS = frozenset({"PREP", "CONJ", "PRCL", "INTJ", "NPRO", "NUMR", "PRED"})
SKIP_GRAMMEMES = frozenset({"Apro"})  # pronominal adjectives: который, этот, свой, весь
STOP_LEMMAS = frozenset(["быть", "являться", "иметь", "мочь", "стать", "также", "данный", "год"])
NAVEC_DIM = 300
NEAR_COSINE = 0.5  # navec cosine under which a lemma is not near a taxonomy lemma (not tuned)
MIN_SEGMENT_CHARS = 30
CLAUSE_BREAK = re.compile(r";")  # finer cuts (", а также", ":") scored lower in cross-validation


@dataclass(frozen=True, slots=True)
class Analysis:
    """A passage reduced to what the features need: its words and their lemmas.

    ``words`` holds every word, lower case with ё as е; ``word_lemmas`` holds the
    lemma of each word, or ``""`` for function words (which no feature uses).
    """

    words: tuple[str, ...]
    word_lemmas: tuple[str, ...]

    @property
    def lemmas(self) -> tuple[str, ...]:
        return tuple(lemma for lemma in self.word_lemmas if lemma)

    @property
    def text(self) -> str:
        return " ".join(self.words)


def parse_feature_set(spec: str) -> tuple[str, ...]:
    """``"lemma+bigram"`` -> ``("lemma", "bigram")``; unknown or empty names raise ``ValueError``."""
    names = tuple(name.strip() for name in spec.split("+") if name.strip())
    unknown = [name for name in names if name not in FEATURE_BLOCKS]
    if not names or unknown:
        raise ValueError(f"feature set {spec!r}: use names from {', '.join(FEATURE_BLOCKS)} joined by '+'")
    if "bigram" in names and "lemma" not in names:
        raise ValueError(f"feature set {spec!r}: 'bigram' needs 'lemma'")
    return names


def content_lemma(word: str, morph: Morph) -> str:
    """The lemma of a content word (lower case, ё as е), ``""`` for function words."""
    parses = morph.parse(word)
    if not parses:
        return ""
    tag = parses[0].tag
    if tag.POS in SKIP_POS or SKIP_GRAMMEMES & tag.grammemes:
        return ""
    lemma = fold(parses[0].normal_form)
    return lemma if len(lemma) > 1 and lemma not in STOP_LEMMAS else ""


def split_segments(text: str, min_chars: int = MIN_SEGMENT_CHARS) -> list[str]:
    """Sentences of ``text``, list items cut at ``;``; empty when the text is one segment.

    Long passages mix topics (a programme's list of stages names many directions);
    scoring each segment as well lets one clause carry a label.
    """
    pieces = [
        part.strip() for start, end in sentence_spans(text) for part in CLAUSE_BREAK.split(text[start:end])
    ]
    pieces = [piece for piece in pieces if len(piece) >= min_chars]
    return pieces if len(pieces) > 1 else []


def analyse(texts: list[str], morph: Morph | None = None) -> list[Analysis]:
    """Tokenise and lemmatise each text once; the result feeds every feature block."""
    morph = morph or load_morph()
    analyses = []
    for text in texts:
        words = [match.group() for match in WORD.finditer(text)]
        analyses.append(
            Analysis(
                words=tuple(fold(word.lower()) for word in words),
                word_lemmas=tuple(content_lemma(word, morph) for word in words),
            )
        )
    return analyses


def navec_means(analyses: list[Analysis], navec: Any) -> np.ndarray:
    """Mean navec vector of each passage's known lemmas, L2-normalised (zeros when none is known)."""
    out = np.zeros((len(analyses), NAVEC_DIM), dtype=np.float32)
    for row, analysis in enumerate(analyses):
        vectors = [navec[lemma] for lemma in analysis.lemmas if lemma in navec]
        if vectors:
            mean = np.mean(vectors, axis=0)
            norm = float(np.linalg.norm(mean))
            out[row] = mean / norm if norm else mean
    return out


def taxonomy_vocabulary(morph: Morph | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Lemmas of the packaged taxonomy's directions and their weights, shape ``(lemmas, directions)``:
    ``1 / k`` for a lemma used by ``k`` directions (their name, description and includes)."""
    from indpol.classify.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    morph = morph or load_morph()
    lemma_sets = []
    for direction in taxonomy.directions:
        text = " ".join([direction.name, direction.description, *direction.includes])
        lemma_sets.append({lemma for lemma in analyse([text], morph)[0].lemmas})
    lemmas = sorted(set().union(*lemma_sets))
    weights = np.array([[1.0 if lemma in found else 0.0 for found in lemma_sets] for lemma in lemmas])
    weights /= weights.sum(axis=1, keepdims=True)
    return np.array(lemmas, dtype=str), weights


def vocabulary_scores(analyses: list[Analysis], lemma_weights: Any) -> np.ndarray:
    """Per passage and direction: the summed ``lemma_weights(lemma)`` (a row of direction weights, or
    ``None``) of its lemmas over the square root of its lemma count."""
    rows = []
    for analysis in analyses:
        found = [w for w in map(lemma_weights, analysis.lemmas) if w is not None]
        rows.append(np.sum(found, axis=0) / np.sqrt(len(analysis.lemmas)) if found else None)
    width = next((len(row) for row in rows if row is not None), 0)
    return np.array([np.zeros(width) if row is None else row for row in rows], dtype=np.float32).reshape(
        len(analyses), -1
    )


class NearVocabulary:
    """Direction weights of a lemma: its taxonomy weights, else (``near``) those of taxonomy lemmas whose
    navec vectors are within ``NEAR_COSINE``, scaled by ``(cosine - NEAR_COSINE) / (1 - NEAR_COSINE)``."""

    def __init__(self, lemmas: np.ndarray, weights: np.ndarray, near: bool):
        self.index = {str(lemma): i for i, lemma in enumerate(lemmas)}
        self.weights = weights
        self.near = near
        self._cache: dict[str, np.ndarray | None] = {}
        self._vectors: np.ndarray | None = None

    def __call__(self, lemma: str) -> np.ndarray | None:
        if lemma in self.index:
            return self.weights[self.index[lemma]]
        if not self.near:
            return None
        if lemma not in self._cache:
            self._cache[lemma] = self._nearest(lemma)
        return self._cache[lemma]

    def _nearest(self, lemma: str) -> np.ndarray | None:
        navec = load_navec()
        if lemma not in navec:
            return None
        if self._vectors is None:
            self._vectors = np.array(
                [_unit(navec[t]) if t in navec else np.zeros(NAVEC_DIM) for t in self.index], dtype=np.float64
            )
        closeness = np.clip((self._vectors @ _unit(navec[lemma]) - NEAR_COSINE) / (1 - NEAR_COSINE), 0, 1)
        row = (self.weights * closeness[:, None]).max(axis=0)
        return row if row.any() else None


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return np.asarray(vector, dtype=np.float64) / norm if norm else np.asarray(vector, dtype=np.float64)


def _word_vectorizer(
    ngram: int, vocabulary: dict[str, int] | None = None, min_df: int = 1
) -> TfidfVectorizer:
    return TfidfVectorizer(
        token_pattern=r"\S+",
        lowercase=False,
        ngram_range=(ngram, ngram),
        sublinear_tf=True,
        min_df=min_df if vocabulary is None else 1,
        vocabulary=vocabulary,
        dtype=np.float32,
    )


def _char_vectorizer(
    vocabulary: dict[str, int] | None = None, max_features: int | None = None
) -> TfidfVectorizer:
    return TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        sublinear_tf=True,
        min_df=2 if vocabulary is None else 1,
        max_features=max_features,
        vocabulary=vocabulary,
        dtype=np.float32,
    )


def _make_vectorizer(
    block: str,
    vocabulary: dict[str, int] | None = None,
    min_df: int = 1,
    max_char_features: int | None = None,
) -> TfidfVectorizer:
    if block == "char":
        return _char_vectorizer(vocabulary, max_char_features)
    # bigrams are much sparser than lemmas: keep only those seen in two passages
    return _word_vectorizer(
        2 if block == "bigram" else 1, vocabulary, max(min_df, 2) if block == "bigram" else min_df
    )


def _block_input(block: str, analyses: list[Analysis]) -> list[str]:
    return [a.text for a in analyses] if block == "char" else [" ".join(a.lemmas) for a in analyses]


class PassageFeaturizer:
    """Turns analysed passages into one sparse matrix: the chosen blocks side by side.

    Each TF-IDF block is L2-normalised on its own, and the word blocks (``lemma``, then
    ``bigram``) come first so that :meth:`word_terms` names the leading columns.
    ``get_state``/``from_state`` give and take plain arrays and numbers only.
    """

    def __init__(
        self,
        blocks: tuple[str, ...],
        *,
        min_df: int = 1,
        max_char_features: int = 40000,
        navec_weight: float = 1.0,
        min_words: int = 0,
    ):
        self.blocks = blocks
        self.min_df = min_df
        self.max_char_features = max_char_features
        self.navec_weight = navec_weight
        self.min_words = min_words
        self.vectorizers_: dict[str, TfidfVectorizer] = {}
        self.vocab_lemmas_: np.ndarray = np.array([], dtype=str)
        self.vocab_weights_: np.ndarray = np.zeros((0, 0))
        self._vocabularies: dict[str, NearVocabulary] = {}

    def _sparse_blocks(self) -> list[str]:
        return [block for block in ("lemma", "bigram", "char") if block in self.blocks]

    def fit(self, analyses: list[Analysis]) -> PassageFeaturizer:
        self.vectorizers_ = {}
        for block in self._sparse_blocks():
            vectorizer = _make_vectorizer(block, min_df=self.min_df, max_char_features=self.max_char_features)
            try:
                vectorizer.fit(_block_input(block, analyses))
            except ValueError:  # no term reaches min_df (tiny training sets)
                vectorizer = _make_vectorizer(block, max_char_features=self.max_char_features)
                vectorizer.fit([*_block_input(block, analyses), "_"])
            self.vectorizers_[block] = vectorizer
        self._vocabularies = {}
        if self._vocab_blocks():
            self.vocab_lemmas_, self.vocab_weights_ = taxonomy_vocabulary()
        return self

    def _vocab_blocks(self) -> list[str]:
        return [block for block in VOCAB_BLOCKS if block in self.blocks]

    def _vocabulary(self, block: str) -> NearVocabulary:
        """The lemma weighting of a vocabulary block, built on first use (not saved: it derives from state)."""
        if block not in self._vocabularies:
            self._vocabularies[block] = NearVocabulary(
                self.vocab_lemmas_, self.vocab_weights_, near=block == "nearvocab"
            )
        return self._vocabularies[block]

    def transform(self, analyses: list[Analysis]) -> sparse.csr_matrix:
        parts = [
            vectorizer.transform(_block_input(block, analyses))
            for block, vectorizer in self.vectorizers_.items()
        ]
        if "navec" in self.blocks:
            parts.append(sparse.csr_matrix(self.navec_weight * navec_means(analyses, load_navec())))
        for block in self._vocab_blocks():
            parts.append(sparse.csr_matrix(vocabulary_scores(analyses, self._vocabulary(block))))
        matrix = sparse.hstack(parts, format="csr", dtype=np.float32)
        if self.min_words > 0:
            matrix = sparse.diags(short_passage_scale(analyses, self.min_words)) @ matrix
        return sparse.csr_matrix(matrix, dtype=np.float32)

    def word_terms(self) -> np.ndarray:
        """Names of the lemma and bigram features, which are the first columns of the matrix."""
        names = [
            self.vectorizers_[block].get_feature_names_out().astype(str)
            for block in ("lemma", "bigram")
            if block in self.vectorizers_
        ]
        return np.concatenate(names) if names else np.array([], dtype=str)

    def attribute(
        self, analyses: list[Analysis], coef: np.ndarray, matrix: sparse.csr_matrix | None = None
    ) -> list[dict[str, np.ndarray]]:
        """Split each passage's linear scores ``matrix @ coef.T`` into per-term parts.

        Lemma and bigram features belong to their own term; a character n-gram's part is
        shared among the content words that contain it (by occurrences); the navec part
        goes to each known lemma through its own vector. Function words' shares are left
        out, so the parts add up to at most the full score. ``matrix`` is
        ``transform(analyses)`` when already computed.
        """
        matrix = self.transform(analyses) if matrix is None else matrix
        names = {
            block: v.get_feature_names_out() for block, v in self.vectorizers_.items() if block != "char"
        }
        word_columns: dict[str, list[int]] = {}  # char n-gram columns of each word, shared by all rows
        results = []
        for row, analysis in enumerate(analyses):
            parts: dict[str, np.ndarray] = {}
            column = 0
            for block, vectorizer in self.vectorizers_.items():
                size = len(vectorizer.idf_)
                segment = matrix[row, column : column + size]
                weights = coef[:, column : column + size]
                if block == "char":
                    _attribute_chars(analysis, vectorizer, word_columns, segment, weights, parts)
                else:
                    for j, value in zip(segment.indices, segment.data, strict=True):
                        _add(parts, str(names[block][j]), value * weights[:, j])
                column += size
            if "navec" in self.blocks:
                _attribute_navec(analysis, self.navec_weight * coef[:, column : column + NAVEC_DIM], parts)
                column += NAVEC_DIM
            for block in self._vocab_blocks():
                width = self.vocab_weights_.shape[1]
                self._attribute_vocab(
                    block,
                    analysis,
                    matrix[row, column : column + width],
                    coef[:, column : column + width],
                    parts,
                )
                column += width
            results.append(parts)
        return results

    def _attribute_vocab(
        self,
        block: str,
        analysis: Analysis,
        scaled: sparse.csr_matrix,
        weights: np.ndarray,
        parts: dict[str, np.ndarray],
    ) -> None:
        """Each lemma that weighs in a vocabulary block gets its share of the block's columns
        (``scaled`` is the row's part of the matrix, so the parts add up to the block's score)."""
        if not analysis.lemmas:
            return
        vocabulary = self._vocabulary(block)
        raw = vocabulary_scores([analysis], vocabulary)[0]
        factor = float(scaled.sum() / raw.sum()) if raw.sum() else 0.0
        for lemma in analysis.lemmas:
            lemma_weights = vocabulary(lemma)
            if lemma_weights is not None:
                _add(parts, lemma, weights @ (lemma_weights * factor / np.sqrt(len(analysis.lemmas))))

    def get_state(self) -> dict[str, Any]:
        state: dict[str, Any] = {
            "blocks": list(self.blocks),
            "min_df": self.min_df,
            "max_char_features": self.max_char_features,
            "navec_weight": self.navec_weight,
            "min_words": self.min_words,
        }
        for block, vectorizer in self.vectorizers_.items():
            state[f"{block}_vocabulary"] = vectorizer.get_feature_names_out().astype(str)
            state[f"{block}_idf"] = vectorizer.idf_.astype(np.float64)
        if self._vocab_blocks():
            state["vocab_lemmas"] = self.vocab_lemmas_.astype(str)
            state["vocab_weights"] = self.vocab_weights_.astype(np.float64)
        return state

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> PassageFeaturizer:
        featurizer = cls(
            tuple(state["blocks"]),
            min_df=int(state["min_df"]),
            max_char_features=int(state["max_char_features"]),
            navec_weight=float(state["navec_weight"]),
            min_words=int(state.get("min_words", 0)),  # absent in models saved before it existed
        )
        for block in featurizer._sparse_blocks():
            vocabulary = {str(term): i for i, term in enumerate(state[f"{block}_vocabulary"])}
            vectorizer = _make_vectorizer(block, vocabulary)
            vectorizer.idf_ = np.asarray(state[f"{block}_idf"])
            featurizer.vectorizers_[block] = vectorizer
        if featurizer._vocab_blocks():
            featurizer.vocab_lemmas_ = np.asarray(state["vocab_lemmas"]).astype(str)
            featurizer.vocab_weights_ = np.asarray(state["vocab_weights"], dtype=np.float64)
        return featurizer


def short_passage_scale(analyses: list[Analysis], min_words: int) -> np.ndarray:
    """Row factors ``sqrt(min(1, content words / min_words))``: 1 for passages of ``min_words`` or more.

    A passage without content words (numbers only) gets 0, so only the intercept scores it.
    """
    counts = np.array([len(a.lemmas) for a in analyses], dtype=np.float64)
    return np.sqrt(np.minimum(1.0, counts / min_words)).astype(np.float32)


def _add(parts: dict[str, np.ndarray], term: str, values: np.ndarray) -> None:
    parts[term] = parts[term] + values if term in parts else np.asarray(values, dtype=np.float64)


def _attribute_chars(
    analysis: Analysis,
    vectorizer: TfidfVectorizer,
    word_columns: dict[str, list[int]],
    segment: sparse.csr_matrix,
    weights: np.ndarray,
    parts: dict[str, np.ndarray],
) -> None:
    value = dict(zip(segment.indices.tolist(), segment.data.tolist(), strict=True))
    for word in analysis.words:
        if word not in word_columns:
            grams = vectorizer.build_analyzer()(word)
            word_columns[word] = [vectorizer.vocabulary_[g] for g in grams if g in vectorizer.vocabulary_]
    per_word = [word_columns[word] for word in analysis.words]
    totals: dict[int, int] = {}
    for columns in per_word:
        for j in columns:
            totals[j] = totals.get(j, 0) + 1
    for lemma, columns in zip(analysis.word_lemmas, per_word, strict=True):
        if lemma and columns:
            shares = np.array([value.get(j, 0.0) / totals[j] for j in columns])
            _add(parts, lemma, weights[:, columns] @ shares)


def _attribute_navec(analysis: Analysis, weights: np.ndarray, parts: dict[str, np.ndarray]) -> None:
    navec = load_navec()
    known = [lemma for lemma in analysis.lemmas if lemma in navec]
    if not known:
        return
    vectors = np.array([navec[lemma] for lemma in known], dtype=np.float64)
    norm = float(np.linalg.norm(vectors.mean(axis=0))) or 1.0
    for lemma, vector in zip(known, vectors, strict=True):
        _add(parts, lemma, weights @ vector / (len(known) * norm))
