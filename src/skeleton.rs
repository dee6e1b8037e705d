//! The case files `foinotice new` (and the desk's "New case") start from: every
//! required field present and empty, with comments (`templates/new/`).

const SKELETONS: &[(&str, &str)] = &[
    (
        "decision-notice",
        include_str!("../templates/new/decision-notice.toml"),
    ),
    (
        "refusal-notice",
        include_str!("../templates/new/refusal-notice.toml"),
    ),
];

/// The skeleton for a kind of notice.
pub fn skeleton(kind: &str) -> Option<&'static str> {
    SKELETONS.iter().find(|(k, _)| *k == kind).map(|(_, s)| *s)
}
