"""The parts of the input model every kind of paper shares (shared/spec/meeting-input.md).

Each kind's own model (its sections, agenda or letter) is defined in its module under
`toolkit.kinds`, from these parts. No I/O here: `toolkit.load` reads files and turns validation
errors into FILE:LINE messages.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from toolkit import dates
from toolkit.decisions import CRITERIA, ESCALATION_LEVELS, RESTRICTING, unknown_criterion
from toolkit.frameworks import Heading

#: Excel refuses longer cells; tracker text fields are held to it so nothing is cut silently.
EXCEL_CELL_LIMIT = 32_767


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


Text = str
Required = Annotated[str, AfterValidator(_not_blank)]
CellText = Annotated[str, Field(max_length=EXCEL_CELL_LIMIT)]
RequiredCellText = Annotated[str, Field(max_length=EXCEL_CELL_LIMIT), AfterValidator(_not_blank)]
Date = Annotated[dt.date, BeforeValidator(dates.parse_date)]
#: Dumped as typed (10:00, not 10:00:00) so that a dumped meeting loads again.
Time = Annotated[
    dt.time,
    BeforeValidator(dates.parse_time),
    PlainSerializer(dates.clock, return_type=str, when_used="json"),
]


class Strict(BaseModel):
    """Base of every input model: unknown keys are errors, numbers typed in text fields are text."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, frozen=True)


class NotApplicable(Strict):
    """A section the meeting agreed does not apply, with the reason printed under its heading."""

    not_applicable: Required


def located(path: str, message: str) -> ValueError:
    """Return a ValueError that `toolkit.load` reports at ``path`` below the failing field.

    Pydantic places a validator's error on the field it validates; a duplicate action number is
    better reported on the number's own line, so the message carries the rest of the path.
    """
    return ValueError(f"@{path}@ {message}")


def _section_value(value: Any) -> Any:
    """Accept text, nothing, or ``{not_applicable: reason}`` for a framework section."""
    if value is None or isinstance(value, str | NotApplicable):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        if set(value) != {"not_applicable"}:
            raise ValueError('a section that does not apply is written {not_applicable: "reason"}')
        reason = value["not_applicable"]
        if not isinstance(reason, str | int | float) or not str(reason).strip():
            raise located("not_applicable", "needs a reason: say why the section does not apply")
        return NotApplicable(not_applicable=str(reason))
    raise ValueError('must be text, or {not_applicable: "reason"}')


Section = Annotated[str | NotApplicable | None, BeforeValidator(_section_value)]


class Person(Strict):
    """Someone named in the record: chair, minute-taker, an apology."""

    name: Required
    role: Text | None = None
    organisation: Text | None = None
    email: Text | None = None
    phone: Text | None = None


class Attendee(Person):
    """A named contact for an agency: attendees must say which organisation they represent."""

    organisation: Required


def _untouched_as_none(value: Any) -> Any:
    """An optional person left as the scaffold wrote it (every field blank) is no person."""
    if isinstance(value, dict) and all(v is None or v == "" for v in value.values()):
        return None
    return value


OptionalPerson = Annotated[Person | None, BeforeValidator(_untouched_as_none)]


class Provider(Strict):
    """The care home or home-care provider the concerns are about."""

    name: Required
    company: Text | None = None
    client_group: Text | None = None
    service_type: Text | None = None
    address: Text | None = None
    cqc_location_id: Text | None = None


class MeetingDetails(Strict):
    """When, where and with whom the meeting was held."""

    date: Date
    start: Time | None = None
    end: Time | None = None
    venue: Text | None = None
    chair: Person
    minute_taker: OptionalPerson = None
    attendees: list[Attendee] = Field(min_length=1)
    apologies: list[Person] = Field(default_factory=list)
    provider_attendance: Text | None = None

    @field_validator("end", mode="after")
    @classmethod
    def _end_after_start(cls, end: dt.time | None, info: ValidationInfo) -> dt.time | None:
        start = info.data.get("start")
        if start and end and end <= start:
            raise ValueError(f"{dates.clock(end)} must be after start {dates.clock(start)}")
        return end


DocumentFiled = Literal["yes", "no", "n/a"]


def _document_filed(value: Any) -> Any:
    """Accept yes/no/n/a in any case (and YAML booleans), so 'Yes' typed in Excel round-trips."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, str):
        text = value.strip().lower()
        return {"y": "yes", "n": "no", "na": "n/a", "n.a.": "n/a", "": None}.get(text, text)
    return value


class Action(Strict):
    """One row of the multi-agency action plan and of the action tracker."""

    number: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    detail: RequiredCellText
    owner: Required
    organisation: Required
    due: Date | None = None
    update: CellText | None = None
    completed: Date | None = None
    document_filed: Annotated[DocumentFiled | None, BeforeValidator(_document_filed)] = None

    @field_validator("number", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        if isinstance(value, bool | float | str) and action_number(value) is None:
            raise ValueError("must be a whole number such as 3")
        return action_number(value) if isinstance(value, str) else value


class NextMeeting(Strict):
    """When and where the next meeting is (an addition to the contract, optional)."""

    date: Date
    start: Time | None = None
    venue: Text | None = None


class Circulation(Strict):
    """Who the record is circulated to."""

    recipients: list[Required] = Field(default_factory=list)


def _criterion(value: Any) -> Any:
    """A key of 4LSAB Appendix A; anything else is refused with the closest key."""
    if isinstance(value, str) and value.strip() in CRITERIA:
        return value.strip()
    raise ValueError(unknown_criterion(str(value)))


def _unique(values: list[str]) -> list[str]:
    """A criterion ticked twice is ticked once."""
    return list(dict.fromkeys(values))


class Evidence(Strict):
    """The evidence trail that justifies suspending or terminating placements (4LSAB): each
    item optional here, so that `check` can say which are missing rather than refuse the file."""

    allegations_and_harm: Text | None = None
    people_and_period: Text | None = None
    history: Text | None = None
    upheld_against_contract: Text | None = None
    other_action: Text | None = None
    risk_to_service_users: Text | None = None


class Suspension(Strict):
    """A decision on new admissions or placements (an addition to the contract, optional).

    ``status``, ``decided`` and ``review_date`` say whether a restriction is in force; the
    other fields record a placement decision as 4LSAB asks (the measure, Appendix A's criteria,
    the evidence trail, neighbouring commissioners informed). A block of the first three alone
    is judged as it always was: an imposed suspension needs a review date.
    """

    status: Literal["none", "voluntary", "imposed"]
    #: None when not written: the measure is then a suspension (see `measure_in_force`).
    measure: Literal["caution", "suspension", "termination"] | None = None
    decided: Date | None = None
    review_date: Date | None = None
    criteria: Annotated[
        list[Annotated[str, BeforeValidator(_criterion)]], AfterValidator(_unique)
    ] = Field(default_factory=list)
    evidence: Evidence | None = None
    commissioners_informed: Date | None = None

    @property
    def measure_in_force(self) -> str:
        """The measure, a suspension unless the file says otherwise."""
        return self.measure or "suspension"

    @property
    def records_decision(self) -> bool:
        """True when the block records a placement decision in 4LSAB's terms (any of measure,
        criteria, evidence, commissioners_informed): only then are the criteria and the evidence
        trail printed and judged, so that a file written before they existed means what it did."""
        return bool(self.measure or self.criteria or self.evidence or self.commissioners_informed)

    @property
    def restricts(self) -> bool:
        """True for a suspension or termination in force (voluntary or imposed)."""
        return self.status != "none" and self.measure_in_force in RESTRICTING


def _level(value: Any) -> Any:
    """A whole number from 1 to 5 (a YAML ``true`` is not level 1)."""
    number = action_number(value)
    if number not in ESCALATION_LEVELS:
        levels = "; ".join(f"{n} {name}" for n, name in ESCALATION_LEVELS.items())
        raise ValueError(f"must be a level from 1 to 5: {levels}")
    return number


class Escalation(Strict):
    """Where the provider sits in the West Midlands framework for responding to organisational
    failure (an addition to the contract, optional). Entry points, skipping the levels below,
    are for exceptional circumstances, so one must say why."""

    level: Annotated[int, BeforeValidator(_level)]
    entry_point: bool = False
    reason: Text | None = None

    @model_validator(mode="after")
    def _entry_point_has_reason(self) -> Escalation:
        if not self.entry_point or (self.reason and self.reason.strip()):
            return self
        message = (
            f"entering at level {self.level} without going through the levels below needs a "
            "reason (entry points are for exceptional circumstances)"
        )
        if self.reason is None:
            raise located("entry_point", f'{message}: add reason: "..."')
        raise located("reason", f"{message}: say why, or set entry_point: false")


def action_number(value: Any) -> int | None:
    """The whole number ``value`` holds (3, 3.0, "3" and " 03 " are all 3), or None.

    The one reading of an action number, for meeting files and tracker cells alike. Text counts
    only in the digits 0-9: ``str.isdigit`` also passes "²" and "①", which ``int()`` refuses,
    and ``int()`` takes "٣" and "+3", which no one means as an action number. At most 18
    digits, so that a pasted run of digits never reaches ``int()`` (it refuses 4,300 or more).
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip()
        return int(text) if 0 < len(text) <= 18 and text.isascii() and text.isdigit() else None
    return value if isinstance(value, int) else None


def _duplicate_numbers(actions: Any) -> list[InitErrorDetails]:
    """Errors for action numbers used twice, found on the raw list so that they are reported
    together with any other problem in the actions."""
    errors: list[InitErrorDetails] = []
    seen: dict[int, int] = {}
    for index, action in enumerate(actions if isinstance(actions, list) else []):
        number = action_number(action.get("number")) if isinstance(action, dict) else None
        if number is None:
            continue
        if number in seen:
            message = f"action number {number} is used twice (also by actions[{seen[number]}])"
            errors.append(value_error((index, "number"), message, number))
        else:
            seen[number] = index
    return errors


def value_error(
    loc: tuple[str | int, ...], message: str, value: Any, original: str = "value_error"
) -> InitErrorDetails:
    """A value error at ``loc``; ``original`` keeps the type of a copied error for its wording."""
    context = {"message": message, "original": original}
    return InitErrorDetails(
        type=PydanticCustomError("value_error", "Value error, {message}", context),
        loc=loc,
        input=value,
    )


def _copy_error(error: Any) -> InitErrorDetails:
    """Re-raise an item's error unchanged beside the duplicate-number errors."""
    message = error["msg"].removeprefix("Value error, ")
    original = error.get("ctx", {}).get("original", error["type"])
    return value_error(error["loc"], message, error["input"], original)


def _number_actions(actions: list[Action]) -> list[Action]:
    """Give numberless actions the next free number after the one before them, in order."""
    taken = {action.number for action in actions if action.number is not None}
    numbered: list[Action] = []
    last = 0
    for action in actions:
        if action.number is None:
            candidate = last + 1
            while candidate in taken:
                candidate += 1
            taken.add(candidate)
            action = action.model_copy(update={"number": candidate})
        last = action.number or last
        numbered.append(action)
    return numbered


class Paper(Strict):
    """What every paper has: its kind (which names its model) and the provider it is about."""

    kind: str
    provider: Provider


class MeetingPaper(Paper):
    """What every kind of meeting has in common: details, actions, circulation."""

    meeting: MeetingDetails
    actions: list[Action] = Field(default_factory=list)
    circulation: Circulation = Field(default_factory=Circulation)
    next_meeting: NextMeeting | None = None

    @field_validator("actions", mode="wrap")
    @classmethod
    def _actions_numbered(cls, actions: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        """Validate each action, add duplicate numbers to its errors, then number the rest."""
        duplicates = _duplicate_numbers(actions)
        try:
            valid = handler(actions)
        except ValidationError as error:
            if not duplicates:
                raise
            raise ValidationError.from_exception_data(
                "actions", [*map(_copy_error, error.errors()), *duplicates]
            ) from None
        if duplicates:
            raise ValidationError.from_exception_data("actions", duplicates)
        return _number_actions(valid)


class Sections(Strict):
    """Base of a kind's ``sections:`` model; ``headings`` are the framework headings it holds."""

    headings: ClassVar[tuple[Heading, ...]] = ()


def sections_model(name: str, headings: tuple[Heading, ...], module: str) -> type[Sections]:
    """Build a ``sections:`` model with one optional field per heading: they cannot drift.

    ``module`` is the kind's module, which must bind the model to ``name``: `toolkit pack`
    sends papers to worker processes by pickling, which finds a class by module and name.
    """
    fields: dict[str, Any] = {heading.key: (Section, None) for heading in headings}
    model = create_model(name, __base__=Sections, __module__=module, **fields)
    model.headings = headings
    return model


class ProviderCopy(Strict):
    """The sections the provider's copy of the record leaves out, by key (optional)."""

    exclude: list[Required] = Field(default_factory=list)


def _provider_copy_sections(copy: ProviderCopy | None, sections: Any) -> ProviderCopy | None:
    """Refuse a key to leave out that is not a section of the meeting's kind, each at its line:
    a misspelt key would otherwise leave in the provider's copy what was meant to be withheld."""
    keys = [heading.key for heading in getattr(sections, "headings", ())]
    errors = []
    for index, key in enumerate(copy.exclude if copy else []):
        if key not in keys:
            close = difflib.get_close_matches(key, keys, n=1, cutoff=0.6)
            hint = f"did you mean {close[0]!r}?" if close else "it must be a key under sections:"
            errors.append(value_error(("exclude", index), f"not a section; {hint}", key))
    if errors:
        raise ValidationError.from_exception_data("provider_copy", errors)
    return copy


class FrameworkMeeting(MeetingPaper):
    """A meeting recorded under framework headings (initial, review, outcome)."""

    escalation: Escalation | None = None
    suspension: Suspension | None = None
    sections: Sections
    provider_copy: ProviderCopy | None = None

    @field_validator("provider_copy")
    @classmethod
    def _provider_copy(cls, copy: ProviderCopy | None) -> ProviderCopy | None:
        return _provider_copy_sections(copy, cls.model_fields["sections"].annotation)

    def iter_sections(self) -> list[tuple[Heading, str | NotApplicable | None]]:
        """Return each required heading with what the meeting wrote under it, in framework order."""
        return [(h, getattr(self.sections, h.key)) for h in self.sections.headings]
