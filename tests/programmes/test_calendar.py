import datetime

from programmes.models import Programme


def programme(start: datetime.date, weekday: int, weeks: int = 10) -> Programme:
    return Programme(investigation_starts_on=start, weekday=weekday, weeks=weeks)


def test_the_first_session_is_the_first_programme_weekday_from_the_start_date():
    # Monday 4 January 2027; sessions on Thursdays.
    sessions = programme(datetime.date(2027, 1, 4), Programme.Weekday.THURSDAY).session_dates()

    assert sessions[0] == datetime.date(2027, 1, 7)
    assert sessions[1] == datetime.date(2027, 1, 14)
    assert len(sessions) == 10


def test_a_session_on_a_public_holiday_moves_to_the_next_working_day():
    # Thursdays from 1 April 2027: Ascension is Thursday 6 May 2027.
    sessions = programme(
        datetime.date(2027, 4, 1), Programme.Weekday.THURSDAY, weeks=12
    ).session_dates()

    assert datetime.date(2027, 5, 6) not in sessions
    assert sessions[5] == datetime.date(2027, 5, 7)
    assert sessions[4] == datetime.date(2027, 4, 29)
    assert sessions[6] == datetime.date(2027, 5, 13)


def test_easter_and_whit_mondays_move_monday_sessions_to_tuesday():
    mondays = programme(
        datetime.date(2027, 3, 22), Programme.Weekday.MONDAY, weeks=9
    ).session_dates()
    assert datetime.date(2027, 3, 29) not in mondays  # Easter Monday
    assert mondays[1] == datetime.date(2027, 3, 30)
    assert datetime.date(2027, 5, 17) not in mondays  # Whit Monday
    assert mondays[8] == datetime.date(2027, 5, 18)


def test_a_friday_before_a_weekend_skips_to_monday():
    # Friday 1 November 2030 (Toussaint) moves to Monday 4 November 2030.
    sessions = programme(
        datetime.date(2030, 10, 25), Programme.Weekday.FRIDAY, weeks=9
    ).session_dates()

    assert sessions[0] == datetime.date(2030, 10, 25)
    assert sessions[1] == datetime.date(2030, 11, 4)
    assert sessions[2] == datetime.date(2030, 11, 8)
