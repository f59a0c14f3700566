"""Which language an input is in, so a page in Japanese is named as such, not "no article".

The model, the cleaning rules and the tag lists are English. A text whose words are
plainly English (a tenth or more of them among the commonest English function words) is
passed at once, which is nearly every input and costs microseconds; only the rest go to
py3langid (an offline language identifier, 97 languages, its model inside the package:
about 0.7 s to load, once per process), which names the language.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Any

from newsdigest.errors import LanguageError

#: Characters read: a few pages settle a language, and long texts stay cheap.
SAMPLE_CHARACTERS = 20_000
#: Below this many letters a text is too short to judge: it is left alone.
MIN_LETTERS = 80
#: English running text has about 40% of its words among these; a menu-heavy English page
#: seldom falls below 15%, while the words of other Latin-script languages rarely reach 5%.
ENGLISH_FUNCTION_SHARE = 0.10
#: py3langid's (normalised) probability for a line's vote to count for its language.
MIN_CONFIDENCE = 0.90
#: Share of the prose's letters one foreign language must hold to call the text foreign.
FOREIGN_SHARE = 0.6

_FUNCTION_WORDS = frozenset(
    "the of and to in a is that for it was on with as are be by this at from or an have has not but "
    "they he she we you his her their its which were been will would said".split()
)
_WORD = re.compile(r"[^\W\d_]+")
_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？", '"', "”", "»", "」")

#: Names for the codes py3langid gives most often; others are shown as their code.
LANGUAGE_NAMES = {
    "ar": "Arabic", "bg": "Bulgarian", "ca": "Catalan", "cs": "Czech", "da": "Danish", "de": "German",
    "el": "Greek", "es": "Spanish", "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French",
    "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian", "id": "Indonesian", "it": "Italian",
    "ja": "Japanese", "ko": "Korean", "lt": "Lithuanian", "lv": "Latvian", "ms": "Malay", "nb": "Norwegian",
    "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "ru": "Russian",
    "sk": "Slovak", "sl": "Slovenian", "sr": "Serbian", "sv": "Swedish", "th": "Thai", "tr": "Turkish",
    "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
}  # fmt: skip


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def looks_english(text: str) -> bool:
    words = _WORD.findall(text[:SAMPLE_CHARACTERS].lower())
    return bool(words) and sum(word in _FUNCTION_WORDS for word in words) / len(words) >= ENGLISH_FUNCTION_SHARE


def prose_sample(text: str) -> str:
    """The lines that read as sentences (five words or more, or a long line, ending in a
    full stop), or the whole text when it has too few: a page's tables, code, menus and
    names say little of its language and mislead the identifier (an English ranking table
    read as Latin, English documentation full of code read as Indonesian)."""
    lines = [line.strip() for line in text[: 4 * SAMPLE_CHARACTERS].splitlines()]
    prose = [line for line in lines if line.endswith(_SENTENCE_ENDS) and (len(line.split()) >= 5 or len(line) >= 40)]
    sample = "\n".join(prose)[:SAMPLE_CHARACTERS]
    return sample if _letters(sample) >= MIN_LETTERS else text[:SAMPLE_CHARACTERS]


def _letters(text: str) -> int:
    """Letters, an ideograph or syllable (CJK, kana, Hangul: U+2E80 on) counting as three,
    about what a letter of an alphabet carries."""
    return sum((3 if ord(ch) >= 0x2E80 else 1) for ch in text if ch.isalpha())


def foreign_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language when it is confidently not English, else None.

    Each distinct prose line votes for its language with its letters, so a template's
    lorem-ipsum placeholder or a quoted foreign sentence does not outvote an English page."""
    sample = prose_sample(text)
    if _letters(sample) < MIN_LETTERS or looks_english(sample):
        return None
    identifier = _identifier()
    votes: Counter[str] = Counter()
    for line in dict.fromkeys(sample.splitlines()):  # a line a template repeats votes once
        letters = sum(ch.isalpha() for ch in line)
        if letters:
            code, confidence = identifier.classify(line)
            votes[str(code) if confidence >= MIN_CONFIDENCE else "?"] += letters
    code, letters = votes.most_common(1)[0]
    if code in ("en", "?") or letters < FOREIGN_SHARE * sum(votes.values()):
        return None
    return code


def language_name(code: str) -> str:
    name = LANGUAGE_NAMES.get(code)
    return f"{name} ({code})" if name else f"language '{code}'"


def language_error(code: str, source: str | None) -> LanguageError:
    return LanguageError(
        f"is in {language_name(code)}, and newsdigest analyses English text; "
        "pass --any-language to digest it anyway (its model is English)",
        source,
    )
