//! Keeping the desk inside its casebook: every path a request names is resolved
//! against the casebook folder and refused if it would lead outside it (through `..`,
//! an absolute path, or a link that points out).

use std::path::{Component, Path, PathBuf};

/// Why a path is refused.
#[derive(Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a relative path of plain names ending `.toml`.
    NotACaseName,
    /// It leads outside the casebook (after following links).
    Outside,
    /// Nothing is there.
    Missing,
}

/// The extension of a case file.
pub const CASE: &[&str] = &["toml"];
/// The extensions of a list of followers.
pub const FOLLOWERS: &[&str] = &["csv", "xlsx"];

/// A relative path of plain names (no `..`, no root, no drive), ending in one of
/// `extensions`.
fn plain_name(rel: &str, extensions: &[&str]) -> Option<PathBuf> {
    let p = Path::new(rel);
    let ext = p.extension().and_then(|e| e.to_str());
    if rel.is_empty() || rel.len() > 512 || !ext.is_some_and(|e| extensions.contains(&e)) {
        return None;
    }
    // Control characters (a tab, a line end) would break the records' columns and
    // the pages' addresses.
    if rel.chars().any(char::is_control) {
        return None;
    }
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(n) if !n.to_string_lossy().starts_with('.') => out.push(n),
            _ => return None,
        }
    }
    // What was issued is a record: nothing in the issued folder is ever named by a
    // request (to read as a case or a list, or to write).
    if out
        .components()
        .next()
        .is_some_and(|c| c.as_os_str() == super::record::ISSUED)
    {
        return None;
    }
    Some(out)
}

/// An existing case file in the casebook `root` (itself canonical).
pub fn existing(root: &Path, rel: &str) -> Result<PathBuf, Refused> {
    existing_of(root, rel, CASE)
}

/// An existing file in the casebook `root` ending in one of `extensions`.
pub fn existing_of(root: &Path, rel: &str, extensions: &[&str]) -> Result<PathBuf, Refused> {
    let name = plain_name(rel, extensions).ok_or(Refused::NotACaseName)?;
    let full = root.join(name);
    let real = std::fs::canonicalize(&full).map_err(|_| Refused::Missing)?;
    if !real.starts_with(root) {
        return Err(Refused::Outside);
    }
    if !real.is_file() {
        return Err(Refused::Missing);
    }
    Ok(real)
}

/// A case file to create in the casebook: its folder must exist inside the
/// casebook, and nothing may be at the path yet (not even a dangling link).
pub fn new_file(root: &Path, rel: &str) -> Result<PathBuf, Refused> {
    new_file_of(root, rel, CASE)
}

/// A case file to create in the casebook, its folders made first where missing
/// (inside the casebook, a name at a time, never through a link): "cases/IC-123456"
/// works in a casebook without a cases folder yet.
pub fn new_file_in_new_folders(root: &Path, rel: &str) -> Result<PathBuf, Refused> {
    let name = plain_name(rel, CASE).ok_or(Refused::NotACaseName)?;
    if let Some(parent) = name.parent().filter(|p| !p.as_os_str().is_empty()) {
        crate::output::Dir::open(root)
            .and_then(|d| d.walk(parent, true))
            .map_err(|_| Refused::Outside)?;
    }
    new_file(root, rel)
}

/// A file to create in the casebook, ending in one of `extensions`.
pub fn new_file_of(root: &Path, rel: &str, extensions: &[&str]) -> Result<PathBuf, Refused> {
    let name = plain_name(rel, extensions).ok_or(Refused::NotACaseName)?;
    let full = root.join(&name);
    let parent = full.parent().ok_or(Refused::NotACaseName)?;
    let real_parent = std::fs::canonicalize(parent).map_err(|_| Refused::Missing)?;
    if !real_parent.starts_with(root) {
        return Err(Refused::Outside);
    }
    let file = real_parent.join(full.file_name().ok_or(Refused::NotACaseName)?);
    if std::fs::symlink_metadata(&file).is_ok() {
        return Err(Refused::Outside);
    }
    Ok(file)
}

/// The path of a file in the casebook as the desk shows it: relative, with `/`.
pub fn relative(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// A random token (128 bits, hex) from the operating system's random source; an
/// error, and no token, when that source cannot be read (never a weaker stand-in).
pub fn token() -> Result<String, crate::error::Error> {
    token_from(getrandom::fill)
}

fn token_from(
    fill: impl FnOnce(&mut [u8]) -> Result<(), getrandom::Error>,
) -> Result<String, crate::error::Error> {
    let mut bytes = [0u8; 16];
    fill(&mut bytes).map_err(|e| crate::error::Error::NoRandomness(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compares tokens in time that does not depend on where they differ.
pub fn same_token(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_case_names_inside_the_casebook_are_taken() {
        let dir = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(dir.path()).unwrap();
        std::fs::create_dir(root.join("cases")).unwrap();
        std::fs::write(root.join("cases/a.toml"), "x").unwrap();
        assert!(existing(&root, "cases/a.toml").is_ok());
        for bad in [
            "../a.toml",
            "/etc/passwd.toml",
            "cases/../../a.toml",
            "cases/a.txt",
            "",
            ".hidden.toml",
            "cases/a\tb.toml",
            "cases/a\nb.toml",
            "issued/a.toml",
            "issued/x/manifest.csv.toml",
        ] {
            assert_eq!(existing(&root, bad), Err(Refused::NotACaseName), "{bad}");
        }
        assert_eq!(existing(&root, "cases/b.toml"), Err(Refused::Missing));
        // A link planted inside that points outside is refused.
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("x.toml"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path().join("x.toml"), root.join("cases/link.toml"))
            .unwrap();
        assert_eq!(existing(&root, "cases/link.toml"), Err(Refused::Outside));
        std::os::unix::fs::symlink(outside.path(), root.join("out")).unwrap();
        assert_eq!(new_file(&root, "out/new.toml"), Err(Refused::Outside));
        assert_eq!(new_file(&root, "cases/a.toml"), Err(Refused::Outside));
        assert!(new_file(&root, "cases/new.toml").is_ok());
        assert_eq!(new_file(&root, "nowhere/new.toml"), Err(Refused::Missing));
    }

    #[test]
    fn tokens_are_random_and_compared_whole() {
        let (a, b) = (token().unwrap(), token().unwrap());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(same_token(&a, &a.clone()));
        assert!(!same_token(&a, &b));
        assert!(!same_token(&a, &a[..31]));
    }

    #[test]
    fn no_token_without_the_random_source() {
        let failed = token_from(|_| Err(getrandom::Error::UNSUPPORTED));
        let Err(e) = failed else {
            panic!("a token was made without randomness: {failed:?}")
        };
        assert!(matches!(e, crate::error::Error::NoRandomness(_)), "{e:?}");
        assert!(e.to_string().contains("does not start"), "{e}");
    }
}
