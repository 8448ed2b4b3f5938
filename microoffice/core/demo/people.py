"""Made-up people and places around Birmingham and Solihull that look real but belong to no one.

NHS numbers come from the range the NHS reserves for testing (999...), phone numbers from Ofcom's
ranges reserved for drama (0121 496 0xxx, 07700 900xxx) and email addresses from example.com, so
demo data can be shown, printed and shared without ever reaching a real person.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

# (street, outward code, town): real roads, made-up house numbers and inward codes.
STREETS: tuple[tuple[str, str, str], ...] = (
    ("Stratford Road", "B90", "Shirley, Solihull"),
    ("Haslucks Green Road", "B90", "Shirley, Solihull"),
    ("Tanworth Lane", "B90", "Shirley, Solihull"),
    ("Blossomfield Road", "B91", "Solihull"),
    ("Streetsbrook Road", "B91", "Solihull"),
    ("Lode Lane", "B91", "Solihull"),
    ("Warwick Road", "B92", "Olton, Solihull"),
    ("Richmond Road", "B92", "Olton, Solihull"),
    ("Station Road", "B93", "Knowle, Solihull"),
    ("Grange Road", "B93", "Dorridge, Solihull"),
    ("Yardley Road", "B27", "Acocks Green, Birmingham"),
    ("Shirley Road", "B27", "Acocks Green, Birmingham"),
    ("Fox Hollies Road", "B28", "Hall Green, Birmingham"),
    ("Robin Hood Lane", "B28", "Hall Green, Birmingham"),
    ("Church Road", "B26", "Sheldon, Birmingham"),
    ("Alcester Road", "B13", "Moseley, Birmingham"),
    ("Vicarage Road", "B14", "Kings Heath, Birmingham"),
    ("Howard Road", "B14", "Kings Heath, Birmingham"),
    ("Harborne Park Road", "B17", "Harborne, Birmingham"),
    ("Bristol Road", "B29", "Selly Oak, Birmingham"),
    ("Linden Road", "B30", "Bournville, Birmingham"),
    ("Frankley Beeches Road", "B31", "Northfield, Birmingham"),
    ("Chester Road", "B36", "Castle Bromwich, Birmingham"),
    ("Moorend Avenue", "B37", "Chelmsley Wood, Solihull"),
)

# Birmingham's older population: British, Irish, Polish, South Asian and Caribbean heritage.
OLDER_WOMEN = (
    "Margaret", "Joan", "Patricia", "Eileen", "Doris", "Betty", "Jean", "Sheila", "Brenda",
    "Maureen", "Irene", "Pauline", "Valerie", "Sylvia", "Kathleen", "Mavis", "Gwendoline",
    "Hazel", "Barbara", "Rita", "Surinder", "Parveen", "Gloria", "Hyacinth", "Teresa", "Veronica",
)  # fmt: skip
OLDER_MEN = (
    "Dennis", "Harold", "Kenneth", "Stanley", "Winston", "Abdul", "Derek", "Ronald", "Arthur",
    "Frank", "Leonard", "Raymond", "Gordon", "Bernard", "Trevor", "Colin", "Brian", "Albert",
    "Joseph", "Patrick", "Mohammed", "Gurdev", "Clifton", "Desmond", "Tadeusz", "Michael",
)  # fmt: skip
YOUNGER_WOMEN = (
    "Sarah", "Claire", "Helen", "Rachel", "Emma", "Nicola", "Joanne", "Amanda", "Lisa",
    "Kirsty", "Priya", "Aisha", "Gemma", "Louise", "Michelle", "Jaspreet", "Chloe", "Sophie",
)  # fmt: skip
YOUNGER_MEN = (
    "David", "Paul", "Mark", "Andrew", "Richard", "Stephen", "Gary", "Darren", "Imran",
    "Simon", "Neil", "Jason", "Lee", "Daniel", "Ravinder", "Matthew", "Craig", "Tom",
)  # fmt: skip
SURNAMES = (
    "Henshaw", "Bennett", "Price", "Clarke", "Walsh", "Taylor", "Murphy", "Fletcher", "Hughes",
    "Roberts", "Edwards", "Davies", "Jones", "Wright", "Baker", "Turner", "Cooper", "Harris",
    "Ward", "Morris", "Hall", "Green", "Kelly", "O'Connell", "Doyle", "Kowalski", "Nowak",
    "Campbell", "Brown", "Francis", "Rashid", "Hussain", "Khan", "Begum", "Sandhu", "Bains",
    "Patel", "Singh", "Evans", "Hill", "Lloyd", "Perry", "Rowley", "Bayliss", "Sheldon",
)  # fmt: skip

GP_PRACTICES = (
    "Shirley Medical Centre",
    "Blossomfield Surgery",
    "Olton Park Surgery",
    "Knowle Village Practice",
    "Hall Green Health",
    "Acocks Green Medical Centre",
    "Kings Heath Practice",
    "Sheldon Medical Practice",
    "Moseley Road Surgery",
    "Harborne Medical Practice",
)

ACCESS_NOTES = (
    "Key safe by the front door, code given by phone. Ring the bell and call out on entering.",
    "Lives with her husband who lets us in. Dog is friendly but keep the back gate shut.",
    "Key safe on the side wall behind the bins. Please lock the back door when leaving.",
    "Daughter lets us in on weekdays; key safe at weekends. Park on the road, not the drive.",
    "Door entry code for the block, then flat on the second floor; lift is reliable.",
    "Knock loudly and wait: takes a while to reach the door with the frame. Spare key with "
    "neighbour at no. 12.",
    "Key safe by the garage. Alarm panel in the hall: code with the office.",
    "Ground-floor flat. Ring twice; uses a hearing aid so may not hear the first ring.",
)

INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


@dataclass(frozen=True)
class Address:
    line1: str
    town: str
    postcode: str

    @property
    def one_line(self) -> str:
        return f"{self.line1}, {self.town}"


def postcode(rng: random.Random, outward: str) -> str:
    return f"{outward} {rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"


def address(rng: random.Random, street: tuple[str, str, str] | None = None) -> Address:
    name, outward, town = street or rng.choice(STREETS)
    return Address(f"{rng.randint(2, 240)} {name}", town, postcode(rng, outward))


def nhs_check_digit(nine: str) -> int | None:
    """The modulus-11 check digit for nine digits, or None when no number can end that way."""
    total = sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def nhs_number(rng: random.Random, used: set[str]) -> str:
    """A valid NHS number from the 999 test range, never repeated within one build."""
    while True:
        nine = "999" + "".join(str(rng.randint(0, 9)) for _ in range(6))
        check = nhs_check_digit(nine)
        number = f"{nine}{check}"
        if check is not None and number not in used:
            used.add(number)
            return number


def landline(rng: random.Random) -> str:
    return f"0121 496 0{rng.randint(0, 999):03d}"


def mobile(rng: random.Random) -> str:
    return f"07700 900{rng.randint(0, 999):03d}"


def email(first: str, last: str) -> str:
    local = f"{first}.{last}".lower().replace("'", "").replace(" ", "")
    return f"{local}@example.com"


def birth_date(rng: random.Random, today: date, min_age: int, max_age: int) -> date:
    age_days = rng.randint(min_age * 365 + 30, max_age * 365 + 300)
    return today - timedelta(days=age_days)


def pick_name(rng: random.Random, female: bool, older: bool = True) -> tuple[str, str]:
    if older:
        first = rng.choice(OLDER_WOMEN if female else OLDER_MEN)
    else:
        first = rng.choice(YOUNGER_WOMEN if female else YOUNGER_MEN)
    return first, rng.choice(SURNAMES)


def opg_reference(rng: random.Random) -> str:
    """Looks like an Office of the Public Guardian LPA reference (7000-xxxx-xxxx)."""
    return f"7000-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}"
