//! Wording a style must never learn because it states the law wrongly, whatever the
//! letters say: section 12 or 14 called an exemption (they refuse the request, not
//! the information), a public interest test for an absolute exemption (there is
//! none), and complaint rights that leave out a section 17(7) particular (the
//! internal review, or the right to complain to the Information Commissioner under
//! section 50). Such a passage is reported, and the slot keeps the standard style's
//! wording.

/// Why a passage is wrong in law, if it is.
pub fn wrong(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    if procedural_exemption(&lower) {
        return Some("it calls section 12 or 14 an exemption: they refuse the request, not the information, and are never exemptions");
    }
    if absolute_with_pit(&lower) {
        return Some("it applies a public interest test to an absolute exemption: an absolute exemption has no public interest test");
    }
    None
}

/// Why complaint rights, taken together, leave out what section 17(7) requires.
pub fn rights_incomplete(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    let review = lower.contains("review") || lower.contains("reconsider");
    let commissioner = lower.contains("information commissioner") || lower.contains("section 50");
    match (review, commissioner) {
        (true, true) => None,
        (false, _) => Some("the complaint rights omit a section 17(7) particular: the authority's internal review procedure"),
        (_, false) => Some("the complaint rights omit a section 17(7) particular: the right to apply to the Information Commissioner under section 50"),
    }
}

/// The sections a passage cites ("section 31(3)", "S30(3)", "s.12", "sections 24 and
/// 31"), by number: "31", "30", "12", "24".
pub fn cited(text: &str) -> Vec<String> {
    let words: Vec<String> = text
        .to_lowercase()
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_start_matches('(').to_string())
        .collect();
    let number = |w: &str| -> Option<String> {
        let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
        let rest = &w[digits.len()..];
        (!digits.is_empty()
            && (rest.is_empty() || rest.starts_with(['(', '.', ';', ':', ')', '-'])))
        .then_some(digits)
    };
    let mut out = Vec::new();
    let mut in_list = false;
    for (i, w) in words.iter().enumerate() {
        let glued = ["section", "sec.", "sec", "s.", "s", "reg.", "regulation"]
            .iter()
            .find_map(|p| w.strip_prefix(p).filter(|r| !r.is_empty()).and_then(number));
        let prev = if i > 0 { words[i - 1].as_str() } else { "" };
        let after = matches!(
            prev,
            "section"
                | "sections"
                | "s"
                | "s."
                | "ss."
                | "sec"
                | "sec."
                | "regulation"
                | "regulations"
                | "reg"
                | "reg."
        ) || (in_list && matches!(prev, "and" | "or" | "&"));
        let n = glued.or_else(|| after.then(|| number(w)).flatten());
        match n {
            Some(n) => {
                out.push(n);
                in_list = true;
            }
            None => in_list = in_list && matches!(w.as_str(), "and" | "or" | "&"),
        }
    }
    out
}

/// Whether a citation of section 12 or 14 stands in the passage ("section 12",
/// "s.14(1)", "S12", "sections 12 and 14").
fn cites_procedural(lower: &str) -> bool {
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let number = |w: &str| {
        let digits: String = w.chars().take_while(char::is_ascii_digit).collect();
        let rest = &w[digits.len()..];
        (digits == "12" || digits == "14")
            && (rest.is_empty() || rest.starts_with('(') || rest.starts_with(['.', ';', ':', ')']))
    };
    words.iter().enumerate().any(|(i, w)| {
        let w = w.trim_start_matches('(');
        let glued = ["s", "s.", "sec", "sec.", "section"]
            .iter()
            .any(|p| w.strip_prefix(p).is_some_and(number));
        let after_word = i > 0
            && matches!(
                words[i - 1].trim_start_matches('('),
                "section" | "sections" | "s" | "s." | "sec" | "sec." | "and" | "or"
            )
            && number(w)
            && (words[i - 1] != "and" && words[i - 1] != "or"
                || words[..i]
                    .iter()
                    .rev()
                    .take(4)
                    .any(|p| p.starts_with("section")));
        glued || after_word
    })
}

fn procedural_exemption(lower: &str) -> bool {
    if !cites_procedural(lower) {
        return false;
    }
    // "exemption" said of them, not "exemptions" in a list that only mentions them
    // beside the real ones ("the exemptions and section 12"): the citation and the
    // word within a few words of each other, or "exempt under/by virtue of section 12".
    let words: Vec<&str> = lower.split_whitespace().collect();
    let cite_at: Vec<usize> = (0..words.len())
        .filter(|i| cites_procedural(&words[i.saturating_sub(1)..=*i].join(" ")))
        .collect();
    let exempt_at: Vec<usize> = (0..words.len())
        .filter(|i| words[*i].starts_with("exempt"))
        .collect();
    cite_at
        .iter()
        .any(|c| exempt_at.iter().any(|e| c.abs_diff(*e) <= 8))
}

fn absolute_with_pit(lower: &str) -> bool {
    if !lower.contains("absolute") || !lower.contains("public interest") {
        return false;
    }
    const DENIALS: &[&str] = &[
        "no public interest",
        "no need",
        "not subject to",
        "not required",
        "no requirement",
        "does not apply",
        "do not apply",
        "doesn't apply",
        "is not necessary",
        "not necessary",
        "without",
        "not need",
        "not have to",
        "need not",
        "not carry",
        "not apply",
    ];
    !DENIALS.iter().any(|d| lower.contains(d))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn procedural_sections_called_exemptions_are_wrong() {
        assert!(wrong(
            "Section 14 of the Act is an exemption which applies to vexatious requests."
        )
        .is_some());
        assert!(wrong("The request is exempt under section 12 (cost).").is_some());
        assert!(wrong("We have applied the s14(1) exemption.").is_some());
        assert!(wrong(
            "Section 14(1) of the Act provides that we need not comply with a vexatious request."
        )
        .is_none());
        assert!(wrong("The information is exempt under section 31(1)(a).").is_none());
        assert!(wrong("Exemptions apply under section 40(2) and the request exceeds the limit under section 1 of the Act.").is_none());
    }

    #[test]
    fn a_public_interest_test_for_an_absolute_exemption_is_wrong() {
        assert!(wrong(
            "Section 40(2) is an absolute exemption and we have weighed the public interest test."
        )
        .is_some());
        assert!(wrong("Section 40(5A) is an absolute exemption which means that there is no need to undertake a public interest test.").is_none());
    }

    #[test]
    fn the_sections_a_passage_cites_are_found() {
        assert_eq!(
            cited("Sections 24 and 31 are qualified exemptions; S30(3) and s.12 too."),
            ["24", "31", "30", "12"]
        );
        assert_eq!(
            cited("Section 1 of the Freedom of Information Act 2000 places two duties."),
            ["1"]
        );
        assert!(cited("The 2 sections of 2019").is_empty());
    }

    #[test]
    fn complaint_rights_need_both_particulars() {
        assert!(rights_incomplete("You may ask for an internal review. You may then complain to the Information Commissioner.").is_none());
        assert!(rights_incomplete("You may ask for an internal review.").is_some());
        assert!(rights_incomplete("You may complain to the Information Commissioner.").is_some());
    }
}
