"""dedupe.py: MinHash LSH finds syndicated copies, not merely related articles."""

from pathlib import Path

from newsdesk.dedupe import NearDuplicateIndex, shingles

WIRE = (
    "Ferry crews on the island route will strike for two days next week, halting all crossings between "
    "the harbour and Skerry Island, their union said on Tuesday after talks over staffing levels broke down. "
    "\"We have asked for two extra crew members on every sailing since last autumn, and the company has not "
    "moved,\" said Lena Okafor, the union's regional secretary. The operator said it was disappointed by the "
    "decision and that current crewing met every legal requirement. About 2,300 people live on Skerry Island, "
    "and the ferry carries roughly 900 passengers on a typical weekday. Further talks are scheduled for Friday."
)

RELATED = (
    "Islanders on Skerry say a two-day ferry stoppage next week will leave shops short of fresh food and "
    "force patients to rebook hospital appointments on the mainland. The water-taxi promised by the operator "
    "can carry twelve people at a time, and residents fear long queues at the jetty. Lena Okafor of the crew "
    "union told a meeting in the village hall that members regretted the disruption but saw no other way to "
    "press their case about staffing. The operator's managing director declined to attend the meeting."
)


def test_syndicated_copy_with_edits_is_found():
    index = NearDuplicateIndex()
    index.add(1, WIRE)
    copy = "ISLAND FERRY STRIKE\n" + WIRE.replace("on Tuesday", "on Tuesday,") + " Reporting by staff; editing by desk."
    found = index.find(copy)
    assert found is not None and found[0] == 1 and found[1] >= 0.8


def test_related_article_on_same_event_is_not_a_duplicate():
    index = NearDuplicateIndex()
    index.add(1, WIRE)
    assert index.find(RELATED) is None


def test_short_texts_are_never_duplicates():
    index = NearDuplicateIndex()
    index.add(1, "Markets closed higher on Friday.")
    assert len(index) == 0
    assert index.find("Markets closed higher on Friday.") is None


def test_best_match_wins_and_keys_are_unique():
    index = NearDuplicateIndex()
    index.add("a", WIRE)
    index.add("a", RELATED)  # ignored: key already indexed
    index.add("b", RELATED)
    assert len(index) == 2 and "a" in index
    assert index.find(WIRE)[0] == "a"
    assert index.find(RELATED)[0] == "b"


def test_shingles_are_word_trigrams():
    assert shingles("One two three four") == {"one two three", "two three four"}
    assert shingles("Hi") == {"hi"} and shingles("") == set()


def _edited(text: str, rng, share: float) -> str:
    words = text.split()
    for _ in range(max(1, int(len(words) * share))):
        words[rng.randrange(len(words))] = rng.choice(["Reuters", "said", "on", "Tuesday", "officials"])
    return " ".join(words)


def test_near_duplicates_well_above_the_threshold_are_not_missed():
    """Copies at Jaccard 0.83-0.92 are found: LSH banding tuned for recall."""
    import json
    import random


    demo = Path(__file__).parents[1] / "src" / "newsdesk" / "demo" / "articles.jsonl"
    texts = [json.loads(line)["text"] for line in demo.read_text().splitlines() if line.strip()]
    texts = [t for t in texts if len(t.split()) >= 150]
    rng = random.Random(5)
    tried = found = 0
    for n, text in enumerate(texts):
        for share in (0.02, 0.025, 0.03, 0.035):
            copy = _edited(text, rng, share)
            a, b = shingles(text), shingles(copy)
            if not 0.83 <= len(a & b) / len(a | b) <= 0.92:
                continue
            index = NearDuplicateIndex()
            index.add(n, text)
            tried += 1
            found += index.find(copy) is not None
    assert tried >= 60
    assert found >= 0.93 * tried, (found, tried)  # 96% here; datasketch's default banding found 72%


def test_shingle_hashes_are_one_per_trigram_and_depend_on_word_order():
    from newsdesk.dedupe import shingle_hashes

    words = "the cat sat on the cat sat".split()
    hashes = shingle_hashes(words).tolist()
    assert len(hashes) == len(words) - 2
    assert hashes[0] == hashes[4]  # "the cat sat" twice: one value, wherever it stands
    assert len(set(hashes)) == 4
    assert shingle_hashes("sat cat the".split())[0] != hashes[0]  # a trigram, not a bag of words
    assert len(shingle_hashes(["hi"])) == 1 and len(shingle_hashes([])) == 0


def test_minhash_estimates_the_shingle_jaccard_closely():
    """Mean |estimate - true Jaccard| over edited demo articles (measured 0.029 with the numpy hashing)."""
    import json
    import random

    from newsdesk.dedupe import text_minhash

    demo = Path(__file__).parents[1] / "src" / "newsdesk" / "demo" / "articles.jsonl"
    texts = [json.loads(line)["text"] for line in demo.read_text().splitlines() if line.strip()]
    rng = random.Random(7)
    errors = []
    for text in texts:
        for share in (0.02, 0.05, 0.1, 0.2):
            copy = _edited(text, rng, share)
            a, b = shingles(text), shingles(copy)
            errors.append(abs(text_minhash(text).jaccard(text_minhash(copy)) - len(a & b) / len(a | b)))
    assert len(errors) >= 150
    assert sum(errors) / len(errors) < 0.04, sum(errors) / len(errors)


def test_lsh_bands_are_chosen_once_for_recall():
    from newsdesk.dedupe import _lsh_params

    first, second = NearDuplicateIndex(), NearDuplicateIndex()
    assert (first._lsh.b, first._lsh.r) == (second._lsh.b, second._lsh.r) == (16, 8)
    assert _lsh_params.cache_info().hits >= 1
