"""The plain-text chrome cleaner on hand-written pages (tests/fixtures/text/) and single cases."""

from __future__ import annotations

from pathlib import Path

import pytest

import framelens
from framelens.config import Settings
from framelens.models import Article, Link
from framelens.readers.clean import Cleaned, clean_batch, split_blocks
from framelens.readers.draft import Draft
from framelens.readers.text import draft_from_text

SETTINGS = Settings(detect_language=False)

# Prose around a case: the case is judged where chrome usually stands (head or tail)
# and where article text stands (between paragraphs).
LEAD = "Dockers at Port Marren walked off the job on Tuesday after talks over automated cranes broke down."
MIDDLE = "The union said the port authority had refused to guarantee jobs for the crane operators."
END = "Port officials said the strike would cost the region 3 million crowns a day."


def clean(text: str, **draft: object) -> Cleaned:
    base = draft_from_text(text, "<test>")
    for name, value in draft.items():
        setattr(base, name, value)
    return clean_batch([base], SETTINGS)[0]


def read_fixture(fixtures: Path, name: str) -> Article:
    [article] = list(framelens.read([str(fixtures / "text" / name)], SETTINGS))
    assert isinstance(article, Article), article
    return article


def reasons(article: Article) -> list[tuple[str, str]]:
    return [(r.reason, r.text) for r in article.removed]


# --- whole pages ---------------------------------------------------------------------


def test_forum_thread(fixtures: Path) -> None:
    article = read_fixture(fixtures, "forum_thread.txt")
    assert article.paragraph_texts == [
        "Dockers at Port Marren walked off the job on Tuesday after talks over automated cranes broke "
        "down, leaving more than 40 ships waiting offshore.",
        "The union said the port authority had refused to guarantee jobs for the 1,200 crane operators "
        "whose work the new machines would take over.",
        '"We were told the robots would help us, not replace us," said Iva Renn, a crane operator '
        "for 19 years.",
        "Short shifts begin Monday.",
        "Port officials said the strike would cost the region 3 million crowns a day.",
        '"Nobody wins a long strike," the harbour master said.',
    ]
    assert reasons(article) == [
        ("forum-chrome", "Skip to main content"),
        ("navigation", "Harbourside Talk"),
        ("navigation", "Home  Topics  Members  Search"),
        ("title", "Marren dockers walk out as crane talks collapse"),
        ("username", "quietgull"),
        ("forum-chrome", "Popular Topics"),
        ("forum-chrome", "Permalink to this post"),
        ("forum-chrome", "Share to other networks"),
        ("comment-prompt", "Join the discussion"),
        (
            "forum-chrome",
            "You can reply now and sign in later. If you already have an account, log in to post with it.",
        ),
        ("forum-chrome", "Respond to this thread..."),
        ("editor-notice", "✕   Your draft has been restored.   Clear editor"),
        ("editor-notice", "Only 30 emoji are allowed per post."),
        ("editor-notice", "✕   You cannot paste pictures here. Upload images from URL instead."),
        ("forum-chrome", "• Start New Topic..."),
    ]
    assert article.title == "Marren dockers walk out as crane talks collapse"
    assert article.authors == ()


def test_wire_story(fixtures: Path) -> None:
    article = read_fixture(fixtures, "wire_story.txt")
    assert article.paragraph_texts == [
        "PORT MARREN (Tessaly Press Agency) — The strike at Port Marren entered its second week on "
        "Monday, with no new talks scheduled between the dockers' union and the port authority.",
        "By the time the first ferries arrived at dawn, pickets had blocked both gates of the container "
        "terminal.",
        "Share prices of Marren Logistics fell 6 percent in early trading.",
        'A spokesman for the port authority said it would share its crane plans with the union "at the '
        'right moment". Comment was not immediately available from the union.',
        '"We are not going anywhere," said union leader Bo Hadley.',
    ]
    assert [r.reason for r in article.removed] == ["title", "byline", "dateline", "byline"]
    assert article.title == "Marren port strike enters second week"
    assert article.authors == ("Mara Quill", "Dev Osei")
    assert article.published == "2031-03-10"
    assert article.outlet == "Tessaly Press Agency"


def test_markdown_column(fixtures: Path) -> None:
    article = read_fixture(fixtures, "ledger_column.md")
    assert article.paragraph_texts == [
        "The dockers of Port Marren are striking over cranes, but the real dispute is about who shares "
        "in the savings.",
        "The port authority's own feasibility study estimates the new cranes will save 40 million "
        "crowns a year.",
        "Who gains",
        "None of that money is earmarked for the 1,200 operators whose jobs disappear.",
        "Automation is not the enemy. Secrecy is.",
        "Nadia Ferro is a labour economist at the Institute of Coastal Studies (ICS). She writes a "
        "monthly column for The Harbour Ledger.",
    ]
    assert [(r.reason, r.detail) for r in article.removed] == [
        ("title", "heading"),
        ("byline", "by-line"),
        ("dateline", "date-line"),
        ("navigation", "label-line"),
        ("navigation", "label-line"),
        ("navigation", "label-line"),
        ("separator", "no-words"),
        ("share-prompt", "call-to-action"),
        ("comment-prompt", "call-to-action"),
        ("call-to-action", "call-to-action"),
        ("navigation", "author-page-link"),
        ("disclaimer", "disclaimer-label"),
        ("copyright", "legal-vocabulary"),
        ("contact", "contact-line"),
    ]
    assert article.title == "Who Pays for the Robot Cranes?"
    assert article.authors == ("Nadia Ferro",)
    assert article.published == "2031-03-11"
    assert article.outlet == "The Harbour Ledger"


def test_news_site_page(fixtures: Path) -> None:
    article = read_fixture(fixtures, "tide_news.txt")
    assert article.paragraph_texts == [
        "Dockers at two more ports joined the strike on Thursday, defying a court order to return to work.",
        '"We will stay out until the cranes are gone," said one picket.',
        "Tensions rose after police cleared the gates of Port Marren overnight.",
        "The port authority has asked the government to send in the army.",
    ]
    assert [(r.reason, r.detail) for r in article.removed] == [
        ("navigation", "menu-row"),
        ("title", "first-line"),
        ("call-to-action", "call-to-action"),
        ("navigation", "list-header"),
        ("byline", "by-line"),
        ("dateline", "date-line"),
        ("navigation", "list-header"),
        ("navigation", "label-line"),
        ("navigation", "menu-column"),
        ("navigation", "menu-column"),
        ("navigation", "menu-column"),
        ("newsletter", "call-to-action"),
        ("comment-prompt", "call-to-action"),
        ("copyright", "copyright-mark"),
    ]
    assert article.title == "Dockers defy court order as Marren strike spreads"
    assert article.authors == ("Ana Lusk",)
    assert article.published == "2031-03-12"


def test_bio_line_first_is_kept_and_names_the_author(fixtures: Path) -> None:
    article = read_fixture(fixtures, "bio_first.txt")
    text = (fixtures / "text" / "bio_first.txt").read_text("utf-8")
    assert article.paragraph_texts == split_blocks(text)
    assert article.removed == ()
    assert article.authors == ("Odile Brandt",)
    assert article.title is None


# --- chrome families -----------------------------------------------------------------

CHROME_AT_END = [
    ("Permalink to this comment", "forum-chrome"),
    ("Reply to this discussion...", "forum-chrome"),
    ("Quote", "forum-chrome"),
    ("Edited by harbourmaster", "forum-chrome"),
    ("You must sign in to reply to this thread. Register if you have no account.", "forum-chrome"),
    ("Sign up for our morning newsletter and never miss a story.", "newsletter"),
    # a real wire story's tail: "Please" had become a person, portrayed positive
    (
        "Support our journalism Please consider subscribing today to support stories like this one.",
        "call-to-action",
    ),
    ("Subscribe now", "newsletter"),
    ("Share this story on Facebook and Telegram.", "share-prompt"),
    ("Please forward this article to your mailing list.", "share-prompt"),
    ("Leave a comment below", "comment-prompt"),
    ("Click here to read the full report", "call-to-action"),
    ("Become a member of the Harbour Ledger", "call-to-action"),
    ("Disclaimer: The views in this piece belong to the author alone.", "disclaimer"),
    ("© 2031 Harbour Ledger Media", "copyright"),
    ("Copyright 2031 Harbour Ledger. All rights reserved.", "copyright"),
    (
        "This site is not responsible for the accuracy of reader posts; the views expressed are those "
        "of their authors.",
        "disclaimer",
    ),
    ("Tags: Ports, Labour, Strikes", "navigation"),
    ("Filed under: Tessaly", "navigation"),
    ("Posts by: Nadia Ferro", "navigation"),
    ("Home | World | Business | Sport", "navigation"),
    ("Contact: tips@ledger.example", "contact"),
    ("https://ledger.example/marren-strike", "contact"),
    ("* * *", "separator"),
    ("✕ Pasted content was trimmed. Undo", "editor-notice"),
    ("Only 20 emoji allowed", "editor-notice"),
    ("By Nadia Ferro", "byline"),
    ("Published: March 11, 2031", "dateline"),
    ("Back to top", "forum-chrome"),
    ("Load more", "navigation"),
    # the outlet on its own earlier text, not the story's claims ("Harry Reid was from Arizona")
    ("Correction: An earlier version of this article misstated the number of ships.", "correction"),
    (
        "Because of an editing error, an earlier version of this post said that Mayor Ilse Varn was from "
        "Tessaly. She is from Halden.",
        "correction",
    ),
    ("This story has been corrected to show that the strike began on Monday.", "correction"),
    # a shop's product box beside an opinion column
    (
        "The Harbour Wars: A... Nadia Ferro Best Price: $6.20 Buy New $9.00 (as of 12:40 EDT - Details)",
        "advertisement",
    ),
    # a book widget's box that links to the price ("Jacob Hornberger Check Amazon" had been a person)
    ("The Harbour Autopsy Nadia Ferro Check Amazon for Pricing.", "advertisement"),
]


@pytest.mark.parametrize(("line", "reason"), CHROME_AT_END)
def test_chrome_after_the_article_is_removed(line: str, reason: str) -> None:
    result = clean(f"{LEAD}\n\n{MIDDLE}\n\n{END}\n\n{line}")
    assert result.blocks == [LEAD, MIDDLE, END]
    assert [(r.reason, r.text) for r in result.removed] == [(reason, line)]


CHROME_AT_START = [
    ("Skip to navigation", "forum-chrome"),
    ("Region: Coastal Tessaly", "navigation"),
    ("Theme: Labour, Trade Unions, Automation", "navigation"),
    ("By Mara Quill, Reuters", "byline"),
    ("The Harbour Ledger, March 11, 2031", "dateline"),
    ("Wednesday, 11 March 2031", "dateline"),
    ("Most Read Stories", "navigation"),
]


@pytest.mark.parametrize(("line", "reason"), CHROME_AT_START)
def test_chrome_before_the_article_is_removed(line: str, reason: str) -> None:
    result = clean(f"{line}\n\n{LEAD}\n\n{MIDDLE}\n\n{END}")
    assert result.blocks == [LEAD, MIDDLE, END]
    assert [(r.reason, r.text) for r in result.removed] == [(reason, line)]


KEPT = [
    '"That is a perfect storm for the port," he said.',
    "“Nobody wins,” she said.",
    "Talks resume Friday.",
    "He declined to comment.",
    "Share prices of Marren Logistics fell 6 percent.",
    "Workers were asked to share their shift records with the inspectors.",
    "The union says the crane software's copyright belongs to the port, not the vendor.",
    "By the time troops arrived, the square was empty.",
    "By Monday, the pickets had doubled.",
    "Comment was not immediately available from the union.",
    "Follow-up talks are due on Friday, according to the mediator.",
    "Update: The ministry later revised the figure to 12 ships.",
    '"Subscribe to our newsletter, they tell us, as if that pays the rent," said Iva Renn.',
    "Members of the union voted 412 to 9 to continue the strike.",
    "The newspaper's editor said the photos had been uploaded by a reader.",
    "Only 40 ships are allowed to dock each day; the rest wait offshore.",
    "Bo Hadley is a crane operator who has led the union since 2028.",
    "An earlier version of the harbour plan was rejected by the council in 2029.",
    "The correction of the port's accounts took the auditors two years.",
    "The broker's best price: $40 a tonne, and buyers still walked away.",
]

# Subheadings: fragments are kept inside the body (after the last sentence they are chrome).
KEPT_IN_BODY = [
    "The Harbour Authority: A History",
    "Register of ships, 2031",
    "What Comes Next",
    "Members",
]


@pytest.mark.parametrize("paragraph", KEPT)
@pytest.mark.parametrize("where", ["middle", "end"])
def test_article_text_is_kept(paragraph: str, where: str) -> None:
    parts = [LEAD, MIDDLE, paragraph, END] if where == "middle" else [LEAD, MIDDLE, END, paragraph]
    result = clean("\n\n".join(parts))
    assert result.blocks == parts
    assert result.removed == []


def test_a_product_box_inside_the_body_is_removed() -> None:
    box = (
        "Churchill and the Port... Nadia Ferro Jr. Best Price: $3.13 Buy New $6.00 "
        "(as of 08:50 EDT - Details)"
    )
    result = clean(f"{LEAD}\n\n{box}\n\n{MIDDLE}\n\n{END}")
    assert result.blocks == [LEAD, MIDDLE, END]
    assert [r.reason for r in result.removed] == ["advertisement"]
    # glued into a paragraph (real opinion sites), it is cut out of the paragraph's text
    result = clean(f"{LEAD}\n\n{MIDDLE} {box} {END}")
    assert result.blocks == [LEAD, f"{MIDDLE} {END}"]
    assert [(r.reason, r.text) for r in result.removed] == [("advertisement", box)]


def test_a_poll_set_inside_the_article_is_removed() -> None:
    """A reader poll glued to a paragraph, its question repeated by the widget, its answers,
    the form's field and fine print ("... take our poll - story continues below Will ...?"):
    on 60 real PTC articles; the forum user's "Comments This field is for validation purposes"
    had become a label of the president.  The answers go only because the fine print closes
    the box: short lines after a question are otherwise the article's."""
    question = "Will the harbour board reopen the north quay before winter?"
    box = [
        question,
        question,
        "* Yes, before the storms.\nNo, not this year.",
        "Email *",
        "Comments This field is for validation purposes and should be left unchanged.",
        "Completing this poll grants you access to Marren Post updates free of charge.",
        "You may opt out at anytime.",
    ]
    text = "\n\n".join([LEAD, f"{MIDDLE} take our poll - story continues below {question}", *box, END])
    result = clean(text)
    assert result.blocks == [LEAD, MIDDLE, END]
    assert {r.reason for r in result.removed} == {"poll"}
    # a question and short lines with no form after them are the article's
    kept = [LEAD, question, "No, not this year.", "The board had promised it in May.", MIDDLE, END]
    assert clean("\n\n".join(kept)).blocks == kept
    # the marker alone before more of the article: only the marker goes
    result = clean(f"{LEAD}\n\n{MIDDLE} Story continues below. {END}")
    assert result.blocks == [LEAD, f"{MIDDLE} {END}"]


@pytest.mark.parametrize("heading", KEPT_IN_BODY)
def test_subheadings_in_the_body_are_kept(heading: str) -> None:
    parts = [LEAD, MIDDLE, heading, END]
    result = clean("\n\n".join(parts))
    assert result.blocks == parts


# --- units, titles, metadata ---------------------------------------------------------


def test_chrome_lines_inside_one_paragraph_are_split_out() -> None:
    result = clean(f"{LEAD}\n\n{END}\n\nLink to comment\nShare on other sites")
    assert result.blocks == [LEAD, END]
    assert [r.text for r in result.removed] == ["Link to comment", "Share on other sites"]


def test_kept_lines_of_a_paragraph_stay_together_verbatim() -> None:
    verse = "“We built this port,\nwe will not be built out of it,”\nthe banner read."
    wrapped = "The strike began on Tuesday when\ncrane operators left their cabs at\nnoon."
    tail = "The strike will go on, the union said after the\nPort Authority\nended the talks."
    result = clean(f"{LEAD}\n\n{verse}\n\n{wrapped}\n\n{END}\n\n{tail}")
    assert result.blocks == [LEAD, verse, wrapped, END, tail]


def test_one_paragraph_per_line_dumps_keep_their_paragraphs() -> None:
    result = clean(
        f"Skip to content\n{LEAD}\n{MIDDLE}\nTalks resume Friday.\nShort\nlines\n{END}\nShare this"
    )
    assert result.blocks == [LEAD, MIDDLE, "Talks resume Friday.\nShort\nlines", END]
    assert [r.text for r in result.removed] == ["Skip to content", "Share this"]


def test_title_is_first_short_line_without_final_punctuation() -> None:
    result = clean(f"Marren strike enters second week\n\n{LEAD}\n\n{END}")
    assert result.title == "Marren strike enters second week"
    assert result.blocks == [LEAD, END]
    assert [r.reason for r in result.removed] == ["title"]


def test_title_case_question_is_a_title_but_a_sentence_case_one_is_kept() -> None:
    result = clean(f"Who Pays for the Robot Cranes at Port Marren?\n\n{LEAD}\n\n{END}")
    assert result.title == "Who Pays for the Robot Cranes at Port Marren?"
    assert result.blocks == [LEAD, END]
    # a question in sentence case may open an opinion piece: precision first, it stays
    question = "Who pays for the robot cranes at Port Marren?"
    assert clean(f"{question}\n\n{LEAD}\n\n{END}").blocks == [question, LEAD, END]


def test_deck_below_the_title_is_kept() -> None:
    deck = "Dockers say the new cranes will cost them their jobs"
    result = clean(f"Marren strike enters second week\n\n{deck}\n\n{LEAD}\n\n{END}")
    assert result.title == "Marren strike enters second week"
    assert result.blocks == [deck, LEAD, END]


def test_reader_title_wins_and_its_line_is_dropped() -> None:
    text = f"# Cranes and Jobs\n\nBy [Nadia Ferro](#)\n\n{LEAD}\n\n{END}"
    draft = draft_from_text(text, "<md>")
    assert draft.title == "Cranes and Jobs"
    [result] = clean_batch([draft], SETTINGS)
    assert result.title == "Cranes and Jobs"
    assert result.blocks == [LEAD, END]
    assert [(r.reason, r.detail) for r in result.removed] == [("title", "heading"), ("byline", "by-line")]


def test_text_without_prose_is_not_judged_by_position() -> None:
    result = clean("Ana Petrell criticised the arrest")
    assert result.blocks == ["Ana Petrell criticised the arrest"]
    assert result.title is None


def test_link_dense_fragment_is_navigation() -> None:
    links = [Link("Harbour cranes explained", "https://x.example/a"), Link("Strike timeline", "#")]
    result = clean(f"{LEAD}\n\nHarbour cranes explained | Strike timeline\n\n{END}", links=links)
    assert result.blocks == [LEAD, END]
    assert [(r.reason, r.detail) for r in result.removed] == [("navigation", "link-dense")]


def test_username_above_the_post() -> None:
    result = clean(f"Marren strike enters second week\n\ndock_rat_77\n\n{LEAD}\n\n{END}")
    assert [(r.reason, r.text) for r in result.removed] == [
        ("title", "Marren strike enters second week"),
        ("username", "dock_rat_77"),
    ]


# --- the batch: repetition across one site's pages -----------------------------------


def _site_page(n: int, extra: str, site: str = "ledger") -> Draft:
    body = f"Page {n} reports that {n} more ships waited offshore at Port Marren on Tuesday."
    end = f"Port officials said the strike would cost the region {n} million crowns a day."
    return Draft(source=f"{site}/{n}.txt", text=f"{body}\n\n{extra}\n\n{end}", site=site)


def test_lines_repeated_across_a_site_are_chrome() -> None:
    line = "Sponsored by Northgate Logistics"
    drafts = [_site_page(n, line) for n in range(3)]
    results = clean_batch(drafts, SETTINGS)
    assert len(results) == 3
    for result in results:
        assert [(r.reason, r.text) for r in result.removed] == [("repeated-across-site", line)]
        assert len(result.blocks) == 2


def test_repetition_needs_enough_pages_of_the_same_site() -> None:
    line = "Sponsored by Northgate Logistics"
    drafts = [_site_page(0, line), _site_page(1, line), _site_page(2, line, site="other")]
    for result in clean_batch(drafts, SETTINGS):
        assert result.removed == []


def test_versions_of_one_story_keep_their_shared_paragraphs() -> None:
    shared = [LEAD, MIDDLE, END]
    drafts = [
        Draft(
            source=f"s/{n}.txt",
            text="\n\n".join([*shared, f"Update {n}: {n} more ships arrived today."]),
            site="s",
        )
        for n in range(3)
    ]
    for result in clean_batch(drafts, SETTINGS):
        assert result.blocks[:3] == shared
        assert result.removed == []


def test_clean_batch_keeps_order_and_handles_empty() -> None:
    assert clean_batch([], SETTINGS) == []
    drafts = [Draft(source="a", text=LEAD), Draft(source="b", text=""), Draft(source="c", text=END)]
    results = clean_batch(drafts, SETTINGS)
    assert [r.blocks for r in results] == [[LEAD], [], [END]]


def test_split_blocks_on_blank_lines() -> None:
    assert split_blocks("a\nb\n\n  \n c \n\n\n") == ["a\nb", "c"]


def test_a_headline_written_again_above_the_body_is_dropped_too() -> None:
    """Pasted pages and article dumps give the headline twice ("# Title", then "Title"): read as
    body, the Title Case line made "Deval Patrick Names" a person and the headline a quote."""
    title = "Marren Strike: Union Names New Negotiator"
    result = clean(f"{title}\n\n{title}\n\n{LEAD}\n\n{END}", title=title)
    assert result.blocks == [LEAD, END]
    assert [(r.reason, r.detail) for r in result.removed] == [("title", "heading"), ("title", "repeated")]
    # without a reader's title: the first line is the title, and its repeat goes with it
    result = clean(f"Marren strike enters second week\n\nMarren strike enters second week\n\n{LEAD}\n\n{END}")
    assert result.title == "Marren strike enters second week" and result.blocks == [LEAD, END]
