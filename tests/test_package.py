"""The public surface is explicit and importable."""

import newsdesk


def test_all_names_exist_and_nothing_public_is_missing():
    for name in newsdesk.__all__:
        assert hasattr(newsdesk, name), name
    public = {n for n in vars(newsdesk) if not n.startswith("_") and not isinstance(getattr(newsdesk, n), type(newsdesk))}
    assert public - {"__version__"} == set(newsdesk.__all__)
