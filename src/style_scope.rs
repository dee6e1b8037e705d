//! Where a case file's house style file may be read from. On the command line the
//! caseworker names the files, so a style file may be anywhere; on the desk, a case
//! file is text a browser sent, so its `style` may only name a file inside the
//! casebook (after following links), and a refusal says nothing about what is or is
//! not outside it.

use std::path::{Path, PathBuf};

/// The folders a house style file may be read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum StyleScope {
    /// Anywhere the path leads (the command line).
    #[default]
    Anywhere,
    /// Only inside this folder, which is canonical (the desk's casebook).
    Within(PathBuf),
}

/// Why a style path is refused: the message and the help, for the case file's
/// `style` field.
pub struct Refused {
    pub message: String,
    pub help: String,
}

impl StyleScope {
    /// The `style` value to read: a built-in name as it is; a style file's path as
    /// given (anywhere), or as its real path inside the folder (within). Missing and
    /// outside are refused alike, so the refusal does not tell whether a path
    /// outside the folder exists.
    pub fn confine(&self, spec: &str, case_dir: &Path) -> Result<String, Refused> {
        let root = match self {
            StyleScope::Within(root) if spec.ends_with(".toml") => root,
            _ => return Ok(spec.to_string()),
        };
        std::fs::canonicalize(case_dir.join(spec))
            .ok()
            .filter(|real| real.starts_with(root) && real.is_file())
            .and_then(|real| real.to_str().map(str::to_string))
            .ok_or_else(|| Refused {
                message: "there is no house style file at this path inside the casebook"
                    .to_string(),
                help: "on the desk, `style` is a built-in style's name (`foinotice styles` lists them) or the path of a style file inside the casebook folder, from this case file's folder (for example \"styles/ours.toml\")".to_string(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_a_folder_only_its_files_are_read_and_outside_missing_and_present_read_alike() {
        let book = tempfile::tempdir().unwrap();
        let root = std::fs::canonicalize(book.path()).unwrap();
        let outside = tempfile::tempdir().unwrap();
        let out_file = std::fs::canonicalize(outside.path())
            .unwrap()
            .join("x.toml");
        std::fs::write(&out_file, "base = \"standard\"\n").unwrap();
        std::fs::create_dir(root.join("cases")).unwrap();
        std::fs::create_dir(root.join("styles")).unwrap();
        std::fs::write(root.join("styles/ours.toml"), "").unwrap();
        std::os::unix::fs::symlink(&out_file, root.join("styles/link.toml")).unwrap();
        let within = StyleScope::Within(root.clone());
        let dir = root.join("cases");

        assert_eq!(within.confine("standard", &dir).ok().unwrap(), "standard");
        let inside = within.confine("../styles/ours.toml", &dir).ok().unwrap();
        assert_eq!(Path::new(&inside), root.join("styles/ours.toml"));

        let refused = |spec: &str| within.confine(spec, &dir).err().unwrap().message;
        let absolute = refused(out_file.to_str().unwrap());
        let missing = refused(out_file.with_file_name("none.toml").to_str().unwrap());
        assert_eq!(absolute, missing, "present and missing outside read alike");
        assert!(!absolute.contains(outside.path().to_str().unwrap()));
        assert_eq!(refused("../../x.toml"), absolute);
        assert_eq!(refused("../styles/link.toml"), absolute, "a link out");
        assert_eq!(refused("../styles/none.toml"), absolute);

        // The command line reads a style file wherever it is.
        let anywhere = StyleScope::Anywhere;
        let given = out_file.to_str().unwrap();
        assert_eq!(anywhere.confine(given, &dir).ok().unwrap(), given);
    }
}
