"""What can be recorded as an incident, and the questions that decide who must be told.

The kinds cover DOMAIN.md 5.3's incident categories plus the other events in 5.1 that the CQC must
be notified of (absence of the registered person, a revised statement of purpose, a request for a
report...), so one log holds every notifiable event.
"""

from __future__ import annotations

from dataclasses import dataclass

INCIDENT_KINDS: dict[str, str] = {
    "accident": "Accident",
    "fall": "Fall",
    "injury": "Injury",
    "medication_error": "Medication error",
    "missed_visit": "Missed or late visit",
    "safeguarding": "Safeguarding concern",
    "complaint_related": "Complaint-related incident",
    "death": "Death of a person we support",
    "property_damage": "Property damage",
    "police": "Police involvement",
    "near_miss": "Near miss",
    "infection": "Infection or outbreak",
    "equipment": "Equipment failure",
    "data_breach": "Personal data breach",
    "service_disruption": "Event stopping the service running safely",
    "manager_absence": "Absence of the registered manager or provider (28 days or more)",
    "dol_application": "Court of Protection application to deprive of liberty",
    "registration_change": "Change to registration details (name, address, people)",
    "sop_revision": "Statement of purpose revised",
    "provider_death": "Death of the registered individual provider",
    "cqc_governance_request": "CQC request for a governance report (Reg 17(3))",
    "cqc_complaints_request": "CQC request for a complaints summary (Reg 16(3))",
    "staff_removed": "Worker removed from care because of harm or risk of harm",
}

# Harm to the person (DOMAIN.md 5.3 harm_level); the top three meet the duty of candour thresholds
# for providers that are not health service bodies (DOMAIN.md 3.1) when the event was unexpected.
HARM_LEVELS: dict[str, str] = {
    "none": "No harm",
    "low": "Low harm",
    "moderate": "Moderate harm",
    "severe": "Severe harm (lasting 28 days or more, or changed body structure)",
    "prolonged_psych": "Prolonged pain or psychological harm (28 days or more)",
    "death": "Death",
}
CANDOUR_HARM = frozenset({"severe", "prolonged_psych", "death"})

SAFEGUARDING_CATEGORIES: dict[str, str] = {
    "physical": "Physical abuse",
    "domestic": "Domestic abuse",
    "sexual": "Sexual abuse",
    "psychological": "Psychological or emotional abuse",
    "financial": "Financial or material abuse",
    "modern_slavery": "Modern slavery",
    "discriminatory": "Discriminatory abuse",
    "organisational": "Organisational abuse",
    "neglect": "Neglect or acts of omission",
    "self_neglect": "Self-neglect",
}


@dataclass(frozen=True)
class Question:
    key: str
    text: str
    kinds: tuple[str, ...]  # empty: asked for every kind
    kind_of_answer: str = "yes_no"  # yes_no | date | choice


QUESTIONS: tuple[Question, ...] = (
    Question(
        "person_affected",
        "Who was affected: the person we support, a worker, or someone else?",
        (),
        "choice",
    ),
    Question(
        "serious_injury",
        "Has a health professional said the injury is serious (fracture, grade 3+ pressure sore, lasting harm) or needs treatment to prevent it?",
        (
            "accident",
            "fall",
            "injury",
            "medication_error",
            "equipment",
            "missed_visit",
            "infection",
            "complaint_related",
        ),
    ),
    Question(
        "unexpected", "Was it unintended or unexpected (not the natural course of an illness)?", ()
    ),
    Question("abuse_alleged", "Is there any abuse, or an allegation of abuse?", ()),
    Question(
        "police_involved",
        "Has it been reported to, or is it being investigated by, the police?",
        (),
    ),
    Question("crime_suspected", "Could a crime have been committed?", ()),
    Question("during_service", "Did the death happen while care was being given?", ("death",)),
    Question(
        "may_relate_to_care",
        "Did the death, or may it have, resulted from the care we gave?",
        ("death",),
    ),
    Question(
        "specified_injury",
        "Is it a worker's death or specified injury (fracture, amputation, loss of sight, serious burn...)?",
        ("accident", "fall", "injury", "equipment"),
    ),
    Question(
        "over_7_days",
        "Will a worker be off or on light duties for more than 7 days?",
        ("accident", "fall", "injury", "equipment"),
    ),
    Question(
        "taken_to_hospital",
        "Was someone who is not a worker taken to hospital because of our work?",
        ("accident", "fall", "injury", "equipment"),
    ),
    Question(
        "risk_to_individuals",
        "Could the breach cause a risk to people (identity, safety, distress)?",
        ("data_breach",),
    ),
    Question(
        "high_risk", "Is the risk to people high (they must be told themselves)?", ("data_breach",)
    ),
    Question("absence_start", "First day of the absence", ("manager_absence",), "date"),
    Question("absence_planned", "Was the absence planned in advance?", ("manager_absence",)),
    Question("returned_on", "Day the manager or provider returned", ("manager_absence",), "date"),
    Question("revised_on", "Date the statement of purpose was revised", ("sop_revision",), "date"),
    Question(
        "requested_on",
        "Date the CQC's request arrived",
        ("cqc_governance_request", "cqc_complaints_request"),
        "date",
    ),
    Question("change_on", "Date the change takes effect", ("registration_change",), "date"),
    Question(
        "council_funded",
        "Is the person's care funded by a council or the NHS (contract reporting)?",
        (),
    ),
)


def questions_for(kind: str) -> list[Question]:
    return [q for q in QUESTIONS if not q.kinds or kind in q.kinds]
