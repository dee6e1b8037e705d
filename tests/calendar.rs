//! The working-day calculator: dates worked out by hand, properties over random dates,
//! and the edges of the data.

use chrono::{Duration, NaiveDate};
use foinotice::calendar::Calendar;
use proptest::prelude::*;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn due(cal: &Calendar, received: &str) -> NaiveDate {
    cal.add_working_days(date(received), 20).unwrap().0
}

/// Each row: received, due after 20 working days, and what the row exercises. Every
/// due date was counted by hand on a calendar before the test was run.
const WORKED: &[(&str, &str, &str)] = &[
    (
        "2017-08-10",
        "2017-09-08",
        "DOMAIN.md worked check; the reference authority replied that day",
    ),
    (
        "2017-12-20",
        "2018-01-23",
        "DOMAIN.md worked check; the Scottish 2 January counts",
    ),
    (
        "2020-04-30",
        "2020-06-01",
        "VE Day one-off, Friday 8 May 2020, in place of Monday 4 May",
    ),
    (
        "2022-05-25",
        "2022-06-24",
        "Platinum Jubilee: Thursday 2 and Friday 3 June 2022",
    ),
    (
        "2022-09-12",
        "2022-10-11",
        "State funeral one-off, Monday 19 September 2022",
    ),
    (
        "2023-04-28",
        "2023-05-31",
        "Coronation one-off, 8 May 2023, with 1 and 29 May",
    ),
    (
        "2024-03-20",
        "2024-04-19",
        "Easter 2024: Good Friday 29 March, Easter Monday 1 April",
    ),
    (
        "2020-07-27",
        "2020-08-25",
        "Scottish-only summer holiday, Monday 3 August 2020",
    ),
    (
        "2020-11-16",
        "2020-12-15",
        "Scottish-only St Andrew's Day, Monday 30 November 2020",
    ),
    (
        "2021-06-28",
        "2021-07-27",
        "Northern Ireland-only Battle of the Boyne, 12 July 2021",
    ),
    (
        "2025-02-28",
        "2025-03-31",
        "Northern Ireland-only St Patrick's Day, 17 March 2025",
    ),
    (
        "2022-12-15",
        "2023-01-18",
        "Christmas 2022 on a Sunday: substitutes 27 December, 2 and 3 January",
    ),
    (
        "2021-12-17",
        "2022-01-20",
        "Christmas 2021 on a Saturday: 27, 28 December, 3 and 4 January",
    ),
    (
        "2017-08-12",
        "2017-09-11",
        "received on a Saturday: day 1 is Monday",
    ),
    ("2017-12-25", "2018-01-25", "received on Christmas Day"),
    (
        "2018-03-12",
        "2018-04-12",
        "St Patrick's substitute 19 March and Easter 2018",
    ),
    (
        "2026-02-19",
        "2026-03-20",
        "St Patrick's Day 2026, a Tuesday",
    ),
];

#[test]
fn hand_worked_due_dates() {
    let cal = Calendar::builtin();
    let mut wrong = Vec::new();
    for (received, expected, why) in WORKED {
        let got = due(&cal, received);
        if got != date(expected) {
            wrong.push(format!(
                "{received}: expected {expected}, got {got} ({why})"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn ignoring_the_scottish_second_of_january_would_give_the_22nd() {
    // The mistake DOMAIN.md warns of: counting only England and Wales's holidays.
    let cal = Calendar::builtin();
    assert_eq!(
        cal.non_working(date("2018-01-02")).unwrap().as_deref(),
        Some("2nd January (Scotland)")
    );
    assert_ne!(due(&cal, "2017-12-20"), date("2018-01-22"));
}

#[test]
fn skipped_days_are_listed_with_their_reasons() {
    let cal = Calendar::builtin();
    let (_, skipped) = cal.add_working_days(date("2017-08-10"), 20).unwrap();
    let holidays: Vec<_> = skipped
        .iter()
        .filter(|s| s.reason != "Saturday" && s.reason != "Sunday")
        .collect();
    assert_eq!(holidays.len(), 1, "{skipped:?}");
    assert_eq!(holidays[0].date, date("2017-08-28"));
    assert!(holidays[0].reason.starts_with("Summer bank holiday"));
    assert_eq!(skipped.len(), 9);
}

/// Due dates before 2017, worked out by hand: the summer bank holiday of 29 August
/// 2016 (England, Wales and Northern Ireland); the Royal Wedding on 29 April 2011 with
/// Easter and the early May holiday; the Diamond Jubilee on 5 June 2012 with the spring
/// holiday moved to 4 June.
#[test]
fn due_dates_from_2005_on() {
    let cal = Calendar::builtin();
    for (received, expected) in [
        ("2016-08-10", "2016-09-08"),
        ("2011-04-15", "2011-05-19"),
        ("2012-05-21", "2012-06-20"),
        // Christmas 2005 fell on a Sunday: the 26th and 27th were the holidays, and
        // Scotland's 2 and 3 January 2006 too.
        ("2005-12-20", "2006-01-23"),
    ] {
        assert_eq!(due(&cal, received), date(expected), "received {received}");
    }
}

#[test]
fn dates_outside_the_data_are_errors() {
    let cal = Calendar::builtin();
    // FOIA came fully into force on 1 January 2005: the data starts there.
    let e = cal.add_working_days(date("2004-12-01"), 20).unwrap_err();
    assert!(e.to_string().contains("2005–2027"), "{e}");
    // The due date would fall in 2028, which the data does not cover.
    let e = cal.add_working_days(date("2027-12-10"), 20).unwrap_err();
    assert_eq!(e.date.format("%Y").to_string(), "2028");
    assert!(e.hint().contains("--holidays"));
}

#[test]
fn a_user_holidays_file_adds_days_and_years() {
    let dir = std::env::temp_dir().join(format!("foinotice-hol-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // A one-off holiday on Wednesday 18 March 2026, and England's 2028 New Year.
    let file = dir.join("extra.json");
    std::fs::write(
        &file,
        r#"{"england-and-wales": {"division": "england-and-wales", "events": [
            {"title": "One-off holiday", "date": "2026-03-18", "notes": "", "bunting": true},
            {"title": "New Year's Day", "date": "2028-01-03", "notes": "Substitute day", "bunting": true}
        ]}}"#,
    )
    .unwrap();
    let cal = Calendar::with_files(&[&file]).unwrap();
    assert_eq!(due(&cal, "2026-02-19"), date("2026-03-23"));
    assert_eq!(
        cal.non_working(date("2026-03-18")).unwrap().as_deref(),
        Some("One-off holiday (England and Wales)")
    );
    assert_eq!(cal.years(), (2005, 2028));
    // 2027-12-10: the 13th working day is 31 December; then 4, 5, 6, 7, 10, 11 and
    // 12 January 2028 (this file gives only England's 3 January, so Scotland's
    // substitute 4 January is a working day here: a file must list its years in full).
    assert_eq!(due(&cal, "2027-12-10"), date("2028-01-12"));

    // A bad file is an error located in it.
    let bad = dir.join("bad.json");
    std::fs::write(
        &bad,
        r#"{"scotland": {"division": "scotland", "events": [{"title": "x", "date": "2026-13-01"}]}}"#,
    )
    .unwrap();
    let errs = Calendar::with_files(&[&bad]).unwrap_err();
    assert!(
        errs[0].message.contains("`2026-13-01` is not a date"),
        "{:?}",
        errs[0]
    );
    assert_eq!(errs[0].field, "scotland.events[0].date");
    assert_eq!(errs[0].line, 1);
    let not_json = dir.join("nope.json");
    std::fs::write(&not_json, "{\"scotland\": [").unwrap();
    let errs = Calendar::with_files(&[&not_json]).unwrap_err();
    assert!(
        errs[0].message.contains("not a bank holidays file"),
        "{:?}",
        errs[0]
    );
    assert!(errs[0].line > 0);
    std::fs::remove_dir_all(&dir).unwrap();
}

fn received() -> impl Strategy<Value = NaiveDate> {
    // Receipt dates whose 60-working-day horizon stays inside the data (2017–2027).
    let first = date("2017-01-01");
    let days = (date("2027-09-30") - first).num_days();
    (0..days).prop_map(move |d| first + Duration::days(d))
}

proptest! {
    #[test]
    fn the_due_date_is_a_working_day(r in received(), n in 1u32..=60) {
        let cal = Calendar::builtin();
        let (due, _) = cal.add_working_days(r, n).unwrap();
        prop_assert!(cal.is_working_day(due).unwrap());
        prop_assert!(due > r);
    }

    #[test]
    fn exactly_n_working_days_lie_between(r in received(), n in 0u32..=60) {
        let cal = Calendar::builtin();
        let (due, skipped) = cal.add_working_days(r, n).unwrap();
        prop_assert_eq!(cal.working_days_between(r, due).unwrap(), n);
        // Every calendar day after receipt is either counted or skipped with a reason.
        prop_assert_eq!((due - r).num_days() as u32, n + skipped.len() as u32);
    }

    #[test]
    fn later_receipt_never_gives_an_earlier_due_date(r in received(), gap in 0i64..30, n in 1u32..=40) {
        let cal = Calendar::builtin();
        let later = r + Duration::days(gap);
        let (a, _) = cal.add_working_days(r, n).unwrap();
        let (b, _) = cal.add_working_days(later, n).unwrap();
        prop_assert!(b >= a);
    }
}

/// A holidays file that widens the calendar to before 2000 lets a decision notice dated
/// then through the date checks; its tribunal (the office data starts in 2000) is then
/// a located error at the notice's `date`, never a panic (issue 24, review finding).
#[test]
fn a_decision_notice_dated_before_the_tribunal_data_is_a_located_error() {
    let dir = std::env::temp_dir().join(format!("foinotice-pre2000-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let example = include_str!("../examples/decision-notice-2009.toml");
    let case = dir.join("old.toml");
    std::fs::write(
        &case,
        example.replace("2008-", "1998-").replace("2009-", "1999-"),
    )
    .unwrap();
    let holidays = dir.join("hol.json");
    std::fs::write(
        &holidays,
        r#"{"england-and-wales": {"division": "england-and-wales", "events": [
            {"title": "Christmas Day", "date": "1998-12-25", "notes": "", "bunting": true},
            {"title": "New Year's Day", "date": "1999-01-01", "notes": "", "bunting": true}
        ]}}"#,
    )
    .unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_foinotice"))
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    for args in [
        &["check", "old.toml", "--holidays", "hol.json"][..],
        &[
            "render",
            "old.toml",
            "--holidays",
            "hol.json",
            "--out",
            "-",
            "--format",
            "text",
        ][..],
    ] {
        let o = run(args);
        let out = format!(
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert_eq!(o.status.code(), Some(1), "{args:?}: {out}");
        assert!(!out.contains("panicked"), "{args:?}: {out}");
        assert!(out.contains("old.toml:8:8"), "{args:?}: {out}");
        assert!(out.contains("before any tribunal"), "{args:?}: {out}");
        assert!(out.contains("[tribunal]"), "{args:?}: {out}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
