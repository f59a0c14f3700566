"""Named-entity mentions → one record per real-world entity, most salient first.

spaCy finds mentions; this stage decides which mentions are the same thing, from the
article alone (no knowledge base):

1. Mentions are normalised: leading article, possessive, edge punctuation, a person's
   title ("Defense Secretary"), and text glued on by scraping are cut off.
2. Headlines are untrustworthy (title case fools the model: "Hegseth Makes"); a mention
   inside one is kept only for the names in it that the article's prose also uses.
3. Forms are grouped by their normalised spelling, then merged where the article gives
   evidence: an acronym defined in the text ("Ukraine Defense Contact Group (UDCG)"),
   initials ("U.S." ↔ "United States"), a surname shared with exactly one full name
   ("Hegseth" → "Pete Hegseth"). Ambiguity leaves entities apart.
4. Names the model tagged somewhere are found again where it missed them.
5. Each entity's label is the vote of its mentions.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc

from newsdigest.options import NUMERIC_LABELS
from newsdigest.pipeline.clean import Layout, layout_of
from newsdigest.pipeline.names import BODY_WORDS, is_model_number, product_names, role_prefix_end
from newsdigest.records import Entity

_LEADING_WORDS = frozenset({"the", "a", "an"})
_EDGE_PUNCTUATION = "\"'“”‘’()[]{}<>«»,;:!?*-–—|/\\"
_POSSESSIVES = ("'s", "’s", "'", "’")
# Words that precede a name as a title or office, never part of the name itself.
OFFICES = frozenset(
    """mr mr. mrs mrs. ms ms. dr dr. prof prof. sir dame lord lady president vice secretary minister
    prime deputy chancellor senator sen sen. representative rep rep. governor gov gov. mayor general
    gen gen. admiral colonel col col. captain capt capt. sergeant judge justice king queen prince
    princess pope cardinal bishop rabbi sheikh ambassador chairman chairwoman chair ceo coach""".split()
)
# Words that qualify an office ("Defense Secretary", "former President", "U.S. Ambassador").
_OFFICE_QUALIFIERS = frozenset(
    "defense defence foreign interior finance state home chief former late us u.s. uk".split()
)
_TITLES = OFFICES | _OFFICE_QUALIFIERS
_NAME_LABELS = frozenset({"PERSON"})
# Labels that can stand for the same organisation or place in different sentences:
# spaCy often tags one country GPE here and ORG or NORP there.
_PLACE_OR_BODY = frozenset({"ORG", "GPE", "LOC", "NORP", "FAC"})
_CORPORATE_SUFFIXES = frozenset(
    "inc inc. corp corp. co co. ltd ltd. plc llc ag sa group holdings company corporation".split()
)
_ACRONYM = re.compile(r"^[A-Z](?:[A-Z&]|\.(?=[A-Z]))*\.?$")
_DEFINITION = re.compile(
    r"((?:[A-Z][\w&'’.-]*\s+(?:(?:of|for|and|the|on|de|du|des|la|le)\s+)*){1,8})\(([A-Z][A-Z&.]{1,9})\)"
)
# "non-NATO", "anti-Trump", "ex-Google": the name is what follows the prefix.
_NEGATING_PREFIX = re.compile(r"(?:non|anti|pro|ex|post|pre)[-‐–](?=[A-Z])")
_INITIALS_SKIP = frozenset({"of", "for", "and", "the", "on", "de", "du", "des", "la", "le", "&"})


@dataclass
class _Mention:
    start: int
    end: int
    label: str


@dataclass
class _Group:
    forms: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    spans: set[tuple[int, int]] = field(default_factory=set)
    #: What, beyond the model's votes, decided the type (for --explain).
    evidence: list[str] = field(default_factory=list)
    #: The article defines it by its initials ("Time To First Token (TTFT)").
    defined: bool = False

    def add(self, form: str, label: str, span: tuple[int, int], vote: bool = True) -> None:
        if span in self.spans:
            return
        self.forms[form] += 1
        if vote:
            self.labels[label] += 1
        self.spans.add(span)

    def absorb(self, other: _Group) -> None:
        for span in other.spans - self.spans:
            self.spans.add(span)
        self.forms.update(other.forms)
        self.labels.update(other.labels)
        self.evidence += [note for note in other.evidence if note not in self.evidence]
        self.defined = self.defined or other.defined


_SPELLING_NOISE = re.compile(r"[\s\-‐‑–.]+")


def is_acronym(form: str) -> bool:
    return len(form.replace(".", "")) >= 2 and bool(_ACRONYM.match(form))


def form_key(form: str) -> str:
    """Spelling-insensitive key: case-folded, 'U.S.' keyed like 'US', and spaces, hyphens and a
    leading "The" ignored ("TimeWarner" / "Time Warner", "Al-Qaeda" / "Al Qaeda")."""
    if is_acronym(form):
        return form.replace(".", "").casefold()
    folded = form.casefold()
    if folded.startswith("the ") and len(folded) > 4:
        folded = folded[4:]
    return _SPELLING_NOISE.sub("", folded) or folded


def initials(form: str) -> str:
    return "".join(word[0] for word in form.split() if word.lower() not in _INITIALS_SKIP and word[0].isupper())


_TRAILING_FIGURES = re.compile(r"(?:\s+\d+(?:\.\d+)?(?:-\d+(?:\.\d+)?)*)+$")
# A spaced dash or an opening bracket inside a mention joins two things: a country and its
# player ("Lithuania - Danius Gleveckas"), a name and its country ("Scott Draper (Australia").
_JOINS = re.compile(r"\s[-–—]\s|\s\(")


def mention_joins(text: str, start: int, end: int) -> list[int]:
    """Where to cut a mention around each join (the join itself becomes a piece of its own)."""
    return sorted(offset for match in _JOINS.finditer(text, start, end) for offset in match.span())


def trim_mention(text: str, start: int, end: int, label: str) -> tuple[int, int] | None:
    """Bounds of a mention without article, possessive, titles and edge punctuation."""
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in _EDGE_PUNCTUATION):
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_PUNCTUATION):
            end -= 1
        for possessive in _POSSESSIVES:
            if text[start:end].endswith(possessive) and end - len(possessive) > start:
                end -= len(possessive)
                break
        words = text[start:end].split()
        if len(words) > 1:
            first = words[0].lower()
            if first in _LEADING_WORDS or (label in _NAME_LABELS and first in _TITLES):
                start = text.index(words[0], start) + len(words[0])
            elif _is_title_prefix(text, end) and len(words) == 2 and words[-1].lower() in _TITLES:
                # "U.S. Defense| Secretary Pete Hegseth": the office, not an organisation.
                end = start + len(words[0])
        prefix = _NEGATING_PREFIX.match(text, start, end)
        if prefix:
            start = prefix.end()
        figures = _TRAILING_FIGURES.search(text, start, end)
        if figures and (label in _NAME_LABELS or "-" in figures.group(0).strip()):
            # "I. Austin 4-37", "W. Hegg 54": a results table's figures after a name; a
            # number can end a product's or a team's name ("Boeing 747"), never a person's.
            end = figures.start()
        if (start, end) == before:
            break
    mention = text[start:end]
    if start >= end or not any(ch.isalpha() for ch in mention):
        return None
    if not is_acronym(mention) and all(word.lower() in _TITLES for word in mention.split()):
        return None  # "Defense" of "Defense Secretary" is not an organisation
    return start, end


def _skip_sentence_opener(text: str, start: int, end: int) -> int:
    """After a glue point a new sentence starts: drop an ordinary capitalised opener ("New US …")."""
    first = text[start:end].split()[0] if text[start:end].split() else ""
    if first and len(text[start:end].split()) > 1 and re.search(rf"(?<!\w){re.escape(first.lower())}(?!\w)", text):
        return start + len(first)
    return start


def _is_title_prefix(text: str, end: int) -> bool:
    following = text[end : end + 30].split()
    return bool(following) and following[0].lower().strip(".,") in _TITLES


def _split_at(start: int, end: int, cuts: Sequence[int]) -> list[tuple[int, int]]:
    inside = [cut for cut in cuts if start < cut < end]
    bounds = [start, *inside, end]
    return list(itertools.pairwise(bounds))


def _in_ranges(offset: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in ranges)


class _Groups:
    """Form groups keyed by spelling, merged with a union-find as evidence comes in."""

    def __init__(self) -> None:
        self.by_key: dict[str, _Group] = {}
        self.parent: dict[str, str] = {}

    def add(self, form: str, label: str, span: tuple[int, int], vote: bool = True) -> None:
        key = form_key(form)
        self.by_key.setdefault(key, _Group()).add(form, label, span, vote)
        self.parent.setdefault(key, key)

    def root(self, key: str) -> str:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.root(a), self.root(b)
        if root_a != root_b:
            self.parent[root_b] = root_a

    def label_of(self, key: str) -> str:
        return self.by_key[key].labels.most_common(1)[0][0]

    def merged(self) -> list[_Group]:
        result: dict[str, _Group] = {}
        for key, group in self.by_key.items():
            result.setdefault(self.root(key), _Group()).absorb(group)
        return list(result.values())


def _compatible(a: str, b: str) -> bool:
    return a == b or (a in _PLACE_OR_BODY and b in _PLACE_OR_BODY)


def _merge_acronym_definitions(text: str, groups: _Groups) -> None:
    """'Ukraine Defense Contact Group (UDCG)': the acronym and its expansion are one."""
    for match in _DEFINITION.finditer(text):
        acronym = match.group(2)
        words = match.group(1).split()
        # The expansion is the shortest tail of the capitalised run whose initials spell
        # the acronym ("… at the Ukraine Defense Contact Group (UDCG)").
        for first in range(len(words)):
            if words[first].lower() in _INITIALS_SKIP or words[first].lower() in _LEADING_WORDS:
                continue
            candidate = " ".join(words[first:])
            if initials(candidate).upper() == acronym.replace(".", "").upper():
                break
        else:
            continue
        start = match.start(1) + match.group(1).index(candidate)
        expansion_span = (start, start + len(candidate))
        acronym_span = (match.start(2), match.end(2))
        key_long, key_short = form_key(candidate), form_key(acronym)
        label = next(
            (groups.label_of(key) for key in (key_long, key_short) if key in groups.by_key),
            "ORG",
        )
        groups.add(candidate, label, expansion_span)
        groups.add(acronym, label, acronym_span)
        groups.by_key[key_long].defined = groups.by_key[key_short].defined = True
        groups.union(key_long, key_short)


def _merge_initials(groups: _Groups) -> None:
    """'US' / 'U.S.' ↔ 'United States' when exactly one compatible name has those initials;
    'NSF' ↔ 'U.S. National Science Foundation' when they are the initials of its last words."""
    long_forms: dict[str, list[str]] = {}
    for key, group in groups.by_key.items():
        form = group.forms.most_common(1)[0][0]
        words = form.split()
        if len(words) >= 2 and not is_acronym(form):
            spelled = {initials(" ".join(words[first:])).casefold() for first in range(len(words) - 1)}
            for letters in spelled:
                if len(letters) >= 2:
                    long_forms.setdefault(letters, []).append(key)
    for key, group in list(groups.by_key.items()):
        form = group.forms.most_common(1)[0][0]
        if not is_acronym(form):
            continue
        candidates = [
            other for other in long_forms.get(key, []) if _compatible(groups.label_of(other), groups.label_of(key))
        ]
        if len({groups.root(c) for c in candidates}) == 1:
            groups.union(candidates[0], key)


def _merge_short_names(groups: _Groups) -> None:
    """'Hegseth' → 'Pete Hegseth'; 'Siemens' → 'Siemens AG'. Ambiguous short forms stay apart."""
    by_last: dict[str, list[str]] = {}
    by_first: dict[str, list[str]] = {}
    for key, group in groups.by_key.items():
        words = group.forms.most_common(1)[0][0].split()
        if len(words) < 2:
            continue
        label = groups.label_of(key)
        if label in _NAME_LABELS:
            by_last.setdefault(words[-1].casefold(), []).append(key)
        elif label in _PLACE_OR_BODY and all(w.lower() in _CORPORATE_SUFFIXES for w in words[1:]):
            by_first.setdefault(words[0].casefold(), []).append(key)
    # A clipped first word names the body it clips ("the Fed" for "Federal Reserve"), when
    # exactly one organisation in the article starts with a word it begins.
    bodies = [
        (key, group.forms.most_common(1)[0][0].split()[0].casefold())
        for key, group in groups.by_key.items()
        if len(group.forms.most_common(1)[0][0].split()) >= 2 and groups.label_of(key) == "ORG"
    ]
    # A company word alone ("Group" beside "Menatep Group") is a fragment of the one
    # organisation whose name ends with it.
    by_company_word: dict[str, set[str]] = {}
    for key, group in groups.by_key.items():
        words = group.forms.most_common(1)[0][0].split()
        if len(words) >= 2 and words[-1].casefold() in _COMPANY_WORDS and groups.label_of(key) in _PLACE_OR_BODY:
            by_company_word.setdefault(words[-1].casefold(), set()).add(key)
    for key, group in list(groups.by_key.items()):
        form = group.forms.most_common(1)[0][0]
        if len(form.split()) != 1:
            continue
        labels = set(group.labels)
        clipped = form.casefold()
        owners = {groups.root(k) for k in by_company_word.get(clipped, ())}
        if len(owners) == 1:
            groups.union(next(iter(owners)), key)
            continue
        if "ORG" in labels and len(clipped) >= 3 and not is_acronym(form):
            fuller = {groups.root(k) for k, first in bodies if first != clipped and first.startswith(clipped)}
            if len(fuller) == 1:
                groups.union(next(iter(fuller)), key)
                continue
        for index, compatible in ((by_last, labels & _NAME_LABELS), (by_first, labels & _PLACE_OR_BODY)):
            candidates = {groups.root(c) for c in index.get(key, [])} if compatible else set()
            if len(candidates) == 1:
                groups.union(next(iter(candidates)), key)


#: A short form that is a place stays apart from a longer name it begins ("Washington" and
#: "Washington Post").
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP"})


def _merge_leading_words(groups: _Groups) -> None:
    """'ClearFlame' → 'ClearFlame Engine Technologies', 'Keystone' → 'Keystone Tower Systems':
    a name that is the first words of exactly one company's longer name in the article (one
    ending in a company word: without that condition, names that begin a product's or a
    programme's name were swallowed, and the read and held-out halves both lost 0.6 typed F1)."""
    bodies: dict[str, set[str]] = {}
    for key, group in groups.by_key.items():
        words = group.forms.most_common(1)[0][0].casefold().split()
        if len(words) >= 2 and groups.label_of(key) == "ORG" and words[-1].strip(".") in _COMPANY_WORDS:
            for length in range(1, len(words)):
                bodies.setdefault(" ".join(words[:length]), set()).add(key)
    for key, group in list(groups.by_key.items()):
        form = group.forms.most_common(1)[0][0]
        if is_acronym(form) or groups.label_of(key) in _PLACE_LABELS | NUMERIC_LABELS:
            continue
        longer = {
            groups.root(other) for other in bodies.get(form.casefold(), ()) if groups.root(other) != groups.root(key)
        }
        if len(longer) == 1:
            groups.union(next(iter(longer)), key)


def _adopt_headline_mentions(text: str, groups: _Groups, mentions: Iterable[_Mention]) -> None:
    """Keep a headline mention only when the prose vouches for it.

    That is when prose uses the same name, or an acronym of it ("United States" in a
    headline, "U.S." in the article). Other headline spans are dropped; the names inside
    them that prose knows are found again by mention recovery ("Hegseth" in "Hegseth Makes").
    """
    acronyms = {key for key, group in groups.by_key.items() if is_acronym(group.forms.most_common(1)[0][0])}
    for mention in mentions:
        form = " ".join(text[mention.start : mention.end].split())
        key = form_key(form)
        spelled_out = initials(form).casefold()
        if key in groups.by_key or (
            len(form.split()) >= 2
            and spelled_out in acronyms
            and _compatible(mention.label, groups.label_of(spelled_out))
        ):
            groups.add(form, mention.label, (mention.start, mention.end))


def _recover_mentions(
    text: str, groups: _Groups, taken: list[tuple[int, int]], headlines: Sequence[tuple[int, int]]
) -> None:
    """Find known names where the model missed them.

    Only distinctive forms are searched: capitalised, not a common word elsewhere in the
    text (so "May" the month is not taken for Theresa May), and in prose only when not
    part of a longer capitalised name. All forms are found in one pass of one pattern.
    """
    lower_case_words = set(re.findall(r"\b[a-z][\w'-]*", text))
    # variant text → (group key, form, searched in prose too)
    variants: dict[str, tuple[str, str, bool]] = {}
    for key, group in groups.by_key.items():
        for form in group.forms:
            if len(form) < 2 or not form[0].isupper():
                continue
            if len(form.split()) == 1 and not is_acronym(form) and form.lower() in lower_case_words:
                continue  # also used as an ordinary lower-case word
            spellings = {form}
            if is_acronym(form):
                letters = form.replace(".", "")
                spellings |= {letters, ".".join(letters) + "."}
            for spelling in spellings:
                variants.setdefault(spelling, (key, form, True))
            # Upper-cased names are searched in headlines only ("LEICESTERSHIRE").
            variants.setdefault(form.upper(), (key, form, False))
    if not variants:
        return
    pattern = re.compile(
        r"(?<![\w.])(?:" + "|".join(re.escape(v) for v in sorted(variants, key=len, reverse=True)) + r")(?!\w)"
    )
    occupied = sorted(taken)
    starts = [start for start, _ in occupied]
    for match in pattern.finditer(text):
        start, end = match.span()
        key, form, in_prose = variants[match.group()]
        position = bisect.bisect_right(starts, start)
        overlaps_before = position > 0 and occupied[position - 1][1] > start
        overlaps_after = position < len(occupied) and occupied[position][0] < end
        if overlaps_before or overlaps_after:
            continue
        in_headline = _in_ranges(start, headlines)
        if not in_headline and (not in_prose or _touches_capitalised_word(text, start, end)):
            continue
        groups.by_key[key].add(form, groups.label_of(key), (start, end))
        occupied.insert(position, (start, end))
        starts.insert(position, start)


_CAPITALISED_WORD = r"[A-Z][a-z]+(?:[A-Z][a-z]+)?"
# Two to four capitalised words, with "of", "the", "and" … inside ("The Return of the King").
_CAPITALISED_RUN = re.compile(
    rf"(?<![\w.'’-]){_CAPITALISED_WORD}(?:\s(?:(?:of|the|and|for|de|on|in|a)\s){{0,2}}{_CAPITALISED_WORD}){{1,3}}(?![\w'’-])"
)
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:;\"”]\s*|\n\s*)$")
#: A name the model never tagged is taken only on this much evidence: written capitalised
#: where no sentence starts, and found this many times in the prose.
DISCOVERED_MIN_MENTIONS = 3
#: An ordinary word of English (Zipf ≥ 4.5: "neither", "but", "after") opening a sentence
#: is not part of the name that follows it.
COMMON_WORD_ZIPF = 4.5


#: Nouns that say what kind of thing a name near them is ("the search firm Ask Jeeves",
#: "the film Star Wars"): evidence for a name the model never tagged.
_KIND_NOUNS = {
    "ORG": frozenset(
        "firm company group bank shares chief executive chairman owner rival retailer carmaker maker "
        "brand airline agency newspaper magazine website network club team party union".split()
    ),
    "WORK_OF_ART": frozenset("film movie album song single book novel series show play musical sequel episode".split()),
}
_KIND_WINDOW_WORDS = 8


def _label_from_neighbours(text: str, places: Sequence[tuple[int, int]]) -> str | None:
    votes: Counter[str] = Counter()
    for start, end in places:
        before = re.findall(r"[a-z]+", text[max(0, start - 80) : start].lower())[-_KIND_WINDOW_WORDS:]
        after = re.findall(r"[a-z]+", text[end : end + 80].lower())[:_KIND_WINDOW_WORDS]
        for label, nouns in _KIND_NOUNS.items():
            votes[label] += sum(word in nouns for word in (*before, *after))
    if not votes or votes.most_common(1)[0][1] == 0:
        return None
    return votes.most_common(1)[0][0]


def _occurrences(text: str, word_run: str) -> Iterator[int]:
    """Where ``word_run`` stands as whole words (a find loop: a pattern per run compiled for
    every article cost more than the rest of the entity stage)."""
    start = text.find(word_run)
    while start != -1:
        end = start + len(word_run)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before in "'’-_" or after.isalnum() or after in "'’-_"):
            yield start
        start = text.find(word_run, start + 1)


def _discover_names(text: str, groups: _Groups, headlines: Sequence[tuple[int, int]]) -> None:
    """Names the model missed everywhere ("Ask Jeeves has become …", "Neither Ask Jeeves nor …"):
    a run of capitalised words that recurs, is capitalised mid-sentence too, and holds a word
    the text never writes in lower case. The nouns around it say what it is ("search firm");
    without them it is left out."""
    from newsdigest.lexicon import zipf

    lower_case_words = {word.casefold() for word in re.findall(r"\b[a-z][\w'’-]*", text)}
    taken = sorted(span for group in groups.by_key.values() for span in group.spans)
    starts = [start for start, _ in taken]

    def free(start: int, end: int) -> bool:
        position = bisect.bisect_right(starts, start)
        return not (position > 0 and taken[position - 1][1] > start) and not (
            position < len(taken) and taken[position][0] < end
        )

    candidates: set[str] = set()
    for match in _CAPITALISED_RUN.finditer(text):
        start = match.start()
        if _in_ranges(start, headlines):
            continue
        words = match.group().split()
        if _SENTENCE_BEFORE.search(text[max(0, start - 3) : start]):
            if words[0].casefold() not in lower_case_words and zipf(words[0].casefold()) < COMMON_WORD_ZIPF:
                continue  # capitalised perhaps only because it opens the sentence
            words = words[1:]  # "Neither Ask Jeeves": the opener is an ordinary word
        while words and not words[0][:1].isupper():
            words = words[1:]
        names = [word for word in words if word[:1].isupper()]
        if len(names) < 2 or any(word.casefold() in _TITLES for word in names):
            continue
        if all(word.casefold() in lower_case_words for word in names):
            continue
        candidates.add(" ".join(words))
    for form in sorted(candidates, key=len, reverse=True):
        places = [
            (start, start + len(form))
            for start in _occurrences(text, form)
            if not _in_ranges(start, headlines) and free(start, start + len(form))
        ]
        if len(places) < DISCOVERED_MIN_MENTIONS:
            continue
        label = _label_from_neighbours(text, places)
        if label is None:
            continue  # recurring capitals with nothing around them to say what they name
        for span in places:
            groups.add(form, label, span)
            position = bisect.bisect_right(starts, span[0])
            taken.insert(position, span)
            starts.insert(position, span[0])
        groups.by_key[form_key(form)].evidence.append(
            f"found where the model missed it: capitalised mid-sentence, {len(places)} times, beside {label} nouns"
        )


def _discover_products(text: str, groups: _Groups, headlines: Sequence[tuple[int, int]]) -> None:
    """Names with a model number the model missed ("Qwen3-14B", "Suptronics X1013")."""
    taken = sorted(span for group in groups.by_key.values() for span in group.spans)
    for start, end in product_names(text):
        if _in_ranges(start, headlines) or any(a < end and start < b for a, b in taken):
            continue
        form = " ".join(text[start:end].split())
        groups.add(form, "PRODUCT", (start, end))
        note = "found where the model missed it: a model number"
        if note not in groups.by_key[form_key(form)].evidence:
            groups.by_key[form_key(form)].evidence.append(note)


def _touches_capitalised_word(text: str, start: int, end: int) -> bool:
    """True when the span sits inside a longer capitalised name ("Washington" in "Washington Post")."""
    before = text[max(0, start - 40) : start]
    after = text[end : end + 40]
    neighbours = []
    if before[-1:].isspace() and before.split():
        word = before.split()[-1]
        if not word.endswith((".", "!", "?", ":", ";", '"', "”", ",")):
            neighbours.append(word)
    if after[:1].isspace() and after.split():
        neighbours.append(after.split()[0])
    return any(
        word[:1].isupper() and word.lower().strip(",.") not in _TITLES and word.lower() not in _NAME_JOINERS
        for word in neighbours
    )


_NAME_JOINERS = frozenset({"and", "or", "of", "the", "in", "on", "at", "to", "for", "with", "by"})


#: What the words around a mention say of its type: a company in "shares in X",
#: "marketing company X", "analysts at X", "X's chief executive", "the X brand".
_ORG_BEFORE = re.compile(
    r"(?:(?:shares|stake|stakes|investors?|bid|takeover) (?:in|of|for) (?:the )?"
    r"|\b(?:company|firm|carmaker|retailer|airline|insurer|brokerage|manufacturer|maker|conglomerate) "
    r"|\b(?:analyst|economist|strategist)s? (?:at|with) )$",
    re.IGNORECASE,
)
_ORG_AFTER = re.compile(
    r"^(?:(?:'s|’s)? (?:chief executive|chairman|shares|shareholders|board|profits?|revenues?|subsidiary|takeover)"
    r"| (?:brand|division|subsidiary|chain))\b",
    re.IGNORECASE,
)
#: "analyst Mike Powell of X", "economist Ann Lee at X": a named analyst's employer.
_ORG_EMPLOYS = re.compile(
    r"\b(?:[Aa]nalyst|[Ee]conomist|[Ss]trategist|[Bb]roker|[Tt]rader)s? "
    r"(?:[A-Z][\w'’.-]*\s){1,3}(?:of|at|with|from) (?:the )?$"
)
#: Each cue counts this many votes: what the text says of a name ("marketing company X")
#: decides over the model's guesses for its other mentions.
CONTEXT_VOTES = 10


#: A title only a person carries, right before the name ("President Trump", "Dr. Okafor").
_HONORIFIC_BEFORE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Mx|Dr|Prof|Sir|Dame|President|Senator|Sen|Rep|Governor|Gov|Mayor|Judge|Justice|Pope|"
    r"King|Queen|Prince|Princess)\.? $"
)


def _add_context_votes(text: str, group: _Group) -> None:
    if group.labels.most_common(1)[0][0] in NUMERIC_LABELS:
        return  # "shares in 1996": a number stays a number
    for start, end in sorted(group.spans):
        before = text[max(0, start - 60) : start]
        cue = _ORG_BEFORE.search(before[-30:]) or _ORG_EMPLOYS.search(before)
        after = _ORG_AFTER.match(text[end : end + 40])
        if cue or after:
            group.labels["ORG"] += CONTEXT_VOTES
            said = f"“{cue.group().strip()} …”" if cue else f"“… {after.group().strip()}”" if after else ""
            group.evidence.append(f"ORG +{CONTEXT_VOTES}: {said}")
        honorific = _HONORIFIC_BEFORE.search(before[-20:])
        if honorific:
            group.labels["PERSON"] += CONTEXT_VOTES
            group.evidence.append(f"PERSON +{CONTEXT_VOTES}: “{honorific.group().strip()} …”")


#: Words that make a name a company's, whatever the model said ("NCB Stockbrokers",
#: "Menatep Group", "Dresdner Kleinwort Wasserstein Securities"). Not "bank": the West Bank is
#: a place (CoNLL dev typed F1 fell 0.2 with it, and is unchanged without it).
_COMPANY_WORDS = _CORPORATE_SUFFIXES | frozenset(
    "securities stockbrokers brokers capital partners holding investments airlines airways motors "
    "industries technologies systems pharmaceuticals insurance".split()
)


#: Last words that name a line of business or a publication: "Glue Trap Games", "Via Lab",
#: "Method Architecture", "Hooded Horse Studios", "Business Weekly". No person's name ends so.
_BUSINESS_WORDS = frozenset(
    """games studio studios lab labs media records pictures entertainment robotics energy foods
    brewing brewery bakery restaurant cafe architecture architects consulting software solutions
    ventures networks health therapeutics pharma biotech semiconductor semiconductors electronics
    aerospace logistics publishing press books magazine times post journal news daily weekly
    tribune herald gazette review radio""".split()
)
#: Last words that make a name a product's: "Ping Identity Platform", "Kite Studio App".
_PRODUCT_WORDS = frozenset(
    "platform app apps suite browser assistant api sdk toolkit framework console headset smartphone chip chipset".split()
)


def _label_by_form(name: str, voted: str) -> str:
    """A name whose last word says "company" is an organisation, one whose last word says
    "product" a product, whatever the mentions voted."""
    words = name.split()
    if len(words) < 2:
        return voted
    last = words[-1].casefold().strip(".")
    if voted in ("PERSON", "PRODUCT", "GPE", "NORP", "WORK_OF_ART") and last in _COMPANY_WORDS | _BUSINESS_WORDS:
        return "ORG"
    if voted in ("PERSON", "ORG", "GPE", "LOC", "FAC", "WORK_OF_ART") and last in _PRODUCT_WORDS:
        return "PRODUCT"
    return voted


def _display_name(group: _Group) -> str:
    """The fullest proper form: not an acronym if a spelled-out form exists, most words, most used."""
    return max(group.forms, key=lambda form: (not is_acronym(form), len(form.split()), group.forms[form], -len(form)))


def _salience(
    spans: Sequence[tuple[int, int]], total: int, length: int, title_end: int, summary: Sequence[tuple[int, int]]
) -> float:
    first = spans[0][0]
    frequency = len(spans) / max(total, 1)
    position = 1.0 - first / max(length, 1)
    in_title = 1.0 if first < title_end else 0.0
    in_summary = 1.0 if any(_in_ranges(start, summary) for start, _ in spans) else 0.0
    return frequency + 0.2 * position + 0.2 * in_title + 0.2 * in_summary


# A wire dateline opens a story with the place it was filed from: "BELGRADE 1996-08-22",
# "SAN JOSE, Costa Rica 1996-08-22", "WASHINGTON, Aug 22 (Reuters) -", "PARIS (AFP) -".
# The model misses most capitalised places; the form says what they are.
_PLACE_WORD = r"[A-Z][A-Za-z.'’-]*"
_DATELINE = re.compile(
    rf"(?m)^[ \t]*(?P<place>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){{0,3}})"
    rf"(?:, (?P<region>{_PLACE_WORD}(?: {_PLACE_WORD}){{0,2}}))?"
    r"(?=,? +(?:\d{4}-\d{2}-\d{2}\b|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}\b"
    r"|\((?:Reuters|AP|AFP|UPI|Xinhua|dpa|DPA|Bloomberg|CNN|BBC|Interfax|Itar-Tass|Kyodo|Yonhap|PA|ANSA|EFE)\)))"
)


# A nationality before a name is a description ("Australian Tom Moody"), not part of it.
_BODY_OR_PLACE_NAMES = frozenset({"ORG", "GPE", "LOC", "FAC"})


def _join_adjacent(text: str, mentions: list[_Mention]) -> list[_Mention]:
    """Two names of one kind with one space between them are one name the model cut in two
    ("Mecca" + "Bingo" in "the Mecca Bingo chain"); lists and tables put a comma, a dash or
    figures between."""
    joined: list[_Mention] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and text[previous.end : mention.start] == " "
            and (previous.label == mention.label or {previous.label, mention.label} <= _BODY_OR_PLACE_NAMES)
            and not any(ch.isdigit() for ch in text[previous.start : mention.end])
        ):
            joined[-1] = _Mention(previous.start, mention.end, mention.label)
        else:
            joined.append(mention)
    return joined


#: Labels a model number in the name overrides: a person's or a place's name has none.
_PRODUCT_BY_NUMBER = frozenset({"ORG", "PERSON", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "CARDINAL", "QUANTITY"})
_INNER_AT = re.compile(r" at (?=[A-Z])")
_INNER_POSSESSIVE = re.compile(r"(?:'s|’s|s'|s’) (?=[A-Z0-9])")


def _split_possessive(text: str, start: int, end: int, label: str) -> list[tuple[int, int, str | None]]:
    """'Google's Gemini Advanced' is two things: the owner (label None: the model's label was
    for the whole) and what it owns, a product ('Meta's Llama 3.1') or, when a word of it
    names a body, an organisation ('Academy of Art University's School of Graphic Design')."""
    if label in _BODY_OR_PLACE_NAMES:
        start += role_prefix_end(text[start:end])  # "Founder of Brightwell Robotics"
        at = _INNER_AT.search(text, start, end)
        if at is not None:
            # "Management at Rice University": a field or post at a body; the body is the name.
            start = at.end()
    match = _INNER_POSSESSIVE.search(text, start, end)
    if match is None or label in NUMERIC_LABELS or match.start() <= start:
        return [(start, end, label)]
    owned = text[match.end() : end].split()
    owned_label = "ORG" if any(word.casefold().strip(".,") in BODY_WORDS for word in owned) else "PRODUCT"
    return [(start, match.start() + (1 if text[match.start()] == "s" else 0), label), (match.end(), end, owned_label)]


def dateline_places(text: str) -> list[tuple[int, int]]:
    """The place (and region) of each wire dateline in ``text``."""
    places = []
    for match in _DATELINE.finditer(text):
        places.append(match.span("place"))
        if match.group("region"):
            places.append(match.span("region"))
    return places


def extract_entities(
    doc: Doc,
    title_end: int = 0,
    summary_ranges: Sequence[tuple[int, int]] = (),
    explain: bool = False,
    layout: Layout | None = None,
) -> list[Entity]:
    """Canonical entities of every label, most salient first; with ``explain``, each
    carries the evidence for its type (the model's votes, cues, dateline, name form).

    ``layout`` is the cleaning stage's reading of the text (``Cleaned.layout``); without
    it, the text is read here."""
    text = doc.text
    layout = layout or layout_of(text)
    glued = layout.glue_points
    headlines = layout.headline_ranges

    prose: list[_Mention] = []
    in_headlines: list[_Mention] = []
    owners: list[_Mention] = []
    datelines = dateline_places(text)
    prose.extend(_Mention(start, end, "GPE") for start, end in datelines)
    for ent in doc.ents:
        if any(start < ent.end_char and ent.start_char < end for start, end in datelines):
            continue  # the dateline says what the place is; the model often misses capitals
        if any(start < ent.end_char and ent.start_char < end for start, end in layout.code_ranges):
            continue  # "SELECT", "FROM towns" in a listing are keywords, not names
        cuts = sorted([*glued, *mention_joins(text, ent.start_char, ent.end_char)])
        for start, end in _split_at(ent.start_char, ent.end_char, cuts):
            if start in glued:
                start = _skip_sentence_opener(text, start, end)
            for piece_start, piece_end, label in _split_possessive(text, start, end, ent.label_):
                bounds = trim_mention(text, piece_start, piece_end, label or ent.label_)
                if bounds is None:
                    continue
                if label is None:
                    owners.append(_Mention(bounds[0], bounds[1], "ORG"))
                    continue
                mention = _Mention(bounds[0], bounds[1], label)
                (in_headlines if _in_ranges(mention.start, headlines) else prose).append(mention)

    prose = _join_adjacent(text, prose)
    groups = _Groups()
    for mention in prose:
        groups.add(" ".join(text[mention.start : mention.end].split()), mention.label, (mention.start, mention.end))
    for mention in owners:
        # The model's label was for the whole ("Trump's Ukraine Support Plan"), not the owner:
        # the owner takes its own mentions' label, or is an organisation ("Google's Gemini").
        form = " ".join(text[mention.start : mention.end].split())
        known = form_key(form) in groups.by_key
        if not _in_ranges(mention.start, headlines):
            groups.add(form, mention.label, (mention.start, mention.end), vote=not known)
    _merge_acronym_definitions(text, groups)
    _adopt_headline_mentions(text, groups, in_headlines)
    taken = [span for group in groups.by_key.values() for span in group.spans]
    _recover_mentions(text, groups, taken, headlines)
    _discover_names(text, groups, headlines)
    _discover_products(text, groups, headlines)
    _merge_initials(groups)
    _merge_short_names(groups)
    _merge_leading_words(groups)

    merged = groups.merged()
    if layout.code_ranges:
        # A name found in the prose is searched for everywhere: not inside a listing, where
        # "SELECT" or a variable spelled like a name is program text.
        for group in merged:
            group.spans = {span for span in group.spans if not _in_ranges(span[0], layout.code_ranges)}
        merged = [group for group in merged if group.spans]
    merged = _names_only(text, merged, headlines)
    dateline_spans = set(datelines)
    model_votes = [dict(group.labels.most_common()) for group in merged]
    for group in merged:
        _add_context_votes(text, group)
        if group.spans & dateline_spans:
            group.labels["GPE"] += CONTEXT_VOTES  # a dateline names a place, whatever the mentions voted
            group.evidence.append(f"GPE +{CONTEXT_VOTES}: opens a wire dateline")
    total = sum(len(group.spans) for group in merged)
    entities = []
    for group, votes in zip(merged, model_votes, strict=True):
        spans = sorted(group.spans)
        name = _display_name(group)
        aliases = tuple(form for form, _ in group.forms.most_common() if form != name)
        voted = group.labels.most_common(1)[0][0]
        label = _label_by_form(name, voted)
        if label != voted:
            kind = "a company" if label == "ORG" else "a product"
            group.evidence.append(f"{label}: its last word “{name.split()[-1]}” names {kind}")
        if label in _PRODUCT_BY_NUMBER and not group.spans & dateline_spans:
            model = next((word for word in name.split() if is_model_number(word)), None)
            if model is not None and not any(word.casefold() in BODY_WORDS for word in name.split()):
                label = "PRODUCT"
                group.evidence.append(f"PRODUCT: “{model}” is a model number")
        entities.append(
            Entity(
                name=name,
                label=label,
                mentions=len(spans),
                aliases=aliases,
                spans=tuple(spans),
                salience=_salience(spans, total, len(text), title_end, summary_ranges),
                why={"votes": votes, "evidence": list(group.evidence)} if explain else None,
            )
        )
    if not entities:
        return []
    top = max(entity.salience for entity in entities)
    entities = [replace(entity, salience=entity.salience / top) for entity in entities]
    entities.sort(key=lambda e: (-e.salience, e.spans[0][0]))
    return entities


_LOWER_CASE_DEFINITION = re.compile(r"\b([a-z][\w-]*(?:\s+[a-z][\w-]*){1,6})\s+\(([A-Z][A-Za-z]{1,9}?)s?\)")


def _defined_in_lower_case(text: str) -> set[str]:
    """Abbreviations the article spells out in lower-case words: "large language models (LLMs)"."""
    found = set()
    for match in _LOWER_CASE_DEFINITION.finditer(text):
        words, acronym = match.group(1).split(), match.group(2)
        letters = acronym.upper()
        for first in range(len(words)):
            if "".join(word[0] for word in words[first:] if word not in _INITIALS_SKIP).upper() == letters:
                found.add(acronym)
                break
    return found


def _names_only(text: str, groups: list[_Group], headlines: Sequence[tuple[int, int]]) -> list[_Group]:
    """The groups nothing in the text says are not names (see ``pipeline.names``)."""
    from newsdigest.pipeline.names import lower_case_words, why_not_a_name

    lower = lower_case_words(text)
    terms = _defined_in_lower_case(text)
    kept = []
    for group in groups:
        if group.labels.most_common(1)[0][0] in NUMERIC_LABELS:
            kept.append(group)  # "four", "monthly": numbers and dates are not names to begin with
            continue
        forms = list(group.forms)
        if any(form in terms for form in forms):
            continue  # a term spelled out in lower case: "large language models (LLMs)"
        name = _display_name(group)
        if why_not_a_name(text, name, forms, sorted(group.spans), headlines, lower, group.defined) is None:
            kept.append(group)
    return kept


def mention_weights(entities: Iterable[Entity]) -> list[tuple[int, int, float]]:
    """Every mention as (start, end, its entity's salience): what the news ranker weighs."""
    return [(start, end, entity.salience) for entity in entities for start, end in entity.spans]


def with_summary(entities: Sequence[Entity], summary_ranges: Sequence[tuple[int, int]]) -> list[Entity]:
    """Raise the salience of entities the summary mentions, re-normalise and re-rank.

    The summary is chosen with the help of entity salience, so this runs after it.
    """
    if not entities or not summary_ranges:
        return list(entities)
    boosted = [
        replace(e, salience=e.salience + (0.2 if any(_in_ranges(s, summary_ranges) for s, _ in e.spans) else 0.0))
        for e in entities
    ]
    top = max(entity.salience for entity in boosted)
    ranked = [replace(entity, salience=entity.salience / top) for entity in boosted]
    ranked.sort(key=lambda e: (-e.salience, e.spans[0][0]))
    return ranked


def select_entities(entities: Iterable[Entity], types: Collection[str] | None = None) -> list[Entity]:
    """Keep the entities whose label is in ``types``; by default, every non-numeric one."""
    if types is None:
        return [entity for entity in entities if entity.label not in NUMERIC_LABELS]
    return [entity for entity in entities if entity.label in types]
