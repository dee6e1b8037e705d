//! Small pieces of English that several stages need (the calendar's reasons, the
//! statute's hints, the templates' filters), kept here so that none of them depends on
//! another for them.

/// `["a", "b", "c"]` → `a, b and c`.
pub fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {}", init.join(", "), last),
    }
}

/// Lower-case hex of some bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of some bytes, in lower-case hex.
pub fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(bytes))
}

/// The names that take the definite article in prose (`data/names.toml`).
#[derive(serde::Deserialize)]
struct Names {
    begins: Vec<String>,
}

const NAMES: &str = include_str!("../data/names.toml");

/// Whether a public authority's name takes "the" in running prose: "the Home Office",
/// "the London Borough of Bromley", but "Somerset County Council" (`data/names.toml`).
/// A name that already starts with "The" or "the" takes no other.
pub fn takes_article(name: &str) -> bool {
    static BEGINS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    let begins = BEGINS.get_or_init(|| {
        // The list is part of the program (embedded), and a test reads it.
        toml::from_str::<Names>(NAMES).map_or_else(|_| Vec::new(), |n| n.begins)
    });
    !name.starts_with("The ")
        && !name.starts_with("the ")
        && begins.iter().any(|b| name.starts_with(b.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_names_that_take_the_article_are_told_apart() {
        assert!(toml::from_str::<Names>(NAMES).is_ok_and(|n| n.begins.len() > 20));
        for yes in [
            "Home Office",
            "London Borough of Bromley",
            "Information Commissioner's Office",
            "Department for Education",
            "Ministry of Defence",
            "University of Cambridge",
            "National Crime Agency",
            // "the Chief Constable of North Yorkshire Police" (FS50652014).
            "Chief Constable of Kent Police",
        ] {
            assert!(takes_article(yes), "{yes}");
        }
        for no in [
            "Somerset County Council",
            "Cambridgeshire Constabulary",
            "The National Archives",
            "Barts Health NHS Trust",
            "Departmental Council",
            "National Savings and Investments",
            "National Highways",
            "University College London",
        ] {
            assert!(!takes_article(no), "{no}");
        }
    }
}
