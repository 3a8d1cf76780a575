from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectField, StringField
from wtforms.fields import DateField, IntegerField
from wtforms.validators import (
    DataRequired,
    Email,
    Length,
    NumberRange,
    Regexp,
    StopValidation,
    ValidationError,
)


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), Email(check_deliverability=False)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])


# --- Class sessions and parent/community links --------------------------------------------
# Choices depend on who is signed in, so the views fill them in. Every message names the
# field it belongs to, because the error summary at the top of the page shows them together.

MAX_LETTER_CODES = 1000


def _tidy(value):
    """Strip and collapse whitespace in typed text."""
    return " ".join(value.split()) if isinstance(value, str) else value


def _choice(label: str, message: str) -> SelectField:
    return SelectField(label, coerce=int, invalid_value_message=message,
                       invalid_choice_message=message)


class Required:
    """Like DataRequired, but keeps a field's own "not a real date" message when it has one."""

    field_flags = {"required": True}

    def __init__(self, message: str):
        self.message = message

    def __call__(self, form, field) -> None:
        if field.process_errors:
            raise StopValidation()
        data = field.data
        if data is None or (isinstance(data, str) and not data.strip()):
            raise StopValidation(self.message)


class OptionalDateField(DateField):
    """A date box where an empty value is simply missing (Required says so), not invalid."""

    def process_formdata(self, valuelist):
        if valuelist and not " ".join(valuelist).strip():
            self.data = None
            return
        super().process_formdata(valuelist)


class WholeNumberField(IntegerField):
    """An integer field where an empty box means the default (0 codes, say)."""

    def process_formdata(self, valuelist):
        if valuelist and not str(valuelist[0]).strip():
            self.data = self.default
            return
        super().process_formdata(valuelist)

    def pre_validate(self, form) -> None:
        if self.process_errors:  # "not a whole number" says it all; skip the range check
            raise StopValidation()


class ClassSessionForm(FlaskForm):
    school_id = _choice("School", "School: choose a school you work with from the list.")
    year_group = SelectField(
        "Year group", coerce=lambda v: None if v in (None, "", "None") else int(v),
        invalid_value_message="Year group: choose a year group from the list.",
        invalid_choice_message="Year group: choose a year group from the list.",
        validators=[Required("Year group: choose the class's year group; it is never "
                             "filled in for you, so answers are not put in the wrong year.")])
    class_label = StringField(
        "Class name",
        filters=[_tidy],
        validators=[
            Required("Class name: enter the class name, for example 4B or Oak."),
            Length(max=60, message="Class name: use 60 characters or fewer."),
        ],
    )
    survey_id = _choice("Questionnaire",
                        "Questionnaire: choose one of the pupil questionnaires in the list.")
    wave_id = _choice("Wave", "Wave: choose the survey round from the list.")
    duration = _choice("Open for", "Open for: choose how long the session stays open.")

    def __init__(self, *args, year_groups_by_survey: dict[int, list[int]] | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        #: {survey version id: the year groups that questionnaire is written for}
        self.year_groups_by_survey = year_groups_by_survey or {}

    def validate_year_group(self, field) -> None:
        if field.process_errors or field.data is None:
            return
        allowed = self.year_groups_by_survey.get(self.survey_id.data)
        if allowed and field.data not in allowed:
            raise ValidationError(
                "Year group: this questionnaire is written for "
                f"{describe_year_groups(allowed)}; choose one of those or another "
                "questionnaire."
            )


class LinkForm(FlaskForm):
    school_id = _choice("School", "School: choose a school from the list.")
    survey_id = _choice("Questionnaire",
                        "Questionnaire: choose a parent or community questionnaire from the "
                        "list.")
    wave_id = _choice("Wave", "Wave: choose the survey round from the list.")
    label = StringField(
        "Name for this link",
        filters=[_tidy],
        validators=[
            Required("Name for this link: enter a name staff will recognise, for "
                          "example 'Year 3 parents, autumn letter'."),
            Length(max=200, message="Name for this link: use 200 characters or fewer."),
        ],
    )
    opens_on = OptionalDateField(
        "Opens on",
        validators=[Required("Opens on: enter the first day people can answer.")],
        invalid_value_message="Opens on: enter a real date, for example 2026-09-14.",
    )
    closes_on = OptionalDateField(
        "Closes on",
        validators=[Required("Closes on: enter the last day people can answer.")],
        invalid_value_message="Closes on: enter a real date, for example 2026-10-02.",
    )
    code_count = WholeNumberField(
        "Single-use codes to print",
        default=0,
        invalid_value_message=(f"Single-use codes to print: enter a whole number from 0 to "
                               f"{MAX_LETTER_CODES:,}."),
        validators=[NumberRange(
            min=0, max=MAX_LETTER_CODES,
            message=(f"Single-use codes to print: enter a whole number from 0 to "
                     f"{MAX_LETTER_CODES:,}."),
        )],
    )
    form_nonce = HiddenField()

    def __init__(self, *args, audiences_by_survey: dict[int, str] | None = None,
                 today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.audiences_by_survey = audiences_by_survey or {}
        self.today = today

    def validate_school_id(self, field) -> None:
        if field.data == 0 and self.audiences_by_survey.get(self.survey_id.data) == "parent":
            raise ValidationError(
                "School: a parent link belongs to one school; choose the school whose "
                "families will get the letter."
            )

    def validate_closes_on(self, field) -> None:
        if field.data is None:
            return
        if self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError("Closes on: the closing date must be on or after the "
                                  "opening date.")
        if self.today and field.data < self.today:
            raise ValidationError("Closes on: the closing date can't be in the past.")


def describe_year_groups(years: list[int]) -> str:
    """``[3, 4, 5, 6]`` -> ``"Years 3 to 6"``; ``[0, 1, 2]`` -> ``"Reception to Year 2"``."""
    years = sorted(years)
    if not years:
        return "no year groups"

    def one(y: int) -> str:
        return "Reception" if y == 0 else f"Year {y}"

    if len(years) == 1:
        return one(years[0])
    contiguous = years == list(range(years[0], years[-1] + 1))
    if contiguous:
        if years[0] == 0:
            return f"Reception to Year {years[-1]}"
        return f"Years {years[0]} to {years[-1]}"
    return ", ".join(one(y) for y in years)


# --- Accounts ------------------------------------------------------------------------------

#: The shortest password a staff account may have (the `staff add` command checks it too).
MIN_PASSWORD_LENGTH = 10


def _new_password_validators(label: str) -> list:
    return [Required(f"{label}: type a new password."),
            Length(min=MIN_PASSWORD_LENGTH, max=200,
                   message=f"{label}: use at least {MIN_PASSWORD_LENGTH} characters.")]


def _lower(value):
    return value.strip().lower() if isinstance(value, str) else value


def _school_or_none(value):
    return int(value) if value not in (None, "", "None") else None


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(
        "Current password",
        validators=[Required("Current password: type it to confirm it is you.")])
    new_password = PasswordField("New password",
                                 validators=_new_password_validators("New password"))
    confirm_password = PasswordField(
        "New password again",
        validators=[Required("New password again: type the new password a second time.")])

    def validate_confirm_password(self, field) -> None:
        if field.data != self.new_password.data:
            raise ValidationError("New password again: the two new passwords are not the same.")


class StaffAccountForm(FlaskForm):
    email = EmailField("Email", filters=[_lower], validators=[
        Required("Email: type the person's work email address."),
        Email(check_deliverability=False, message="Email: this is not an email address."),
        Length(max=200, message="Email: use 200 characters or fewer.")])
    display_name = StringField("Name", filters=[_tidy], validators=[
        Required("Name: type the name staff pages show."),
        Length(max=200, message="Name: use 200 characters or fewer.")])
    role = SelectField("Role", invalid_choice_message="Role: choose a role from the list.")
    school_id = SelectField("School", coerce=_school_or_none,
                            invalid_choice_message="School: choose a school from the list.")


# --- Waves (survey rounds) -----------------------------------------------------------------

WAVE_CODE_PATTERN = r"[a-z0-9][a-z0-9-]{1,39}"


class WaveForm(FlaskForm):
    code = StringField("Short code", filters=[_lower], validators=[
        Required("Short code: type a short code, for example 2027-spring."),
        Regexp(f"^{WAVE_CODE_PATTERN}$", message=(
            "Short code: use 2 to 40 lower-case letters, digits and dashes, starting with a "
            "letter or digit, for example 2027-spring."))])
    name = StringField("Name", filters=[_tidy], validators=[
        Required("Name: type the name staff and briefings will show, for example "
                 "Spring 2027."),
        Length(max=200, message="Name: use 200 characters or fewer.")])
    starts_on = OptionalDateField(
        "First day",
        validators=[Required("First day: enter the first day of the survey round.")],
        invalid_value_message="First day: enter a real date, for example 2027-03-01.")
    ends_on = OptionalDateField(
        "Last day",
        invalid_value_message="Last day: enter a real date, for example 2027-04-30.")

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("Last day: the last day must be on or after the first day.")
