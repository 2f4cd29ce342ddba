# ruff: noqa: E501  (corpus data: long literal values and code cells read best unwrapped)
"""A generated, deterministic corpus of PII values in many formats and locales.

Every value is built to be *valid* (Luhn, mod-97, national checksums, libphonenumber),
because a privacy test against invalid look-alikes proves nothing. The person names use
their own lists, which only partly overlap the detector's given-name list, so name
recall is measured honestly. ``clean_columns`` are look-alikes that must not be flagged.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass

import pandas as pd
import phonenumbers
from stdnum import iban as iban_mod
from stdnum import luhn
from stdnum.br import cpf
from stdnum.de import idnr
from stdnum.es import dni
from stdnum.fr import nir
from stdnum.iso7064 import mod_11_10
from stdnum.it import codicefiscale
from stdnum.us import ssn

FIRST = [
    "James",
    "Mary",
    "Olivia",
    "Liam",
    "Sophie",
    "Jean-Pierre",
    "Camille",
    "Hans",
    "Ursula",
    "Lukas",
    "José",
    "Lucía",
    "Giuseppe",
    "Giulia",
    "Pieter",
    "Anouk",
    "João",
    "Priya",
    "Rahul",
    "Aisha",
    "Mohammed",
    "Wei",
    "Hiroshi",
    "Olga",
    "Zoë",
    "Élodie",
    "Björn",
    "Siobhan",
    "Thandiwe",
    "Oluwaseun",
    "Kwame",
    "Ngozi",
    "Tariq",
    "Yerlan",
    "Aroha",
]
LAST = [
    "Smith",
    "Johnson",
    "Dubois",
    "Lefèvre",
    "Müller",
    "Schmidt",
    "García",
    "Fernández",
    "Rossi",
    "Bianchi",
    "van der Berg",
    "de Vries",
    "Silva",
    "Oliveira",
    "Sharma",
    "Patel",
    "Khan",
    "Wang",
    "Tanaka",
    "Ivanova",
    "O'Brien",
    "Nowak",
    "Kowalski",
    "Okafor",
    "Mensah",
    "de la Cruz",
    "Nguyen",
    "Andersson",
]
PHONE_REGIONS = ["US", "GB", "FR", "DE", "ES", "IT", "NL", "IN", "BR", "AU", "JP", "CA"]
IBAN_COUNTRIES = {  # country: BBAN layout (n = digit, a = upper letter, c = alphanumeric)
    "DE": "n" * 18,
    "FR": "n" * 10 + "c" * 11 + "n" * 2,
    "GB": "aaaa" + "n" * 14,
    "ES": "n" * 20,
    "IT": "a" + "n" * 10 + "c" * 12,
    "NL": "aaaa" + "n" * 10,
    "BE": "n" * 12,
    "CH": "n" * 5 + "c" * 12,
    "AT": "n" * 16,
    "PL": "n" * 24,
}
STREETS = {
    "en": [
        "Maple Avenue",
        "Main Street",
        "Oak Road",
        "Elm Drive",
        "Baker Street",
        "Kings Road",
        "Park Lane",
    ],
    "fr": [
        "rue de la Paix",
        "avenue Victor Hugo",
        "boulevard Saint-Michel",
        "rue du Faubourg",
        "place de la Bastille",
    ],
    "de": ["Hauptstraße", "Berliner Straße", "Lindenweg", "Goetheplatz", "Schillerstraße"],
    "es": ["Calle Mayor", "Calle de Alcalá", "Avenida de América", "Paseo del Prado"],
    "it": ["Via Roma", "Via Giuseppe Garibaldi", "Corso Vittorio Emanuele", "Piazza Navona"],
    "nl": ["Kerkstraat", "Prinsengracht", "Dorpsweg", "Stationsplein"],
}
CITIES = {
    "en": ["London SW1A 2AA", "Springfield, IL 62704", "Leeds LS1 4AP"],
    "fr": ["75002 Paris", "69001 Lyon"],
    "de": ["10115 Berlin", "80331 München"],
    "es": ["28013 Madrid", "08002 Barcelona"],
    "it": ["00184 Roma", "20121 Milano"],
    "nl": ["1017 GC Amsterdam", "3511 AB Utrecht"],
}
DOMAINS = [
    "example.com",
    "mail.example.org",
    "uni-example.de",
    "example.co.uk",
    "correo.example.es",
]


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(n))


def emails(rng: random.Random, n: int) -> list[str]:
    out = []
    for i in range(n):
        first = rng.choice(
            ["james", "mary", "j.dubois", "hans", "lucia", "wei", "priya", "o.brien"]
        )
        last = rng.choice(["smith", "mueller", "garcia", "rossi", "silva", "tanaka"])
        local = rng.choice(
            [f"{first}.{last}", f"{first}{i}", f"{last}+news{i}", f"{first}_{last}{i}"]
        )
        email = f"{local}@{rng.choice(DOMAINS)}"
        out.append(email.upper() if i % 17 == 0 else email)
    return out


def phones(rng: random.Random, n: int) -> list[str]:
    formats = [
        phonenumbers.PhoneNumberFormat.E164,
        phonenumbers.PhoneNumberFormat.INTERNATIONAL,
        phonenumbers.PhoneNumberFormat.NATIONAL,
    ]
    out: list[str] = []
    while len(out) < n:
        region = PHONE_REGIONS[len(out) % len(PHONE_REGIONS)]
        kind = rng.choice(
            [phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE]
        )
        example = phonenumbers.example_number_for_type(region, kind)
        if example is None:
            continue
        national = str(example.national_number)
        mutated = national[:-3] + _digits(rng, 3)
        number = phonenumbers.parse("+" + str(example.country_code) + mutated)
        if not phonenumbers.is_valid_number(number):
            continue
        out.append(phonenumbers.format_number(number, formats[len(out) % 3]))
    return out


def cards(rng: random.Random, n: int) -> list[str]:
    prefixes = [
        ("4", 16),
        ("51", 16),
        ("55", 16),
        ("2221", 16),
        ("34", 15),
        ("37", 15),
        ("6011", 16),
        ("35", 16),
        ("4", 13),
    ]
    out = []
    for i in range(n):
        prefix, length = prefixes[i % len(prefixes)]
        body = prefix + _digits(rng, length - len(prefix) - 1)
        number = body + luhn.calc_check_digit(body)
        style = i % 3
        if style == 0:
            out.append(number)
        else:
            sep = " " if style == 1 else "-"
            groups = (
                [number[:4], number[4:10], number[10:]]
                if length == 15
                else [number[j : j + 4] for j in range(0, length, 4)]
            )
            out.append(sep.join(groups))
    return out


def ibans(rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    countries = list(IBAN_COUNTRIES)
    while len(out) < n:
        country = countries[len(out) % len(countries)]
        alphabet = {
            "n": string.digits,
            "a": string.ascii_uppercase,
            "c": string.ascii_uppercase + string.digits,
        }
        bban = "".join(rng.choice(alphabet[c]) for c in IBAN_COUNTRIES[country])
        check = iban_mod.calc_check_digits(country + "00" + bban)
        value = country + check + bban
        if not iban_mod.is_valid(value):
            continue
        out.append(iban_mod.format(value) if len(out) % 2 else value)
    return out


def ips(rng: random.Random, n: int) -> list[str]:
    out = []
    for i in range(n):
        if i % 3 == 2:
            groups = [f"{rng.randrange(1, 0xFFFF):x}" for _ in range(8)]
            out.append(":".join(groups) if i % 2 else f"2001:db8:{groups[2]}::{groups[7]}")
        else:
            out.append(".".join(str(rng.randrange(1, 255)) for _ in range(4)))
    return out


def national_ids(rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        which = len(out) % 7
        if which == 0:  # US SSN
            value = f"{rng.randrange(1, 665):03d}-{rng.randrange(1, 99):02d}-{rng.randrange(1, 9999):04d}"
            ok = ssn.is_valid(value)
        elif which == 1:  # UK National Insurance number
            value = f"{rng.choice('ABCEHJKLMPRSTWXYZ')}{rng.choice('ABCEHJKLMNPRSTWXYZ')} {_digits(rng, 2)} {_digits(rng, 2)} {_digits(rng, 2)} {rng.choice('ABCD')}"
            ok = value[:2] not in {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}
        elif which == 2:  # French INSEE / NIR
            body = f"{rng.choice('12')}{_digits(rng, 2)}{rng.randrange(1, 13):02d}{rng.randrange(1, 96):02d}{_digits(rng, 6)}"
            compact = body + nir.calc_check_digits(body)
            value = f"{compact[0]} {compact[1:3]} {compact[3:5]} {compact[5:7]} {compact[7:10]} {compact[10:13]} {compact[13:]}"
            ok = nir.is_valid(compact)
        elif which == 3:  # German Steuer-IdNr
            first = rng.choice("123456789")
            digits = list(first + _digits(rng, 9))
            body = "".join(digits)
            value = body + mod_11_10.calc_check_digit(body)
            ok = idnr.is_valid(value)
            value = (
                f"{value[:2]} {value[2:5]} {value[5:8]} {value[8:]}"
                if ok and len(out) % 2
                else value
            )
        elif which == 4:  # Spanish DNI
            body = _digits(rng, 8)
            value = body + dni.calc_check_digit(body)
            ok = dni.is_valid(value)
        elif which == 5:  # Italian codice fiscale
            body = (
                "".join(rng.choice(string.ascii_uppercase) for _ in range(6))
                + _digits(rng, 2)
                + rng.choice("ABCDEHLMPRST")
                + f"{rng.randrange(1, 29):02d}"
                + rng.choice(string.ascii_uppercase)
                + _digits(rng, 3)
            )
            value = body + codicefiscale.calc_check_digit(body)
            ok = codicefiscale.is_valid(value)
        else:  # Brazilian CPF
            body = _digits(rng, 9)
            value = cpf.format(body + _cpf_check(body))
            ok = cpf.is_valid(value)
        if ok:
            out.append(value)
    return out


def _cpf_check(body: str) -> str:
    """The two CPF check digits (mod 11), written out because stdnum keeps it private."""
    d = [int(c) for c in body]
    first = sum((10 - i) * v for i, v in enumerate(d)) * 10 % 11 % 10
    second = sum((11 - i) * v for i, v in enumerate([*d, first])) * 10 % 11 % 10
    return f"{first}{second}"


def addresses(rng: random.Random, n: int) -> list[str]:
    out = []
    locales = list(STREETS)
    for i in range(n):
        loc = locales[i % len(locales)]
        street, num, city = rng.choice(STREETS[loc]), rng.randrange(1, 400), rng.choice(CITIES[loc])
        if loc in ("en", "fr"):
            out.append(f"{num} {street}, {city}")
        else:
            out.append(f"{street} {num}, {city}")
    return out


def person_names(rng: random.Random, n: int) -> list[str]:
    out = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        style = i % 6
        if style == 4:
            out.append(f"{last.upper()}, {first}")
        elif style == 5:
            out.append(f"{first} {rng.choice(string.ascii_uppercase)}. {last}")
        else:
            out.append(f"{first} {last}")
    return out


GENERATORS = {
    "email": emails,
    "phone": phones,
    "card": cards,
    "iban": ibans,
    "ip": ips,
    "national_id": national_ids,
    "address": addresses,
    "person_name": person_names,
}
COLUMN_NAMES = {  # deliberately varied: some names say what the column is, some do not
    "email": "contact",
    "phone": "telefon",
    "card": "payment",
    "iban": "account",
    "ip": "client_ip",
    "national_id": "tax_id",
    "address": "lieferadresse",
    "person_name": "customer_name",
}


@dataclass
class Corpus:
    frame: pd.DataFrame
    pii: dict[str, list[str]]  # kind -> raw values (each appears in the frame)
    pii_columns: dict[str, str]  # column -> kind
    clean_columns: list[str]

    @property
    def all_values(self) -> list[str]:
        return [v for values in self.pii.values() for v in values]


def clean_columns(rng: random.Random, n: int) -> dict[str, list[object]]:
    """Look-alikes that are not PII: amounts, dates, codes, non-Luhn long integers, prose."""
    words = [
        "shipment",
        "delayed",
        "because",
        "of",
        "weather",
        "order",
        "arrived",
        "late",
        "box",
        "damaged",
        "quality",
        "good",
        "price",
        "fair",
        "would",
        "buy",
        "again",
        "color",
        "faded",
    ]
    big: list[object] = []
    while len(big) < n:
        candidate = rng.randrange(10**15, 10**16)
        if not luhn.is_valid(str(candidate)):
            big.append(candidate)
    return {
        "price": [round(rng.uniform(1, 5000), 2) for _ in range(n)],
        "quantity": [rng.randrange(1, 50) for _ in range(n)],
        "order_date": list(pd.date_range("2023-01-01", periods=n, freq="D")),
        "date_text": [
            f"2024-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}" for _ in range(n)
        ],
        "time_text": [
            f"{rng.randrange(0, 24):02d}:{rng.randrange(0, 60):02d}:{rng.randrange(0, 60):02d}"
            for _ in range(n)
        ],
        "product_code": [
            f"SKU-{rng.randrange(10000, 99999)}-{rng.choice(string.ascii_uppercase)}{rng.choice(string.ascii_uppercase)}"
            for _ in range(n)
        ],
        "amount_text": [
            f"{rng.randrange(1000, 9999999):,}.{rng.randrange(0, 99):02d}" for _ in range(n)
        ],
        "version": [
            f"{rng.randrange(0, 9)}.{rng.randrange(0, 20)}.{rng.randrange(0, 50)}" for _ in range(n)
        ],
        "big_int": big,
        "zip_code": [f"{rng.randrange(10000, 99999)}" for _ in range(n)],
        "review": [
            " ".join(rng.choice(words) for _ in range(rng.randrange(6, 14))) for _ in range(n)
        ],
        "category": [rng.choice(["Furniture", "Office Supplies", "Technology"]) for _ in range(n)],
        "city": [
            rng.choice(["Paris", "New York", "Berlin", "São Paulo", "Tokyo"]) for _ in range(n)
        ],
        "rating": [rng.uniform(0, 5) for _ in range(n)],
    }


def make_corpus(n: int = 120, seed: int = 7) -> Corpus:
    """A frame with one column per PII kind, a free-text column mixing them, and clean columns."""
    rng = random.Random(seed)
    pii = {kind: gen(rng, n) for kind, gen in GENERATORS.items()}
    data: dict[str, list[object]] = {COLUMN_NAMES[k]: list(v) for k, v in pii.items()}
    templates = [
        "Customer {person_name} called from {phone} about card {card}.",
        "Please refund to {iban}; contact {email}.",
        "Ship to {address} (login from {ip}).",
        "Tax id {national_id} verified for {person_name}.",
    ]
    data["notes"] = [templates[i % 4].format(**{k: pii[k][i] for k in pii}) for i in range(n)]
    clean = clean_columns(rng, n)
    data.update(clean)
    return Corpus(pd.DataFrame(data), pii, {COLUMN_NAMES[k]: k for k in pii}, list(clean))


if __name__ == "__main__":  # print a few values of each kind
    corpus = make_corpus(8)
    for kind, values in corpus.pii.items():
        print(kind, values[:8])


# ---------------------------------------------------------------- Taiwan / Chinese
TW_SURNAMES = "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高潘簡朱鍾彭游詹胡施沈余趙盧梁顏柯孫魏翁戴范宋方鄧"
TW_COMPOUND = ["歐陽", "司馬", "上官", "諸葛", "張簡", "范姜"]
TW_GIVEN = "小明美玲大同志豪淑芬雅婷家豪怡君俊傑宗翰佩君建宏冠宇欣怡承恩柏翰子晴宥廷品妤詠晴"
TW_CITIES = {
    "台北市": ["信義區", "大安區", "中山區", "松山區"],
    "臺北市": ["士林區", "北投區"],
    "新北市": ["板橋區", "三重區", "永和區", "淡水區"],
    "桃園市": ["中壢區", "桃園區"],
    "台中市": ["西屯區", "北屯區", "南屯區"],
    "台南市": ["東區", "安平區"],
    "高雄市": ["前鎮區", "苓雅區", "鳳山區"],
    "新竹縣": ["竹北市", "湖口鄉"],
    "彰化縣": ["員林市", "鹿港鎮"],
    "花蓮縣": ["吉安鄉", "花蓮市"],
}
TW_ROADS = [
    "信義路",
    "忠孝東路",
    "中山北路",
    "民生東路",
    "文化路",
    "中正路",
    "台灣大道",
    "成功街",
    "和平街",
    "自由路",
]
_TW_LETTERS = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True))
_TW_WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1)


def _tw_check(first: int, second: int, body: str) -> str:
    numbers = [first // 10, first % 10, second, *(int(d) for d in body)]
    total = sum(w * n for w, n in zip(_TW_WEIGHTS, numbers, strict=True))
    return str((10 - total % 10) % 10)


def tw_national_ids(rng: random.Random, n: int) -> list[str]:
    """National IDs (second digit 1/2) and new-style resident numbers (8/9)."""
    out = []
    for i in range(n):
        letter = rng.choice(list(_TW_LETTERS))
        second = "12"[i % 2] if i % 4 < 3 else "89"[i % 2]
        body = _digits(rng, 7)
        out.append(letter + second + body + _tw_check(_TW_LETTERS[letter], int(second), body))
    return out


def tw_old_arcs(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        first, second = rng.choice(list(_TW_LETTERS)), rng.choice("ABCD")
        body = _digits(rng, 7)
        check = _tw_check(_TW_LETTERS[first], _TW_LETTERS[second] % 10, body)
        out.append(first + second + body + check)
    return out


def _ubn_ok(v: str) -> bool:
    total = sum(
        p // 10 + p % 10
        for p in (int(d) * w for d, w in zip(v, (1, 2, 1, 2, 1, 2, 4, 1), strict=True))
    )
    return total % 5 == 0 or (v[6] == "7" and (total + 1) % 5 == 0)


def tw_business_numbers(rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        body = _digits(rng, 6) + ("7" if len(out) % 5 == 0 else str(rng.randint(0, 9)))
        last = next((d for d in "0123456789" if _ubn_ok(body + d)), None)
        if last is not None:
            out.append(body + last)
    return out


def tw_mobiles(rng: random.Random, n: int) -> list[str]:
    out = []
    for i in range(n):
        d = "9" + _digits(rng, 8)
        forms = [
            f"0{d[:3]}-{d[3:6]}-{d[6:]}",
            f"0{d}",
            f"0{d[:3]} {d[3:6]} {d[6:]}",
            f"+886 {d[:3]} {d[3:6]} {d[6:]}",
            f"+886-{d[:3]}-{d[3:6]}-{d[6:]}",
            f"+886{d}",
        ]
        out.append(forms[i % len(forms)])
    return out


def tw_landlines(rng: random.Random, n: int) -> list[str]:
    out = []
    for i in range(n):
        area, local = rng.choice([("2", 8), ("4", 7), ("7", 7), ("3", 7), ("6", 7), ("49", 7)])
        num = str(rng.randint(2, 8)) + _digits(rng, local - 1)
        head, tail = num[:-4], num[-4:]
        forms = [
            f"(0{area}) {head}-{tail}",
            f"0{area}-{num}",
            f"0{area}-{head}-{tail}",
            f"+886 {area} {head} {tail}",
            f"+886-{area}-{head}-{tail}",
        ]
        out.append(forms[i % len(forms)])
    return out


def tw_names(rng: random.Random, n: int) -> list[str]:
    out: list[str] = []
    while len(out) < n:
        given = rng.choice(TW_GIVEN) + rng.choice(TW_GIVEN)
        surname = rng.choice(TW_COMPOUND) if len(out) % 8 == 0 else rng.choice(TW_SURNAMES)
        name = surname + given
        if name not in out:
            out.append(name)
    return out


def tw_addresses(rng: random.Random, n: int) -> list[str]:
    out = []
    for i in range(n):
        city = rng.choice(list(TW_CITIES))
        district = rng.choice(TW_CITIES[city])
        road = rng.choice(TW_ROADS)
        section = f"{'一二三四五'[rng.randint(0, 4)]}段" if i % 2 else ""
        lane = f"{rng.randint(1, 300)}巷" if i % 3 == 0 else ""
        alley = f"{rng.randint(1, 30)}弄" if i % 6 == 0 else ""
        floor = f"{rng.randint(2, 20)}樓" if i % 4 == 1 else ""
        zip_code = f"{rng.randint(100, 983)}" if i % 5 == 2 else ""
        out.append(
            f"{zip_code}{city}{district}{road}{section}{lane}{alley}{rng.randint(1, 500)}號{floor}"
        )
    return out


TW_GENERATORS = {
    "national_id": tw_national_ids,
    "resident_arc": tw_old_arcs,
    "business_id": tw_business_numbers,
    "mobile": tw_mobiles,
    "landline": tw_landlines,
    "person_name": tw_names,
    "address": tw_addresses,
}
TW_COLUMNS = {
    "national_id": "身分證字號",
    "resident_arc": "居留證號",
    "business_id": "統一編號",
    "mobile": "手機",
    "landline": "聯絡電話",
    "person_name": "客戶姓名",
    "address": "通訊地址",
}
_TEXT_TEMPLATES = [
    "請聯絡{person_name}先生，手機{mobile}，地址：{address}。",
    "客戶{person_name}（身分證{national_id}）住在{address}，電話 {landline}",
    "{person_name}小姐的居留證號碼是{resident_arc}，公司統一編號：{business_id}",
    "聯絡人：{person_name}；市話{landline}；寄送至{address}",
]


@dataclass
class TaiwanCorpus:
    """Taiwanese/Chinese PII in every place it can hide, and the values that must vanish."""

    cells: pd.DataFrame  # one column per kind, with Chinese column names
    free_text: pd.DataFrame  # sentences mixing kinds, in a 備註 column
    labels: pd.DataFrame  # PII as column names, index values and category levels
    values: dict[str, list[str]]  # every planted value, by kind
    label_values: list[str]  # the subset planted as labels

    @property
    def all_values(self) -> list[str]:
        return [v for vals in self.values.values() for v in vals]


def make_taiwan_corpus(n: int = 40, seed: int = 11) -> TaiwanCorpus:
    rng = random.Random(seed)
    values = {kind: gen(rng, n) for kind, gen in TW_GENERATORS.items()}
    cells = pd.DataFrame({TW_COLUMNS[k]: v for k, v in values.items()})
    cells["消費金額"] = [rng.randint(100, 9000) for _ in range(n)]
    cells["會員等級"] = [rng.choice(["金卡", "銀卡", "一般"]) for _ in range(n)]
    texts = []
    for i in range(n):
        fields = {k: values[k][(i * 7 + 3) % n] for k in values}
        texts.append(_TEXT_TEMPLATES[i % len(_TEXT_TEMPLATES)].format(**fields))
    free_text = pd.DataFrame({"備註": texts, "分數": [rng.random() for _ in range(n)]})
    as_columns = [values["person_name"][0], values["national_id"][0], values["mobile"][0]]
    index_names = values["person_name"][1:9]
    levels = values["person_name"][9:13] + values["national_id"][1:3]
    label_frame = pd.DataFrame(
        {col: [rng.randint(0, 9) for _ in index_names] for col in as_columns},
        index=pd.Index(index_names, name="客戶"),
    )
    used = [levels[i % 3] for i in range(len(index_names))]  # some levels stay unused
    label_frame["類別"] = pd.Categorical(used, categories=levels)
    return TaiwanCorpus(cells, free_text, label_frame, values, as_columns + index_names + levels)
