"""Free-text answers for the demo: the kind of thing children, parents and neighbours write.

Some contain names, a phone number or a street, on purpose, so the demo shows redaction.
"""

PUPIL_YOUNG = {
    "aspiration": [
        "a vet", "a footballer for newcastle", "a doctor", "a teacher like my teacher",
        "a police man", "a princess and a doctor", "a builder like my dad", "a nurse",
        "a firefighter", "a youtuber", "i dont know", "work with animals", "a dancer",
        "a scientist", "a chef", "drive a bus", "a hairdresser like my auntie", "an artist",
    ],
    "general": [
        "i like playing with my friends", "i like the park", "my school is canny",
        "i like reading books", "i dont like when people shout", "i like dinner time",
        "i love my mam", "i want a dog", "sometimes i am sad", "i like football",
    ],
}

PUPIL_MIDDLE = {
    "aspiration": [
        "I want to be a vet because I love animals", "footballer and play for Newcastle",
        "a doctor so I can help people", "I want to be a teacher", "youtuber or gamer",
        "police officer to keep people safe", "I'm not sure yet", "dont know yet",
        "an engineer and build bridges", "a nurse like my mam", "a scientist",
        "hairdresser and have my own shop", "work in a zoo", "an artist or a designer",
        "a firefighter", "I want to be a builder like my dad", "professional dancer",
        "go to university and be a lawyer", "a chef in a big restaurant",
        "a pilot so I can travel the world", "vet or maybe a zoo keeper",
        "i want to be a mechanic", "be a boxer", "work on computers and make games",
    ],
    "safety": [
        "the alley behind the shops", "the park when it's dark", "near the big road",
        "the bus stop because older kids hang around", "the underpass", "on the way home",
        "at the shops near Elswick Road", "the field where people ride motorbikes",
    ],
    "general": [
        "I love my school and my teachers are really kind",
        "I wish we had more clubs after school like coding and art",
        "Dinner time is too short and the queue is long",
        "Sometimes people are mean to me at playtime but my teacher helps",
        "The park near my house has broken glass and I can't play there",
        "I want a youth club near my house",
        "My friend Jayden is the best and we play football every day",
        "I feel safe at school but not always outside",
        "school is canny good", "the toilets are horrible",
        "I would like more trips", "I wish there was a swimming pool near us",
        "I like learning about space", "maths is hard but I try my best",
        "I get worried about my nana because she is poorly",
        "We need more bins because there is litter everywhere",
        "I like the breakfast club", "I don't like it when people fight",
        "I want to learn another language", "My family moved here last year and I like it now",
        "sometimes I dont have anyone to play with", "I love forest school",
        "the library is my favourite place", "please can we have a longer playtime",
        "my mam says the rent is too much", "I like it here because everyone is friendly",
    ],
}

PUPIL_OLDER = {
    "aspiration": [
        "Nursing or midwifery", "I want to do an apprenticeship in electrics",
        "Go to uni and study law", "Not sure yet, maybe something with computers",
        "Join the army", "Software developer", "Hairdressing and beauty",
        "Be a paramedic", "Work in construction like my uncle", "No idea honestly",
        "Physio for a football team", "Mechanic, I like fixing cars",
        "Teacher or teaching assistant", "Games design", "Social worker",
        "Accountant", "Plumbing apprenticeship", "Psychology at university",
        "Start my own business", "Police", "Graphic design", "Chef",
    ],
    "general": [
        "There's nothing for people our age to do round here",
        "More youth clubs that are free would help a lot",
        "I feel like teachers don't listen sometimes",
        "The buses are expensive and always late",
        "I'm stressed about exams", "School is alright, some lessons are boring",
        "It's not safe at night near the shops",
        "I like that everyone is from different places, it's mint",
        "Need more careers advice, I don't know what jobs there are",
        "Some people get picked on because of their religion",
        "Mental health support should be easier to get",
        "My part time job is at Greggs on the West Road and it's fine",
        "Things cost too much, we can't always afford trips",
        "I want to move away when I'm older", "The area is getting better I think",
        "Add me on insta @kyle_2010 if you want to talk more",
        "More sports clubs for girls please",
    ],
}

PARENT = {
    "aspiration": [
        "That she is happy and healthy and does something she loves",
        "I hope he goes to university, the first in our family",
        "A good job and a safe home", "That they have more chances than I had",
        "To finish school and find a trade", "To be confident and kind",
        "أتمنى أن يكمل ابني دراسته في الجامعة", "Chciałabym, żeby córka skończyła studia",
    ],
    "help": [
        "More affordable holiday clubs, the ones near us are too expensive",
        "Better lighting on the path near the park",
        "Help with school uniform costs", "English classes for parents in the day",
        "Somewhere for toddlers to play indoors in winter",
        "More speech and language support, we waited months",
        "A named person at school to talk to about my son's needs",
        "Cheaper buses for families", "Free breakfast for all children",
        "Information in Arabic about school admissions",
        "Please call me on 07700 900123 about the SEN support",
        "Parenting courses in the evening for working parents",
        "Stop the cars speeding on Westmorland Road",
        "Youth workers on the streets in the evening",
    ],
    "general": [
        "The school has been brilliant with my daughter", "We feel welcome here",
        "It's hard to find out what's on for kids locally",
        "My son was bullied last year and it was sorted quickly",
        "We moved from Poland three years ago and the community is friendly",
        "Rent and food prices make things very tight",
        "The nursery helped us so much when she started",
        "I worry about knife crime when my son goes out",
        "Mrs Robson at school is amazing with the kids",
        "Transition to secondary was stressful, more visits would help",
    ],
}

COMMUNITY = {
    "help": [
        "Reopen the youth centre", "More police presence in the evenings",
        "Clean up the fly-tipping behind the terraces", "Apprenticeships with local firms",
        "Safer crossings near the schools", "Community events that bring people together",
        "Support for food banks", "Better bus links to the city centre",
        "A community garden", "Free sports sessions for teenagers",
    ],
    "offer": [
        "I could help with reading at a school", "I'm a joiner and could teach basics",
        "Happy to volunteer at a homework club", "I run a football team already",
        "I can translate Arabic and Kurdish", "Mentoring young people into work",
        "Cooking sessions for families", "Not much time but could help at events",
    ],
    "general": [
        "The West End gets a bad name but people here look out for each other",
        "Lots of new families and it's good to see", "Young people need somewhere to go",
        "Jobs are the big thing, without them nothing changes",
        "I've lived here 40 years and it's more mixed now, which is good",
        "Drug dealing near the shops puts people off going out",
    ],
}

DISCLOSURES = [
    "my dad hits me when he is angry",
    "someone at home hurts me and i am scared to go home",
]
