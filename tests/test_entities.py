from __future__ import annotations

import itertools
import json
import re

import pytest
from click.testing import CliRunner

import newsdigest
import newsdigest.options
from newsdigest import cli
from newsdigest.pipeline.entities import form_key, initials, is_acronym


def entity_with(digest: newsdigest.Digest, form: str) -> list[newsdigest.Entity]:
    return [e for e in digest.entities if form == e.name or form in e.aliases]


def test_one_person_for_pete_hegseth(raw_sample_digest: newsdigest.Digest) -> None:
    hegseths = [e for e in raw_sample_digest.entities if "Hegseth" in e.name or any("Hegseth" in a for a in e.aliases)]
    assert len(hegseths) == 1
    [hegseth] = hegseths
    assert hegseth.name == "Pete Hegseth" and hegseth.label == "PERSON" and "Hegseth" in hegseth.aliases
    assert hegseth.mentions >= 19  # 8 "Pete Hegseth" and 11 "Hegseth" in the raw model output alone


def test_acronym_and_its_definition_are_one_entity(raw_sample_digest: newsdigest.Digest) -> None:
    [udcg] = entity_with(raw_sample_digest, "UDCG")
    assert udcg.name == "Ukraine Defense Contact Group" and udcg.label == "ORG"
    assert entity_with(raw_sample_digest, "Ukraine Defense Contact Group") == [udcg]


def test_us_forms_are_one_place(raw_sample_digest: newsdigest.Digest) -> None:
    [us] = entity_with(raw_sample_digest, "United States")
    assert us.label == "GPE" and {"U.S.", "US"} <= set(us.aliases)
    assert entity_with(raw_sample_digest, "U.S.") == entity_with(raw_sample_digest, "US") == [us]


def test_labels_by_vote_and_no_headline_fragments(raw_sample_digest: newsdigest.Digest) -> None:
    [trump] = entity_with(raw_sample_digest, "Trump")
    assert trump.label == "PERSON"
    forms = [form for e in raw_sample_digest.entities for form in (e.name, *e.aliases)]
    assert "Hegseth Makes" not in forms
    assert not [form for form in forms if re.search(r"[a-z][A-Z]", form)], "glued words such as PlanU.S."
    assert not [form for form in forms if form.startswith(("the ", "The "))]
    assert "Defense" not in forms  # an office in "Defense Secretary", not an organisation


@pytest.mark.parametrize("fixture", ["raw_sample_digest", "sample_digest"])
def test_every_span_points_at_a_form_of_its_entity(
    sample_text: str, fixture: str, request: pytest.FixtureRequest
) -> None:
    digest = request.getfixturevalue(fixture)
    for entity in digest.entities:
        forms = {entity.name, *entity.aliases}
        assert len(entity.spans) == entity.mentions == len(set(entity.spans))
        for start, end in entity.spans:
            assert " ".join(sample_text[start:end].split()) in forms


def names(text: str) -> dict[str, tuple[str, tuple[str, ...], int]]:
    return {e.name: (e.label, e.aliases, e.mentions) for e in newsdigest.digest(text).entities}


def test_people_sharing_a_surname_stay_apart() -> None:
    found = names(
        "Donald Trump and Melania Trump visited Paris on Monday. Trump said the trip was a success. "
        "Melania Trump met schoolchildren."
    )
    assert "Donald Trump" in found and "Melania Trump" in found
    assert "Trump" not in found["Donald Trump"][1] and "Trump" not in found["Melania Trump"][1]


def test_washington_the_city_and_the_president() -> None:
    found = names(
        "George Washington crossed the Delaware in 1776. Today, Washington is the capital of the United States. "
        "Lawmakers in Washington debated the budget."
    )
    assert found["George Washington"][0] == "PERSON" and found["George Washington"][1] == ()
    assert found["Washington"][0] == "GPE" and found["Washington"][2] == 2


def test_titles_are_not_names_and_surnames_merge() -> None:
    found = names(
        "Chancellor Angela Merkel met French President Emmanuel Macron in Berlin. "
        "Merkel said Europe must act. Macron agreed with Merkel."
    )
    assert found["Angela Merkel"] == ("PERSON", ("Merkel",), 3)
    assert found["Emmanuel Macron"] == ("PERSON", ("Macron",), 2)


def test_defined_acronym_is_found_where_the_model_missed_it() -> None:
    text = (
        "The National Renewable Energy Laboratory (NREL) released a report on Tuesday. "
        "Scientists at NREL said solar costs fell. A NREL spokesperson declined to comment."
    )
    found = names(text)
    label, aliases, mentions = found["National Renewable Energy Laboratory"]
    assert label == "ORG"
    assert aliases == ("NREL",) and mentions == text.count("NREL") + 1


def test_helpers() -> None:
    assert is_acronym("U.S.") and is_acronym("UDCG") and not is_acronym("NATO's") and not is_acronym("A")
    assert form_key("U.S.") == form_key("US") == "us"
    assert initials("Organisation for Security and Cooperation in Europe") == "OSCE"


@pytest.mark.parametrize("types", ["PERSON", "PERSON,GPE"])
def test_entities_command(sample_path, types: str) -> None:
    result = CliRunner().invoke(cli.main, ["entities", "--json", "--entity-types", types, str(sample_path)])
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert {e["label"] for e in record["entities"]} == set(types.split(","))
    view = CliRunner().invoke(cli.main, ["entities", str(sample_path)])
    assert "Pete Hegseth" in view.stdout and "Summary" not in view.stdout and "Tags" not in view.stdout
    assert "newsdigest entities lists all" not in view.stdout


def test_spelling_variants_of_one_name_are_one_entity() -> None:
    assert form_key("TimeWarner") == form_key("Time Warner") == form_key("time-warner")
    assert form_key("The Guardian") == form_key("Guardian") and form_key("U.S.") == form_key("US")
    assert form_key("Theodore") != form_key("odore")  # only a whole leading word "The" goes
    text = (
        "TimeWarner said on Tuesday that profits rose by a quarter in the last three months of the year. "
        "Time Warner, which owns the CNN news channel, also said it would sell part of its music business. "
        "Analysts had expected TimeWarner to report weaker results after a slow Christmas."
    )
    names = [e for e in newsdigest.digest(text).entities if "warner" in e.name.lower()]
    assert len(names) == 1 and names[0].mentions == 3, [(e.name, e.aliases) for e in names]


def test_a_name_ending_in_a_company_word_is_an_organisation() -> None:
    from newsdigest.pipeline.entities import _label_by_form

    assert _label_by_form("Kestrel Stockbrokers", "PRODUCT") == "ORG"
    assert _label_by_form("Harlow Airways", "PERSON") == "ORG"
    assert _label_by_form("West Bank", "GPE") == "GPE"  # "bank" is not a company word
    assert _label_by_form("Stockbrokers", "PRODUCT") == "PRODUCT"  # one word: no evidence of a name
    assert _label_by_form("Acme Holdings", "ORG") == "ORG"


def test_a_clipped_name_joins_the_body_it_clips() -> None:
    text = (
        "The Federal Reserve raised interest rates by a quarter of a point on Wednesday. "
        "It was the fifth rise this year, and the Fed said more would follow if prices kept climbing. "
        "Economists said the Fed was worried about wages."
    )
    entities = newsdigest.digest(text).entities
    fed = [e for e in entities if "Fed" in e.name or "Fed" in e.aliases]
    assert len(fed) == 1 and fed[0].name == "Federal Reserve" and fed[0].mentions == 3, [
        (e.name, e.aliases) for e in entities
    ]


def test_what_the_text_says_of_a_name_decides_its_type() -> None:
    text = (
        "Quillfeather reported a rise in sales on Monday. Online advertising company Quillfeather said "
        "Quillfeather would hire two hundred people. Analysts at Brantwood Lyle expect Quillfeather to grow, "
        "and shares in Quillfeather rose by a tenth."
    )
    entities = {e.name: e.label for e in newsdigest.digest(text).entities}
    # The model reads "Brantwood Lyle" as a person's name; "analysts at" says it is a firm.
    assert entities.get("Brantwood Lyle") == "ORG", entities


def test_a_wire_dateline_names_a_place() -> None:
    from newsdigest.pipeline.entities import dateline_places

    text = (
        "TALLBRIDGE 2024-03-02\n"
        "Flood defences held overnight as the river rose to its highest level in forty years.\n"
        "PORT ELSWICK, Marland 2024-03-02\n"
        "WESTHAVEN, March 2 (Reuters) - The harbour reopened on Saturday.\n"
        "NOTE 2024 was a wet year.\n"
    )
    places = [text[start:end] for start, end in dateline_places(text)]
    assert places == ["TALLBRIDGE", "PORT ELSWICK", "Marland", "WESTHAVEN"]
    story = (
        "TALLBRIDGE 2024-03-02\n"
        "Flood defences held overnight as the river rose to its highest level in forty years, "
        "the mayor of Tallbridge said on Saturday. Tallbridge has spent ten million on new walls."
    )
    entities = {e.name: e for e in newsdigest.digest(story).entities}
    tallbridge = [e for e in entities.values() if e.name.lower() == "tallbridge"]
    assert len(tallbridge) == 1 and tallbridge[0].label == "GPE" and tallbridge[0].mentions == 3, entities


def test_results_figures_and_joined_names_are_cut_from_mentions() -> None:
    from newsdigest.pipeline.entities import mention_joins, trim_mention

    line = "Bowling: J. Marlowe 4-37, T. Hendry 54"
    start = line.index("J. Marlowe")
    assert line[slice(*trim_mention(line, start, start + len("J. Marlowe 4-37"), "PERSON"))] == "J. Marlowe"
    start = line.index("T. Hendry")
    assert line[slice(*trim_mention(line, start, len(line), "PERSON"))] == "T. Hendry"
    product = "the new Skylark 747 jet"
    start = product.index("Skylark")
    assert product[slice(*trim_mention(product, start, start + len("Skylark 747"), "PRODUCT"))] == "Skylark 747"
    lineup = "Marland - Tomas Reeve (Westria)"
    cuts = [0, *mention_joins(lineup, 0, len(lineup)), len(lineup)]
    pieces = [lineup[a:b] for a, b in itertools.pairwise(cuts)]
    assert pieces == ["Marland", " - ", "Tomas Reeve", " (", "Westria)"]


def test_a_company_word_alone_joins_the_company_it_ends() -> None:
    text = (
        "Kestrel Group said on Monday it would sue the state oil company over the seizure of its assets. "
        "The Group's managing director told reporters the seizure broke the law. "
        "Kestrel Group owns a majority of the oil producer's shares."
    )
    entities = newsdigest.digest(text).entities
    assert not [e for e in entities if e.name == "Group"], [(e.name, e.aliases) for e in entities]


def test_a_named_analysts_employer_is_an_organisation() -> None:
    text = (
        "Fuel surcharges rose again on Tuesday. Yet aviation analyst Tom Reyes of Fenwick Stroud Abbott says "
        "the airline's surcharge revenue will not cover its fuel bill this year."
    )
    # The model reads "Fenwick Stroud Abbott" as a person's name; "analyst … of" says it is a firm.
    entities = {e.name: e for e in newsdigest.digest(text, options=newsdigest.Options(explain=True)).entities}
    firm = entities["Fenwick Stroud Abbott"]
    assert firm.label == "ORG" and firm.why is not None, entities
    assert firm.why["votes"] == {"PERSON": 1} and firm.why["evidence"] == ["ORG +10: “analyst Tom Reyes of …”"]
    assert entities["Tom Reyes"].why == {"votes": {"PERSON": 1}, "evidence": []}
    shown = CliRunner().invoke(cli.main, ["entities", "--explain", "-"], input=text, env={"COLUMNS": "200"})
    assert shown.exit_code == 0 and "analyst Tom Reyes of" in shown.stdout


def test_a_name_the_model_never_tagged_is_found_when_the_text_says_what_it_is() -> None:
    text = (
        "Seek Owl has become the third online search firm this week to report a rise in advertising. "
        "Seek Owl, once among the best-known names on the web, is now a modest player. "
        "Neither Seek Owl nor its rivals thrilled investors on Thursday."
    )
    entities = {e.name: e for e in newsdigest.digest(text).entities}
    assert "Seek Owl" in entities and entities["Seek Owl"].label == "ORG", entities
    assert entities["Seek Owl"].mentions == 3
    # Capitals that only open sentences, or recur with nothing to say what they name, are left alone.
    from newsdigest.pipeline.entities import _discover_names, _Groups

    for plain in (
        "Heavy Rain fell on Sunday. Heavy Rain fell on Monday. Then Heavy Rain fell again on Tuesday.",
        "Seek Owl opened. Seek Owl closed. Seek Owl opened again.",  # only ever opening a sentence
    ):
        groups = _Groups()
        _discover_names(plain, groups, [])
        assert not groups.by_key, plain
    groups = _Groups()
    _discover_names(text, groups, [])
    assert [(g.forms, dict(g.labels)) for g in groups.by_key.values()] == [({"Seek Owl": 3}, {"ORG": 3})]


def test_a_name_the_model_cut_in_two_is_one_company_by_what_follows_it() -> None:
    # The model tags "Gala" and "Bingo" apart, both as places; "the … chain" says company.
    text = "The group now owns 34 casinos, the Gala Bingo chain and more than 100 cafes in 38 countries."
    entities = {e.name: e.label for e in newsdigest.digest(text).entities}
    assert entities.get("Gala Bingo") == "ORG" and "Bingo" not in entities, entities
    # A nationality before a name describes it; it is not part of it.
    people = {e.name for e in newsdigest.digest("Australian Tom Moody scored a century on Sunday.").entities}
    assert "Tom Moody" in people and "Australian Tom Moody" not in people, people


GADGET_STORY = """Brightwell Robotics unveils a faster arm controller

Brightwell Robotics said on Tuesday that its new controller runs AI models on the arm itself. The board has four USB ports and a link rated at 10 Gbps. Its pump moves 30 Torvs of coolant, or 45 Torvs when cold.

Genetics

Genetics matter less than people think, said Maria Okafor, PhD, who studies the genetics of robot designers.

The hardware team replaced two GPUs with one custom chip. Okafor said GPUs were too hot for a sealed arm.

The controller reports its Time To First Motion (TTFM) in every log; the first motion takes time. Analysts at the Financial Stability Board (FSB) were not asked. The FSB meets in Basel.

Large language models (LLMs) plan the moves, cooled by leche de tigre.
"""


def test_abbreviations_units_and_headings_are_not_names() -> None:
    digest = newsdigest.digest(GADGET_STORY, options=newsdigest.Options(entity_types=newsdigest.options.ENTITY_LABELS))
    names = {form for entity in digest.entities for form in (entity.name, *entity.aliases)}
    # A kind of thing, a qualification, a unit after figures, a heading over a paragraph on
    # genetics, a term defined by ordinary words, a lower-case dish: none is a name.
    assert not names & {"AI", "USB", "PhD", "Torvs", "Genetics", "Time To First Motion", "TTFM", "leche de tigre"}
    # Names stay, numbers too.
    assert {"Brightwell Robotics", "Financial Stability Board", "FSB", "Maria Okafor", "Basel"} <= names
    assert {"four", "two"} <= names


def test_a_sentence_listing_authors_is_prose_and_job_titles_are_not_bodies() -> None:
    text = (
        "Researchers say teams share ideas better with a chatbot in the room. It is co-authored by Mara Quell, "
        "a Lecturer in Finance at the University of Leeds in England, David Chen of London Business School and "
        "Sarah Miller, Professor of Economics at Boston University in Massachusetts.\n\nThe research found that teams improved."
    )
    digest = newsdigest.digest(text, options=newsdigest.Options(entity_types=newsdigest.options.ENTITY_LABELS))
    found = {(e.name, e.label) for e in digest.entities}
    # The clauses after commas are a list of names in a sentence, not title-case headlines.
    assert {("David Chen", "PERSON"), ("Sarah Miller", "PERSON"), ("Boston University", "ORG")} <= found
    assert {("London Business School", "ORG"), ("Massachusetts", "GPE")} <= found
    names = {name for name, _ in found}
    assert not names & {"Lecturer in Finance", "Professor of Economics", "Economics at Boston University"}


def test_a_lower_case_verb_makes_a_title_case_line_prose() -> None:
    text = (
        "Robots now pack most parcels in the region.\n\n"
        "Mara Quell is the CEO and Founder of Brightwell Robotics, a London-based maker of robot arms."
    )
    found = {(e.name, e.label) for e in newsdigest.digest(text).entities}
    # Title case would write "Is"; the post before "of" is not part of the company's name.
    assert {("Mara Quell", "PERSON"), ("Brightwell Robotics", "ORG")} <= found


def test_a_possessive_inside_a_name_splits_owner_from_owned() -> None:
    text = (
        "Staff at Academy of Design University's School of Graphic Arts won prizes. "
        "The Academy of Design University is in Leeds."
    )
    digest = newsdigest.digest(text, options=newsdigest.Options(explain=True))
    found = {e.name: e for e in digest.entities}
    assert "Academy of Design University's School of Graphic Arts" not in found
    # What is owned is a body here ("School"); the owner joins its own other mention.
    assert found["School of Graphic Arts"].label == "ORG"
    assert found["Academy of Design University"].mentions == 2


def test_model_numbers_name_products_and_tail_initials_join_their_body() -> None:
    text = (
        "The lab tested its Korvin-7B model on a Tessar T900 board. Korvin-7B answered faster than the older "
        "Korvin-3B, and the Tessar T900 drew less power. In Q3 the 4th update shipped. The U.S. Halden Science "
        "Foundation paid for the tests; HSF said more would follow."
    )
    digest = newsdigest.digest(text, options=newsdigest.Options(explain=True))
    found = {e.name: e for e in digest.entities}
    # A word of letters and digits names a model: tagged a number or an organisation by the
    # model, or missed altogether ("Korvin-3B"); quarters and ordinals are not models.
    assert {found[name].label for name in ("Korvin-7B", "Korvin-3B", "Tessar T900")} == {"PRODUCT"}
    assert found["Korvin-7B"].mentions == 2 and "Q3" not in found
    # "HSF" spells the last words of the foundation's name, with no brackets to say so.
    assert "HSF" in found["U.S. Halden Science Foundation"].aliases


def test_a_last_word_naming_a_business_or_a_product_decides_the_type() -> None:
    text = (
        "The library was designed by Harlan Mott Architecture, whose founder spoke at the opening. "
        "Orders go through the Quillon Identity Platform, which Ravi Shah built."
    )
    digest = newsdigest.digest(text, options=newsdigest.Options(explain=True))
    found = {e.name: e for e in digest.entities}
    firm, platform = found["Harlan Mott Architecture"], found["Quillon Identity Platform"]
    assert firm.label == "ORG" and firm.why is not None and firm.why["votes"] == {"PERSON": 1}
    assert platform.label == "PRODUCT" and platform.why is not None and "Platform" in platform.why["evidence"][0]
    assert found["Ravi Shah"].label == "PERSON"
