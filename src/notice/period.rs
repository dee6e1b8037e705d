//! The period wording (`data/wording.toml`): the Commissioner's phrasing that changed
//! over the years, each variant chosen by the notice date.

use super::office::{in_force, Dated};
use crate::facts::Date;
use crate::statute::Regime;
use serde::Deserialize;
use std::sync::OnceLock;

const WORDING: &str = include_str!("../../data/wording.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wording {
    act: Vec<Dated<ActName>>,
}

/// How an era's notices name the FOIA in prose.
#[derive(Debug, Clone, Deserialize)]
struct ActName {
    foia: String,
}

fn wording() -> &'static Wording {
    static DATA: OnceLock<Wording> = OnceLock::new();
    DATA.get_or_init(|| {
        toml::from_str(WORDING).expect("the embedded wording data is valid (tested)")
    })
}

/// The Act as the notice's prose names it: "the Act" (first format), "the FOIA", or
/// "FOIA" (from 2023); "the EIR" in every period.
pub(super) fn the_act(regime: Regime, date: Date) -> String {
    match regime {
        Regime::Eir => "the EIR".into(),
        _ => in_force(&wording().act, date).map_or_else(|| "the FOIA".into(), |a| a.foia),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(y: i32, m: u32, d: u32) -> Date {
        Date(chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    #[test]
    fn the_wording_data_reads_and_each_period_names_the_act_its_own_way() {
        assert_eq!(the_act(Regime::Foia, on(2008, 5, 1)), "the Act");
        assert_eq!(the_act(Regime::Foia, on(2018, 9, 20)), "the FOIA");
        assert_eq!(the_act(Regime::Foia, on(2023, 5, 22)), "the FOIA");
        assert_eq!(the_act(Regime::Foia, on(2023, 5, 23)), "FOIA");
        assert_eq!(the_act(Regime::Eir, on(2024, 1, 5)), "the EIR");
        assert_eq!(the_act(Regime::Eir, on(2008, 1, 5)), "the EIR");
    }

    #[test]
    fn every_period_of_the_wording_data_is_in_date_order_and_sourced() {
        let w = wording();
        assert!(w.act.windows(2).all(|p| p[0].from < p[1].from));
        // Each entry is preceded by a comment naming at least two notices.
        let comments: Vec<&str> = WORDING.split("[[act]]").collect();
        for c in &comments[..comments.len() - 1] {
            let refs =
                c.matches("FS5").count() + c.matches("IC-").count() + c.matches("FER0").count();
            assert!(refs >= 2, "a variant needs two notices behind it: {c}");
        }
    }
}
