from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import newsdigest
from newsdigest import cli
from newsdigest.errors import InputError
from newsdigest.pipeline.clean import clean, is_hard_wrapped
from newsdigest.pipeline.clean.lines import letters_only
from newsdigest.pipeline.clean.rules import calendar_date

PUBLISHER_TAGS = ("NATO", "Ukraine", "Russia", "Diplomacy", "Defense", "Peace", "Trump Administration")


def test_sample_tag_line_becomes_source_tags(sample_digest: newsdigest.Digest) -> None:
    assert sample_digest.source_tags == PUBLISHER_TAGS
    assert sample_digest.cleaning is not None and sample_digest.cleaning["removed_kinds"]["tags"] == 1


def test_nothing_comes_from_the_similar_news_block(sample_text: str, sample_digest: newsdigest.Digest) -> None:
    boilerplate_start = sample_text.index("NATO Ukraine Russia Diplomacy")
    assert sample_digest.summary is not None
    assert all(s.end <= boilerplate_start for s in sample_digest.summary.sentences)
    assert all(end <= boilerplate_start for e in sample_digest.entities for _, end in e.spans)
    names = {e.name for e in sample_digest.entities}
    assert "John Healey" not in names and "EU" not in names  # only in the related stories
    article = sample_text[:boilerplate_start].lower()
    for tag in sample_digest.tags:
        assert tag.tag.lower() in article


def test_publisher_tags_are_found_by_the_tagger(sample_digest: newsdigest.Digest) -> None:
    """The tagger never sees the tag line (cleaning moves it to source_tags), yet finds most of it."""
    ours = {tag.tag.lower() for tag in sample_digest.tags}
    found = [tag for tag in PUBLISHER_TAGS if tag.lower() in ours]
    assert len(found) >= 5, found


def test_well_formed_article_loses_nothing() -> None:
    text = (
        "Rescue teams reached the village on Tuesday after a landslide cut the only road.\n\n"
        "Officials said 12 people were missing. The army sent two helicopters.\n\n"
        "Residents had warned about the slope for years, a local councillor said."
    )
    cleaned = clean(text)
    assert cleaned.text == text and not cleaned.removed


def test_navigation_bylines_and_promotions_are_removed() -> None:
    text = "\n".join(
        [
            "Home", "World", "Business", "Sign in", "Subscribe",
            "Storm floods coastal towns",
            "By Jane Smith",
            "March 3, 2024",
            "Heavy rain flooded three coastal towns on Sunday, forcing hundreds of residents from their homes.",
            "Advertisement",
            "Emergency crews worked through the night to clear blocked drains and rescue stranded drivers.",
            "The weather service said more rain was expected later in the week across the region.",
            "Sign up for our newsletter to get the latest news in your inbox.",
            "Related stories",
            "Town council approves new budget",
            "Local team wins championship",
            "© 2024 Example News. All rights reserved.",
        ]
    )  # fmt: skip
    cleaned = clean(text)
    assert cleaned.title == "Storm floods coastal towns"
    body = cleaned.text[cleaned.body_start :]
    assert body.startswith("Heavy rain flooded") and body.endswith("later in the week across the region.")
    kinds = {line.text: line.kind for line in cleaned.removed}
    assert kinds["By Jane Smith"] == "byline" and kinds["March 3, 2024"] == "dateline"
    assert kinds["Advertisement"] == "boilerplate" and kinds["Related stories"] == "related"
    # The byline and dateline leave the body but are kept as what they are.
    assert (cleaned.byline, cleaned.dateline) == ("By Jane Smith", "March 3, 2024")
    assert clean("\n\n".join(_STORY)).byline is None  # nothing removed, nothing to report


def test_a_pages_byline_and_dateline_reach_the_json_and_the_view() -> None:
    page = "\n".join(["Share this", "Storm floods three coastal towns", "By Jane Smith", "March 3, 2024", *_STORY])
    result = CliRunner().invoke(cli.main, ["summarize", "--json", "-"], input=page)
    record = json.loads(result.stdout)
    assert record["metadata"] == {
        "format": "text",
        "byline": "By Jane Smith",
        "dateline": "March 3, 2024",
        "date": "2024-03-03",
    }
    view = CliRunner().invoke(cli.main, ["summarize", "-"], input=page).stdout
    assert "By Jane Smith · March 3, 2024" in view
    markdown = CliRunner().invoke(cli.main, ["summarize", "--format", "markdown", "-"], input=page).stdout
    assert markdown.startswith("## Storm floods three coastal towns\n\n*By Jane Smith · March 3, 2024*\n")
    # A plain article has no page header to report.
    plain = CliRunner().invoke(cli.main, ["summarize", "--json", "-"], input="\n\n".join(_STORY))
    assert json.loads(plain.stdout)["metadata"] is None


def test_repairs_keep_offsets_true() -> None:
    mojibake = "The minister said â€œwe will winâ€\x9d on Monday, and the crowd cheered loudly."
    glued = "The minister toured the flooded towns on Monday.The minister visited the shelters on Tuesday."
    zero_width = "Rescue\u200b teams reached the village on Tuesday after the landslide."
    text = "\n".join([mojibake, zero_width, glued, "Officials said the repairs would take weeks to finish."])
    cleaned = clean(text)
    assert "“we will win”" in cleaned.text
    assert "Rescue teams" in cleaned.text
    assert "on Monday. The minister" in cleaned.text
    start = cleaned.text.index("“we")
    original_start, original_end = cleaned.offsets.span(start, start + len("“we will win”"))
    assert text[original_start:original_end] == "â€œwe will winâ€\x9d"
    start = cleaned.text.index("The minister visited")
    assert cleaned.offsets.start(start) == text.index("The minister visited")


def test_hard_wrapped_lines_and_hyphens_are_joined() -> None:
    text = (
        "The defence ministers of the alliance met in Brussels on Wednesday to\n"
        "discuss how the war could be brought to an end, and how the inter-\n"
        "national costs of security should be shared between the member states\n"
        "in the years ahead.\n\n"
        "Several ministers said that the plan was not yet ready for a vote, and\n"
        "that talks would continue at the next meeting in the spring of next year.\n"
    )
    cleaned = clean(text)
    assert "Wednesday to discuss" in cleaned.text and "international costs" in cleaned.text
    digest = newsdigest.digest(text)
    assert digest.stats is not None and digest.stats.sentences == 2


def test_a_menu_pasted_above_a_wrapped_article_is_not_read_as_its_first_paragraph() -> None:
    menu = ["Home", "World", "Business", "Technology", "Sports", "Weather", "Podcasts", "Newsletters", "Contact us"]
    article = [
        "The defence ministers of the",  # a break at an odd place: the sentence goes on below
        "alliance met in Brussels on Wednesday to",
        "discuss how the war could be brought to an end, and how the costs of",
        "security should be shared between the member states in the years ahead.",
        "Several ministers said that the plan was not yet ready for a vote, and",
        "that talks would continue at the next meeting in the spring of next year,",
        "when the new budget for the common defence fund is due to be agreed.",
        "The ministers also heard from the commanders of the eastern forces, who",
        "asked for more air defence systems and for the training of new crews to",
        "begin before the end of the summer, as the attacks on the power grid and",
        "on the ports of the region had grown more frequent in the past month.",
    ]
    text = "\n".join([*menu, *article, "Share", "Print", "Email"])  # no blank line anywhere
    assert is_hard_wrapped(text)
    cleaned = clean(text)
    body = cleaned.text[cleaned.body_start :]
    assert body.startswith("The defence ministers of the alliance met") and "Wednesday to discuss" in body
    assert "Podcasts" not in body and "Newsletters" not in body


def test_no_clean_and_show_removed(sample_path: Path) -> None:
    raw = CliRunner().invoke(cli.main, ["summarize", "--json", "--no-clean", str(sample_path)])
    record = json.loads(raw.stdout)
    assert record["source_tags"] == [] and record["cleaning"]["removed_lines"] == 0
    shown = CliRunner().invoke(cli.main, ["summarize", "--show-removed", str(sample_path)])
    assert "Removed by cleaning" in shown.stdout and "Read more" in shown.stdout


def test_html_input_goes_through_trafilatura(tmp_path: Path) -> None:
    paragraphs = "".join(
        f"<p>{sentence}</p>"
        for sentence in [
            "Heavy rain flooded three coastal towns on Sunday, forcing hundreds of residents from their homes.",
            "Emergency crews worked through the night to clear blocked drains and rescue stranded drivers.",
            "The weather service said more rain was expected later in the week across the whole region.",
            "Mayor Ana Lopez said the town would ask the government for emergency funds on Monday morning.",
        ]
    )
    page = (
        "<!doctype html><html><head><title>Storm floods coastal towns | Example News</title>"
        '<meta name="author" content="Jane Smith"></head><body>'
        "<nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        f"<article><h1>Storm floods coastal towns</h1>{paragraphs}</article>"
        "<footer>© 2024 Example News</footer></body></html>"
    )
    path = tmp_path / "story.html"
    path.write_text(page, encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["summarize", "--json", str(path)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["metadata"]["format"] == "html" and record["metadata"]["author"] == "Jane Smith"
    assert record["title"].startswith("Storm floods coastal towns")
    assert record["summary"]["sentences"][0]["text"].startswith("Heavy rain flooded")
    assert "Ana Lopez" in {e["name"] for e in record["entities"]}


def test_an_html_paragraph_broken_across_source_lines_reads_as_one_line() -> None:
    from types import SimpleNamespace

    from lxml import etree

    from newsdigest.pipeline.webpage import rendered_text

    # trafilatura's tree of a page, as its fallback extractor leaves it for old table
    # layouts: each paragraph's text as the source has it, indentation and all.
    tree = etree.fromstring(
        "<body><p>The \n          1990s were dominated by get-tough-on-crime measures, dramatically\n"
        "          increasing the prison population.</p>\n        <p>Harbour Gazette<lb/>12 Quay Street</p>"
        "<quote>SELECT name\nFROM towns;</quote><code>for town in towns:\n    print(town)</code>"
        # A <br> the fallback extractor turned into a source break: a short line, then a capital.
        "<p> \n\nGerard Jackson \n Tim Colebatch must be among the worst of the commentators.</p></body>"
    )
    lines = [line.strip() for line in rendered_text(SimpleNamespace(body=tree), "").splitlines()]
    assert (
        "The 1990s were dominated by get-tough-on-crime measures, dramatically increasing the prison population."
        in lines
    )
    # A browser breaks the line at <br> and keeps a preformatted block's lines: so does the text.
    assert "Harbour Gazette" in lines and "12 Quay Street" in lines
    assert "SELECT name" in lines and "FROM towns;" in lines and "print(town)" in lines
    assert "Gerard Jackson" in lines and "Tim Colebatch must be among the worst of the commentators." in lines


def test_a_pages_visible_text_breaks_lines_where_a_browser_does() -> None:
    from newsdigest.pipeline.webpage import visible_text

    # A hand-written page wraps its paragraphs at 80 columns in the markup; the fallback
    # reader (for pages trafilatura cannot read) must not turn each wrap into a paragraph.
    page = (
        "<html><body><table><tr><td>Home</td><td>News</td></tr></table>\n"
        "<p>Lukla Airport, the gateway to the world's highest peak, will be\n"
        "renamed after the first two climbers to reach the\n   summit.</p>\n"
        "<p>Harbour Gazette<br>12&nbsp;Quay Street</p><pre>SELECT name\nFROM towns;</pre></body></html>"
    )
    lines = visible_text(page).split("\n\n")
    assert (
        "Lukla Airport, the gateway to the world's highest peak, will be renamed after the first two climbers"
        " to reach the summit." in lines
    )
    assert "Home" in lines and "News" in lines
    assert "Harbour Gazette" in lines and "12 Quay Street" in lines
    assert "SELECT name" in lines and "FROM towns;" in lines


def test_text_that_is_mostly_page_source_is_read_as_html(tmp_path: Path) -> None:
    """A scrape that kept the page source: a headline as text, then the markup."""
    menu = "".join(
        f'<li class="nav-item"><a href="/section/{n}" class="nav-link">Section {n}</a></li>' for n in range(40)
    )
    script = "<script type='text/javascript'>var adSlot = 3; function showAd(pos) { document.write(pos); }</script>"
    paragraphs = "".join(
        f'<p class="story-body">{sentence}</p>'
        for sentence in [
            "Heavy rain flooded three coastal towns on Sunday, forcing hundreds of residents from their homes.",
            "Emergency crews worked through the night to clear blocked drains and rescue stranded drivers.",
            "The weather service said more rain was expected later in the week across the whole region.",
        ]
    )
    text = (
        f"Storm floods coastal towns (Example News) {script}<div id='wrap'><ul>{menu}</ul><div>{paragraphs}</div></div>"
    )
    path = tmp_path / "scraped.txt"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["summarize", "--json", str(path)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["metadata"]["format"] == "html"
    summary = " ".join(s["text"] for s in record["summary"]["sentences"])
    assert "Heavy rain flooded" in summary and "<" not in summary and "document.write" not in summary


def test_text_about_html_with_a_few_tags_stays_text() -> None:
    from newsdigest.pipeline.digest import looks_like_html

    text = "The course teaches the <p> and <div> tags in its first week. " * 3 + "Students liked it.\n" * 20
    assert not looks_like_html("notes.txt", text)


def test_html_without_article_text_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.html"
    path.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8")
    result = CliRunner().invoke(cli.main, ["summarize", str(path)])
    assert result.exit_code == 1 and "no article text found" in result.stderr


def test_an_extraction_without_a_sentence_falls_back_to_the_whole_page() -> None:
    from newsdigest.pipeline.webpage import extract_article

    # Only a fixtures table would pass for the article: trafilatura's pick, or nothing at all.
    fixtures = "".join(
        f"<li>{match}</li>" for match in ["Man City 1-1 West Ham", "Fulham 0-3 Arsenal", "Wigan 1-2 Everton"]
    )
    page = f"<html><body><div><ul>{fixtures}</ul></div></body></html>"
    with pytest.raises(InputError, match="no article text found"):
        extract_article(page, "fixtures.html")
    notice = "<p>Please note: Your browser has been unable to load the stylesheet that accompanies this page.</p>"
    with pytest.raises(InputError, match="no article text found"):
        extract_article(f"<html><body><div>{notice}</div></body></html>", "notice.html")
    story = "".join(f"<p>{sentence}</p>" for sentence in _STORY)
    page = f"<html><body><aside><ul>{fixtures}</ul></aside><div>{story}</div></body></html>"
    assert _STORY[0] in extract_article(page, "story.html").text


_STORY = [
    "Heavy rain flooded three coastal towns on Sunday, forcing hundreds of residents from their homes.",
    "Emergency crews worked through the night to clear blocked drains and rescue stranded drivers.",
    "The weather service said more rain was expected later in the week across the region.",
    "Residents had warned about the blocked drains for years, a local councillor said on Monday.",
]

_STORY_MORE = [
    "Engineers from the water company arrived on Tuesday to inspect the pumping station near the harbour.",
    "They found that two of the three pumps had failed during the storm, and spare parts were weeks away.",
    "The council said it would publish a report on the flooding before the end of the month.",
]


def _kinds(text: str) -> dict[str, str]:
    return {line.text: line.kind for line in clean(text).removed}


def _cleaned_story_with(*sentences: str) -> str:
    """A page (a share button above the story) with ``sentences`` inside its story, cleaned:
    what a rule must leave alone when a story tells of the thing it removes."""
    story = [*_STORY, *_STORY_MORE]
    return clean("\n".join(["Share this", *story[:3], *sentences, *story[3:]])).text


def test_a_caption_that_places_people_in_its_photo_is_not_body() -> None:
    captions = [
        "Mayor Ana Lopez, left, and fire chief Tom Reyes inspect the flooded harbour road on Sunday.",
        "Residents wade through floodwater outside the town hall in this March 3, 2024, file photo.",
    ]
    text = "\n".join(["Share this", _STORY[0], captions[0], *_STORY[1:3], captions[1], *_STORY[3:]])
    assert clean(text).text == "\n".join(_STORY)
    assert _kinds(text) == {"Share this": "boilerplate", captions[0]: "credit", captions[1]: "credit"}


def test_a_code_listing_inside_a_technical_article_does_not_cut_the_article_in_two() -> None:
    opening = [
        "Slow queries are the most common complaint we hear from teams running the reporting database.",
        "The fix is often a single index, once you know which rows the query actually reads.",
    ]
    listing = [
        "SELECT",
        "customer_id,",
        "count(*) AS orders",
        "FROM orders",
        "WHERE",
        "created_at > now() - interval '30 days'",
        "GROUP BY",
        "customer_id;",
        "customer_id │ orders",
        "────────────┼────────",
        "17 │ 42",
        "23 │ 40",
        "31 │ 38",
        "44 │ 35",
        "52 │ 31",
    ]  # fmt: skip
    text = "\n".join(["Share this", *opening, *listing, *_STORY, *_STORY_MORE, "Newsletter", "Contact us"])
    cleaned = clean(text)
    body = cleaned.text
    assert body.startswith(opening[0]) and body.endswith(_STORY_MORE[-1])
    # The listing is the article's, kept whole; later stages know where it is.
    assert "\n".join(listing) in body
    ((start, end),) = cleaned.layout.code_ranges
    assert body[start:end] == "\n".join(listing)
    assert set(_kinds(text).values()) == {"boilerplate", "outside"}  # the menu below


def test_a_line_leading_into_the_next_paragraph_is_the_storys_but_a_link_lists_heading_is_not() -> None:
    lead_in = "Among the council's findings:"
    links = ["More:", "Harbour fair returns", "Bus timetable changes"]
    text = "\n".join(["Share this", *_STORY[:2], lead_in, *_STORY[2:], *_STORY_MORE, *links, "Contact us"])
    body = clean(text).text
    assert body == "\n".join([*_STORY[:2], lead_in, *_STORY[2:], *_STORY_MORE])


def test_lines_that_only_look_like_code_are_read_as_text() -> None:
    from newsdigest.pipeline.clean.patterns import CODE

    # A headline that kept its markup ends in ";" but is no statement.
    assert not CODE.search("Harbour man fined for &#039;naked gardening&#039;")
    assert CODE.search("UPDATE turbines SET status = 'broken';")
    headline = "Harbour council cancels festival; fair moves to the pier"
    lede = "By Ana Lopez of the Harbour Gazette " + " ".join(_STORY * 3) + " the council said;"
    item = "Political parties;"
    cleaned = clean("\n".join([headline, lede, *_STORY_MORE[:2], item, *_STORY_MORE[2:]]))
    # A paragraph-long line and a single list item ending in ";" are no listing: the summary,
    # the tags and the names read them.
    assert cleaned.layout.code_ranges == ()
    assert lede in cleaned.text and item in cleaned.text
    # A headline run into its story reads as a headline line, and is as long as a paragraph.
    from newsdigest.pipeline.clean.lines import Line
    from newsdigest.pipeline.clean.rules import mark_code_listings

    run_in = Line(0, len(lede), lede, len(lede.split()), kind="headline")
    mark_code_listings([run_in])
    assert run_in.kind == "headline"


def test_a_listing_is_never_quoted_in_the_summary_nor_read_for_names() -> None:
    listing = [
        "SELECT Harbour_Council, count(*) AS Floods",
        "FROM Harbour_Towns JOIN Storms USING (town_id)",
        "WHERE Harbour_Council IS NOT NULL AND storm_year > 2020 GROUP BY Harbour_Council;",
        "Harbour_Council │ Floods",
        "────────────────┼───────",
        "Ana Lopez Town  │ 42",
        "Ana Lopez       │ 17",
        "UPDATE turbines SET status = 'broken' WHERE turbines.site = 'harbour';",
        "UPDATE turbines SET status = 'repaired' WHERE turbines.site = 'pier';",
        "SELECT count(*) FROM turbines JOIN turbine_crews USING (site);",
    ]
    named = "Mayor Ana Lopez said the Harbour Council would meet on Friday to discuss the floods."
    story = [*_STORY[:2], *listing, named, *_STORY[2:], *_STORY_MORE]
    text = "\n".join(["Share this", *story, "Newsletter", "Contact us"])
    digest = newsdigest.digest(text, options=newsdigest.Options(sentences=20, tags=50))
    assert digest.summary is not None and digest.summary.sentences
    quoted = " ".join(sentence.text for sentence in digest.summary.sentences)
    assert not any(line[:20] in quoted for line in listing)
    listing_start = text.index(listing[0])
    listing_end = text.index(listing[-1]) + len(listing[-1])
    assert not [e.name for e in digest.entities for start, end in e.spans if listing_start <= start < listing_end]
    assert "Ana Lopez" in {entity.name for entity in digest.entities}  # named in the story: found there
    told = " ".join(line for line in story if line not in listing).lower()
    assert digest.tags and [tag.tag for tag in digest.tags if tag.tag.lower() not in told] == []


def test_a_caption_placing_people_in_its_photo_tells_a_page_from_a_pasted_article() -> None:
    caption = "Mayor Ana Lopez, left, and fire chief Tom Reyes are seen in this March 3, 2024, file photo."
    # Nothing else on the page is furniture: a scraped text with its photo caption.
    cleaned = clean("\n".join([caption, *_STORY, *_STORY_MORE]))
    assert cleaned.text == "\n".join([*_STORY, *_STORY_MORE])
    assert [line.kind for line in cleaned.removed] == ["credit"]
    # After trafilatura the caption stays in the text, aside from the story: no summary sentence.
    core = letters_only(" ".join([*_STORY, *_STORY_MORE]))
    extracted = clean("\n".join([caption, *_STORY, *_STORY_MORE]), extracted=True, core=core)
    assert extracted.text == "\n".join([caption, *_STORY, *_STORY_MORE]) and extracted.removed == ()
    assert extracted.layout.aside_ranges == ((0, len(caption)),)
    # A sentence that says where someone stood is no caption: the article stays whole.
    told = "Mayor Ana Lopez stood to the left of the fire chief as the names of the missing were read."
    assert clean("\n".join([told, *_STORY])).text == "\n".join([told, *_STORY])


def test_the_site_asking_its_reader_to_use_its_services_is_not_body() -> None:
    calls = [
        "Submit your pics: upload photos and browse others in our readers' gallery.",
        "Get our news feed sent directly to your web site, syndicate us: RSS / Atom.",
    ]
    text = "\n".join([_STORY[0], calls[0], *_STORY[1:], calls[1], *_STORY_MORE])
    assert clean(text).text == "\n".join([*_STORY, *_STORY_MORE])
    assert _kinds(text) == {calls[0]: "boilerplate", calls[1]: "boilerplate"}
    # A story quoting such a call keeps it.
    quoted = "“Join us on the march on Saturday,” the union leader told the crowd outside the town hall."
    assert quoted in _cleaned_story_with(quoted)


def test_a_relative_timestamp_is_a_dateline_that_ends_the_header() -> None:
    headline = "Storm floods three coastal towns, forcing hundreds from their homes in the night"
    text = "\n".join(["Share this", headline, "3 days ago", *_STORY, *_STORY_MORE])
    cleaned = clean(text)
    assert cleaned.text[cleaned.body_start :] == "\n".join([*_STORY, *_STORY_MORE])
    assert _kinds(text)["3 days ago"] == "dateline"
    # A sentence of the story that says how long ago something happened stays.
    told = "A limited attempt to repair the sea wall two years ago failed."
    assert told in _cleaned_story_with(told)


def test_the_blurb_above_a_profile_link_is_the_writer_not_the_story() -> None:
    blurb = "I have been a harbour-town reporter for 19 years. I hate umbrellas. I love a good storm."
    text = "\n".join([blurb, "View my complete profile", *_STORY, *_STORY_MORE, "Share this"])
    assert clean(text).text == "\n".join([*_STORY, *_STORY_MORE])
    assert _kinds(text)[blurb] == "byline"
    # A story's own sentence about a profile is no link to one.
    told = "Residents can view the complete profile of the flood defences on the council's website."
    assert told in _cleaned_story_with(told)


def test_a_site_greeting_its_reader_is_not_body() -> None:
    banner = "Welcome to the Harbour Weather blog, where we bring you the storms nobody else covers."
    text = "\n".join(["Share this", banner, *_STORY])
    assert clean(text).text == "\n".join(_STORY)
    # A story may open with the words; without the site it greets, the line is the story's.
    opening = "Welcome to the new harbour wall: three metres of concrete that kept the sea out on Sunday."
    assert opening in clean("\n".join(["Share this", opening, *_STORY])).text


def test_a_site_praising_itself_or_making_the_reader_an_offer_is_not_body() -> None:
    tagline = "The number one site for harbour weather in the county."
    offer = "Save 20% off your first year of storm alerts, plus free delivery of our map!"
    text = "\n".join([tagline, *_STORY, offer, *_STORY_MORE])
    assert clean(text).text == "\n".join([*_STORY, *_STORY_MORE])
    assert _kinds(text) == {tagline: "boilerplate", offer: "boilerplate"}
    # The story's own sentences about a leading firm or a discount are not the site's.
    for told in (
        "Acme Pumps, the county's largest maker of flood pumps, won the contract on Monday.",
        "The hardware shop took 20% off every order of sandbags after the floods.",
    ):
        assert told in _cleaned_story_with(told)


def test_an_interview_printed_as_questions_and_answers_is_body_however_short_its_turns() -> None:
    interview = ["Q: Favourite storm?", "A: The one in 1987.", "Q: Worst flood you have seen?", "A: This one."]
    cleaned = _cleaned_story_with(*interview)
    assert all(turn in cleaned for turn in interview)
    # Short lines that are no interview's turns are still a link list inside a scrape.
    links = ["Storm photos", "Flood map", "Rain radar", "Tide times"]
    assert not any(link in _cleaned_story_with(*links) for link in links)


def test_a_caption_saying_what_someone_does_in_the_photo_is_not_body() -> None:
    caption = "Harbour City captain Ann Lee celebrates after scoring the winning goal against Riverside."
    assert _kinds("\n".join(["Share this", *_STORY[:2], caption, *_STORY[2:]]))[caption] == "credit"
    # The story tells the same in the past tense, and keeps it.
    told = "Harbour City captain Ann Lee celebrated after scoring the winning goal against Riverside."
    assert told in _cleaned_story_with(told)


def test_a_caption_above_a_photo_credit_is_not_body() -> None:
    caption = "A resident wades through floodwater outside her home in the harbour district."
    text = "\n".join([_STORY[0], caption, "Jane Smith/Example Press/Getty Images", *_STORY[1:]])
    kinds = _kinds(text)
    assert kinds[caption] == "credit"
    assert clean(text).text == "\n".join(_STORY)


def test_a_key_points_box_above_the_story_is_not_body() -> None:
    box = ["Key Points", "Three towns flooded on Sunday.", "More rain is expected this week across the region."]
    text = "\n".join(["Storm floods coastal towns", "By Jane Smith", *box, "Published March 3, 2024", *_STORY])
    kinds = _kinds(text)
    assert all(kinds[line] == "highlights" for line in box)
    cleaned = clean(text)
    assert cleaned.text[cleaned.body_start :] == "\n".join(_STORY)
    assert cleaned.title == "Storm floods coastal towns"  # found past the box and the byline


def test_a_news_ticker_of_headlines_run_into_teasers_is_related() -> None:
    ticker = [
        "Council approves new budget after long debate LONDON: The city council approved its budget on Monday.",
        "Local team wins the regional championship MANCHESTER: The home side won the final by two goals.",
    ]
    text = "\n".join([*ticker, "By Jane Smith", *_STORY])
    kinds = _kinds(text)
    assert all(kinds[line] == "related" for line in ticker)
    # A dateline that opens the story is the story's own.
    own_dateline = "LONDON, England — " + _STORY[0]
    assert clean("\n".join([own_dateline, *_STORY[1:]])).text.startswith(own_dateline)


@pytest.mark.parametrize(
    ("dateline", "iso"),
    [
        ("Updated 10:01 pm PST, Tuesday, November 19, 2019", "2019-11-19"),
        ("4:19p.m. 19 January 2008", "2008-01-19"),
        ("Published: November 4th, 2012 | Tags: storms", "2012-11-04"),
        ("Sept. 3, 2010", "2010-09-03"),
        ("By admin - 2018-09-16", "2018-09-16"),
        ("Updated Nov 19, 6:55 AM", None),  # no year: no date
        ("3 days ago", None),
        ("Feb 30, 2008", None),  # no such day
        ("Mayday 12 2008", None),  # no month
    ],
)
def test_the_calendar_date_of_a_dateline(dateline: str, iso: str | None) -> None:
    assert calendar_date(dateline) == iso


def test_a_post_the_story_quotes_is_body_with_its_signature() -> None:
    post = [
        "The harbour wall held tonight.",
        "Thank you to every volunteer who filled a sandbag pic.twitter.com/abc123",
        "— Mayor Ana Lopez (@MayorAnaLopez) March 3, 2024",
    ]
    text = "\n".join(["Share this", _STORY[0], *post, *_STORY[1:]])
    cleaned = clean(text)
    # The signature does not cut the story, and the post is the story's quotation.
    assert cleaned.text == "\n".join([_STORY[0], *post, *_STORY[1:]])
    # The lines above a post are the post only as far as a post runs: a link list above
    # a paragraph above the post is still removed.
    links = ["Storm photos", "Flood map", "Rain radar", "Tide times", "Road closures", "Ferry times"]
    filler = " ".join(["The water rose again on Monday night and crews could not keep up with it."] * 5)
    cleaned_text = _cleaned_story_with(*links, filler, *post)
    assert not any(link in cleaned_text for link in links)


def test_a_list_under_a_most_popular_heading_is_related() -> None:
    headlines = ["Council approves new budget after long debate", "Local team wins the regional championship"]
    text = "\n".join([*_STORY[:2], "Most Popular", *headlines, *_STORY[2:]])
    kinds = _kinds(text)
    assert all(kinds[line] == "related" for line in headlines)
    # The list ends at the first line that reads as a paragraph: a short one is kept.
    short_paragraph = "The mayor visited the shelters on Monday."
    text = "\n".join([*_STORY[:2], "Related stories", headlines[0], short_paragraph, *_STORY[2:]])
    assert short_paragraph in clean(text).text


def test_an_author_handle_and_a_lone_place_dateline_start_the_story_after_them() -> None:
    standfirst = "Three towns are under water, and more rain is on its way."
    text = "\n".join(["Storm floods coastal towns", standfirst, "Jane Smith @janesmith", "LONDON, ENGLAND", *_STORY])
    cleaned = clean(text)
    assert cleaned.text[cleaned.body_start :] == "\n".join(_STORY)
    kinds = _kinds(text)
    assert kinds["Jane Smith @janesmith"] == "byline" and kinds["LONDON, ENGLAND"] == "dateline"


def test_promotions_inside_the_story_are_removed() -> None:
    promotion = "Start your week with our briefing. It is free. Sign up for the daily newsletter."
    link = "Also on example.com Council approves new budget after long debate"
    text = "\n".join([promotion, *_STORY[:2], link, *_STORY[2:]])
    assert clean(text).text == "\n".join(_STORY)
    assert _kinds(text) == {promotion: "boilerplate", link: "related"}


def test_a_pull_quote_repeating_the_story_is_read_once() -> None:
    pull_quote = "“The drains have been blocked for years,” a local councillor said."
    story = [*_STORY[:3], "Residents were angry. “The drains have been blocked for years,” a local councillor said."]
    text = "\n".join([story[0], pull_quote, *story[1:]])
    assert _kinds(text) == {pull_quote: "repeated"}
    assert clean(text).text == "\n".join(story)
    # A line said twice is kept once.
    assert clean("\n".join([*_STORY, _STORY[1]])).text == "\n".join(_STORY)


def test_a_caption_with_its_credit_in_brackets_is_not_body() -> None:
    caption = "Floodwater covers the harbour road on Sunday. (Photo Credit : Example Press File Photo )"
    text = "\n".join([_STORY[0], caption, *_STORY[1:]])
    assert _kinds(text) == {caption: "credit"}


def test_the_headline_is_found_past_a_share_bar_and_is_the_line_that_names_the_story() -> None:
    headline = "Storm floods three coastal towns"
    bar = ["Ann Lee, @annlee", "11:43 AM on 03/03/2024", "Share this with friends", "Twitter", "Facebook", "Reddit"]
    text = "\n".join(["Weather", "Close share panel", headline, *bar, *_STORY])
    cleaned = clean(text)
    assert cleaned.title == headline
    assert cleaned.text[cleaned.body_start :] == "\n".join(_STORY)
    # A line above the story that names nothing the story tells is not its headline.
    assert clean("\n".join(["Weather", "Best garden ideas for spring", *bar, *_STORY])).title is None


def test_the_page_title_from_the_markup_names_the_title_line() -> None:
    # Long and ending in a full stop: read as prose without the page's own title to go by.
    headline = (
        "Rescue teams reach the flooded village after a landslide cut the only road in and out of the valley on Sunday."
    )
    text = "\n".join([headline, *_STORY])
    assert clean(text).title is None
    cleaned = clean(text, known_title=f"Example News | {headline}")
    assert cleaned.title == headline and cleaned.text[cleaned.body_start :] == "\n".join(_STORY)


def test_prose_lines_that_look_unusual_are_kept() -> None:
    story = [
        "United manager Maria Lopez praised striker Tom Okafor after beating Rovers 3-1.",  # few stopwords
        "Factory output fell for a third month in a row as energy prices climbed and export orders dried up, a survey found",
        "Shares in Tokyo's SoftBank and BlackRock fell sharply after the central bank raised interest rates on Friday.",
        "- Lower fees for families who rent their homes from the council",
        "By next spring the city could have two new bus lanes.",
        "Top-seeded players from Spain and Italy reached the final eight of the indoor tournament.",
    ]
    text = "\n".join([*story, *_STORY])
    assert clean(text).text == text


def test_html_title_from_markup_keeps_a_sentence_like_headline_out_of_the_summary(tmp_path: Path) -> None:
    headline = "Rescue teams reach the flooded village after a landslide cut the only road in and out of the valley."
    paragraphs = "".join(f"<p>{sentence}</p>" for sentence in _STORY)
    page = (
        f"<!doctype html><html><head><title>{headline} | Example News</title></head><body>"
        f"<article><h1>{headline}</h1>{paragraphs}</article></body></html>"
    )
    path = tmp_path / "story.html"
    path.write_text(page, encoding="utf-8")
    record = json.loads(CliRunner().invoke(cli.main, ["summarize", "--json", str(path)]).stdout)
    assert record["title"] == headline
    assert all(sentence["text"] != headline for sentence in record["summary"]["sentences"])
    assert record["summary"]["sentences"][0]["text"] == _STORY[0]


def test_a_wire_story_with_a_results_table_loses_nothing() -> None:
    # No page furniture: the headline is the title, and the dateline, the short table
    # lines and a subheading all stay; only repairs would change the text.
    text = "\n".join(
        [
            "SOCCER - HARBOUR CITY BEAT RIVERSIDE TO GO TOP",
            "LONDON 2024-03-02",
            "Harbour City beat Riverside 3-1 on Saturday to go top of the league for the first time this season.",
            "Results",
            "Harbour City 3 Riverside 1",
            "Northgate 0 Eastfield 0",
            "Standings",
            "Harbour City 24 points",
            "Northgate 22 points",
            "The two leaders meet at Harbour Park next weekend in front of a sold-out crowd.",
        ]
    )
    cleaned = clean(text)
    assert cleaned.removed == ()
    assert cleaned.title == "SOCCER - HARBOUR CITY BEAT RIVERSIDE TO GO TOP"
    assert cleaned.text == text


def test_a_menu_column_is_page_furniture() -> None:
    menu = ["Home", "World", "Business", "Sport"]
    cleaned = clean("\n".join([*menu, *_STORY]))
    assert cleaned.text == "\n".join(_STORY)
    # Three short lines are not yet a menu: a story may have subheadings.
    assert clean("\n".join([*menu[:3], *_STORY])).removed == ()


def test_readers_comments_under_the_story_are_not_body() -> None:
    story = [*_STORY, *_STORY_MORE]
    comments = [
        "12 Comments",
        "Jane Doe says: March 3, 2024 at 9:15 am",
        "I live on the harbour road and the drains have been blocked since last winter, nobody listened.",
        "Reply",
        "Tom Roe says: March 3, 2024 at 10:02 am",
        "Thanks for covering this story, the council should have acted years ago and it did nothing.",
    ]
    text = "\n".join(["Storm floods coastal towns", "Share this", *story, *comments])
    cleaned = clean(text)
    assert cleaned.text[cleaned.body_start :] == "\n".join(story)
    assert {line.text: line.kind for line in cleaned.removed}[comments[2]] == "comments"


def test_a_thread_of_signed_posts_is_comments_without_a_heading() -> None:
    story = [*_STORY, *_STORY_MORE]
    thread = [
        "Maria 07 Nov 12",
        "Love it, the harbour road has needed new drains for years and this finally gets it done.",
        "Tom Roe 07 Nov 12",
        "Would be clearer if the council said when the work on the drains starts and who pays for it.",
        "Sam 08 Nov 12",
        "Thanks for covering this, nobody else did and the whole town has been talking about it.",
    ]
    text = "\n".join(["Share this", *story, *thread])
    cleaned = clean(text)
    assert cleaned.text.endswith(story[-1])
    assert {line.text: line.kind for line in cleaned.removed}[thread[1]] == "comments"


def test_signed_posts_above_the_comment_form_are_comments_but_quoted_tweets_are_the_story() -> None:
    # A blog's comments signed below each post ("Posted by: … | Jan 10, 2008 4:49:12 PM"),
    # then the form's heading: the comments start at the first signature, not at the heading.
    # (The post above the first signature reads like the story's last paragraph and stays.)
    story = [*_STORY, *_STORY_MORE]
    posts = [
        "Great news for the town, the harbour road has needed new drains for years and it is finally done.",
        "Posted by: Maria Lopez | Jan 10, 2008 4:49:12 PM",
        "Would be clearer if the council said when the work on the drains starts and who pays for it all.",
        "Posted by: Tom Roe | Jan 10, 2008 6:02:53 PM",
        "Thanks for covering this, nobody else did and the whole town has been talking about it for weeks.",
        "Posted by: Sam | Jan 11, 2008 8:12:20 AM",
    ]
    form = ["Post a comment", "Name:", "Email Address:", "Comments:"]
    cleaned = clean("\n".join(["Share this", *story, *posts, *form]))
    assert cleaned.text == "\n".join([*story, posts[0]])
    # Tweets quoted in a story carry their writers' names and dates too.
    tweets = [
        "Residents were quick to share their photos of the flooded square.",
        "— Ana Reyes (@anareyes) March 3, 2024",
        "The council's account answered within the hour, promising pumps by the evening.",
        "— Harbour Council (@harbourcouncil) March 3, 2024",
        "The weather service posted its own warning shortly after, urging drivers to stay home.",
        "— Weather Service (@weather) March 3, 2024",
    ]
    kept = clean("\n".join(["Share this", *story[:5], *tweets, *story[5:], *form])).text
    assert all(line in kept for line in tweets[::2]) and kept.endswith(story[-1])


def test_two_dated_sections_of_a_story_are_not_a_thread() -> None:
    story = ["Share this", _STORY[0], "Update 07 Nov 12", *_STORY[1:3], "Update 08 Nov 12", *_STORY[3:], *_STORY_MORE]
    cleaned = clean("\n".join(story))
    assert all(line in cleaned.text for line in [*_STORY, *_STORY_MORE])


def test_a_comments_link_inside_the_story_does_not_cut_it() -> None:
    # No names or times follow, and no form to add one: a link, not the comment section.
    story = [*_STORY, "Comments", *_STORY_MORE]
    cleaned = clean("\n".join(["Share this", *story]))
    assert all(line in cleaned.text for line in _STORY_MORE)


def test_a_dialog_boxs_words_and_a_reviewer_line_are_not_body() -> None:
    dialog = "This is a modal window. This modal can be closed by pressing the Escape key."
    share = "The author chose to make this story unlisted. Are you sure you want to share it? Yes, show me"
    reviewer = "Medically reviewed by Ana Lopez, MD"
    story = [*_STORY, *_STORY_MORE]
    text = "\n".join(["Share this", reviewer, *story[:2], dialog, *story[2:4], share, *story[4:]])
    assert clean(text).text == "\n".join(story)
    kinds = _kinds(text)
    assert kinds[dialog] == kinds[share] == "boilerplate" and kinds[reviewer] == "byline"


def test_lines_that_are_links_by_their_arrows_or_pipes_are_navigation() -> None:
    story = [*_STORY, *_STORY_MORE]
    previous = "« Harbour wall repairs finish early"
    footer = "World | Business | Sport | Weather"
    text = "\n".join([previous, *story, "Next Page »", footer])
    assert clean(text).text == "\n".join(story)
    assert _kinds(text) == {previous: "navigation", "Next Page »": "navigation", footer: "navigation"}
    crumbs = "You are here: Home » Sport » Harbour League"
    assert _kinds("\n".join([crumbs, *story])) == {crumbs: "navigation"}
    # An instruction with ">" between menu names is the story's, and so is a sentence
    # that quotes with guillemets.
    instruction = "To see the list, click File > Export > Stations and save the file to your desktop."
    assert instruction in clean("\n".join(["Share this", *story[:2], instruction, *story[2:]])).text
    quoted = "The mayor called it «a disaster we saw coming» and asked the council for new pumps."
    assert quoted in clean("\n".join(["Share this", *story[:2], quoted, *story[2:]])).text


def test_a_long_menu_between_pipes_is_navigation_but_a_table_is_not() -> None:
    story = [*_STORY, *_STORY_MORE]
    sections = ["Home", "Local News", "Harbour", "Weather", "Sport", "Business", "Opinion", "Obituaries"]
    services = ["Photos", "Video", "Jobs", "Classifieds", "Contact Us", "Advertise With Us", "Privacy Policy"]
    menu = " | ".join([*sections, *services])
    assert len(menu.split()) > 25  # longer than any short link line
    assert _kinds("\n".join([*story, menu])) == {menu: "navigation"}
    table = [
        "| Pier | Built | Length (m) | Width (m) | Berths | Cranes | Repaired |",
        "| North | 1902 | 240 | 18 | 6 | 2 | 2019 |",
        "| South | 1911 | 185 | 15 | 4 | 1 | 2021 |",
    ]
    assert all(row in clean("\n".join([*story[:2], *table, *story[2:]])).text for row in table)


def test_player_notices_and_markup_copied_as_text_are_not_body() -> None:
    notice = "This video is unavailable in the format required for your device."
    markup = '<div class="ad"><script src="/ads.js"></script></div>'
    browser = "Please note: Your browser has been unable to load the stylesheet that accompanies this page."
    text = "\n".join([browser, _STORY[0], notice, *_STORY[1:3], markup, *_STORY[3:]])
    assert clean(text).text == "\n".join(_STORY)
    assert _kinds(text) == {browser: "boilerplate", notice: "boilerplate", markup: "markup"}


def test_cleaned_carries_the_layout_of_its_own_text() -> None:
    """Glue points and headline stretches are offsets into the cleaned text, found once by
    the cleaning stage for the entity stage and the parse."""
    from newsdigest.pipeline.clean import uncleaned

    glued = (
        "Ministers Gather In Brussels Over Rising Border ConcernsUS officials said on Tuesday that the talks would go on.\n"
        "The ministers will meet again next month, a spokesman for the alliance said in a statement.\n"
    )
    as_given = uncleaned(glued)
    (point,) = as_given.layout.glue_points
    assert glued[point - 8 : point + 2] == "ConcernsUS"
    assert any(glued[a:b].startswith("Ministers Gather") for a, b in as_given.layout.headline_ranges)
    assert not as_given.layout.hard_wrapped

    cleaned = clean(glued)
    assert "Concerns\nUS" in cleaned.text  # repaired: nothing left glued
    assert cleaned.layout.glue_points == ()
    for start, end in cleaned.layout.headline_ranges:
        words = cleaned.text[start:end].split()
        assert words and all(word[0].isupper() for word in words if word.lower() not in {"in", "over"})


def test_a_comment_thread_that_outweighs_its_story_is_not_the_story() -> None:
    """Readers' comments below a comment control ("Load All Comments") can hold more prose
    than the story above them; once they show signatures, they are comments."""
    opinions = [
        "I have lived near that harbour for twenty years and the drains were never cleared properly by anyone.",
        "The council knew about the pumps long before the storm, and nobody in the town hall did a thing about it.",
        "My street flooded too, and the insurance company still has not answered a single one of my letters.",
        "Spare parts weeks away is a joke when the whole coast depends on three old pumps working every winter.",
    ]
    thread: list[str] = []
    for number in range(6):
        thread += [f"by reader{number} on Monday March 4, @11:{10 + number}AM", opinions[number % 4], "Reply"]
    text = "\n".join(["Home", "News", "Sport", "Weather", *_STORY, *_STORY_MORE, "Load All Comments", *thread])
    cleaned = clean(text)
    assert cleaned.text == "\n".join([*_STORY, *_STORY_MORE])
    assert set(_kinds(text).values()) == {"outside", "comments"}  # the menu, and the thread
    assert _kinds(text)[opinions[0]] == "comments"
    # Other stories' headlines between the control and a long thread: the thread alone
    # outweighs the story, and is still read as comments.
    headlines = [f"Harbour Town {place} Votes On New Flood Defence Plan For Winter" for place in "ABCDEFGHIJKL"]
    long_thread = [*thread, *thread, *thread]
    story = [*_STORY, *_STORY_MORE]
    text = "\n".join(
        ["Home", "News", "Sport", "Weather", *story, "100 of 427 comments loaded", *headlines, *long_thread]
    )
    assert clean(text).text == "\n".join(story)
    # Without signatures the lines under such a control are not taken for comments.
    unsigned = "\n".join(
        ["Home", "News", "Sport", "Weather", *_STORY, *_STORY_MORE, "Load All Comments", *(opinions * 3)]
    )
    assert opinions[0] in clean(unsigned).text


def test_a_long_legal_notice_is_boilerplate_but_a_story_about_rights_is_not() -> None:
    story = [*_STORY, *_STORY_MORE]
    notice = (
        "© 2024 Harbour Gazette Media Group. All rights reserved. This material may not be published, broadcast,"
        " rewritten or redistributed without the prior written permission of the publisher."
    )
    assert _kinds("\n".join([*story, notice])) == {notice: "boilerplate"}
    rights = "The council said residents' rights to compensation were reserved until the report is published."
    assert rights in clean("\n".join(["Share this", *story[:3], rights, *story[3:], notice])).text
    licence = (
        "This copy is for your personal, non-commercial use only. Distribution and use of this material are"
        " governed by our Subscriber Agreement and by copyright law."
    )
    assert _kinds("\n".join([*story, licence])) == {licence: "boilerplate"}
    governed = "The harbour is governed by our oldest charter, the mayor said, and no council can sell it."
    assert governed in _cleaned_story_with(governed)


def test_a_long_list_of_words_without_punctuation_is_navigation_but_a_list_of_names_is_kept() -> None:
    story = [*_STORY, *_STORY_MORE]
    cloud = (
        "weather wind water warnings villages tides storms spring rescue rain pumps police pier ocean lifeboat"
        " harbour fishing ferries drains council coast boats bridges beaches alerts"
    )
    assert len(cloud.split()) >= 25
    assert _kinds("\n".join([*story[:4], *story[4:], cloud])) == {cloud: "navigation"}
    # A site's address among the links is not a full stop.
    sites = (
        "Websites HarbourGazette.com News Sport Business Harbour Gazette Weekend Gazette Evening Post Jobs Motors"
        " Property Finder Member Centre Web Feeds Media Pack Site Help Digital Archive Photo Gallery Reader Holidays"
    )
    assert len(sites.split()) >= 25
    assert _kinds("\n".join([*story, sites])) == {sites: "navigation"}
    shortlist = " ".join(f"Ana Lopez{n} (Harbour Town)" for n in range(10))
    assert shortlist in _cleaned_story_with(shortlist)


def test_the_sites_rules_for_comments_are_boilerplate_but_a_story_about_moderation_is_not() -> None:
    story = [*_STORY, *_STORY_MORE]
    policies = [
        "By posting a comment, I confirm that I have read and agree to the terms of use.",
        "Some comments posted here may be reviewed before they are displayed.",
        "Your comment will not appear until it has been cleared by an editor.",
    ]
    assert _kinds("\n".join([*story, *policies])) == dict.fromkeys(policies, "boilerplate")
    told = "The council said comments are reviewed by two officers before the minutes are published."
    assert told in _cleaned_story_with(told)


def test_a_sign_in_prompt_is_boilerplate_and_heads_the_comments_below_it() -> None:
    story = [*_STORY, *_STORY_MORE]
    prompt = "Please sign in or create an account to leave a comment on this story."
    posts: list[str] = []
    for number, words in enumerate(["the pumps", "the drains", "the council", "the storm"]):
        posts += [f"Reader{number} 04 Mar 24", f"Thank you for writing about {words}, it has been a problem for years."]
    text = "\n".join(["Home", "News", "Sport", "Weather", *story, prompt, *posts])
    assert clean(text).text == "\n".join(story)
    kinds = _kinds(text)
    assert kinds[prompt] == "boilerplate" and kinds[posts[1]] == "comments"
    # The same words inside a story's sentence are the story's.
    told = "Residents were told they would need to register to comment on the council's flood plan."
    assert told in _cleaned_story_with(told)


def test_a_posts_filing_record_is_not_body_but_a_story_about_posting_is() -> None:
    story = [*_STORY, *_STORY_MORE]
    record = "This entry was posted in Local News, Weather by Ana Lopez. Bookmark the permalink."
    filed = "Posted in Harbour, Flooding, Weather"
    assert _kinds("\n".join([*story, record, filed])) == {record: "byline", filed: "byline"}
    long_record = (
        "This entry was posted on Saturday, October 16th, 2010 at 12:32 pm and is filed under Harbour News,"
        " Weather, Flooding, Council, Roads, Drains. You can follow any responses to this entry through the"
        " RSS 2.0 feed. You can leave a response, or trackback from your own site."
    )
    assert len(long_record.split()) > 40
    assert _kinds("\n".join([*story, long_record])) == {long_record: "byline"}
    video = "A video posted in May showed water pouring over the harbour wall during a spring tide."
    assert video in _cleaned_story_with(video)


def test_an_account_prompt_and_a_forms_privacy_promise_are_boilerplate() -> None:
    story = [*_STORY, *_STORY_MORE]
    account = "Hi, you are not logged in. Why not create an account now, or if you already have one, log in!"
    promise = "No spam, we promise: your email address will never be shared, and one click unsubscribes you."
    player = "Listen to this story via streaming audio, a downloadable file, or get help with the player."
    kinds = _kinds("\n".join([*story[:3], player, *story[3:], account, promise]))
    assert kinds == {account: "boilerplate", promise: "boilerplate", player: "boilerplate"}
    # A story can tell of accounts and of e-mail without being either.
    told = "Customers who log in to the council website or register by phone will get flood alerts by e-mail."
    leak = "The council admitted that residents' email addresses were shared with a contractor without consent."
    text = _cleaned_story_with(told, leak)
    assert told in text and leak in text


def test_a_posts_own_record_of_its_comment_count_does_not_start_the_comments() -> None:
    intro = [*_STORY, *_STORY_MORE]  # the blog's earlier post, above this one
    header = "Posted on: 04-03-2024 With: 1 Comment Posted by: Ana Lopez"
    post = [
        "The harbour festival went ahead on Saturday despite the flooding earlier in the month.",
        "Organisers moved the stalls to the high street and said visitor numbers were close to last year's.",
    ]
    comment = ["1 Comment", "Tom Reyes 05-03-2024", "The drains on our street are still blocked."]
    signed = ["Ann Lee 06-03-2024", "Thanks for keeping us posted.", "Bo Kim 07-03-2024", "Same here."]
    text = clean("\n".join(["Home", "Blog", "About", "Contact", *intro, header, *post, *comment, *signed])).text
    assert all(line in text for line in post)
    assert comment[2] not in text


def test_after_trafilatura_only_furniture_is_removed_and_the_rest_is_kept_aside() -> None:
    """What an extractor kept outside the story's run is the page's content about as often as
    not (forum replies, a listing's entries, a product's details): it stays in the text, but
    the summary speaks for the story. Navigation and notices are still removed."""
    replies = [
        "I had the same problem with the pumps at our place last winter, and the council never replied.",
        "We fixed ours by fitting a second pump, which cost less than the repairs after the last flood.",
    ]
    furniture = [
        *("Home | News | Sport | Weather", "Share this", "Privacy policy", "Terms of use", "Contact us"),
        *("Advertise with us", "Cookie settings", "About us", "Careers", "Sitemap", "Newsletter"),
        "Follow us on Facebook",
    ]
    text = "\n".join([*_STORY, *_STORY_MORE, *furniture, *replies])
    raw = clean(text)
    assert all(reply not in raw.text for reply in replies)
    precise = letters_only(" ".join([*_STORY, *_STORY_MORE]))
    extracted = clean(text, extracted=True, core=precise)
    assert all(reply in extracted.text for reply in replies)
    assert "Home | News" not in extracted.text and "Cookie settings" not in extracted.text
    asides = [extracted.text[start:end] for start, end in extracted.layout.aside_ranges]
    assert any(replies[0] in aside for aside in asides)
    assert not any(_STORY[0] in aside for aside in asides)
    html = "<html><body><article>" + "".join(f"<p>{line}</p>" for line in [*_STORY, *_STORY_MORE]) + "</article>"
    html += "".join(f"<nav>{line}</nav>" for line in furniture) + "<section>"
    html += "".join(f"<p>{reply}</p>" for reply in replies) + "</section></body></html>"
    digest = newsdigest.digest(html, source="page.html", options=newsdigest.Options(sentences=10))
    assert digest.summary is not None and digest.summary.sentences
    assert not any(reply[:30] in sentence.text for reply in replies for sentence in digest.summary.sentences)
