//! `foinotice deadline --received DATE [--working-days N | --calendar-days N]`: when a
//! response is due. Day 1 is the first working day after receipt (FOIA s10(1), s10(6)).

use chrono::{Duration, NaiveDate};
use foinotice::calendar::Skipped;
use foinotice::error::Error;
use foinotice::templates::long_date;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DeadlineFormat {
    Text,
    Json,
}

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Example:\n  foinotice deadline --received 2017-08-10\n  foinotice deadline --received 2017-12-20 --format json\n  foinotice deadline --received 2018-04-11 --working-days 40"
)]
pub struct Args {
    /// The day the request was received (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub received: NaiveDate,
    /// Working days allowed
    #[arg(
        long,
        value_name = "N",
        default_value_t = 20,
        conflicts_with = "calendar_days"
    )]
    pub working_days: u32,
    /// Count calendar days instead (for example 35 for compliance, 28 for an appeal)
    #[arg(long, value_name = "N")]
    pub calendar_days: Option<u32>,
    #[arg(long, short, value_enum, default_value = "text")]
    pub format: DeadlineFormat,
    /// Extra bank holidays in gov.uk's bank-holidays.json format (repeatable)
    #[arg(long, value_name = "FILE")]
    pub holidays: Vec<std::path::PathBuf>,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date; write it as YYYY-MM-DD, for example 2017-08-10"))
}

#[derive(Serialize)]
struct Answer {
    received: NaiveDate,
    due: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    working_days: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    calendar_days: Option<u32>,
    skipped: Vec<Skipped>,
}

pub fn run(args: &Args) -> Result<(), Error> {
    let law = super::LawArgs {
        statute: None,
        holidays: args.holidays.clone(),
    }
    .load()?;
    let answer = match args.calendar_days {
        Some(n) => Answer {
            received: args.received,
            due: args
                .received
                .checked_add_signed(Duration::days(i64::from(n)))
                .filter(|d| {
                    let (first, last) = law.calendar.years();
                    (first..=last).contains(&chrono::Datelike::year(d))
                })
                .ok_or_else(|| Error::Data {
                    message: format!(
                        "{n} calendar days after {} is outside the years the calendar covers ({}–{})",
                        args.received,
                        law.calendar.years().0,
                        law.calendar.years().1
                    ),
                    help: "give a number of days that ends within the calendar's years".into(),
                })?,
            working_days: None,
            calendar_days: Some(n),
            skipped: Vec::new(),
        },
        None => {
            let (due, skipped) = law
                .calendar
                .add_working_days(args.received, args.working_days)
                .map_err(|e| Error::Data {
                    message: e.to_string(),
                    help: e.hint(),
                })?;
            Answer {
                received: args.received,
                due,
                working_days: Some(args.working_days),
                calendar_days: None,
                skipped,
            }
        }
    };
    match args.format {
        DeadlineFormat::Json => super::print(format_args!(
            "{}\n",
            serde_json::to_string(&answer).expect("the answer serialises")
        ))?,
        DeadlineFormat::Text => {
            let count = match args.calendar_days {
                Some(n) => format!("{n} calendar days"),
                None => format!("{} working days", args.working_days),
            };
            super::print(format_args!(
                "received  {} {}\n",
                answer.received.format("%A"),
                long_date(answer.received)
            ))?;
            super::print(format_args!(
                "due       {} {} ({count})\n",
                answer.due.format("%A"),
                long_date(answer.due)
            ))?;
            let weekend = answer
                .skipped
                .iter()
                .filter(|s| s.reason == "Saturday" || s.reason == "Sunday")
                .count();
            for s in answer
                .skipped
                .iter()
                .filter(|s| s.reason != "Saturday" && s.reason != "Sunday")
            {
                super::print(format_args!(
                    "skipped   {} {}: {}\n",
                    s.date.format("%A"),
                    long_date(s.date),
                    s.reason
                ))?;
            }
            if weekend > 0 {
                super::print(format_args!("skipped   {weekend} weekend days\n"))?;
            }
        }
    }
    Ok(())
}
