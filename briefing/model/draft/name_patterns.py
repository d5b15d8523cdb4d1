"""What names look like in the report's prose: the vocabulary and patterns the entity finder uses.

Countries and demonyms, the words that end an organisation's or a place's name, known
spacecraft and vehicle series, surnames, and the regular expressions built from them; and
the helpers that cut a capitalised run into names ("Chinese Academy of Sciences (CAS)").
Kept apart from :class:`~.entities.EntityFinder`, which applies them; the underscored names
are the finder's own, shared with no other module.
"""

from __future__ import annotations

import re

from .word_start import guarded, guarded_branches

KINDS = ("organisations", "people", "spacecraft", "vehicles", "places")

COUNTRIES = ("U.S.", "United States", "Russia", "Japan", "India", "Pakistan", "Thailand", "Finland", "Uruguay",
             "France", "Germany", "Italy", "Brazil", "Egypt", "Iran", "Indonesia", "Nigeria", "Argentina",
             "Chile", "Bolivia", "Venezuela", "Ethiopia", "Kenya", "Algeria", "Turkey", "Serbia", "Belarus",
             "Kazakhstan", "Mongolia", "Laos", "Cambodia", "Vietnam", "Malaysia", "Singapore", "Oman",
             "Saudi Arabia", "United Arab Emirates", "Israel", "Australia", "Canada", "South Korea",
             "North Korea", "Taiwan", "Philippines", "Sri Lanka", "Bangladesh", "Nepal", "Peru",
             "Luxembourg", "Sweden", "Norway", "Denmark", "Spain", "United Kingdom", "U.K.",
             # regions written like countries, matched whole before a country inside them ("Inner Mongolia")
             "Inner Mongolia", "Xinjiang", "Tibet", "Hong Kong", "Macau")
_DEMONYMS = {"Pakistani": "Pakistan", "Thai": "Thailand", "Russian": "Russia", "Japanese": "Japan",
             "Indian": "India", "Finnish": "Finland", "Uruguayan": "Uruguay"}

#: Words that end an organisation's name, a place's, a vehicle's.
_ORG_HEADS = ("Agency", "Corporation", "Academy", "Institute", "University", "Administration", "Commission",
              "Laboratory", "Symposium", "Ministry", "Bureau", "Company", "Council", "Office", "Association",
              "Society", "Foundation", "College", "School", "Department", "Committee", "Infrastructure",
              "Studies", "Center", "Centre", "Microsatellites", "Technology", "Aviation", "Group", "Force",
              "Bank", "Fund", "Press", "Daily", "Times", "Forum", "Alliance", "Program", "Programme")
_PLACE_HEADS = ("Launch Center", "Launch Site", "Launch Centre", "landing site", "Landing Site", "Province",
                "Canal", "Sea", "Island", "Islands", "Region", "City", "Desert", "Spaceport", "Cosmodrome",
                "Autonomous Region", "Municipality")
_SPACECRAFT_SERIES = ("Shenzhou", "Tianzhou", "Chang'e", "Tianwen", "Shijian", "Shiyan", "Gaofen", "Yaogan",
                      "Jilin-1", "Fengyun", "Beidou", "BeiDou", "Haiyang", "Ziyuan", "Gaojing", "Chaohu", "Mengzhou",
                      "Queqiao", "Xuntian", "Tiangong", "Wentian", "Mengtian", "Tianhe", "Zhurong", "Yutu", "Einstein",
                      "Lanyue", "Haolong", "Qingzhou", "Hongyun", "Xingyun", "Guowang", "Qianfan")
_VEHICLE_SERIES = ("Long March", "Kinetica", "Zhuque", "Ceres", "Tianlong", "Hyperbola", "Gravity", "Jielong",
                   "Lijian", "Kuaizhou", "Smart Dragon", "Pallas", "Nebula")
_SURNAMES = set("""Cai Song Wang Li Zhang Liu Chen Yang Zhao Huang Zhou Wu Xu Sun Hu Zhu Gao Lin He Guo Ma Luo
Liang Zheng Xie Han Tang Feng Yu Dong Xiao Cheng Cao Yuan Deng Fu Shen Zeng Peng Su Lu Jiang Ye Wei Tian Du
Ding Ren Shi Yao Tan Liao Zou Xiong Jin Hao Kong Bai Cui Kang Mao Qiu Qin Gu Hou Shao Meng Wan Duan Lei Qian
Yin Yi Chang Huo Jing Zhai Nie Jia Xia Fang Pan Dai Wen Fan Ou Yan Zhong Geng""".split())
_CONNECT = r"(?:of|and|for|on|de|the|&)"
_OPENERS = {"The", "A", "An", "On", "In", "At", "By", "Another", "From", "Both", "Chinese", "PRC", "Given",
            "Developed", "Authored", "Among", "However", "It", "Its", "This", "These", "While", "When"}
_NUMBER_WORDS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
                 "twelve", "eighteen", "twenty"}
#: Words that make a longer capitalised name an organisation wherever they stand in it.
_ORG_CORE = {"University", "Academy", "Institute", "Laboratory", "Corporation", "Agency", "Commission",
             "Administration", "Ministry", "Center", "Centre", "College", "School", "Foundation", "Council",
             "Society", "Association", "Bureau", "Committee"}
# Each pattern that starts at a word starts with its first letter, the guard after it (see .word_start).
_APPOSITION = re.compile(r"(?:m(?<!\wm)anufacturer|m(?<!\wm)aker|c(?<!\wc)ompany|f(?<!\wf)irm|s(?<!\ws)tart-?up|"
                         r"o(?<!\wo)perator|s(?<!\ws)ubsidiary|d(?<!\wd)eveloper|s(?<!\ws)upplier|p(?<!\wp)rovider)(?:\s+of\s+[^,]{1,60})?,\s+([A-Z][\w-]+(?:\s+[A-Z][\w-]+){0,3}),")
_ACRONYM_ARM = re.compile(r"([A-Z](?<![\w-][A-Z])[A-Z]{1,5})\s+([A-Z][a-z]+)\s+(?=[A-Z][\w'-]*-\d)")
_CAP = r"[A-Z][\w'’.&-]*"
_FIRST_CAP = r"[A-Z](?<![\w'’-][A-Z])[\w'’.&-]*"  # _CAP at a word's start
_PHRASE_ANY = re.compile(rf"({_FIRST_CAP}(?:\s+(?:{_CONNECT}\s+)*{_CAP})*)")
# Proposals need two words at least, so single capitalised words (most of them) are not even looked at.
_PHRASE = re.compile(rf"({_FIRST_CAP}(?:\s+(?:{_CONNECT}\s+)*{_CAP})+)")
#: The same for an ASCII text, where \w is [A-Za-z0-9_] and no ’ is written: a bitmap test at each character of a
#: name, where \w is a Unicode look-up (tests/test_draft_pattern_gates.py compares the two).
_PHRASE_ASCII = re.compile(r"([A-Z](?<![A-Za-z0-9_'-][A-Z])[A-Za-z0-9_'.&-]*"
                           rf"(?:\s+(?:{_CONNECT}\s+)*[A-Z][A-Za-z0-9_'.&-]*)+)")
_DEFINED = re.compile(rf"((?:{_CAP}\s+(?:{_CONNECT}\s+)*)*{_CAP}'?)\s+\(([A-Z][A-Za-z&]{{1,9}})\)")
#: A serial name of a known series written with a space ("Chang'e 6", "Shenzhou 19"): the editions hyphenate it.
_SPACED_SERIAL = re.compile("(" + guarded((s for s in _SPACECRAFT_SERIES if "-" not in s), r"[\w-]")
                            + r")[’']?\s+(\d{1,3}[A-Z]?)(?![\w°%-]|[.,]\d)")
#: Series names that are also ordinary words or a person's name: never tagged standing alone.
_NOT_ALONE = {"Einstein", "Gravity", "Ceres", "Pallas", "Nebula", "Smart Dragon"}
_SERIES_ALONE = re.compile("(" + guarded((s for s in _SPACECRAFT_SERIES if s not in _NOT_ALONE and "-" not in s),
                                          r"[\w'’-]") + r")(?![\w'’-])")
#: Where one of those series names starts (_SPACED_SERIAL's guard; _SERIES_ALONE's names are fewer, its guard
#: stricter): one scan gives every place either can match at (neither can at one inside a name this finds).
_SERIES_START = re.compile("|".join(guarded_branches((s for s in _SPACECRAFT_SERIES if "-" not in s), r"[\w-]")))
_QUOTED = re.compile(r"[\"“‘']([A-Z][\w'’-]*(?:\s+[\w'’-]+){0,4})[\"”’']\s+"
                     r"(lander|rover|probe|spacecraft|satellites?|module|capsule|ship|station|rockets?|mission|"
                     r"constellation|space plane|telescope|orbiter)\b")
_SERIAL = re.compile(r"([A-Z](?<![\w-][A-Z])(?:[a-z]+(?:'[a-z]+)?(?:-1)?|[A-Z]{1,5}))-([A-Z]?\d{1,3}[A-Z]?)(?![\w-])")
_LONG_MARCH = re.compile(r"Long(?<!\wLong)[\s-]March[\s-](\d{1,2}[A-Z]?(?:-[A-Z])?)\b")
_CONTEXT_NAME = re.compile(r"([A-Z](?<![\w-][A-Z])[a-z]+(?:\s+and\s+[A-Z][a-z]+)?)\s+(constellations?|mega[\s-]constellations?|space planes?|space station|programs?|series)\b")
_THE_SERIES = re.compile(r"the(?<!\wthe)\s+([A-Z][a-z]+)\s+series\b")
_POSSESSIVE_OWNER = re.compile(r"([A-Z](?<![\w-][A-Z])[A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,3})'s\s+(?=[A-Z])")
#: "LandSpace", "iSpace", "SpaceX": a capital inside a word marks a company's name.
_CAMEL = re.compile(r"(?<![\w-])((?:[a-z]+[A-Z]|[A-Z][a-z]+[A-Z])[A-Za-z]*)(?![\w-])")
_NOT_GIVEN_NAMES = {"March", "May", "June", "July", "August", "April", "Space", "Station", "Plan", "Center", "Centre"}
# Read in _find, compiled once.
_CHINA_AND_COUNTRIES = frozenset(("China", *COUNTRIES))
_VEHICLE_AFTER = re.compile(r"\s+(rocket|launch vehicle|carrier)")
_ALL_SERIES = _VEHICLE_SERIES + _SPACECRAFT_SERIES
_CAP_WORD = re.compile(r"[A-Z][a-z]+")
_DIGIT_AFTER = re.compile(r"[\s-]*\d")
_CAP_AFTER = re.compile(r"\s+[A-Z]")
_LOWER_UPPER = re.compile(r"[A-Z](?<=[a-z][A-Z])")  # "xY", found from the capital (rarer than a small letter)
_SPACE_DIGIT = re.compile(r"\s*\d")
#: What _SERIAL, _ACRONYM_ARM and _POSSESSIVE_OWNER cannot match without: each is looked for first, a search
#: from a literal the engine jumps to, and the pattern (tried at every capital) runs only where it is found.
_SERIAL_NUMBER = re.compile(r"-[A-Z]?\d")  # _SERIAL's "-25", "-E01"
_DASH_DIGIT = re.compile(r"-\d")  # _ACRONYM_ARM's lookahead ends so
_OWNER_BEFORE_CAP = re.compile(r"'s\s+[A-Z]")  # _POSSESSIVE_OWNER's "'s" and the capital after it
_PHRASE_PART = re.compile(r"(?:[^.'’]|'(?!s\b)|’(?!s\b)|\.(?=\S)|(?<=\b[A-Z])\.)+")
_LANDING_SITE = re.compile(r"([A-Z](?<!\w[A-Z])[a-z]+)\s+landing site\b")
_PERSON_PAIR = re.compile(r"([A-Z](?<![\w-][A-Z])[a-z]+)\s+([A-Z][a-z]+)(?![\w-])")


_MONTH_WORDS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
                "Dec"}
#: Names a document may teach the finder (acronyms it defines, medal holders ...).
MAX_LEARNED = 300
_WORD_START = re.compile(r"(?<![\w-])\w")
_COUNTRY = re.compile("(" + guarded(sorted(COUNTRIES, key=len, reverse=True), r"[\w-]")
                      + r")(?:'s)?(?![\w-])")
_DEMONYM = re.compile(guarded(_DEMONYMS, r"\w") + r"\b")
#: "(ACR)": found from its "(" (a literal the engine jumps to); the spaces before it are walked back over in
#: _defined_matches, as "\s+\(...\)" would match them (str.isspace is re's \s).
_ACRONYM_PAREN = re.compile(r"\(([A-Z][A-Za-z&]{1,9})\)")
#: The long form before "(ACR)": capitalised words joined by spaces and connecting words, to the search's end.
#: Written "((?:{_CAP}\s+(?:{_CONNECT}\s+)*)*{_CAP}'?)$" before, the same words: led by [A-Z] (the group's
#: first capital taken out of the repeat), the engine skips to each capital instead of trying every character.
_DEFINED_BEFORE = re.compile(rf"([A-Z](?:[\w'’.&-]*\s+(?:{_CONNECT}\s+)*[A-Z])*[\w'’.&-]*'?)$")


class _Defined:
    """A definition found by :func:`_defined_matches`: like a match of "Long Form (LF)"."""

    def __init__(self, text: str, start: int, end: int, full: str, short: str) -> None:
        self._text, self._start, self._end, self._groups = text, start, end, (full, short)

    def __getitem__(self, number: int) -> str:
        return self._groups[number - 1]

    def group(self, number: int = 0) -> str:
        return self._text[self._start: self._end] if number == 0 else self._groups[number - 1]

    def end(self) -> int:
        return self._end


def _defined_matches(text: str):
    """Each "Capitalised Long Form (ACR)" in ``text``: found from the parenthesis, looking back 160 characters."""
    for paren in _ACRONYM_PAREN.finditer(text):
        start = paren.start()
        while start > 0 and text[start - 1].isspace():
            start -= 1
        if start == paren.start():
            continue  # no space before the "(": no definition
        window_start = max(0, start - 160)
        before = _DEFINED_BEFORE.search(text, window_start, start)
        if before is None:
            continue
        yield _Defined(text, before.start(1), paren.end(), before.group(1), paren.group(1))


def _literal_head(pattern: str, size: int = 2) -> str:
    """The first ``size`` characters a compiled name pattern can match (its escaped literal start).

    With ``size`` over 2, no more than its first word's: a head never reaches the start of another
    name's first word, which a search for heads would then step over.
    """
    body = pattern.removeprefix(r"(?<![\w-])")
    chars: list[str] = []
    index = 0
    while index < len(body) and len(chars) < size:
        if size > 2 and chars and not (body[index].isalnum() or body[index] == "_"):
            break  # the end of the first word: re's \\w is a letter, a digit or "_" (re.escape escapes no such)
        if body[index] == "\\" and index + 1 < len(body) and not body[index + 1].isalnum():
            chars.append(body[index + 1])
            index += 2
        elif body[index] in "()[]?*+{}|^$.\\":
            break  # a name of one character before its separator: indexed by that character alone
        else:
            chars.append(body[index])
            index += 1
    return "".join(chars)


def _variant_pattern(name: str) -> str:
    words = re.split(r"[\s-]+", name)
    pieces = [re.escape(words[0]) + r"(?:'s)?"] + [re.escape(w) for w in words[1:]]
    return r"(?<![\w-])" + r"[\s-]+".join(pieces) + r"(?![\w-])"


def _defined_name(run: str, short: str) -> str | None:
    """The words an acronym stands for, out of the capitalised run before "(ACR)".

    "Pakistan's Commission and the Chinese Academy of Sciences" before "(CAS)" gives "Chinese
    Academy of Sciences": the shortest ending whose capitalised words' initials spell the acronym,
    else the ending from the last word that starts with the acronym's first letter.
    """
    words = run.split()
    letters = short.upper().replace("&", "")
    starts = [i for i, w in enumerate(words) if w[:1].isupper()]
    for start in reversed(starts):
        initials = "".join(w[0] for w in words[start:] if w[:1].isupper())
        if initials.upper() == letters:
            return " ".join(words[start:])
    for start in reversed(starts):
        if words[start][0].upper() == letters[0] and words[start] not in ("The", "A", "An"):
            return " ".join(words[start:])
    return None


def _phrase_pieces(phrase: str, start: int) -> list[tuple[str, int, bool]]:
    """A capitalised run cut at sentence ends ("Pakistan. China Great Wall") and possessives.

    Each piece is ``(words, start, owned)``; ``owned`` when the piece followed an owner's
    possessive ("AVIC's Chengdu Aircraft ..." gives "AVIC" and the owned "Chengdu Aircraft ...").
    """
    if "." not in phrase and "'" not in phrase and "’" not in phrase:
        return [(phrase, start, False)]  # nothing to cut at: one piece, the run itself (it starts with a capital)
    pieces: list[tuple[str, int, bool]] = []
    offset, owned = 0, False
    for part in _PHRASE_PART.finditer(phrase):
        text = part.group().strip()
        if text.startswith(("s ", "s\u00a0")):
            text = text[2:]
        if text and text != "s":
            lead = phrase.index(text, part.start())
            pieces.append((text, start + lead, owned))
        follows = phrase[part.end(): part.end() + 2]
        owned = follows in ("'s", "’s")
        offset = part.end()
    return pieces
