"""Rule-based PII recognizers for arbitrary text and for single cell values.

Why rules and validators instead of a model: no NER model can be downloaded on the
target machines, and checksums make the rules precise: a 16-digit run is a card only if
it passes Luhn and has a card-network prefix, an IBAN only if its mod-97 check passes,
a phone only if libphonenumber says it is a valid number somewhere. Dates, decimals and
thousands-separated amounts are excluded explicitly because they look like phones.
"""

from __future__ import annotations

import functools
import ipaddress
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import phonenumbers
from stdnum import iban as _iban
from stdnum import luhn
from stdnum.br import cpf
from stdnum.ca import sin
from stdnum.de import idnr
from stdnum.es import dni, nie
from stdnum.fr import nir
from stdnum.in_ import aadhaar
from stdnum.it import codicefiscale
from stdnum.nl import bsn
from stdnum.us import ssn

from . import taiwan
from .words import GIVEN_NAMES, NOT_SURNAMES, SURNAME_PARTICLES

PII_KINDS: tuple[str, ...] = (
    "email",
    "phone",
    "card",
    "iban",
    "ip",
    "national_id",
    "address",
    "person_name",
    "business_id",
)

# Regions tried for phone numbers written without a country code.
PHONE_REGIONS: tuple[str, ...] = (
    "US",
    "GB",
    "FR",
    "DE",
    "ES",
    "IT",
    "NL",
    "BE",
    "CH",
    "AT",
    "IN",
    "BR",
    "AU",
    "JP",
    "IE",
)


@dataclass(frozen=True)
class Span:
    """One PII occurrence in a text: ``text[start:end]`` is of ``kind``."""

    kind: str
    start: int
    end: int
    text: str


def _valid(check: Callable[[str], bool], value: str) -> bool:
    """stdnum validators raise on odd input in some versions; treat that as 'no'."""
    try:
        return bool(check(value))
    except Exception:
        return False


# ---------------------------------------------------------------- email
EMAIL_RE = re.compile(
    r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w@])"
)

# ---------------------------------------------------------------- phone
_PHONE_RE = re.compile(r"(?<![\w+.,/-])(?:\+|00)?\(?\d[\d \u00a0().\-/]{5,22}\d(?![\w]|[.,]\d)")
_DATE_RE = re.compile(
    r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{1,2}:\d{2}(?::\d{2})?"
)
_PHONE_CHARS = re.compile(r"[\d \u00a0().\-/+]+")


def is_phone(value: str, *, allow_bare: bool = False) -> bool:
    """A valid phone number in E.164, international or a supported national format.

    Bare digit runs without ``+``/separators are accepted only with ``allow_bare`` (a
    column named "phone"), because any 10-digit id is also a valid US number.
    """
    value = value.strip()
    if value.lower().startswith("tel:"):
        value = value[4:].strip()
    if not value or not _PHONE_CHARS.fullmatch(value):
        return False
    digits = re.sub(r"\D", "", value)
    if not 7 <= len(digits) <= 15 or _DATE_RE.fullmatch(value):
        return False
    if re.fullmatch(r"\d+\.\d+|\d{3}-\d{2}-\d{4}", value) or is_ip(value):  # decimal, SSN, IP
        return False
    international = value.startswith("+") or value.startswith("00")
    if not international and (len(digits) > 12 or (digits == value and not allow_bare)):
        return False
    try:
        if international:
            number = phonenumbers.parse("+" + digits[2:] if value.startswith("00") else value)
            return bool(phonenumbers.is_valid_number(number))
        for region in PHONE_REGIONS:
            if phonenumbers.is_valid_number(phonenumbers.parse(value, region)):
                return True
    except phonenumbers.NumberParseException:
        return False
    return False


# ---------------------------------------------------------------- card
_CARD_RE = re.compile(r"(?<![\w.,-])(?:\d[ \-]?){12,18}\d(?![\w]|[.,-]\d)")


def _card_prefix(d: str) -> bool:
    n = len(d)
    two = int(d[:2])
    if d[0] == "4":
        return n in (13, 16, 19)
    if 51 <= two <= 55 or 2221 <= int(d[:4]) <= 2720:
        return n == 16
    if two in (34, 37):
        return n == 15
    if two in (30, 36, 38, 39):
        return 14 <= n <= 19
    if two == 35 or d[0] == "6" or two in (50, 56, 57, 58):
        return 16 <= n <= 19 or (d[0] in "56" and n >= 12)
    return False


def is_card(value: str) -> bool:
    """A payment card number: 13–19 digits, a network prefix and a valid Luhn check."""
    value = value.strip()
    if not re.fullmatch(r"[\d \-]+", value):
        return False
    digits = re.sub(r"\D", "", value)
    return 13 <= len(digits) <= 19 and _card_prefix(digits) and _valid(luhn.is_valid, digits)


# ---------------------------------------------------------------- iban
_IBAN_START = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}")


def is_iban(value: str) -> bool:
    """An IBAN whose country format and mod-97 check digits are valid."""
    compact = re.sub(r"[\s\-]", "", value).upper()
    return 15 <= len(compact) <= 34 and compact.isalnum() and _valid(_iban.is_valid, compact)


def _iban_spans(text: str) -> Iterable[Span]:
    for m in _IBAN_START.finditer(text):
        # Collect up to 34 alphanumerics, allowing one space or dash between them.
        ends: list[int] = []
        count, i = 4, m.end()
        while i < len(text) and count < 34:
            j = i + 1 if text[i] in " -" and i + 1 < len(text) else i
            if j < len(text) and text[j].isalnum() and text[j].isascii():
                count += 1
                i = j + 1
                ends.append(i)
            else:
                break
        for end in reversed(ends):
            if end < len(text) and text[end].isalnum():
                continue
            if is_iban(text[m.start() : end]):
                yield Span("iban", m.start(), end, text[m.start() : end])
                break


# ---------------------------------------------------------------- ip
_IPV4_RE = re.compile(
    r"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
    r"(?![\w]|\.\d)"
)
_IPV6_RE = re.compile(
    r"(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{0,4}|(?:\d{1,3}\.){3}\d{1,3})(?![\w:])"
)


def is_ip(value: str) -> bool:
    """An IPv4 or IPv6 address (with at least one hex digit, so ``::`` alone is not)."""
    value = value.strip()
    if (
        not value
        or not re.search(r"[0-9A-Fa-f]", value)
        or not re.fullmatch(r"[0-9A-Fa-f.:]+", value)
    ):
        return False
    if ":" not in value and value.count(".") != 3:
        return False
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------- national ids
_NINO_BAD_PREFIX = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def _is_nino(value: str) -> bool:
    compact = re.sub(r"\s", "", value).upper()
    return bool(
        re.fullmatch(r"[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]", compact)
        and compact[:2] not in _NINO_BAD_PREFIX
    )


# (pattern for text, validator, needs a column-name hint when written as bare digits)
_NATIONAL_TEXT: tuple[tuple[re.Pattern[str], Callable[[str], bool]], ...] = (
    (re.compile(r"(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])"), ssn.is_valid),
    (
        re.compile(
            r"(?<![\w])[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?!\w)"
        ),
        _is_nino,
    ),
    (
        re.compile(
            r"(?<![\w.,])[12] ?\d{2} ?\d{2} ?(?:\d{2}|2[ABab]) ?\d{3} ?\d{3} ?\d{2}(?![\w]|[.,]\d)"
        ),
        nir.is_valid,
    ),
    (re.compile(r"(?<![\w.,])[1-9]\d ?\d{3} ?\d{3} ?\d{3}(?![\w]|[.,]\d)"), idnr.is_valid),
    (re.compile(r"(?<![\w-])\d{8}-?[A-Za-z](?!\w)"), dni.is_valid),
    (re.compile(r"(?<![\w-])[XYZxyz]-?\d{7}-?[A-Za-z](?!\w)"), nie.is_valid),
    (
        re.compile(
            r"(?<!\w)[A-Za-z]{6}[0-9LMNPQRSTUV]{2}[A-EHLMPR-Ta-ehlmpr-t][0-9LMNPQRSTUV]{2}[A-Za-z][0-9LMNPQRSTUV]{3}[A-Za-z](?!\w)"
        ),
        codicefiscale.is_valid,
    ),
    (re.compile(r"(?<![\w.])\d{3}\.\d{3}\.\d{3}-\d{2}(?![\w]|[.,]\d)"), cpf.is_valid),
    (re.compile(r"(?<![\w.,])[2-9]\d{3} \d{4} \d{4}(?![\w]|[.,]\d)"), aadhaar.is_valid),
    (re.compile(r"(?<![\w.,-])\d{3}[ -]\d{3}[ -]\d{3}(?![\w]|[.,-]\d)"), sin.is_valid),
)

# Bare-digit forms too ambiguous to accept without a column-name hint.
_NATIONAL_BARE: tuple[Callable[[str], bool], ...] = (
    ssn.is_valid,
    aadhaar.is_valid,
    sin.is_valid,
    bsn.is_valid,
)


def is_national_id(value: str, *, allow_bare: bool = False) -> bool:
    """A national identifier (US SSN, UK NINO, FR NIR, DE IdNr, ES DNI/NIE, IT CF, BR CPF…)."""
    value = value.strip()
    if not 8 <= len(value) <= 24:
        return False
    for pattern, check in _NATIONAL_TEXT:
        if pattern.fullmatch(value) and _valid(check, value):
            return True
    if allow_bare and value.isdigit():
        return any(_valid(check, value) for check in _NATIONAL_BARE)
    return False


# ---------------------------------------------------------------- addresses
_CAP = r"[A-ZÀ-Þ][\w'’.\-]*"
_ADDRESS_RES: tuple[re.Pattern[str], ...] = (
    # English: "1600 Pennsylvania Avenue NW", "10 Downing Street"
    re.compile(
        r"\b\d{1,5}[A-Za-z]?,? +(?:" + _CAP + r" +){1,4}"
        r"(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Place|Pl|"
        r"Terrace|Way|Close|Crescent|Square|Sq|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Row|Mews|"
        r"Gardens|Grove|Hill)\b\.?(?: +(?:NW|NE|SW|SE|N|S|E|W)\b)?"
    ),
    # French: "12 rue de la Paix", "5 bis avenue Victor Hugo"
    re.compile(
        r"\b\d{1,4}(?: ?(?:bis|ter))?,? +(?i:rue|avenue|av\.|boulevard|bd|place|chemin|allée|"
        r"allee|impasse|quai|route|cours|square|passage|faubourg)"
        r"(?: +(?:(?:de|du|des|la|le|l['’]|d['’]|aux?|et)|" + _CAP + r")){1,6}"
    ),
    # German/Dutch/Nordic: "Hauptstraße 5", "Berliner Str. 12a", "Kerkstraat 12"
    re.compile(
        r"\b(?:"
        + _CAP
        + r" +)?(?:[A-ZÄÖÜ][\wäöüß\-]*?)?(?:straße|strasse|str\.|Straße|Strasse|Str\.|"
        r"weg|Weg|platz|Platz|allee|Allee|gasse|Gasse|ring|damm|ufer|chaussee|straat|laan|gracht|"
        r"plein|kade|singel|dijk|steeg|gade|vej|gatan|vägen) *\d{1,4}[a-z]?\b"
    ),
    # Italian/Spanish/Portuguese: "Via Roma 15", "Calle de Alcalá, 48", "Rua Augusta 100"
    re.compile(
        r"\b(?:Via|Viale|Piazza|Piazzale|Corso|Largo|Vicolo|Calle|C/|Avenida|Avda\.?|Plaza|"
        r"Paseo|Carrer|Rua|Travessa|Rambla|Camino|Carretera) +(?:[\w'’.\-]+ +){0,4}?[\w'’.\-]+,? *"
        r"(?:n\.?[º°]?|nº|no\.?)? *\d{1,4}[A-Za-z]?\b"
    ),
)


def address_spans(text: str) -> Iterable[Span]:
    for pattern in _ADDRESS_RES:
        for m in pattern.finditer(text):
            yield Span("address", m.start(), m.end(), m.group())


# ---------------------------------------------------------------- person names
_NAME_TOKEN = r"[A-ZÀ-Þ][a-zà-ÿ'’]+(?:-[A-ZÀ-Þ][a-zà-ÿ'’]+)?|[A-ZÀ-Þ]{2,}(?:-[A-ZÀ-Þ]{2,})?"
_PARTICLES = "|".join(sorted(SURNAME_PARTICLES))
# Lookaheads make matches overlap, so "Call John Smith" still yields "John Smith".
_FIRST_LAST_RE = re.compile(
    r"\b(?=("
    + _NAME_TOKEN
    + r")( +(?:[A-Z]\. +)?(?:(?:"
    + _PARTICLES
    + r") +){0,2}(?:"
    + _NAME_TOKEN
    + r"))\b)"
)
_LAST_FIRST_RE = re.compile(r"\b(?=(" + _NAME_TOKEN + r"), +(" + _NAME_TOKEN + r")\b)")
_TITLE_RE = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Dame|Herr|Frau|Mme|Mlle|Sr|Sra|Srta|Sig|Dott)\.? +"
    r"(?:" + _NAME_TOKEN + r")(?: +(?:" + _NAME_TOKEN + r"))?"
    r"|\bM\. +(?:" + _NAME_TOKEN + r")"
)


def _plain(token: str) -> str:
    """Lower case without accents, so "Élodie" and "ELODIE" find "elodie"."""
    decomposed = unicodedata.normalize("NFKD", token.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_given_name(token: str) -> bool:
    plain = _plain(token)
    return plain in GIVEN_NAMES or plain.split("-")[0] in GIVEN_NAMES


def person_name_spans(text: str) -> Iterable[Span]:
    """'Given Surname', 'SURNAME, Given' and 'Title Name' where the given name is known."""
    for m in _FIRST_LAST_RE.finditer(text):
        last = m.group(2).split()[-1]
        if is_given_name(m.group(1)) and last.lower() not in NOT_SURNAMES:
            yield Span("person_name", m.start(1), m.end(2), text[m.start(1) : m.end(2)])
    for m in _LAST_FIRST_RE.finditer(text):
        if is_given_name(m.group(2)) and m.group(1).lower() not in NOT_SURNAMES:
            yield Span("person_name", m.start(1), m.end(2), text[m.start(1) : m.end(2)])
    for m in _TITLE_RE.finditer(text):
        yield Span("person_name", m.start(), m.end(), m.group())


_NAME_VALUE_RE = re.compile(
    r"(?:(?:" + _NAME_TOKEN + r"|" + _PARTICLES + r"|[A-Z]\.)[ ,]*){1,5}", re.UNICODE
)


def looks_like_name(value: str) -> bool:
    """A cell that has the shape of a person's name: 1–5 capitalised alphabetic words."""
    value = value.strip()
    return 2 <= len(value) <= 80 and bool(_NAME_VALUE_RE.fullmatch(value))


def has_given_name(value: str) -> bool:
    return any(is_given_name(t) for t in re.split(r"[ ,]+", value.strip()) if t)


# ---------------------------------------------------------------- whole text
def _regex_spans(
    kind: str, pattern: re.Pattern[str], text: str, check: Callable[[str], bool]
) -> Iterable[Span]:
    for m in pattern.finditer(text):
        if check(m.group()):
            yield Span(kind, m.start(), m.end(), m.group())


def find_pii(text: str, kinds: Iterable[str] = PII_KINDS) -> list[Span]:
    """Every PII occurrence in ``text`` found by patterns and validators, in text order.

    Overlaps are kept (callers merge them); person names rely on the given-name list,
    so names of people not in it are only caught as exact values from a report.
    """
    return list(_find_pii(text, frozenset(kinds)))


_CHECKSUMMED = frozenset({"card", "iban", "national_id", "ip"})
_TAIWAN_FINDERS = (
    ("national_id", taiwan.id_spans),
    ("business_id", taiwan.business_number_spans),
    ("phone", taiwan.phone_spans),
    ("address", taiwan.address_spans),
    ("person_name", taiwan.name_spans),
)


def _taiwan_spans(text: str, wanted: frozenset[str]) -> Iterable[Span]:
    """Taiwanese IDs, 統一編號, phones, Chinese addresses and names (see :mod:`.taiwan`)."""
    for kind, finder in _TAIWAN_FINDERS:
        if kind in wanted:
            for start, end in finder(text):
                yield Span(kind, start, end, text[start:end])


@functools.lru_cache(maxsize=16_384)
def _find_pii(text: str, wanted: frozenset[str]) -> tuple[Span, ...]:
    """Cached: detection and collection scan the same cells, prompts repeat fragments."""
    spans: list[Span] = []
    if "email" in wanted and "@" in text:
        spans += _regex_spans("email", EMAIL_RE, text, lambda _: True)
    has_digit = any(c.isdigit() for c in text)
    if has_digit:
        if "card" in wanted:
            spans += _regex_spans("card", _CARD_RE, text, is_card)
        if "iban" in wanted:
            spans += _iban_spans(text)
        if "ip" in wanted:
            spans += _regex_spans("ip", _IPV4_RE, text, is_ip)
            if ":" in text:
                spans += _regex_spans("ip", _IPV6_RE, text, is_ip)
        if "national_id" in wanted:
            for pattern, check in _NATIONAL_TEXT:
                valid = functools.partial(_valid, check)
                spans += _regex_spans("national_id", pattern, text, valid)
        if "phone" in wanted:
            # Digits already claimed by a checksum-validated kind are not tried as phones
            # (libphonenumber is the slow part, and a card is not also a phone).
            taken = {i for s in spans if s.kind in _CHECKSUMMED for i in range(s.start, s.end)}
            for m in _PHONE_RE.finditer(text):
                if m.start() in taken and m.end() - 1 in taken:
                    continue
                if is_phone(m.group()):
                    spans.append(Span("phone", m.start(), m.end(), m.group()))
        if "address" in wanted:
            spans += address_spans(text)
    if "person_name" in wanted:
        spans += person_name_spans(text)
    if has_digit or taiwan.has_cjk(text):
        spans += _taiwan_spans(text, wanted)
    spans.sort(key=lambda s: (s.start, -s.end))
    return tuple(spans)
