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

# ---------------------------------------------------------------- Chinese / Taiwanese
# Common surnames in Taiwan (traditional) plus frequent simplified forms.
ZH_SURNAMES = frozenset(
    "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高潘簡朱鍾彭游詹胡施沈余趙盧"
    "梁顏柯孫魏翁戴范宋方鄧杜傅侯曹薛丁卓馬阮董唐温溫藍蔣石古紀姚連馮歐程湯田康姜白汪鄒尤巫"
    "鐘黎涂龔嚴韓袁金童陸夏柳凃邵錢伍倪于譚駱熊任甘秦顧毛章史官萬俞雷粘饒闕凌崔尹孔辛武辜陶"
    "段龍韋葛池孟褚殷麥賀賈莫文管關向包丘梅華利裴樊房全佘左花安魯鮑郝穆塗邢蒲成谷常閻練盛"
    "鄔耿聶符申祝繆陽解曲岳齊籃應單舒畢喬龎翟牛鄞留季覃卜項滕戚湛冉易桂車麻冷刁鞏柴邊"
    "陈黄张刘杨许郑谢赖苏叶庄吕萧罗钟赵卢颜孙邓马蓝蒋纪连冯欧汤龚严韩陆钱谭骆顾饶贺贾关鲍闫聂"
)
ZH_COMPOUND_SURNAMES = _words(
    "歐陽 司馬 上官 諸葛 東方 皇甫 尉遲 公孫 慕容 長孫 司徒 夏侯 令狐 宇文 張簡 范姜 "
    "周黃 江謝 張廖 簡張 陳李 欧阳 诸葛 司马 东方 长孙"
)
# Titles written right after a name: 王大明先生, 陳小姐 (not a full name, ignored).
ZH_NAME_TITLES = _words(
    "先生 小姐 女士 君 太太 老師 醫師 醫生 經理 同學 主任 董事長 總經理 教授 律師 護理師 "
    "會計師 議員 委員 博士 阿姨 伯伯 老师 医生 经理"
)
# Labels written before a name: 姓名：陳小明, 聯絡人 林美玲.
ZH_NAME_CONTEXT = _words(
    "姓名 名字 客戶 客户 聯絡人 联系人 負責人 负责人 收件人 寄件人 申請人 申请人 病患 病人 "
    "會員 会员 員工 员工 學生 學員 家長 監護人 承辦人 業務 顧客 買家 賣家 持卡人 戶名"
)
# Last characters that make a three-character run a place or a thing, not a person.
ZH_NOT_NAME_ENDINGS = frozenset(
    "市縣區鄉鎮村里路街段巷弄號樓省州島河湖港站店司業部處局院校廳館室場園類型量額率"
    "數價費值性化度期年月日週季元件個次們的了是在有和與及或等為于於也都就而且但說会會被把讓"
    "县区乡镇号楼国岛处馆厅类额数价费们说让这那"
)
# Column-name substrings (Chinese labels have no word boundaries) that name a PII kind.
ZH_HINTS: dict[str, frozenset[str]] = {
    "person_name": ZH_NAME_CONTEXT | _words("姓名 名字 全名 本名 中文名"),
    "national_id": _words("身分證 身份證 身分證字號 統一證號 居留證 居留證號 证件 身份证"),
    "business_id": _words("統一編號 統編 营业执照"),
    "phone": _words("電話 电话 手機 手机 行動 市話 聯絡電話 傳真 分機"),
    "address": _words("地址 住址 通訊處 戶籍 居住地 寄送地"),
    "email": _words("電郵 信箱 郵件 邮箱 電子郵件"),
}
