"""Near-duplicate articles (syndicated wire copy) with datasketch MinHash LSH.

Two outlets running the same agency story with a different headline, a changed
first line or a trailing "Reporting by ..." are one report, not two sources that
agree. :class:`NearDuplicateIndex` finds, for a new text, an already-indexed text
whose word-shingle Jaccard similarity is at least ``threshold``; ingest then links
the new article to the earlier one (``duplicate_of``) instead of letting it count
as another story member.
"""

from __future__ import annotations

import functools
import logging
import re
import zlib
from collections.abc import Hashable, Iterable

import numpy as np
from datasketch import MinHash, MinHashLSH

log = logging.getLogger(__name__)

__all__ = ["NearDuplicateIndex", "shingles", "shingle_hashes", "text_minhash", "DEFAULT_THRESHOLD", "NUM_PERM"]

DEFAULT_THRESHOLD = 0.8
"""Shingle Jaccard similarity from which two texts are the same report."""

NUM_PERM = 128
SHINGLE_WORDS = 3
MIN_WORDS = 25
"""Texts shorter than this are never called duplicates: too little evidence."""

LSH_WEIGHTS = (0.05, 0.95)
"""datasketch's weights of false-positive vs false-negative candidates when it picks the bands."""

_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """Lower-cased word n-grams of ``text``."""
    return _shingles(_words(text), size)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _shingles(words: list[str], size: int) -> set[str]:
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(gram) for gram in zip(*(words[i:] for i in range(size)))}


# datasketch draws its permutations anew for every MinHash; they depend only on the seed
_TEMPLATE = MinHash(num_perm=NUM_PERM)


def text_minhash(text: str, num_perm: int = NUM_PERM) -> MinHash:
    """MinHash signature of the text's word shingles (see :func:`shingle_hashes`)."""
    return _minhash(_words(text), num_perm)


def _minhash(words: list[str], num_perm: int) -> MinHash:
    mh = MinHash(num_perm=num_perm, scheme=_TEMPLATE.scheme,
                 permutations=_TEMPLATE.permutations if num_perm == NUM_PERM else None)
    hashes = shingle_hashes(words)
    if len(hashes):
        # the "affine32" permutations of MinHash.update_batch (a * h + b, wrapping in uint32), on
        # hashes already mixed: update_batch would call a Python hash function per shingle first
        a, b = mh.permutations
        mh.hashvalues = np.minimum(mh.hashvalues, (hashes[:, None] * a + b).min(axis=0))
    return mh


_MIX_SEED = np.uint32(0x9E3779B9)


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, element-wise (multiplication wraps: that is the point)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def shingle_hashes(words: list[str]) -> np.ndarray:
    """32-bit hashes of the word trigrams of ``words`` (one per position; repeats change no MinHash).

    Each word is hashed once (CRC-32, one C call) and the three hashes of a trigram are chained
    through MurmurHash3's finaliser in numpy, instead of joining, encoding and hashing every
    trigram string in Python: a quarter of a signature's cost. Signatures live only in memory
    (the index is rebuilt from stored texts), so nothing stored depends on the hash.
    """
    if len(words) < SHINGLE_WORDS:  # a short text is one shingle, as in :func:`shingles`
        return np.array([zlib.crc32(" ".join(words).encode("utf-8"))] if words else [], dtype=np.uint32)
    w = np.fromiter(map(zlib.crc32, map(str.encode, words)), dtype=np.uint32, count=len(words))
    h = _fmix32(w[:-2] ^ _MIX_SEED) ^ w[1:-1]
    return _fmix32(_fmix32(h) ^ w[2:])


@functools.lru_cache(maxsize=8)
def _lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """datasketch's bands and rows for our weights: it integrates to find them, 60 ms per index."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=LSH_WEIGHTS)
    return lsh.b, lsh.r


class NearDuplicateIndex:
    """An LSH index of article texts answering "has this text (nearly) been seen?"."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, num_perm: int = NUM_PERM) -> None:
        self.threshold = threshold
        self.num_perm = num_perm
        # datasketch's default bands weigh missed and false candidates alike: 9 bands of 13 rows
        # miss 31% of pairs at Jaccard 0.85 and 7% at 0.9. Candidates are checked against the
        # threshold below anyway, so misses are what count: 16 bands of 8 rows miss 0.6% / 0.01%.
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, params=_lsh_params(threshold, num_perm))
        self._hashes: dict[Hashable, MinHash] = {}
        # The signature of the text last looked up: ingest asks find() and then add() for the
        # same new text, and MinHash is most of the cost of both.
        self._last: tuple[str, MinHash | None] | None = None

    def __len__(self) -> int:
        return len(self._hashes)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._hashes

    def add(self, key: Hashable, text: str) -> None:
        """Index ``text`` under ``key`` (ignored if the key is already there or the text is short)."""
        if key in self._hashes or (mh := self._signature(text)) is None:
            return
        self._lsh.insert(key, mh)
        self._hashes[key] = mh

    def _signature(self, text: str) -> MinHash | None:
        """The text's MinHash; None for a text under :data:`MIN_WORDS` words."""
        if self._last is None or self._last[0] != text:
            words = _words(text)
            self._last = (text, _minhash(words, self.num_perm) if len(words) >= MIN_WORDS else None)
        return self._last[1]

    def add_many(self, items: Iterable[tuple[Hashable, str]]) -> None:
        for key, text in items:
            self.add(key, text)

    def find(self, text: str) -> tuple[Hashable, float] | None:
        """The most similar indexed key at or above the threshold, with its estimated similarity."""
        if (mh := self._signature(text)) is None:
            return None
        best: tuple[Hashable, float] | None = None
        for key in self._lsh.query(mh):
            # LSH candidates include some below the threshold; check the estimate.
            score = mh.jaccard(self._hashes[key])
            if score >= self.threshold and (best is None or score > best[1] or
                                            (score == best[1] and str(key) < str(best[0]))):
                best = (key, score)
        return best
