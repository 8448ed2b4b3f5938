"""Barbara Whitmore's fourteen clients, written by hand so the demo tells a believable story.

Every funding route a sole trader meets is here: self-funders, direct payments held by the client,
by a nominated person and by an authorised person, council-commissioned care from two councils,
a son paying under a finance LPA, and one split package (council personal care plus a private
top-up for companionship).
"""

from __future__ import annotations

from microoffice.core.demo.spec import ClientSpec, PersonSpec, Visiting
from microoffice.core.models.enums import ContactKind as K
from microoffice.core.models.enums import ServiceType as S

WEEKDAYS = (0, 1, 2, 3, 4)
MORNING_CARE = ("Wash and dress", "Breakfast", "Medication prompt")

SMALL_CLIENTS: tuple[ClientSpec, ...] = (
    ClientSpec(
        "Mrs", "Margaret", "Henshaw", True, 87, street=1, start_days_ago=1890, funding="SELF",
        preferred="Peggy", hourly_pence=2850, gp=0, access=0,
        visits=(
            Visiting(WEEKDAYS, "07:30", "08:30", 45, S.PERSONAL_CARE, MORNING_CARE),
            Visiting((5,), "08:00", "10:00", 45, S.PERSONAL_CARE, MORNING_CARE),
        ),
        contacts=(
            PersonSpec(K.LPA_HEALTH, "Claire Ashby", "Daughter (health and welfare LPA)",
                       emergency=True, opg=True, checked_days_ago=1850, email=True),
            PersonSpec(K.NEXT_OF_KIN, "David Henshaw", "Son", notes="Lives in Leeds."),
        ),
        notes="Lives alone since her husband died in 2021. Enjoys the Archers and crosswords.",
    ),
    ClientSpec(
        "Mr", "Dennis", "Kowalski", False, 82, street=6, start_days_ago=420, funding="DP",
        council="smbc", hourly_pence=2700, gp=2, access=2,
        visits=(
            Visiting((0, 2, 4), "08:30", "10:30", 60, S.PERSONAL_CARE,
                     ("Shower", "Wash and dress", "Breakfast")),
        ),
        contacts=(PersonSpec(K.NEXT_OF_KIN, "Mark Kowalski", "Son", emergency=True, email=True),),
        communication="Polish is his first language; his English is good but slows when tired.",
    ),
    ClientSpec(
        "Mrs", "Patricia", "O'Connell", True, 79, street=4, start_days_ago=650, funding="LA",
        council="smbc", preferred="Pat", hourly_pence=0, gp=1, access=1,
        visits=(
            Visiting(WEEKDAYS, "11:45", "13:00", 30, S.PERSONAL_CARE,
                     ("Lunch", "Medication prompt")),
        ),
        contacts=(
            PersonSpec(K.NEXT_OF_KIN, "Michael O'Connell", "Husband", mobile=False,
                       emergency=True, lives_with_client=True),
            PersonSpec(K.SOCIAL_WORKER, "Amanda Lloyd", "Social worker, Solihull Council",
                       mobile=False, email=True),
        ),
        notes="Parkinson's disease. Michael is her main carer; our lunch call gives him a break.",
    ),
    ClientSpec(
        "Mr", "Harold", "Bennett", False, 91, street=12, start_days_ago=1100, funding="THIRD",
        hourly_pence=2850, gp=4, access=6,
        visits=(
            Visiting((1, 3), "08:30", "10:30", 60, S.PERSONAL_CARE,
                     ("Shower", "Shave", "Breakfast", "Skin check")),
        ),
        contacts=(
            PersonSpec(K.LPA_FINANCE, "Richard Bennett", "Son (property and financial affairs LPA)",
                       emergency=True, opg=True, checked_days_ago=1080, email=True,
                       notes="Pays the invoices from his father's account."),
            PersonSpec(K.NEXT_OF_KIN, "Susan Bennett", "Daughter"),
        ),
        notes="Former toolmaker. Hard of hearing on the left side.",
    ),
    ClientSpec(
        "Mrs", "Surinder", "Bains", True, 76, street=11, start_days_ago=300, funding="DP",
        council="bcc", hourly_pence=2650, gp=5, access=3,
        visits=(
            Visiting((1, 3), "13:15", "14:30", 120, S.COMPANIONSHIP,
                     ("Companionship", "Light housework", "Walk to the park")),
        ),
        contacts=(
            PersonSpec(K.DP_NOMINATED, "Jaspreet Bains", "Daughter (nominated person)",
                       emergency=True, checked_days_ago=310, email=True,
                       notes="Manages her mother's direct payment account."),
        ),
        communication="Speaks Punjabi and some English; Jaspreet interprets at reviews.",
    ),
    ClientSpec(
        "Mr", "Winston", "Campbell", False, 84, street=14, start_days_ago=800, funding="SPLIT",
        council="bcc", hourly_pence=2800, gp=7, access=0, mileage_pence=45,
        visits=(
            Visiting(WEEKDAYS, "09:00", "11:30", 30, S.PERSONAL_CARE,
                     ("Wash and dress", "Breakfast"), funding="LA"),
            Visiting((5,), "10:00", "11:30", 60, S.COMPANIONSHIP,
                     ("Companionship", "Shopping"), funding="SELF"),
        ),
        contacts=(PersonSpec(K.NEXT_OF_KIN, "Michelle Campbell", "Daughter", emergency=True),),
        notes="The council pays for weekday personal care; Winston pays privately for Saturday "
        "outings.",
    ),
    ClientSpec(
        "Miss", "Eileen", "Murphy", True, 93, street=8, start_days_ago=2200, funding="SELF",
        hourly_pence=2900, gp=3, access=4,
        visits=(
            Visiting((0, 2, 4), "14:15", "16:00", 45, S.DOMESTIC,
                     ("Light housework", "Laundry", "Make tea")),
        ),
        contacts=(PersonSpec(K.NEXT_OF_KIN, "Patrick Doyle", "Nephew", emergency=True),),
        notes="Retired primary school teacher. Very independent; likes things done her way.",
    ),
    ClientSpec(
        "Mrs", "Joan", "Fletcher", True, 85, street=7, start_days_ago=500, funding="DP",
        council="smbc", hourly_pence=2700, gp=2, access=5,
        visits=(
            Visiting(WEEKDAYS, "16:45", "17:45", 45, S.PERSONAL_CARE,
                     ("Tea", "Medication prompt", "Help to change for the evening")),
        ),
        contacts=(
            PersonSpec(K.DP_AUTHORISED, "Paul Fletcher", "Son (authorised person)",
                       emergency=True, checked_days_ago=480, email=True,
                       notes="Authorised by the council because Joan cannot manage the account."),
        ),
        communication="Vascular dementia: short sentences, one choice at a time. Calmer with "
        "the radio on.",
    ),
    ClientSpec(
        "Mr", "Stanley", "Price", False, 68, street=5, start_days_ago=250, funding="SELF",
        preferred="Stan", hourly_pence=2850, gp=1, access=7, mobile=True,
        visits=(
            Visiting((1, 3), "15:30", "17:00", 60, S.PERSONAL_CARE,
                     ("Shower", "Physio exercises")),
        ),
        contacts=(
            PersonSpec(K.NEXT_OF_KIN, "Hazel Price", "Wife", emergency=True,
                       lives_with_client=True),
        ),
        notes="Multiple sclerosis; wheelchair indoors, transfers with a rotunda.",
    ),
    ClientSpec(
        "Mr", "Abdul", "Rashid", False, 80, street=13, start_days_ago=700, funding="LA",
        council="bcc", hourly_pence=0, gp=4, access=2,
        visits=(Visiting((0, 2, 4), "09:30", "11:30", 45, S.PERSONAL_CARE, MORNING_CARE),),
        contacts=(
            PersonSpec(K.NEXT_OF_KIN, "Imran Rashid", "Son", emergency=True, email=True),
            PersonSpec(K.SOCIAL_WORKER, "Nicola Ward", "Social worker, Birmingham City Council",
                       mobile=False, email=True),
        ),
        communication="Speaks Urdu and English. Prays at midday, so morning calls finish by 12.",
    ),
    ClientSpec(
        "Mrs", "Doris", "Taylor", True, 90, street=0, start_days_ago=1500, funding="SELF",
        hourly_pence=2850, gp=0, access=1, mileage_pence=45,
        visits=(
            Visiting((4,), "12:30", "15:00", 90, S.DOMESTIC, ("Shopping", "Light housework")),
        ),
        contacts=(PersonSpec(K.NEXT_OF_KIN, "Andrew Taylor", "Son", emergency=True, email=True),),
    ),
    ClientSpec(
        "Mr", "Daniel", "Hughes", False, 34, street=2, start_days_ago=900, funding="DP",
        council="smbc", hourly_pence=2650, gp=0, access=3, mobile=True, mileage_pence=45,
        visits=(
            Visiting((2,), "12:30", "13:15", 150, S.COMPANIONSHIP,
                     ("Outing", "Lunch out", "Travel training")),
        ),
        contacts=(PersonSpec(K.NEXT_OF_KIN, "Helen Hughes", "Mother", emergency=True, email=True),),
        communication="Learning disability and autism: likes to know the plan in advance. "
        "An easy-read rota goes out each month.",
    ),
    ClientSpec(
        "Mrs", "Betty", "Clarke", True, 86, street=9, start_days_ago=120, funding="SELF",
        hourly_pence=2900, gp=3, access=6,
        visits=(
            Visiting((0,), "09:00", "13:00", 120, S.DOMESTIC,
                     ("Cleaning", "Change the bed", "Laundry"), every_weeks=2),
            Visiting((3,), "11:30", "13:30", 30, S.PERSONAL_CARE, ("Lunch", "Medication prompt")),
        ),
        contacts=(PersonSpec(K.NEXT_OF_KIN, "Sarah Clarke", "Daughter", emergency=True),),
    ),
    ClientSpec(
        "Mr", "Kenneth", "Walsh", False, 89, street=3, start_days_ago=60, funding="LA",
        council="smbc", preferred="Ken", hourly_pence=0, gp=1, access=1,
        visits=(
            Visiting(WEEKDAYS, "16:00", "18:00", 30, S.PERSONAL_CARE,
                     ("Evening meal", "Medication prompt", "Catheter care")),
        ),
        contacts=(
            PersonSpec(K.NEXT_OF_KIN, "Kathleen Walsh", "Wife", mobile=False, emergency=True,
                       lives_with_client=True),
            PersonSpec(K.SOCIAL_WORKER, "Amanda Lloyd", "Social worker, Solihull Council",
                       mobile=False, email=True),
        ),
        notes="Home from hospital after a stroke; reablement finished, long-term package now.",
    ),
)  # fmt: skip
