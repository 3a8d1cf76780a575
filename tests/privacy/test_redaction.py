"""Redaction of free-text answers: each kind, children's writing, other scripts, speed."""

from __future__ import annotations

import dataclasses
import re
import time

import pytest

from westcc_voice.privacy.redaction import (
    KINDS,
    PLACEHOLDERS,
    Directory,
    Redaction,
    load_resources,
    redact,
)


def red(text: str) -> str:
    return redact(text).text


# --------------------------------------------------------------------- the result


def test_result_is_frozen_text_and_counts():
    r = redact("jayden pushed me at 12 Elswick Road, NE4 6SB")
    assert isinstance(r, Redaction)
    assert r.text == "[name] pushed me at [address], [postcode]"
    assert r.counts == {"name": 1, "address": 1, "postcode": 1}
    assert r.total == 3 and r.changed
    with pytest.raises(dataclasses.FrozenInstanceError):
        r.text = "x"  # type: ignore[misc]


def test_nothing_to_redact_leaves_text_alone():
    text = "The dinners are nice but the portions are small!"
    r = redact(text)
    assert r.text == text and r.counts == {} and not r.changed


def test_placeholders_cover_every_kind():
    assert set(PLACEHOLDERS) == set(KINDS)
    assert PLACEHOLDERS["name"] == "[name]"


@pytest.mark.parametrize("text", ["", "   ", "\n"])
def test_empty_text(text):
    assert redact(text) == Redaction(text, {})


def test_refuses_non_text():
    with pytest.raises(TypeError):
        redact(None)  # type: ignore[arg-type]


def test_redacting_twice_changes_nothing_more():
    once = redact("Mrs Khan said jayden can ring 07700 900123 or see tiktok.com/@jay")
    twice = redact(once.text)
    assert twice.text == once.text and twice.counts == {}


# --------------------------------------------------------------------- each kind


@pytest.mark.parametrize("text", [
    "email me at jayden.smith@gmail.com please",
    "my email is Jay_Smith+school@hotmail.co.uk.",
    "parent: sarah.o'neil@btinternet.com",
    "jay2013 at hotmail dot com",
    "jay2013 (at) gmail.com",
])
def test_emails(text):
    r = redact(text)
    assert r.counts.get("email") == 1, r.text
    assert "@" not in r.text and "hotmail" not in r.text and "gmail" not in r.text


@pytest.mark.parametrize("text", [
    "call me on 07700 900123",
    "my mobile is 07700900123",
    "ring 07700-900-123",
    "+44 7700 900123",
    "+447700900123",
    "0044 7700 900 123",
    "0191 273 4567",
    "(0191) 2734567",
    "0191-273-4567",
    "+44 (0)191 273 4567",
    "020 7946 0018",
    "my phone number is 2734567",
])
def test_uk_phone_numbers(text):
    r = redact(text)
    assert r.counts.get("phone") == 1, r.text
    assert not re.search(r"\d{3}", r.text), r.text


@pytest.mark.parametrize("text", [
    "i got 100 percent and 20/20 on 12/03/2024",
    "there are 30 kids and 2 teachers in 2023 2024",
    "Childline is 0800 1111",
    "Call 0800 1111 if you need help",
    "we scored 3 goals",
])
def test_numbers_that_are_not_phones(text):
    assert redact(text).counts.get("phone") is None


@pytest.mark.parametrize(("text", "expected"), [
    ("we live at NE4 6SB", "we live at [postcode]"),
    ("postcode ne46sb", "postcode [postcode]"),
    ("ne4 6sb", "[postcode]"),
    ("NE15 8AA", "[postcode]"),
    ("SW1A 1AA", "[postcode]"),
    ("i live in NE4", "i live in [postcode]"),
    ("we moved to ne15 last year", "we moved to [postcode] last year"),
    ("from M8 originally", "from [postcode] originally"),
])
def test_postcodes(text, expected):
    assert red(text) == expected


@pytest.mark.parametrize("text", [
    "I am in Y6 and KS2",
    "in year 6 I got 7th place",
    "CO2 is a gas",
    "i like to sk8",
    "my brother has a ps5",
    "B12 vitamins and the M1 motorway",
    "see you l8r",
    "E4 is my favourite channel",
])
def test_things_that_look_like_postcodes_are_kept(text):
    assert red(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("I live at 12 Elswick Road", "I live at [address]"),
    ("flat 3, 45 Westmorland Rd", "[address]"),
    ("we are at 7 Rye Hill now", "we are at [address] now"),
    ("22 hadrian road, ne4 9qs", "[address], [postcode]"),
    ("my address is 14 Beech Grove Road", "my address is [address]"),
    ("i live on westmorland road near the shops", "i live on [address] near the shops"),
    ("5a Stanhope Street", "[address]"),
])
def test_street_addresses(text, expected):
    assert red(text) == expected


@pytest.mark.parametrize("text", [
    "I scored 3 goals in the park",
    "we have 2 dogs and a big garden",
    "there are 4 swings on the green",
    "the shops on Elswick Road are good",
    "the mosque on Elswick Rd does a homework club",
    "A safe crossing on the West Road near the school",
    "On Westmorland Rd there is broken glass",
    "the shops on the High Street are good",
    "We Are Close Friends",
])
def test_streets_named_as_public_places_are_kept(text):
    assert red(text) == text


# New: a street named without a house number used to go only right after "live on";
# now it goes wherever the sentence ties it to where someone lives.
@pytest.mark.parametrize(("text", "expected"), [
    ("We live on Elswick Road and the shops are good",
     "We live on [address] and the shops are good"),
    ("my nan's house is on Stanhope Street", "my nan's house is on [address]"),
    ("Our flat on Westmorland Rd has damp", "Our flat on [address] has damp"),
])
def test_street_names_go_where_someone_lives(text, expected):
    assert red(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    # a street that places a person, in any case
    ("a van keeps waiting for him outside the chippy on Stanhope Street",
     "a van keeps waiting for him outside the chippy on [address]"),
    ("a man followed me from the bus stop on westmorland road",
     "a man followed me from the bus stop on [address]"),
    ("we share one room in our flat on rye hill", "we share one room in our flat on [address]"),
    # the full stop after a street's full name ends the sentence and stays
    ("My nan lives at 3 Adelaide Terrace. She is lonely",
     "My nan lives at [address]. She is lonely"),
    ("Our house is 9 Hugh Gdns. and it is damp", "Our house is [address] and it is damp"),
])
def test_streets_that_place_a_person_go(text, expected):
    assert red(text) == expected


@pytest.mark.parametrize("text", [
    "My dad uses a wheelchair and the pavements on Westgate Road are full of cars",
    "there was a crash on the west road again",
    "we walked up the main road to the park",
])
def test_streets_that_place_nobody_stay(text):
    assert red(text) == text


def test_a_postcode_sector_goes_with_its_district():
    assert red("we moved to NE4 9. It is nicer") == "we moved to [postcode]. It is nicer"
    assert red("i go to NE4 3 times a week") == "i go to [postcode] 3 times a week"
    # the sector digit goes too when words that count nothing follow it
    assert red("our flat is NE4 6 and the mould is back") == (
        "our flat is [postcode] and the mould is back")
    assert red("they said my postcode NE4 8 something") == (
        "they said my postcode [postcode] something")


def test_a_handle_in_brackets_after_its_platform_goes():
    assert red("a lad i met on snap (jayy_ne4x) hes 19") == "a lad i met on snap ([handle]) hes 19"
    assert red("my snap (football) is fun") == "my snap (football) is fun"


@pytest.mark.parametrize(("text", "links"), [
    ("look at https://example.org/page?a=1.", 1),
    ("www.youtube.com/watch?v=abc and tiktok.com/@jayx", 2),
    ("my channel is youtube.com/c/JaydenPlays", 1),
    ("search westend.sch.uk", 1),
    ("http://bit.ly/abc123)", 1),
])
def test_links(text, links):
    r = redact(text)
    assert r.counts.get("link") == links, r.text
    assert ".com" not in r.text and "http" not in r.text


def test_link_keeps_sentence_punctuation():
    assert red("see www.example.com.") == "see [link]."


@pytest.mark.parametrize(("text", "expected"), [
    ("follow @jayden_2013", "follow [handle]"),
    ("my insta is jayden_2012", "my insta is [handle]"),
    ("snap: coolkid", "snap: [handle]"),
    ("add me on snap jaydenxx", "add me on snap [handle]"),
    ("my roblox username is CoolKid_2014", "my roblox username is [handle]"),
    ("insta ellie.mae.xx", "insta [handle]"),
    ("my gamertag is xXSniperXx99", "my gamertag is [handle]"),
])
def test_social_handles(text, expected):
    assert red(text) == expected


@pytest.mark.parametrize("text", [
    "I like watching tiktok and youtube",
    "my insta is private",
    "I play roblox with my friends",
    "we are @ school",
])
def test_talking_about_apps_is_not_a_handle(text):
    assert redact(text).counts.get("handle") is None


# --------------------------------------------------------------------- names


def test_names_come_from_a_maintained_package():
    res = load_resources()
    assert res.source.startswith("Faker ")
    assert len(res.first_names) > 10_000
    assert {"jayden", "mohammed", "kacper", "zofia", "aisha", "chloe"} <= res.first_names
    assert load_resources() is res  # loaded once


@pytest.mark.parametrize(("text", "expected"), [
    ("jayden pushed me", "[name] pushed me"),
    ("i sit next to chloe and mohammed", "i sit next to [name] and [name]"),
    ("me and kacper play football", "me and [name] play football"),
    ("tyler and callum call me names", "[name] and [name] call me names"),
    ("JAYDEN HITS ME", "[name] HITS ME"),
    ("jaydens dad picked us up", "[name]s dad picked us up"),
    ("i went to aisha's party", "i went to [name]'s party"),
    ("jayden smith hit me", "[name] hit me"),
    ("rojin hits me", "[name] hits me"),
    ("me and rojin play", "me and [name] play"),
    ("rayyan and hamza played with me", "[name] and [name] played with me"),
    # names of the area's Kurdish, Persian, Bengali, Pakistani, Eritrean and Nigerian
    # families, with no name context at all
    ("i played with shvan and nazanin at dinner", "i played with [name] and [name] at dinner"),
    ("areeba and shuvo sit on my table", "[name] and [name] sit on my table"),
    ("i walk to school with femi and yonas", "i walk to school with [name] and [name]"),
])
def test_names_in_lower_case_childrens_writing(text, expected):
    assert red(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I played with Will and Grace at break", "I played with [name] and [name] at break"),
    ("Jayden Smith is mean", "[name] is mean"),
    ("Mr Jones is nice, mrs khan is strict, miss ahmed helps me",
     "Mr [name] is nice, mrs [name] is strict, miss [name] helps me"),
    ("mr o'brien shouts too much", "mr [name] shouts too much"),
    ("Mrs May is my teacher. In May we go on a trip",
     "Mrs [name] is my teacher. In May we go on a trip"),
    ("The school should talk to Mrs Henderson", "The school should talk to Mrs [name]"),
    # Changed: "a dog named Max" used to become "a dog named [name]"; a pet's name
    # identifies nobody (see test_ordinary_words_are_kept).
    ("a girl called Rose and a dog named Max", "a girl called [name] and a dog named Max"),
    ("my friend will is kind", "my friend [name] is kind"),
    ("me and grace play", "me and [name] play"),
    ("jack and me went to the park", "[name] and me went to the park"),
    ("Grace is my best friend", "[name] is my best friend"),
    ("My mark was good and Mark was happy", "My mark was good and [name] was happy"),
    ("Ellie-Mae and Kai-Jordan are in my class", "[name] and [name] are in my class"),
    ("My son Harrison (Y4) is happy", "My son [name] (Y4) is happy"),
    ("Oliwia and Wiktoria are my best friends", "[name] and [name] are my best friends"),
    ("my friend Rojin lives near me", "my friend [name] lives near me"),
    # family and religious titles, relations as children spell them, classmates
    ("My granddaughter Summer loves the library", "My granddaughter [name] loves the library"),
    ("ask Sister Bernadette at the church", "ask Sister [name] at the church"),
    ("me and my freind kofi play tig", "me and my freind [name] play tig"),
    ("my cusin amani sed she is moving", "my cusin [name] sed she is moving"),
    ("jade in my class has a new puppy", "[name] in my class has a new puppy"),
])
def test_names_with_capitals_and_in_name_contexts(text, expected):
    assert red(text) == expected


@pytest.mark.parametrize("text", [
    "Will you help me? I will try my best",
    "my friend will help me with my work",
    "I hope it is sunny. Hope is a nice word",
    "Can I go home. I can swim",
    "It may rain. You may go",
    "she rose from her chair with grace and joy",
    "i will mark my work and bob up and down in the pool",
    "the car jack is broken",
    "i miss school when it is the holidays",
    "i love my nan and grandad and my mam",
    "we play uno at wet play and i go to uni when i am big",
    "In Year 6 we have SATs in May",
    "I love Art and Maths and Science",
    "We went to St James Park to watch the toon",
    "I like Harry Potter and the Lion King",
    "We live in Benwell near the Big Lamp",
    "I am Muslim and I go to the Mosque on Friday",
    "my favourite Colour is Blue and my Neighbour is nice",
    "The Teacher Is Kind And The Dinners Are Nice",
    "we learned about the romans and the vikings",
    "we went to Tynemouth and Whitley Bay in the summer",
    "Call Childline if you are worried",
    # verbs and family words after "my brother", "me dad", "a ... and I"
    "my brother beat me at fifa again",
    "my friend said a swear word",
    "my sister and me share a room",
    "me dad hitts me and our kid",
    "mam burns me with her ciggie",
    "I'm a grandparent and I collect my grandson every day",
    # misspelt verbs after a relation, and a park named as Polish answers name it
    "my brother dosent listen to me",
    "my frend sez it is a secret",
    "Park Nunsmoor jest ładny i czysty",
])
def test_ordinary_words_that_are_also_names_are_kept(text):
    assert red(text) == text


# --------------------------------------------------------------------- other scripts


@pytest.mark.parametrize("text", [
    "أنا أحب المدرسة ومعلمتي لطيفة جدا",
    "ابني سعيد في المدرسة لكن الحافلة تتأخر",
    "Kiedy idę do szkoły, moja mama pracuje. Nauczycielka jest bardzo miła i pomocna.",
    "Lubię matematykę i plastykę, ale nie lubię hałasu na przerwie.",
    "Copilul meu este fericit la școală, dar autobuzul întârzie des.",
    "Můj syn chodí rád do školy, ale jídlo není dobré.",
    "আমার ছেলে স্কুলে খুশি",
    "مدرسه خوب است",
    "😀 school is gr8 👍",
])
def test_other_languages_pass_through_unchanged(text):
    assert red(text) == text


def test_identifiers_inside_other_scripts_are_still_redacted():
    r = redact("رقم هاتفي 07700 900123 وبريدي amira@gmail.com")
    assert r.text == "رقم هاتفي [phone] وبريدي [email]"


def test_polish_names_in_latin_script_are_caught():
    assert red("Kacper mnie uderzył wczoraj, Zofia też widziała.") == (
        "[name] mnie uderzył wczoraj, [name] też widziała."
    )
    assert red("Paweł i Łukasz") == "[name] i [name]"
    assert red("michał i jędrzej") == "[name] i [name]"


# --------------------------------------------------------------------- nothing left

# Realistic answers with the identifying words each contains. After redaction none of
# those words may be left, and the answer must still read (its other words kept).
BATCH = [
    ("jayden and tyler pushed me over at dinner", ["jayden", "tyler"]),
    ("i sit next to Amira and she is kind", ["amira"]),
    ("Mrs Patel is the best teacher because she helps me read", ["patel"]),
    ("mr robson shouts at us", ["robson"]),
    ("My son Harrison is really happy. Contact me on 07812 345678 or harrison.mum@hotmail.co.uk",
     ["harrison", "07812", "345678", "hotmail"]),
    ("Please ring me on 0191 273 4567, we live at 22 Hadrian Road, NE4 9QS",
     ["4567", "hadrian", "ne4", "9qs"]),
    ("follow me on tiktok @ellie_mae2013 and insta ellie.mae.xx",
     ["ellie_mae2013", "ellie", "mae"]),
    ("add me on snap: jaydenxx", ["jaydenxx"]),
    ("my friends are Kacper, Zofia and Mohammed", ["kacper", "zofia", "mohammed"]),
    ("I am Ayesha's mum and the school needs more parking", ["ayesha"]),
    ("Oliwia says Kai-Jordan is mean", ["oliwia", "kai", "jordan"]),
    ("my brother Callum Smith is in year 5", ["callum", "smith"]),
    ("the teacher called Miss Ahmed is nice", ["ahmed"]),
    ("we live in NE4 near the park", ["ne4"]),
    ("i go to muhammad's house after school", ["muhammad"]),
    ("look at my channel www.youtube.com/c/JaydenPlays", ["youtube", "jaydenplays"]),
    ("me and ruby and chloe play tig", ["ruby", "chloe"]),
    ("My daughter Amira in Year 3 loves the breakfast club", ["amira"]),
    ("I Like Playing With Lily And Ruby", ["lily", "ruby"]),
    ("ZAINAB IS MY BEST FRIEND", ["zainab"]),
    ("my mums number is +44 7700 900 123", ["7700", "900"]),
    ("my email is jay2013 at hotmail dot com", ["jay2013", "hotmail"]),
    ("we live at flat 3, 45 Westmorland Rd, ne4 6sb", ["westmorland", "ne4", "6sb"]),
    ("i play with Will at break and Grace at dinner", ["will", "grace"]),
    ("my name is jayden and i am 9", ["jayden"]),
]


@pytest.mark.parametrize(("text", "identifiers"), BATCH, ids=[t for t, _ in BATCH])
def test_nothing_identifying_is_left(text, identifiers):
    out = redact(text).text
    words = set(re.findall(r"[\w@.]+", out.casefold()))
    for ident in identifiers:
        assert not any(ident in w for w in words if not w.startswith("[")), (ident, out)
    # the answer still reads: at least one ordinary word survives
    assert re.search(r"\b(?:me|my|i|is|the|and|at|on|to|play|we|she)\b", out, re.I), out


# --------------------------------------------------------------------- speed


def test_redaction_is_fast_enough_for_every_answer():
    load_resources()
    answers = [text for text, _ in BATCH] + [
        "the dinners are nice but the portions are small",
        "I like art and drawing and reading books in the library",
        "more clubs after school please like dance and football",
    ]
    batch = (answers * (1000 // len(answers) + 1))[:1000]
    start = time.perf_counter()
    for text in batch:
        redact(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 5.0, f"{elapsed:.2f}s per 1,000 answers"


# --------------------------------------------------------------------- only identifiers
# Real answers lost these words to "[name]" before: each one was a child's meaning gone.


@pytest.mark.parametrize("text", [
    "so i'm sad all the time",
    "I'm sad because I'd like more clubs and I've got nobody",
    "im not going coz id rather stay in",
    "i’m scared and i’d like help",
    "they arent nice and we cant go out",
    "He's bored stiff and I'd rather he wasn't hanging about",
    "There are lots of Asian families and Polish families here",
    "During Covid we could not go out",
    "After Brexit the prices went up",
    "noone plays with me at dinner",
    "We went to the Town Hall and Elswick Park",
    "the youth club at the Jubilee Hall shut down",
    "Mencap and Oxfam helped us a lot",
    "my dog is called biscit and he is fluffy",
    "i have a hamster called Nugget",
    "i got a new puppy his name is Rocky he is a staffie",
    "our class has a lizard called Gary",
    "our ferret is called Nibbles and she bites",
    "we got a bearded dragon named Rex for christmas",
    "my gerbil called Peanut escaped under the sofa",
    "we have 2 rabbits there called snowy and luna",
    "the cats birthday is in may and my dads birthday is in june",
    "a docter like my baba",
    "baba says i have to go to madrasa after school",
    "They were born in Newcastle, they are Geordies",
    "ronaldo is better than messi",
    "Sumtimes i go to scool and i get told off",
    "the path is pitch black in winter and I wont walk it",
    "my nan said she would take me to the park",
])
def test_ordinary_words_are_kept(text):
    assert red(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("Happy to help with the garden. Ring Bill on 07700 900456 after six",
     "Happy to help with the garden. Ring [name] on [phone] after six"),
    ("come to the club on thursdays and ask for Baz",
     "come to the club on thursdays and ask for [name]"),
    ("ring Childline or text Mum, or ask for Help at the desk",
     "ring Childline or text Mum, or ask for Help at the desk"),
    ("nobody answers at Flat 6 Denton Court", "nobody answers at [address]"),
    ("we all went bowling for jacks birthday", "we all went bowling for [name]s birthday"),
    ("i have to mind ahmed and grace after school",
     "i have to mind [name] and [name] after school"),
    ("me and ahmed and will go to the park", "me and [name] and will go to the park"),
    ("i told ahmed and he laughed", "i told [name] and he laughed"),
    ("me and ahmed walk home", "me and [name] walk home"),
    ("I sit next to Filsan in class", "I sit next to [name] in class"),
    ("my friend filsan is kind", "my friend [name] is kind"),
    ("oliwia and wiktoria are mean to me", "[name] and [name] are mean to me"),
    ("i play with ionut and andrei", "i play with [name] and [name]"),
    ("tereza sits with me", "[name] sits with me"),
    ("rojin and hevi are my friends", "[name] and [name] are my friends"),
    ("ayesha and priya walk home with me", "[name] and [name] walk home with me"),
    ("zainab's mam picks us up", "[name]'s mam picks us up"),
])
def test_names_of_the_areas_communities_go_in_any_case(text, expected):
    assert red(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("I went to Benwell Primary before", "I went to [school] before"),
    ("my brother goes to St Cuthbert's High School", "my brother goes to [school]"),
    ("Excelsior Academy is too far away", "[school] is too far away"),
])
def test_schools_named_with_their_kind_go(text, expected):
    assert red(text) == expected


@pytest.mark.parametrize("text", [
    "I am scared of going to big school",
    "we go to Sunday School at the church",
    "Forest School is the best bit of the week",
    "Primary school was easier",
])
def test_kinds_of_school_are_kept(text):
    assert red(text) == text


@pytest.mark.parametrize("text", [
    "Mieszkamy w Anglii od trzech lat, a wcześniej w Polsce. Syn lubi szkołę.",
    "Syn nie ma kolegów, jest sam na przerwie. Jestem samotną mamą.",
    "Suntem din România și locuim în Newcastle.",
    "Bydlíme v Anglii dva roky. Syn má rád školu, ale chybí mu Praha.",
    "Na Slovensku sme bývali v Košiciach. Dcéra sa tu cíti dobre.",
    "Żeby moje dzieci były dumne z tego, że są jednocześnie Polakami i Anglikami.",
    "Mowi ze to kolega ale on ma chyba z 20 lat. Nie podoba mi sie to.",
])
def test_capitals_and_words_of_other_languages_are_kept(text):
    assert red(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("Nauczycielka pani Kowalska jest bardzo miła.", "Nauczycielka pani [name] jest bardzo miła."),
    ("Doamna Popescu este foarte bună.", "Doamna [name] este foarte bună."),
    ("Mój syn Kacper chodzi do szkoły.", "Mój syn [name] chodzi do szkoły."),
])
def test_names_in_other_languages_go(text, expected):
    assert red(text) == expected


@pytest.mark.parametrize("text", [
    "My dog Buster died last week",
    "I have 2 dogs, Bella and Milo",
    "my teddy is called mr snuggles",
    "my favourite youtuber is Mr Beast",
    "I like Harry Styles and Taylor Swift",
    "i want to go to disneyland and see mickey mouse",
    "my dad is from Kenya and my mam grew up in Virginia",
    "we are Roma and people treat us different",
    "we go to the masjid to learn deen and make dua",
    "The Council should fix the roads",
    "We need more Young People services and Love and Hope",
    "baby and me are tired all the time",
])
def test_pets_famous_people_places_and_peoples_are_kept(text):
    assert red(text) == text


def test_a_name_that_is_also_a_place_is_a_place_only_where_it_reads_as_one():
    assert red("my dad is from Jordan") == "my dad is from Jordan"
    assert red("I sit next to Jordan in class") == "I sit next to [name] in class"


@pytest.mark.parametrize("text", [
    "imo the park is too dark irl",
    "they nick my stuff at break",
])
def test_short_and_very_common_words_in_lower_case_are_not_names(text):
    assert red(text) == text


def test_popular_british_names_go_in_lower_case():
    assert red("i sit next to oscar and ali") == "i sit next to [name] and [name]"


@pytest.mark.parametrize("text", [
    "my son works for Deliveroo and Amazon on zero hours",
    "Kids need somewhere like the old Dodds Arms youth club",
    "The Lit and Phil library is amazing but too far",
    "We came from Aleppo in 2016 and the people here have been kind",
])
def test_businesses_pubs_and_institutions_are_kept(text):
    assert red(text) == text


@pytest.mark.parametrize("text", [
    # everyday words only an old American list of names holds
    "Do No Harm is what the Hospital says",
    "My daughter wants a Toy Story cake and a Fairy dress",
    "We went back to Kenya last summer, Kenya is lovely",
    # unknown capitalised words read as places, shops or organisations
    "I want to go to Uni at Northumbria or Durham",
    "i like pizza from Dominos and KFC and Maccies",
    "We went to Blackpool and Butlins",
    # streets and saints in any case
    "the children's centre on adelaide terrace closed down",
    "our lady and st anne's church does a breakfast club",
    "THE CHILDREN'S CENTRE ON ADELAIDE TERRACE CLOSED DOWN",
    # capitals throughout: a verb or a small word is in no school's name
    "OFSTED SAID THE SCHOOL WAS GOOD",
    "MY SON HAS AUTISM AND ADHD AND THE SCHOOL HAS BEEN BRILLIANT WITH HIM",
    # a verb after a title is no surname
    "Mrs is always nice to me",
    # capitalised words wordfreq has seen often enough are words, not unknown names
    "At Eid we have Biryani and Samosas and my mam wears her Abaya",
    "The school got Good from Ofsted and my son got his GCSEs and a Btec",
])
def test_places_words_and_capitals_that_name_nobody_are_kept(text):
    assert red(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("I played with Will and Grace at break", "I played with [name] and [name] at break"),
    ("I went to Rojin's house", "I went to [name]'s house"),
    ("at break I sat with Shiyar and Hevin", "at break I sat with [name] and [name]"),
    ("i played with sanjay and gurpreet at dinner", "i played with [name] and [name] at dinner"),
    ("I played with Amara at dinner", "I played with [name] at dinner"),
    ("i was with Filsan at Greggs", "i was with [name] at Greggs"),
    ("I GO TO BENWELL PRIMARY", "I GO TO [school]"),
    ("MY KIDS GO TO EXCELSIOR ACADEMY AND LOVE IT", "MY KIDS GO TO [school] AND LOVE IT"),
    ("Mrs Khan is always nice to me", "Mrs [name] is always nice to me"),
])
def test_names_and_schools_beside_those_still_go(text, expected):
    assert red(text) == expected


# --------------------------------------------------------------------- tuned on blind set C
# Each family below was missed on answers written by people who never saw the rules;
# the sentences here are new variants of each family, not those answers.


@pytest.mark.parametrize(("text", "expected"), [
    # typed without spaces: the title stays, the name goes, the rest is kept as typed
    ("mrsmithisthebestteacherever", "mr[name]isthebestteacherever"),
    ("MissKhanhelpsmewithmyreadingeveryday", "Miss[name]helpsmewithmyreadingeveryday"),
    # after the words announcing a handle, the rest of the run is the handle
    ("iplayfortniteeverydaymygamertagisxXcoolkidXx", "iplayfortniteeverydaymygamertagis[handle]"),
])
def test_answers_typed_without_spaces_lose_their_identifiers(text, expected):
    assert red(text) == expected


@pytest.mark.parametrize("text", [
    "ilovemyschoolandallmyfriends",
    "thedinnersarenicebuttheportionsaresmall",
    "supercalifragilisticexpialidocious",
])
def test_answers_typed_without_spaces_and_nothing_identifying_are_kept(text):
    assert red(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    ("add me on snap its jay_x_ne4 lol", "add me on snap its [handle] lol"),
    ("add me on insta it's kayla.mae.x", "add me on insta it's [handle]"),
    ("my soundcloud is dj_kez_beats. come listen", "my soundcloud is [handle]. come listen"),
    ("my tiktok is bexxx_dance", "my tiktok is [handle]"),
    ("my youtube channel is JaydenPlaysFifa", "my youtube channel is [handle]"),
])
def test_handles_announced_in_other_words_go(text, expected):
    assert red(text) == expected


@pytest.mark.parametrize("text", [
    "my spotify is full of drill",
    "my snap its broken again",
    "my youtube is boring now",
])
def test_apps_talked_about_are_not_handles(text):
    assert red(text) == text


@pytest.mark.parametrize("text", [
    # public figures, named as such, in any case
    "My favourite rapper is Aitch and I like drill",
    "my favourite youtuber is sharky and his videos are funny",
    "i want to be a singer like Raye",
    "KIERAN T IS THE GOAT",
    "Stormzy is the greatest rapper of all time",
    # a make in the plural
    "I want to drive Lamborghinis and Teslas when I'm older",
    # days out
    "we went to Warwick Castle and Chester Zoo in the holidays",
    # Urdu typed in English letters
    "mujhe school acha lagta hai lekin PE karna mushkil hai",
    "Bara bhai kehta hai ke wo nahi aa sakta",
    "Ammi roza rakhti hai aur main bhi rakhna chahti hoon",
    # no piece of a word in another script is a name
    "আমার শ্বশুর-শাশুড়ি খুশি",
    "मेरी नानी-दादी बहुत अच्छी हैं",
    # a place that is no street
    "we stay in one place now and I like it",
    # a thing after an article, a team after "support", a footballer after "play for"
    "my dream car is a porsche and my mam has a mercedes",
    "i want a new Porsche",
    "i support chelsea and my brother is a fan of Arsenal",
    "I want to play for Barcelona like Lamine Yamal",
])
def test_words_that_identify_nobody_are_kept(text):
    assert red(text) == text


@pytest.mark.parametrize(("text", "expected"), [
    # a team-mate is not a public figure
    ("my favourite player is jayden", "my favourite player is [name]"),
    ("Jayden is the best player ever in my team", "[name] is the best player ever in my team"),
    # a name in Urdu typed in English letters still goes
    ("mera dost bilal mujhe marta hai", "mera dost [name] mujhe marta hai"),
    # a street in the sentence of a named person places that person
    ("Coach Sam runs the boxing club on Maple Terrace",
     "Coach [name] runs the boxing club on [address]"),
])
def test_names_and_streets_beside_those_still_go(text, expected):
    assert red(text) == expected


@pytest.mark.parametrize("text", [
    "I've lived in Arthur's Hill since the seventies and the bairns are grand",
    "we play football at Nunsmoor park after school",
    "Na Slovensku sme ako Romovia nemali sancu, tu mozu chodit do skoly",
    "I want to play for Newcastle like Bruno Guimaraes one day",
])
def test_districts_parks_unaccented_words_and_famous_names_are_kept(text):
    """Kinds of change a fourth blind set showed: a district after "lived in", a park
    written "park", a Slovak word typed without its accent, a footballer's first name."""
    assert red(text) == text


@pytest.mark.parametrize("text, gone", [
    ("we live on Westmorland Road near the shops", "Westmorland Road"),
    ("i play at the park with Jayden Smith", "Jayden"),
    ("Moja kolezanka Zuzana mi pomaha v skole kazdy den", "Zuzana"),
    ("me and Bruno Smith went to the park", "Bruno"),
    ("a boy is alone most nights. Flats on Cheviot Terrace.", "Cheviot Terrace"),
    ("I can hear shouting in the Brampton Road flats every night", "Brampton Road"),
    ("the kids next door to us on Laurel Grove are always hungry", "Laurel Grove"),
])
def test_streets_and_names_beside_them_still_go(text, gone):
    assert gone not in red(text)


@pytest.mark.parametrize("text", [
    # famous people after a role and "like", however far, and in a list
    "I want to be a boxer for England like Tyson Fury and Nicola Adams",
    "I want to play for Sunderland like Jobe and Dan Neil",
    "a singer like Raye, Adele or Dua Lipa",
    "Cheryl Cole grew up in Heaton and look at her now",
    # films, shows, songs, games and apps after watch, play, listen to, get on
    "we watched Smile at my cousins and I had nightmares",
    "I watch Bluey and Hey Duggee with my little brother",
    "my nan watches Emmerdale and Vera with her tea",
    "the fair was playing Sweet Caroline all night",
    "i listen to Aitch on the bus",
    "i cant get on Hegarty or Kerboodle at home",
    "we have to do Sparx and Educake every week",
    "my little sister loves Numberblocks and Hey Duggee",
    "I like Vera because its filmed round here",
    # a firm named after its founder
    "my uncle drives all over the country for Eddie Stobart",
    # names that are ordinary words in their ordinary uses
    "we always say Grace before dinner",
    "his attendance is on Amber since Christmas",
    "her reading has dropped to Amber this year",
    "and, Joy of joys, the swimming baths are open again",
    "an insult: I get called swotty and boffin every day",
    # the coast, a Metro ride away
    "chips on Longsands and a paddle at Cullercoats",
    # a people in another language, inflected
    "V triede su aj Rómovia a s Rómami sa dobre kamaratime",
    # a street that places a business, not a person
    "my grandad has a scrapyard off benwell lane and i help on saturdays",
])
def test_titles_famous_people_firms_and_ordinary_uses_of_names_are_kept(text):
    """Kinds of change a sixth blind set showed: famous people after "a boxer like",
    titles after "watched", a firm after "drives for", "say grace", "on amber"."""
    assert red(text) == text


@pytest.mark.parametrize(("text", "gone"), [
    ("I watched Kayden get hit by a ball", "Kayden"),
    ("we watched Rojin dance at the show", "Rojin"),
    ("I watch Bluey and Grace watches Peppa", "Grace"),
    ("my friend Grace is nice", "Grace"),
    ("grace said I was mean", "grace"),
    ("they always pick on Amber in my class", "Amber"),
    ("I went to Ruby for help", "Ruby"),
    ("I want to play for Sunderland like my cousin Rojin", "Rojin"),
    ("my sister is called Amber", "Amber"),
    ("I hate Jayden because its not fair", "Jayden"),
    ("my mam drives for Kayden's dad", "Kayden"),
    ("he drives a van for Mr Khan", "Khan"),
    ("we were watching Kacper play football", "Kacper"),
    ("I get called Jayden by my mam", "Jayden"),
    ("I want to be a singer like Raye and Kayden's sister", "Kayden"),
    ("Kayden is from Benwell and he hits me", "Kayden"),
    ("Kayden came from Syria with no English and look at him now", "Kayden"),
    ("i play Minecraft with Rojin every night", "Rojin"),
    ("we live just off Adelaide Terrace near the shops", "Adelaide Terrace"),
    ("my son plays football at West End Academy", "West End Academy"),
    ("Moja kolezanka Zuzana mi pomaha v skole kazdy den", "Zuzana"),
])
def test_names_in_those_positions_still_go(text, gone):
    directory = Directory.of(schools=["West End Academy"], staff=[])
    assert gone not in redact(text, directory).text


@pytest.mark.parametrize("text", [
    "he has trials with the Sunderland academy after Easter",
    "my lad got into the Middlesbrough FC academy",
])
def test_a_football_clubs_academy_is_no_school(text):
    directory = Directory.of(schools=["West End Academy"], staff=[])
    assert redact(text, directory).text == text


@pytest.mark.parametrize("text", [
    # a common word written as it sounds, after a kin word
    "i cant come cos i mind my two sisters becos nana is poorly",
    "we stay at nanas wiv my brother bcoz the boiler broke",
    # what a festival is kept with
    "for Eid we had Mehndi on our hands and lit Diyas in the yard",
    "in Holi we threw colours and made Rangoli by the door",
    # characters of a story the answer names
    "i like Paw Patrol best and Chase is the fastest pup",
    "Bluey and Bingo are funny and I watch it with my nana",
    "my little sister thinks Peppa Pig is great and so is Suzy Sheep",
    "when i grow up i want to be a vet like Miss Rabbit",
    "a nurse like Dr Hamster in the cartoon",
    "we played Five Nights at Freddy's at the sleepover",
    # a pet named after a misspelt "called", with a title
    "my guinea pig is calld Sir Squeak and he bites",
    # Urdu and Bengali in English letters
    "amar chele school e khub bhalo ache, teacher onek help kore",
    "Agar school madad kare to hum bhi kuch kar sakte hain aur bachon ko sikha sakte hain",
    # a place by its English ending, after "at"
    "the under 9s train at Fordingfield on a Sunday morning",
])
def test_spellings_festivals_characters_pets_and_places_are_kept(text):
    """Kinds of change a seventh blind set showed: "becos" after "my brothers", a
    festival's lamps, a story's characters and animals, pets after "calld", Bengali
    "amar" and Urdu "agar", a playing field's name."""
    assert red(text) == text


@pytest.mark.parametrize(("text", "gone"), [
    ("i mind my two sisters Rojin and Evie after school", "Rojin"),
    ("my brother Kayden hits me when mam is out", "Kayden"),
    ("my friend Chase is the fastest in the class", "Chase"),
    ("my friend George watches Peppa Pig with me", "George"),
    ("George pushed me and then watched Peppa Pig", "George"),
    ("Miss Rahman is my best teacher", "Rahman"),
    ("the reading club Mrs Begum runs on a Thursday", "Begum"),
    ("the games club Mr Okafor runs after school is ace", "Okafor"),
    ("amar meye Ayesha school e khub khushi", "Ayesha"),
    ("football at Fenham with my friend Kacper", "Kacper"),
    ("Drop in on Tuesdays, we have room for more.\nDave Hall", "Dave"),
    ("we have space for ten more kids, ring the church, Tom Hall", "Tom"),
    ("aunty bo shouts at me when mam is out", "bo"),
    ("the taps were frozen this morning and Anna next door lent us water", "Anna"),
    ("i sat with Mario and Daisy at dinner", "Daisy"),
])
def test_names_beside_those_words_still_go(text, gone):
    assert gone not in red(text)


@pytest.mark.parametrize("text", [
    "we hire the Jubilee Hall for parties",
    "the food bank is at St James Hall on a Monday",
    "my uncle is in hospital and my aunty ok'd it",
    "my uncle so wants to come",
])
def test_a_place_ending_in_hall_and_words_after_kin_are_kept(text):
    assert red(text) == text


def test_a_lower_case_street_in_a_sentence_that_names_someone_places_them():
    """As for a capitalised street (rule 15): "the man at the chippy on rothbury terrace"
    with a friend named in the sentence goes; the chippy alone places nobody."""
    placed = red("a man at the chippy on rothbury terrace keeps asking me and my friend Rojin in")
    assert "rothbury terrace" not in placed and "Rojin" not in placed
    kept = "the chippy on rothbury terrace does the best chips in the west end"
    assert red(kept) == kept


# Kinds of change an eighth blind set showed (tests/data/blind_dev_set_h.yaml); the
# sentences here are new ones of each kind.
@pytest.mark.parametrize("text", [
    # a common word of the answer's language at a sentence's start, a name elsewhere
    "Mój syn ma 10 lat. Ona mówi, że w szkole jest dobrze.",
    "Nu avem mulți prieteni aici. Vara plecăm la mare cu toții.",
    # a title written in full ends its sentence with the full stop
    "Dzieci lubią panią, ale nie rozumiem co mówi pani. Martwię się o syna.",
    # a place of the area with a Czech, Slovak or Polish case ending
    "Chodíme do knihovny v Elswicku a syn tam má kamarády.",
    "Mieszkamy niedaleko Fenhamu i dzieci chodzą do parku.",
    # "ty" and a word calls someone that word
    "Chłopaki w autobusie wołają na córkę 'ty Cyganko' i się śmieją.",
    # after a job, a sport or a kind of work and "like": a full name, a title
    "I want to be a chef, like Gordon Ramsay, or a pilot.",
    "Swimming like Adam Peaty 🏊",
    "A policeman like Postman Pat lol",
    "Theatre. I want to be in a musical like Annie one day.",
    "Vreau să fiu medic. Sau jucător la Rapid, ca Cristiano Ronaldo.",
    # a name that is also a word after "so much", "more"
    "dance club gives me so much Hope and more Joy",
    # a clipped word
    "I love dino books and dino toys",
    # capitalised words joined by "and" before a place's head
    "We sell cakes at the Sunday Rose and Crown market every week.",
    # a make's plural after an adjective or a number
    "I fix bikes for free: old Carreras, scooters, anything.",
    "He got two new Jordans and a coat for Eid",
    # an unknown word at a sentence's start before "at the" that wordfreq knows
    "Zumba at the community centre is great",
])
def test_words_of_another_language_titles_characters_and_makes_are_kept(text):
    assert red(text) == text


@pytest.mark.parametrize(("text", "gone"), [
    ("Moja córka ma 13 lat. Maja mówi, że boi się chodzić do szkoły.", "Maja"),
    ("Mój syn ma 9 lat. Kacper mówi, że boi się chodzić do szkoły.", "Kacper"),
    ("Am doi copii. Mihai merge la școală în fiecare zi.", "Mihai"),
    ("Na ulicy chłopaki krzyczą do syna 'ty Kacper' i się śmieją.", "Kacper"),
    ("i want to be a teacher like Mrs Khan", "Khan"),
    ("i want to be a nurse like Sarah", "Sarah"),
    ("I want to be a doctor like Jayden Smith's mum", "Jayden"),
    ("I sat with Grace and Joy at lunch", "Joy"),
    ("Thanks to the Jayden and Aisha club", "Jayden"),
    ("poor Jaydens mum has to work nights", "Jaydens"),
    # a surname's initial goes with the name
    ("this is Szymon W from year 8, my dad hits me", " W "),
    # a first name at a sentence's start before "at the", "from the"
    ("Rojdan at the youth club. She always listens to us.", "Rojdan"),
    ("Thanks. Hevar from the mosque helped us move.", "Hevar"),
    # a name after Arabic and Persian "her/his name (is)"
    ("لدي أخ صغير اسمه يوسف ويحب كرة القدم.", "يوسف"),
    ("دوستم اسمش سارا است.", "سارا"),
])
def test_names_in_those_answers_still_go(text, gone):
    assert gone not in red(text)


@pytest.mark.parametrize(("text", "gone"), [
    ("The lady at number 9 on Adelaide Terrace leaves her kids alone", "number 9 Adelaide"),
    ("we stay at no. 31 on rothbury terrace now", "31 rothbury"),
    ("add me, my gamertag's Zx_DarkPenguin_77", "Zx_DarkPenguin_77"),
])
def test_a_house_number_on_its_street_and_a_handle_after_username_s_go(text, gone):
    redacted = red(text)
    assert all(part not in redacted for part in gone.split())


@pytest.mark.parametrize("text", [
    "we scored number 3 in the park",
    "I was number 2 in the queue on the road",
    "my channel's been growing since summer",
])
def test_numbers_and_possessives_that_are_no_address_or_handle_are_kept(text):
    assert red(text) == text
