from framelens.text.plurals import counted


def test_one_is_singular_and_others_plural() -> None:
    assert counted(1, "article") == "1 article"
    assert counted(0, "article") == "0 articles"
    assert counted(2, "row") == "2 rows"


def test_irregular_nouns() -> None:
    assert counted(1, "story") == "1 story"
    assert counted(3, "story") == "3 stories"
    assert counted(2, "near-duplicate copy") == "2 near-duplicate copies"
