//! Working days under FOIA s10(6): every day except Saturdays, Sundays, Christmas Day,
//! Good Friday and the bank holidays of any part of the United Kingdom.
//!
//! The bank holidays come from `data/uk-bank-holidays.json` (gov.uk's
//! `bank-holidays.json`, Open Government Licence), embedded in the binary; a user's
//! file in the same format adds holidays (one-off days, or later years) without a new
//! release. A date outside the years the data covers is an error, never a guess.

use crate::diagnostic::Diagnostic;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

const BUILTIN: &str = include_str!("../data/uk-bank-holidays.json");

/// gov.uk's format: divisions keyed by name, each with its events.
#[derive(Debug, Deserialize)]
struct Division {
    division: String,
    events: Vec<Event>,
}

#[derive(Debug, Deserialize)]
struct Event {
    title: String,
    date: String,
}

/// Why a day is not a working day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skipped {
    pub date: NaiveDate,
    pub reason: String,
}

/// A date the holiday data cannot answer for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfRange {
    pub date: NaiveDate,
    pub first: i32,
    pub last: i32,
}

impl std::fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} is outside the years the bank holiday data covers ({}–{})",
            self.date, self.first, self.last
        )
    }
}

impl OutOfRange {
    pub fn hint(&self) -> String {
        "add the missing years' bank holidays with --holidays FILE (gov.uk's bank-holidays.json format)".into()
    }
}

/// The UK calendar of non-working days.
#[derive(Debug, Clone)]
pub struct Calendar {
    /// Holiday dates with their names and the nations that keep them.
    holidays: BTreeMap<NaiveDate, (String, Vec<&'static str>)>,
    first: i32,
    last: i32,
}

fn nation(division: &str) -> &'static str {
    match division {
        "england-and-wales" => "England and Wales",
        "scotland" => "Scotland",
        "northern-ireland" => "Northern Ireland",
        _ => "the United Kingdom",
    }
}

impl Calendar {
    /// The built-in calendar (tested to load).
    pub fn builtin() -> Calendar {
        let mut c = Calendar {
            holidays: BTreeMap::new(),
            first: i32::MAX,
            last: i32::MIN,
        };
        c.add_json(Path::new("data/uk-bank-holidays.json"), BUILTIN)
            .expect("the embedded bank holiday data is valid (tested)");
        c
    }

    /// The built-in calendar plus the holidays in `files`.
    pub fn with_files(files: &[impl AsRef<Path>]) -> Result<Calendar, Vec<Diagnostic>> {
        let mut c = Calendar::builtin();
        for f in files {
            let path = f.as_ref();
            let text = crate::source::read_text(path, "the holidays file (--holidays)")
                .map_err(|d| vec![*d])?;
            crate::source::check_nesting(path, &text).map_err(|d| vec![*d])?;
            c.add_json(path, &text)?;
        }
        Ok(c)
    }

    /// Adds the holidays of one gov.uk-format file. The years covered grow to include
    /// every year the file has events in.
    pub fn add_json(&mut self, path: &Path, text: &str) -> Result<(), Vec<Diagnostic>> {
        let divisions: BTreeMap<String, Division> = serde_json::from_str(text).map_err(|e| {
            let d = Diagnostic::error(
                path,
                "",
                format!("not a bank holidays file: {e}"),
                "use gov.uk's bank-holidays.json format: {\"england-and-wales\": {\"division\": \"england-and-wales\", \"events\": [{\"title\": \"...\", \"date\": \"YYYY-MM-DD\"}]}}",
            );
            vec![d.at_line_column(text, e.line(), e.column())]
        })?;
        let mut problems = Vec::new();
        for (key, div) in &divisions {
            for (i, ev) in div.events.iter().enumerate() {
                match NaiveDate::parse_from_str(&ev.date, "%Y-%m-%d") {
                    Ok(date) => {
                        let entry = self
                            .holidays
                            .entry(date)
                            .or_insert_with(|| (ev.title.clone(), Vec::new()));
                        let n = nation(&div.division);
                        if !entry.1.contains(&n) {
                            entry.1.push(n);
                        }
                        self.first = self.first.min(date.year());
                        self.last = self.last.max(date.year());
                    }
                    Err(_) => {
                        let d = Diagnostic::error(
                            path,
                            format!("{key}.events[{i}].date"),
                            format!("`{}` is not a date", ev.date),
                            "write dates as YYYY-MM-DD",
                        );
                        let at = text.find(&format!("\"{}\"", ev.date));
                        problems.push(match at {
                            Some(o) => d.at(text, o..o + ev.date.len() + 2),
                            None => d,
                        });
                    }
                }
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    /// The years the data covers, inclusive.
    pub fn years(&self) -> (i32, i32) {
        (self.first, self.last)
    }

    fn covered(&self, date: NaiveDate) -> Result<(), OutOfRange> {
        if (self.first..=self.last).contains(&date.year()) {
            Ok(())
        } else {
            Err(OutOfRange {
                date,
                first: self.first,
                last: self.last,
            })
        }
    }

    /// Why `date` is not a working day, or `None` when it is one.
    pub fn non_working(&self, date: NaiveDate) -> Result<Option<String>, OutOfRange> {
        self.covered(date)?;
        Ok(match date.weekday() {
            Weekday::Sat => Some("Saturday".into()),
            Weekday::Sun => Some("Sunday".into()),
            _ => {
                if let Some((title, nations)) = self.holidays.get(&date) {
                    Some(if nations.len() == 3 {
                        title.clone()
                    } else {
                        format!(
                            "{title} ({})",
                            crate::english::join_and(
                                &nations.iter().map(|n| n.to_string()).collect::<Vec<_>>()
                            )
                        )
                    })
                } else if date.month() == 12 && date.day() == 25 {
                    Some("Christmas Day".into())
                } else if date == good_friday(date.year()) {
                    Some("Good Friday".into())
                } else {
                    None
                }
            }
        })
    }

    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, OutOfRange> {
        Ok(self.non_working(date)?.is_none())
    }

    /// The `n`th working day after `start` (day 1 is the first working day after it),
    /// with the non-working days passed over on the way.
    pub fn add_working_days(
        &self,
        start: NaiveDate,
        n: u32,
    ) -> Result<(NaiveDate, Vec<Skipped>), OutOfRange> {
        self.covered(start)?;
        let mut day = start;
        let mut counted = 0;
        let mut skipped = Vec::new();
        while counted < n {
            day += Duration::days(1);
            match self.non_working(day)? {
                None => counted += 1,
                Some(reason) => skipped.push(Skipped { date: day, reason }),
            }
        }
        Ok((day, skipped))
    }

    /// The number of working days after `start` up to and including `end` (0 when
    /// `end` is not after `start`).
    pub fn working_days_between(
        &self,
        start: NaiveDate,
        end: NaiveDate,
    ) -> Result<u32, OutOfRange> {
        self.covered(start)?;
        self.covered(end)?;
        let mut day = start;
        let mut n = 0;
        while day < end {
            day += Duration::days(1);
            if self.is_working_day(day)? {
                n += 1;
            }
        }
        Ok(n)
    }
}

/// Good Friday of `year` (two days before Easter Sunday; the anonymous Gregorian
/// algorithm for Easter).
pub fn good_friday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).expect("Easter is a real date")
        - Duration::days(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn easter_dates() {
        assert_eq!(good_friday(2017), date("2017-04-14"));
        assert_eq!(good_friday(2018), date("2018-03-30"));
        assert_eq!(good_friday(2024), date("2024-03-29"));
        assert_eq!(good_friday(2027), date("2027-03-26"));
    }

    #[test]
    fn good_friday_in_the_data_agrees_with_the_algorithm() {
        let c = Calendar::builtin();
        let (first, last) = c.years();
        assert_eq!((first, last), (2005, 2027));
        for y in first..=last {
            let gf = good_friday(y);
            assert!(
                c.holidays.get(&gf).is_some_and(|(t, _)| t == "Good Friday"),
                "{y}"
            );
        }
    }

    #[test]
    fn nation_only_holidays_name_their_nations() {
        let c = Calendar::builtin();
        assert_eq!(
            c.non_working(date("2018-01-02")).unwrap().unwrap(),
            "2nd January (Scotland)"
        );
        assert_eq!(
            c.non_working(date("2018-03-19")).unwrap().unwrap(),
            "St Patrick’s Day (Northern Ireland)"
        );
    }
}
