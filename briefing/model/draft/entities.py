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

Known names come from :mod:`.known_names`, the vocabulary and patterns from :mod:`.name_patterns`.
Found spans are returned so dates are never looked for inside a name ("Long March 5B").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter

from .name_patterns import COUNTRIES, KINDS, MAX_LEARNED
# The finder's own vocabulary and cutters, moved beside it unchanged (see name_patterns' docstring).
from .name_patterns import (_ACRONYM_ARM, _APPOSITION, _CAMEL, _CONTEXT_NAME, _COUNTRY, _DEMONYM, _DEMONYMS,
                            _LONG_MARCH, _MONTH_WORDS, _NOT_GIVEN_NAMES, _NUMBER_WORDS, _OPENERS, _ORG_CORE,
                            _ORG_HEADS, _PERSON_PAIR, _PHRASE, _PHRASE_ANY, _PLACE_HEADS, _POSSESSIVE_OWNER,
                            _QUOTED, _SERIAL, _SERIES_ALONE, _SERIES_START, _SPACECRAFT_SERIES, _SPACED_SERIAL,
                            _SURNAMES,
                            _THE_SERIES, _VEHICLE_SERIES, _defined_matches, _defined_name, _literal_head,
                            _phrase_pieces, _variant_pattern)
# Compiled once, read in _find.
from .name_patterns import (_ALL_SERIES, _CAP_AFTER, _CAP_WORD, _CHINA_AND_COUNTRIES, _DASH_DIGIT, _DIGIT_AFTER,
                            _LANDING_SITE, _LOWER_UPPER, _OWNER_BEFORE_CAP, _PHRASE_ASCII, _SERIAL_NUMBER,
                            _SPACE_DIGIT,
                            _VEHICLE_AFTER)
from .windows import windows
from .word_start import guarded

_SERIES_BY_LOWER = {s.lower(): s for s in _SPACECRAFT_SERIES}
#: Words _CONTEXT_NAME cannot match without (_context_end reads them, with their lengths, in this order).
_CONTEXT_WORDS = ("constellation", "space plane", "space station", "program", "series")
#: How a word that makes a capitalised run a place or an organisation ends (_propose's three tests, below).
_HEAD_ENDS = tuple(sorted(set(_ORG_HEADS) | _ORG_CORE | {head.split()[-1] for head in _PLACE_HEADS}))
#: Whether any word of a phrase ends as _HEAD_ENDS do: one search in C rather than a generator over its words
#: (a word is a run of non-spaces, so "ends with a head" is "a head before a space or the end").
_HEAD_AT_WORD_END = re.compile("(?:" + "|".join(re.escape(h) for h in sorted(_HEAD_ENDS, key=len, reverse=True))
                               + r")(?!\S)")
#: The same words anywhere: a capitalised run holding none is not cut into pieces for _propose at all.
_HEAD_ANYWHERE = re.compile("|".join(re.escape(h) for h in sorted(_HEAD_ENDS, key=len, reverse=True)))
_OPENING_QUOTES = ("'", '"', "\u201c", "\u2018")  # _QUOTED's first character, a capital after it
#: Words _APPOSITION cannot match without ("start" of "start-up").
_APPOSITION_WORDS = ("manufacturer", "maker", "company", "firm", "start", "operator", "subsidiary", "developer",
                     "supplier", "provider")


#: How many characters of a known name's first word index it: a word start is tried against the names sharing
#: them (two made "Ch" try every "China ..." and "Chinese ..." at every "China" of a report).
_HEAD_SIZE = 4
#: A mention's start, read in C: the sort key of every paragraph's mentions.
_START = attrgetter("start")


@dataclass(slots=True)  # made for every name of every paragraph
class Mention:
    kind: str
    name: str
    start: int
    end: int
    new: bool
    confidence: float
    how: str


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
        #: _close_spacecraft's answers while the names known stay the same (a slip is written again and again)
        self._close_names: dict[str, str | None] = {}
        for name, kind in sorted(self.known.items(), key=lambda pair: -len(pair[0])):
            self._compiled.append((re.compile(_variant_pattern(name)), name, kind))

    def _add(self, pattern: re.Pattern, name: str, kind: str, first: bool) -> None:
        if first:
            self._compiled.insert(0, (pattern, name, kind))
        else:
            self._compiled.append((pattern, name, kind))
        self._index = None
        self._close_names.clear()

    def _known_index(self) -> dict[str, list[int]]:
        """Compiled patterns by the first characters they can match at (up to _HEAD_SIZE of the first word), in
        priority order.

        Every known name starts with a literal word, so at each word start only the few names
        sharing its first characters are tried: the cost is the text's length, not its
        length times the number of names known.
        """
        if self._index is None:
            index: dict[str, list[int]] = {}
            for number, (pattern, _name, _kind) in enumerate(self._compiled):
                index.setdefault(_literal_head(pattern.pattern, _HEAD_SIZE), []).append(number)
            self._index = index
            #: The lengths of the heads indexed, longest first: the look-ups made where a head is found.
            self._head_sizes = sorted({len(head) for head in index}, reverse=True)
            heads = sorted(index, key=len, reverse=True)
            try:  # the guard after the first letter, so the engine skips to the next possible start (.word_start)
                self._heads = re.compile(guarded(heads, r"[\w-]")) if heads else None
            except ValueError:  # a name that starts with no letter or digit: the guard first
                self._heads = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(h) for h in heads) + ")")
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

        if name in self._close_names:
            return self._close_names[name]
        names = {n for n, k in self.known.items() if k == "spacecraft"}
        names |= {n for n, k in self.aliases.values() if k == "spacecraft"}
        found = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.8)
        self._close_names[name] = found[0] if found else None
        return self._close_names[name]

    def learn(self, name: str, kind: str) -> None:
        """A name the document itself establishes (a magazine heading, a medal holder)."""
        if name and name not in self.known and self._learned < MAX_LEARNED and len(name) <= 200:
            self._learned += 1
            self.known[name] = kind
            self._add(re.compile(_variant_pattern(name)), name, kind, True)

    def _propose(self, piece: tuple[str, int, bool], text: str, claim) -> None:
        phrase, start, owned = piece
        phrase = phrase.rstrip(".,;:")
        if _HEAD_AT_WORD_END.search(phrase) is None:
            return  # no word can end a place's or an organisation's name, nor make one (below): nothing to claim
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
            first = start if start > 0 else 0
            if taken.find(1, first, end) >= 0:
                return
            kind = self.known.get(name, kind)
            taken[first: end] = b"\x01" * (end - first)
            found.append(Mention(kind, name, start, end, new and name not in self.known, confidence, how))

        # (A pattern that needs a character or a word is not run over a text without it: a search in C, not a scan.)
        for match in (_ACRONYM_ARM.finditer(text) if _DASH_DIGIT.search(text) else ()):  # before "X-1"
            if self.known.get(match[1]) == "organisations":
                claim("organisations", f"{match[1]} {match[2]}", match.start(1), match.end(2), True, 0.6,
                      "an organisation's arm ('CAS Space') before a serial name")
        index, compiled = self._known_index(), self._compiled
        sizes = self._head_sizes
        hits: list[tuple[int, int, int]] = []
        for word in (self._heads.finditer(text) if self._heads is not None else ()):
            at = word.start()
            for size in sizes:
                for number in index.get(text[at: at + size], ()):
                    match = compiled[number][0].match(text, at)
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
        for match in (_QUOTED.finditer(text) if _quote_before_capital(text) else ()):
            kind = "vehicles" if match[2].startswith("rocket") else "spacecraft"
            claim(kind, match[1], *match.span(1), True, 0.85, f"a quoted name before {match[2]!r}")
        spaced, alone = _series_matches(text)
        for match in spaced:
            kind = "vehicles" if _VEHICLE_AFTER.match(text, match.end(), match.end() + 20) else "spacecraft"
            claim(kind, f"{match[1]}-{match[2]}", *match.span(), True, 0.9, "serial name written with a space")
        # Every _SERIAL match ends within 6 characters of its "-25"'s dash and reads one more: past the last such
        # dash + 6 + 1 (the gate's end is a character or two on) it has nothing to find, so the text is cut there.
        last = _last_end(text, _SERIAL_NUMBER)
        for match in (_SERIAL.finditer(text, 0, last + 6) if last is not None else ()):
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
        for match in (_THE_SERIES.finditer(text) if "series" in text else ()):
            claim("spacecraft", match[1], match.start(1), match.end(1), True, 0.7, "'the X series'")
        for match in _CONTEXT_NAME.finditer(text, 0, _context_end(text)):
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
        for match in (_APPOSITION.finditer(text) if any(w in text for w in _APPOSITION_WORDS) else ()):
            if match[1] not in COUNTRIES:
                claim("organisations", match[1], *match.span(1), True, 0.6, "named after 'manufacturer/company ...,'")
        # Every _POSSESSIVE_OWNER match ends at an "'s" before a capital, reading that capital: none is past the last.
        last = _last_end(text, _OWNER_BEFORE_CAP)
        for match in (_POSSESSIVE_OWNER.finditer(text, 0, last) if last is not None else ()):
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
        for match in (_PHRASE_ASCII if text.isascii() else _PHRASE).finditer(text):
            # Each piece is a part of the run: with no head word in the run, _propose would return for every one.
            if _HEAD_ANYWHERE.search(text, match.start(1), match.end(1)) is None:
                continue
            for piece in _phrase_pieces(match.group(1), match.start(1)):
                self._propose(piece, text, claim)
        for match in _COUNTRY.finditer(text):
            country = match[1]
            claim("places", country, match.start(), match.start() + len(country), False, 0.9, "country")
        named = None  # the names found so far, made at the first demonym (most windows have none)
        for match in (_DEMONYM.finditer(text) if any(d in text for d in _DEMONYMS) else ()):
            if named is None:
                named = {m.name for m in found}
            country = _DEMONYMS[match.group()]
            if country in named:
                continue
            claim("places", country, *match.span(), False, 0.6, f"demonym {match.group()!r}")
            named.add(country)
        for match in (_LANDING_SITE.finditer(text) if "landing site" in text else ()):
            claim("places", match.group(), *match.span(), True, 0.6, "capitalised name")
        for match in _PERSON_PAIR.finditer(text):
            if (match[1] in _SURNAMES and len(match[2]) >= 2 and match[2][1:].islower()
                    and match[2] not in _NOT_GIVEN_NAMES and not _DIGIT_AFTER.match(text, match.end(), match.end() + 2)
                    and not _CAP_AFTER.match(text, match.end())):
                claim("people", match.group(), *match.span(), True, 0.5, "Chinese personal name")
        for match in alone:
            claim("spacecraft", match[1], *match.span(1), True, 0.9, "a series name in the drafter's list")
        for match in (_CAMEL.finditer(text) if _LOWER_UPPER.search(text) else ()):  # most text has no "xY"
            if match[1].lower() in _SERIES_BY_LOWER:
                # "TianHe": the Tianhe module written with a capital inside, not a company.
                claim("spacecraft", _SERIES_BY_LOWER[match[1].lower()], *match.span(1), True, 0.6,
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
        found.sort(key=_START)
        return found


def _series_matches(text: str) -> tuple[list[re.Match], list[re.Match]]:
    """_SPACED_SERIAL's and _SERIES_ALONE's finditer matches in ``text``, each tried where _SERIES_START finds a
    series name, by one scan where each pattern made its own (the same matches: none holds another's start)."""
    spaced, alone = [], []
    for name in _SERIES_START.finditer(text):
        at = name.start()
        if match := _SPACED_SERIAL.match(text, at):
            spaced.append(match)
        if match := _SERIES_ALONE.match(text, at):
            alone.append(match)
    return spaced, alone


def _last_end(text: str, gate: re.Pattern) -> int | None:
    """Where the last match of ``gate`` ends in ``text``; None without one.

    For a pattern whose every match ends (look-aheads included) no later than a match of the gate
    does: it is run with the text cut there (finditer's endpos), so the text after, which it would
    scan to no avail, is not read; its matches and look-aheads inside the cut text are the same.
    The gate starts with a literal, so the engine jumps from one to the next.
    """
    found = None
    for found in gate.finditer(text):
        pass
    return found.end() if found is not None else None


def _quote_before_capital(text: str) -> bool:
    """Whether an opening quote of _QUOTED stands right before a capital in ``text``, as every match of it starts.

    Found by str.find from quote to quote: most windows hold an apostrophe ("China's"), few a quote
    before a capital, and the pattern is a set test at each of the window's characters.
    """
    for quote in _OPENING_QUOTES:
        at = text.find(quote)
        while at >= 0:
            if "A" <= text[at + 1: at + 2] <= "Z":  # "" (the text's end) is before "A"
                return True
            at = text.find(quote, at + 1)
    return False


def _context_end(text: str) -> int:
    """Where _CONTEXT_NAME's matches in ``text`` have all ended: a plural "s" and the closing \\b's character after
    the last of _CONTEXT_WORDS written (a match ends with one); near the start if none is (then none matches).

    Its endpos: the text after, scanned at every capital for nothing, is not read.
    """
    return min(len(text), 2 + max(text.rfind("constellation") + 13, text.rfind("space plane") + 11,
                                  text.rfind("space station") + 13, text.rfind("program") + 7,
                                  text.rfind("series") + 6))


def grouped(mentions: list[Mention]) -> dict[str, list[str]]:
    """The entities table of a record: each kind's names once, in order of first mention."""
    table: dict[str, list[str]] = {}
    for mention in mentions:
        names = table.setdefault(mention.kind, [])
        if mention.name not in names:
            names.append(mention.name)
    return {kind: table[kind] for kind in KINDS if kind in table}
