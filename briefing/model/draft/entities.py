"""Entities in a paragraph: names already known, serial names, and proposals for new ones.

Three sources, in order of trust:

1. **Known names** from the editions already in ``data/``, by kind, each matched with its
   variants: hyphens and spaces alike ("Long-March 2-F" is "Long March 2-F"), a possessive
   first word ("Pakistan's Space and ..." is "Pakistan Space and ..."), and an acronym
   spelled out where the report defines it ("Chinese Academy of Sciences (CAS) Innovation
   Academy" is "CAS Innovation Academy").
2. **Patterns**: serial names (Shenzhou-19, Long March 8A, Tianwen-2, Chang'e-6, PRSC-E01),
   "the X constellation", "the X space plane", "the X series", "X space station", countries.
3. **Proposals** for names never seen: capitalised phrases ending in a word that says what
   they are (Agency, University, Launch Center, Province ...), acronyms the report defines,
   people named the Chinese way. Each is marked new, for the analyst to confirm.

Found spans are returned so dates are never looked for inside a name ("Long March 5B").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .word_start import guarded

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
_DEFINED = re.compile(rf"((?:{_CAP}\s+(?:{_CONNECT}\s+)*)*{_CAP}'?)\s+\(([A-Z][A-Za-z&]{{1,9}})\)")
#: A serial name of a known series written with a space ("Chang'e 6", "Shenzhou 19"): the editions hyphenate it.
_SPACED_SERIAL = re.compile("(" + guarded((s for s in _SPACECRAFT_SERIES if "-" not in s), r"[\w-]")
                            + r")[’']?\s+(\d{1,3}[A-Z]?)(?![\w°%-]|[.,]\d)")
#: Series names that are also ordinary words or a person's name: never tagged standing alone.
_NOT_ALONE = {"Einstein", "Gravity", "Ceres", "Pallas", "Nebula", "Smart Dragon"}
_SERIES_ALONE = re.compile("(" + guarded((s for s in _SPACECRAFT_SERIES if s not in _NOT_ALONE and "-" not in s),
                                          r"[\w'’-]") + r")(?![\w'’-])")
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
_LOWER_UPPER = re.compile(r"[a-z][A-Z]")
_SPACE_DIGIT = re.compile(r"\s*\d")
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
_ACRONYM_IN_PARENS = re.compile(r"\s+\(([A-Z][A-Za-z&]{1,9})\)")
_DEFINED_BEFORE = re.compile(rf"((?:{_CAP}\s+(?:{_CONNECT}\s+)*)*{_CAP}'?)$")


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
    for paren in _ACRONYM_IN_PARENS.finditer(text):
        window_start = max(0, paren.start() - 160)
        before = _DEFINED_BEFORE.search(text, window_start, paren.start())
        if before is None:
            continue
        yield _Defined(text, before.start(1), paren.end(), before.group(1), paren.group(1))


def _literal_head(pattern: str) -> str:
    """The first two characters a compiled name pattern can match (its escaped literal start)."""
    body = pattern.removeprefix(r"(?<![\w-])")
    chars: list[str] = []
    index = 0
    while index < len(body) and len(chars) < 2:
        if body[index] == "\\" and index + 1 < len(body) and not body[index + 1].isalnum():
            chars.append(body[index + 1])
            index += 2
        elif body[index] in "()[]?*+{}|^$.\\":
            break  # a name of one character before its separator: indexed by that character alone
        else:
            chars.append(body[index])
            index += 1
    return "".join(chars)


@dataclass(slots=True)  # made for every name of every paragraph
class Mention:
    kind: str
    name: str
    start: int
    end: int
    new: bool
    confidence: float
    how: str


def known_names(data_roots: list[Path], exclude: str | None = None) -> dict[str, str]:
    """Every entity name in the editions under ``data_roots`` (less edition ``exclude``), with its kind."""
    import tomllib

    names: dict[str, str] = {}
    for root in data_roots:
        if not root.is_dir():
            continue
        folders = [root] if (root / "report.toml").exists() else sorted(p for p in root.iterdir() if p.is_dir())
        for folder in folders:
            if folder.name == exclude:
                continue
            for file in ("news.toml", "timeline.toml", "trends.toml"):
                path = folder / file
                try:
                    data = tomllib.loads(path.read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    continue
                for records in data.values():
                    if not isinstance(records, list):
                        continue
                    for record in records:
                        entities = record.get("entities", {}) if isinstance(record, dict) else {}
                        for kind in KINDS:
                            for name in entities.get(kind, []) if isinstance(entities, dict) else []:
                                if isinstance(name, str):
                                    names.setdefault(name, kind)
    return names


def _variant_pattern(name: str) -> str:
    words = re.split(r"[\s-]+", name)
    pieces = [re.escape(words[0]) + r"(?:'s)?"] + [re.escape(w) for w in words[1:]]
    return r"(?<![\w-])" + r"[\s-]+".join(pieces) + r"(?![\w-])"


class EntityFinder:
    def __init__(self, known: dict[str, str]) -> None:
        self.known = dict(known)
        # Names that are plainly the same thing in lower-case prose.
        self.aliases: dict[str, tuple[str, str]] = {}
        self.aliases.update({"moon": ("Moon", "places"), "lunar": ("Moon", "places")})
        tiangong = "Tiangong"
        self.aliases.update({"China's space station": (tiangong, "spacecraft"),
                             "Chinese space station": (tiangong, "spacecraft")})
        self._compiled: list[tuple[re.Pattern, str, str]] = []
        #: Bodies named after their parent's acronym ("CAS Innovation Academy ..."): the parent is named too.
        self._arms: dict[str, str] = {}
        self._learned = 0
        self._index: dict[str, list[int]] | None = None
        self._alias_pattern: re.Pattern | None = None
        for name, kind in sorted(self.known.items(), key=lambda pair: -len(pair[0])):
            self._compiled.append((re.compile(_variant_pattern(name)), name, kind))

    def _add(self, pattern: re.Pattern, name: str, kind: str, first: bool) -> None:
        if first:
            self._compiled.insert(0, (pattern, name, kind))
        else:
            self._compiled.append((pattern, name, kind))
        self._index = None

    def _known_index(self) -> dict[str, list[int]]:
        """Compiled patterns by the first two characters they can match at, in priority order.

        Every known name starts with a literal word, so at each word start only the few names
        sharing its first two characters are tried: the cost is the text's length, not its
        length times the number of names known.
        """
        if self._index is None:
            index: dict[str, list[int]] = {}
            for number, (pattern, _name, _kind) in enumerate(self._compiled):
                index.setdefault(_literal_head(pattern.pattern), []).append(number)
            self._index = index
            heads = sorted(index, key=len, reverse=True)
            self._heads = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(h) for h in heads) + ")") if heads else None
        return self._index

    def learn_definitions(self, text: str) -> None:
        """Acronyms the document defines ("China Manned Space Agency (CMSA)"): the long form names the short.

        Read from each "(ACR)" backwards over at most 160 characters, and at most
        :data:`MAX_LEARNED` names are learned a document, so neither a long run of capitalised
        words nor thousands of definitions make the finder slow.
        """
        for match in _defined_matches(text):
            if self._learned >= MAX_LEARNED:
                return
            full, short = _defined_name(match[1].rstrip("'"), match[2]), match[2]
            if full is None:
                continue
            kind = self.known.get(short) or ("organisations" if full.split()[-1].rstrip("'s") in _ORG_HEADS
                                             or short.isupper() else None)
            if not kind:
                continue
            if short in self.known and match.group(0) in self.aliases:
                continue
            self._learned += 1
            self.known.setdefault(short, kind)
            self.aliases.setdefault(match.group(0), (short, kind))
            self._alias_pattern = None
            self._add(re.compile(re.escape(full) + r"'?\s+\(" + re.escape(short) + r"\)"), short, kind, True)
            self._add(re.compile(r"(?<![\w-])" + re.escape(short) + r"(?![\w-])"), short, kind, False)
            # "Chinese Academy of Sciences (CAS) Innovation Academy for Microsatellites": a body of CAS.
            tail = re.match(r"\s+((?:[A-Z][\w-]*\s+(?:(?:of|and|for|on)\s+)*)*[A-Z][\w-]*)",
                            text[match.end(): match.end() + 200])
            if tail and tail.group(1).split()[-1] in _ORG_HEADS:
                arm = f"{short} {tail.group(1)}"
                self._arms[arm] = short
                self.known.setdefault(arm, "organisations")
                self._add(re.compile(re.escape(match.group(0) + tail.group(0))), arm, "organisations", True)
            # A known name holding the acronym, with the acronym spelled out in the text.
            for name, name_kind in list(self.known.items()):
                if name != short and re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", name):
                    spelled = name.replace(short, f"{full} ({short})", 1)
                    self._add(re.compile(re.escape(spelled)), name, name_kind, True)

    def _close_spacecraft(self, name: str) -> str | None:
        """A known spacecraft name one slip away from ``name`` ("Taigong" for "Tiangong"), if any."""
        import difflib

        names = {n for n, k in self.known.items() if k == "spacecraft"}
        names |= {n for n, k in self.aliases.values() if k == "spacecraft"}
        found = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.8)
        return found[0] if found else None

    def learn(self, name: str, kind: str) -> None:
        """A name the document itself establishes (a magazine heading, a medal holder)."""
        if name and name not in self.known and self._learned < MAX_LEARNED and len(name) <= 200:
            self._learned += 1
            self.known[name] = kind
            self._add(re.compile(_variant_pattern(name)), name, kind, True)

    def _propose(self, piece: tuple[str, int, bool], text: str, claim) -> None:
        phrase, start, owned = piece
        phrase = phrase.rstrip(".,;:")
        words = phrase.split()
        # Drop leading words that start a sentence rather than a name.
        while words and (words[0] in _OPENERS or words[0].lower() in _NUMBER_WORDS):
            start = text.index(words[1], start + len(words[0])) if len(words) > 1 else start
            words = words[1:]
        # "Wenchang Space Launch Site on May 3": a date after the name is not part of it.
        for index, word in enumerate(words):
            if index and word.rstrip(".,") in _MONTH_WORDS:
                words = words[:index]
                break
        while words and words[-1] in ("and", "of", "for", "on", "the", "&"):
            words = words[:-1]
        phrase = " ".join(words)
        if len(words) < 2:
            return
        if _SPACE_DIGIT.match(text, start + len(phrase)):
            return  # "Polar Orbit Group 6 satellites": a batch's name, not an organisation
        kind = None
        if phrase.endswith(_PLACE_HEADS):
            kind = "places"
        elif words[-1] in _ORG_HEADS or (len(words) >= 3 and any(w in _ORG_CORE for w in words)):
            kind = "organisations"
        if kind:
            # A place's name ends in a word that says it is one ("... Launch Center", "... Province"): sure.
            claim(kind, phrase, start, start + len(phrase), True, 0.9 if kind == "places" else 0.6, "capitalised name")

    def find(self, text: str) -> list[Mention]:
        """Every entity mention in ``text``, in order; read a window at a time (see :mod:`.windows`)."""
        from .windows import windows

        found: list[Mention] = []
        for start, end in windows(text):
            for mention in self._find(text[start:end]):
                mention.start += start
                mention.end += start
                found.append(mention)
        return found

    def _find(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        taken = bytearray(len(text) + 1)  # 1 where a name was claimed: a check costs the name's length

        def claim(kind: str, name: str, start: int, end: int, new: bool, confidence: float, how: str) -> None:
            if name == "China" or not name or name.endswith("s") and name.rstrip("s") in _CHINA_AND_COUNTRIES:
                return  # "Chinas": a possessive that lost its apostrophe, not a name
            if any(taken[max(0, start): end]):
                return
            kind = self.known.get(name, kind)
            taken[max(0, start): end] = b"\x01" * (end - max(0, start))
            found.append(Mention(kind, name, start, end, new and name not in self.known, confidence, how))

        for match in _ACRONYM_ARM.finditer(text):
            if self.known.get(match[1]) == "organisations":
                claim("organisations", f"{match[1]} {match[2]}", match.start(1), match.end(2), True, 0.6,
                      "an organisation's arm ('CAS Space') before a serial name")
        index = self._known_index()
        hits: list[tuple[int, int, int]] = []
        for word in (self._heads.finditer(text) if self._heads is not None else ()):
            at = word.start()
            for key in (text[at: at + 2], text[at]):
                for number in index.get(key, ()):
                    match = self._compiled[number][0].match(text, at)
                    if match:
                        hits.append((number, match.start(), match.end()))
        for number, start, end in sorted(hits):
            _pattern, name, kind = self._compiled[number]
            claim(kind, name, start, end, False, 0.95, "known name")
        if self._alias_pattern is None:
            wordings = sorted(self.aliases, key=len, reverse=True)
            try:
                self._alias_pattern = re.compile(guarded(wordings, r"[\w-]") + r"(?![\w-])")
            except ValueError:  # a wording that starts with no letter: the guard first
                self._alias_pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in wordings) + r")(?![\w-])")
        for match in self._alias_pattern.finditer(text):
            name, kind = self.aliases[match.group()]
            sure = 0.9 if match.group().lower() in ("moon", "lunar") or "space station" in match.group() else 0.8
            claim(kind, name, match.start(), match.end(), False, sure, f"alias {match.group()!r}")
        for match in _LONG_MARCH.finditer(text):
            claim("vehicles", f"Long March {match[1]}", *match.span(), True, 0.9, "serial name")
        for match in _QUOTED.finditer(text):
            kind = "vehicles" if match[2].startswith("rocket") else "spacecraft"
            claim(kind, match[1], *match.span(1), True, 0.85, f"a quoted name before {match[2]!r}")
        for match in _SPACED_SERIAL.finditer(text):
            kind = "vehicles" if _VEHICLE_AFTER.match(text, match.end(), match.end() + 20) else "spacecraft"
            claim(kind, f"{match[1]}-{match[2]}", *match.span(), True, 0.9, "serial name written with a space")
        for match in _SERIAL.finditer(text):
            series = match[1]
            if series.startswith(_VEHICLE_SERIES) or _VEHICLE_AFTER.match(text, match.end(), match.end() + 20):
                kind = "vehicles"
            else:
                kind = "spacecraft"
            if series in ("COVID", "G") or series.isdigit():
                continue
            # A number of a series the finder knows (Shijian-25, Zhuque-3) is sure; of another (PRSC-E01), doubtful.
            known_series = series.startswith(_ALL_SERIES)
            claim(kind, match.group(), *match.span(), True, 0.92 if known_series else 0.85, "serial name")
        for match in _THE_SERIES.finditer(text):
            claim("spacecraft", match[1], match.start(1), match.end(1), True, 0.7, "'the X series'")
        for match in _CONTEXT_NAME.finditer(text):
            words = match[2].lower()
            for name_match in _CAP_WORD.finditer(match[1]):
                name = name_match.group()
                if words.startswith("space station") and name not in self.known:
                    # "Taigong space station": a slip for a known station's name, or a name to confirm.
                    close = self._close_spacecraft(name)
                    if close:
                        claim("spacecraft", close, match.start(1) + name_match.start(),
                              match.start(1) + name_match.end(), False, 0.4, f"spelled {name!r} in the report")
                    continue
                if words.startswith("series"):
                    continue
                # "the Guowang constellation", "the Haolong space plane": the words after say what it is.
                sure = 0.9 if words.startswith(("constellation", "mega", "space plane")) else 0.75
                claim("spacecraft", name, match.start(1) + name_match.start(), match.start(1) + name_match.end(),
                      True, sure, f"'X {words}'")
        for match in _APPOSITION.finditer(text):
            if match[1] not in COUNTRIES:
                claim("organisations", match[1], *match.span(1), True, 0.6, "named after 'manufacturer/company ...,'")
        for match in _POSSESSIVE_OWNER.finditer(text):
            name = match[1]
            words = name.split()
            while len(words) > 1 and (words[0] in _OPENERS or words[0].lower() in _NUMBER_WORDS):
                words = words[1:]
            if len(words) < len(name.split()):
                shift = len(name) - len(" ".join(words))
                name = " ".join(words)
                match_start = match.start(1) + shift
            else:
                match_start = match.start(1)
            if name in COUNTRIES or name == "China" or name in _DEMONYMS:
                # "Pakistan's Space and Upper Atmosphere Research Commission": the country's own body.
                rest = _PHRASE_ANY.match(text, match.end())
                if rest and rest.group(1).split()[-1].rstrip(".,") in _ORG_HEADS:
                    whole = f"{name} {rest.group(1).rstrip('.,')}"
                    claim("organisations", whole, match.start(1), rest.start(1) + len(rest.group(1).rstrip(".,")),
                          True, 0.6, "a country's body ('X's ... Commission')")
                continue
            claim("organisations", name, match_start, match.end(1), True, 0.6, "owner ('X's ...')")
        for match in _PHRASE.finditer(text):
            for piece in _phrase_pieces(match.group(1), match.start(1)):
                self._propose(piece, text, claim)
        for match in _COUNTRY.finditer(text):
            country = match[1]
            claim("places", country, match.start(), match.start() + len(country), False, 0.9, "country")
        named = {m.name for m in found}
        for match in _DEMONYM.finditer(text):
            country = _DEMONYMS[match.group()]
            if country in named:
                continue
            claim("places", country, *match.span(), False, 0.6, f"demonym {match.group()!r}")
            named.add(country)
        for match in _LANDING_SITE.finditer(text):
            claim("places", match.group(), *match.span(), True, 0.6, "capitalised name")
        for match in _PERSON_PAIR.finditer(text):
            if (match[1] in _SURNAMES and len(match[2]) >= 2 and match[2][1:].islower()
                    and match[2] not in _NOT_GIVEN_NAMES and not _DIGIT_AFTER.match(text, match.end(), match.end() + 2)
                    and not _CAP_AFTER.match(text, match.end())):
                claim("people", match.group(), *match.span(), True, 0.5, "Chinese personal name")
        for match in _SERIES_ALONE.finditer(text):
            claim("spacecraft", match[1], *match.span(1), True, 0.9, "a series name in the drafter's list")
        series = {s.lower(): s for s in _SPACECRAFT_SERIES}
        for match in (_CAMEL.finditer(text) if _LOWER_UPPER.search(text) else ()):  # most text has no "xY"
            if match[1].lower() in series:
                # "TianHe": the Tianhe module written with a capital inside, not a company.
                claim("spacecraft", series[match[1].lower()], *match.span(1), True, 0.6,
                      f"a series name written {match[1]!r}")
                continue
            if match[1] not in COUNTRIES:
                claim("organisations", match[1], *match.span(1), True, 0.5, "a company-like name (capital inside)")
        for mention in list(found):
            parent = self._arms.get(mention.name)
            if parent and parent not in {m.name for m in found}:
                # Marked where the parent is written inside its arm's words ("(CAS)"), else the arm's.
                inside = re.search(rf"(?<![\w-]){re.escape(parent)}(?![\w-])", text[mention.start:mention.end])
                start, end = ((mention.start + inside.start(), mention.start + inside.end()) if inside
                              else (mention.start, mention.end))
                found.append(Mention(self.known.get(parent, "organisations"), parent, start, end, False, 0.8,
                                     f"named in {mention.name!r}"))
        found.sort(key=lambda m: m.start)
        return found


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


def grouped(mentions: list[Mention]) -> dict[str, list[str]]:
    """The entities table of a record: each kind's names once, in order of first mention."""
    table: dict[str, list[str]] = {}
    for mention in mentions:
        names = table.setdefault(mention.kind, [])
        if mention.name not in names:
            names.append(mention.name)
    return {kind: table[kind] for kind in KINDS if kind in table}
