"""dedupe.py: MinHash LSH finds syndicated copies, not merely related articles."""

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
