"""Word lists the rule-based detectors need.

Why a hand-made list: no NER model can be downloaded here (spaCy/Presidio models come
from a hub), so person names in free text are found by "known given name followed by a
capitalised word". The list covers common given names of several locales; it is
deliberately not exhaustive (see docs/privacy.md for the limits).
"""

from __future__ import annotations

_GIVEN = """
james john robert michael william david richard joseph thomas charles christopher daniel
matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy
christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse
jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy
vincent ralph eugene russell bobby mason philip louis harry oliver jacky liam lucas
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty
margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah
stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma
nicole helen samantha katherine christine debra rachel carolyn janet catherine maria
heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan
evelyn judith megan andrea cheryl hannah jacqueline martha gloria teresa ann sara madison
frances kathryn janice jean abigail alice judy sophia grace denise amber doris marilyn
danielle beverly isabella theresa diana natalie brittany charlotte marie kayla alexis
lori claire chloe jane sophie lucy ella amelia isla ava mia freya poppy ruby
jean-pierre jean-luc pierre jacques michel philippe alain nicolas christophe laurent
stephane sebastien julien francois frederic olivier thierry pascal didier vincent
antoine guillaume mathieu maxime hugo louis arthur jules gabriel raphael leo
nathalie isabelle sylvie catherine francoise valerie sandrine veronique christine
celine aurelie camille manon lea chloe ines jade louise zoe juliette amandine elodie
hans jurgen klaus wolfgang stefan andreas thomas michael uwe frank dieter gunter
horst matthias markus sven lukas felix maximilian jonas leon paul finn elias niklas
tobias florian moritz johannes
ursula monika petra sabine renate karin brigitte ingrid gisela andrea claudia susanne
birgit katharina anja julia laura lena lea hanna emilia mila johanna greta sophie
antonio manuel francisco javier carlos miguel rafael pedro angel alejandro fernando
pablo jorge luis sergio alberto diego mario ricardo eduardo enrique ramon andres
carmen josefa isabel dolores pilar teresa rosa lucia paula elena cristina marta raquel
sofia valentina martina daniela gabriela alejandra ana beatriz mariana camila
giuseppe giovanni francesco luca marco alessandro andrea matteo lorenzo davide simone
federico stefano riccardo paolo roberto massimo salvatore vincenzo fabio
giulia chiara francesca alessia giorgia sara martina federica silvia valentina elisa
jan pieter hendrik willem dirk bram daan sem thijs ruben joris maarten sanne femke
anouk lotte fleur eva iris noor
joao jose antonio francisco carlos paulo pedro lucas gabriel rafael thiago bruno
ana maria francisca juliana adriana fernanda patricia aline camila larissa
rahul amit raj sanjay vijay anil sunil arjun rohan vikram ravi suresh ramesh deepak
priya anjali pooja neha sunita kavita anita deepika lakshmi divya aisha fatima
mohammed muhammad ahmed ali omar hassan hussein ibrahim youssef mustafa khalid
wei jing li ming hui yan xin jun hao lei yu chen hiroshi takashi yuki haruto sakura
aiko kenji akira yuto sota hina yui mei min-jun seo-yeon ji-ho
olga natasha irina svetlana tatiana elena anastasia ivan dmitri sergei alexei vladimir
nikolai andrei piotr tomasz krzysztof agnieszka katarzyna magdalena
"""

GIVEN_NAMES: frozenset[str] = frozenset(_GIVEN.split())


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Capitalised words that follow a given name without making a person ("Mark Price" is
# still a false positive; these are the common ones in analysis text).
NOT_SURNAMES = _words(
    """
    street avenue road lane drive court place square boulevard way terrace
    january february march april may june july august september october november
    december monday tuesday wednesday thursday friday saturday sunday
    inc ltd llc corp company group bank university college school hospital
    total average mean median sum count share percent price sales revenue
    the and or of in on at for to with by from is are was were
    """
)

# Lower-case particles inside surnames ("van der Berg", "de la Cruz").
SURNAME_PARTICLES = _words(
    "van von de del della di da du der den la le dos das bin al ten ter zu y"
)

# Cell values that mean "no value"; never recorded as PII (they would be scrubbed
# from every sentence that says "unknown").
NULL_TOKENS = _words("n/a na nan none null nil unknown - -- ? missing redacted n.a. <na>") | {
    "",
    "not available",
    "not provided",
}

# Column-name tokens that say which PII a column holds.
HINTS: dict[str, frozenset[str]] = {
    "email": _words("email emails mail courriel correo emailaddress"),
    "phone": _words(
        "phone phones tel telephone telefon telefono mobile cell cellphone fax msisdn "
        "handy portable phonenumber"
    ),
    "card": _words("card cc pan creditcard kreditkarte carte cardnumber ccnumber"),
    "iban": _words("iban bankaccount accountnumber rib"),
    "ip": _words("ip ipv4 ipv6 ipaddr ipaddress clientip remoteaddr"),
    "national_id": _words(
        "ssn nino nin insee nir steuerid idnr tin dni nie nif cpf aadhaar sin bsn "
        "codicefiscale passport nationalid socialsecurity taxid personalausweis"
    ),
    "address": _words(
        "address addr street adresse strasse straße direccion dirección indirizzo "
        "endereco straat streetaddress homeaddress"
    ),
}

# "name" columns that are about people, and roles that usually hold a person's name.
PERSON_NAME_STRONG = _words(
    "firstname lastname surname fullname givenname familyname forename middlename "
    "prenom prénom vorname nachname apellido apellidos cognome nombre nom"
)
SURNAME_HINTS = _words("lastname surname familyname nachname apellido apellidos cognome nom")
PERSON_ROLES = _words(
    "customer client employee patient contact person user owner author manager driver "
    "recipient sender buyer member student teacher doctor nurse staff agent "
    "salesperson rep first last full given family middle"
)
# "name"-bearing column names that are not about people.
NOT_PERSON = _words(
    "product company city country file brand item store category region state street "
    "team event model project department dept job title org organisation organization "
    "business vendor supplier shop site host domain app game song movie book course "
    "school hospital bank merchant plan campaign segment channel type kind level status "
    "code sku column table sheet"
)
ID_HINTS = _words("id uuid guid key ref reference number no code")
