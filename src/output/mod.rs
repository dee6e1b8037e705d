//! Writing issued notices. Issued notices are records, so:
//! - a file is written under a temporary name in its own directory, created
//!   exclusively with an unpredictable name (never through a link planted there),
//!   synced, then renamed into place: no reader ever sees a partial file;
//! - an existing entry at an output path (a file, a directory, a link, even a dangling
//!   one) counts as existing, and is never replaced unless the caller asks;
//! - the files of one notice (or of one `render` run) are put in place together or not
//!   at all: when one cannot be, those already renamed are put back as they were.

pub mod dir;

pub use dir::Dir;

use crate::error::Error;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Whether anything at all is at `path`, without following a link there.
pub fn exists(path: &Path) -> bool {
    path.symlink_metadata().is_ok()
}

fn parent(path: &Path) -> &Path {
    path.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Writes `bytes` to `path` atomically. Refuses when anything is at `path` and `force`
/// is off (also when something appears there while the file is being written).
pub fn write_new(path: &Path, bytes: &[u8], force: bool) -> Result<(), Error> {
    let group = [(path.to_path_buf(), bytes.to_vec())];
    write_groups(&[&group], force).pop().unwrap_or(Ok(()))
}

/// Files to put in place together: each path and its bytes.
pub type Group = [(PathBuf, Vec<u8>)];

/// Writes several groups of files (a notice's text and PDF, say), each group
/// atomically as a whole ([`write_groups_in`]), each file in the folder its path names
/// (opened once, as the user named it; nothing inside it is followed).
pub fn write_groups(groups: &[&Group], replace: bool) -> Vec<Result<(), Error>> {
    let mut dirs: BTreeMap<&Path, Result<Dir, Error>> = BTreeMap::new();
    for (path, _) in groups.iter().flat_map(|g| g.iter()) {
        dirs.entry(parent(path))
            .or_insert_with(|| Dir::open(parent(path)));
    }
    let items: Vec<Result<Vec<Item>, Error>> = groups
        .iter()
        .map(|g| {
            g.iter()
                .map(|(path, bytes)| match &dirs[parent(path)] {
                    Ok(dir) => Ok(Item {
                        dir,
                        name: file_name(path),
                        bytes,
                    }),
                    Err(e) => Err(Error::Io {
                        path: path.clone(),
                        message: match e {
                            Error::Io { message, .. } => message.clone(),
                            other => other.to_string(),
                        },
                    }),
                })
                .collect()
        })
        .collect();
    write_items(items, replace)
}

/// Writes groups of files into the open folder `dir` (each path's file name is used,
/// in `dir`): every file goes to a temporary file first, all are synced together
/// (`syncfs`, or a sync per file if that fails), and then each group's files are
/// renamed into place. When one file of a group cannot be put in place, the group's
/// files already renamed are put back as they were (the earlier file restored, or the
/// new one removed), so a group is issued whole or not at all. With `replace` off, any
/// existing entry at a name fails its group. Gives one result per group; a group that
/// fails leaves no temporary file behind.
pub fn write_groups_in(dir: &Dir, groups: &[&Group], replace: bool) -> Vec<Result<(), Error>> {
    let items = groups
        .iter()
        .map(|g| {
            Ok(g.iter()
                .map(|(path, bytes)| Item {
                    dir,
                    name: file_name(path),
                    bytes,
                })
                .collect())
        })
        .collect();
    write_items(items, replace)
}

/// One file to write: its folder, its name there, its bytes.
struct Item<'a> {
    dir: &'a Dir,
    name: String,
    bytes: &'a [u8],
}

/// A file written under its temporary name, not yet in place.
struct Pending<'a> {
    item: Item<'a>,
    tmp: String,
    file: std::fs::File,
}

impl Pending<'_> {
    fn discard(&self) {
        let _ = self.item.dir.remove_file(&self.tmp);
    }
}

fn write_items(groups: Vec<Result<Vec<Item>, Error>>, replace: bool) -> Vec<Result<(), Error>> {
    // Written, not yet synced or in place.
    let mut pending: Vec<Result<Vec<Pending>, Error>> = groups
        .into_iter()
        .map(|items| {
            let mut done: Vec<Pending> = Vec::new();
            for item in items? {
                let path = item.dir.join(&item.name);
                let step = (|| {
                    if !replace && item.dir.exists(&item.name) {
                        return Err(Error::Exists { path: path.clone() });
                    }
                    let (tmp, mut file) = item.dir.temporary(&item.name)?;
                    if let Err(e) = file.write_all(item.bytes) {
                        let _ = item.dir.remove_file(&tmp);
                        return Err(Error::io(&path, e));
                    }
                    Ok((tmp, file))
                })();
                match step {
                    Ok((tmp, file)) => done.push(Pending { item, tmp, file }),
                    Err(e) => {
                        done.iter().for_each(Pending::discard);
                        return Err(e);
                    }
                }
            }
            Ok(done)
        })
        .collect();
    let mut folders: Vec<&Dir> = pending
        .iter()
        .flatten()
        .flat_map(|g| g.iter().map(|p| p.item.dir))
        .collect();
    folders.sort_by_key(|d| *d as *const Dir);
    folders.dedup_by_key(|d| *d as *const Dir);
    if !folders.iter().all(|d| d.sync_filesystem()) {
        for files in pending.iter_mut() {
            if let Ok(written) = files {
                let synced = written.iter().try_for_each(|p| {
                    p.file
                        .sync_all()
                        .map_err(|e| Error::io(&p.item.dir.join(&p.item.name), e))
                });
                if let Err(e) = synced {
                    written.iter().for_each(Pending::discard);
                    *files = Err(e);
                }
            }
        }
    }
    let results = pending
        .into_iter()
        .map(|files| files.and_then(|written| commit(written, replace)))
        .collect();
    for d in folders {
        d.sync();
    }
    results
}

/// Renames a group's temporary files into place, all or none.
fn commit(group: Vec<Pending>, replace: bool) -> Result<(), Error> {
    // What stood at each name before (kept under a temporary name until the group is
    // in place), so that it can be put back.
    let mut before: Vec<Option<String>> = Vec::with_capacity(group.len());
    let fail = |before: &[Option<String>], e: Error| {
        group.iter().for_each(Pending::discard);
        for (p, kept) in group.iter().zip(before) {
            if let Some(k) = kept {
                let _ = p.item.dir.remove_file(k);
            }
        }
        e
    };
    for p in &group {
        let (dir, name) = (p.item.dir, &p.item.name);
        before.push(if dir.exists(name) {
            if !replace {
                return Err(fail(
                    &before,
                    Error::Exists {
                        path: dir.join(name),
                    },
                ));
            }
            // A hard link to the entry itself (a link is linked, not followed); this
            // fails for a directory, which then stops the group before any rename.
            let kept = format!("{}.bak", p.tmp.strip_suffix(".tmp").unwrap_or(&p.tmp));
            if let Err(e) = dir.hard_link(name, &kept) {
                return Err(fail(&before, obstructed(dir, name, e)));
            }
            Some(kept)
        } else {
            None
        });
    }
    for (i, p) in group.iter().enumerate() {
        let (dir, name) = (p.item.dir, &p.item.name);
        if let Err(e) = dir.rename(&p.tmp, name, replace) {
            // Put back what this group had already replaced or added.
            for (q, kept) in group[..i].iter().zip(&before) {
                match kept {
                    Some(old) => {
                        let _ = q.item.dir.rename(old, &q.item.name, true);
                    }
                    None => {
                        let _ = q.item.dir.remove_file(&q.item.name);
                    }
                }
            }
            for (q, kept) in group[i..].iter().zip(&before[i..]) {
                q.discard();
                if let Some(k) = kept {
                    let _ = q.item.dir.remove_file(k);
                }
            }
            return Err(match e {
                Error::Exists { .. } => e,
                e => obstructed(dir, name, e),
            });
        }
    }
    // In place: the earlier files' names go.
    for (p, kept) in group.iter().zip(&before) {
        if let Some(k) = kept {
            let _ = p.item.dir.remove_file(k);
        }
    }
    Ok(())
}

fn obstructed(dir: &Dir, name: &str, e: Error) -> Error {
    if dir.is_dir(name) {
        Error::Io {
            path: dir.join(name),
            message: "a directory is in the way of this notice's file".into(),
        }
    } else {
        e
    }
}

/// A directory held by one run, so that no other foinotice run issues into it at the
/// same time. It is released when dropped (or when the process ends, however it ends).
pub type DirLock = dir::Held;

/// Holds `dir` for this run: `Ok(Some(..))` once held, `Err(Error::Busy)` when another
/// run holds it, and `Ok(None)` where the directory cannot be locked (then nothing is
/// held, and nothing is assumed about other runs).
pub fn lock_dir(dir: &Path) -> Result<Option<DirLock>, Error> {
    let Ok(open) = Dir::open(dir) else {
        return Ok(None);
    };
    match open.hold(false) {
        Ok(held) => Ok(Some(held)),
        Err(e @ Error::Busy { .. }) => Err(e),
        Err(_) => Ok(None),
    }
}

/// Removes the temporary files (and kept earlier files) that a stopped run left in
/// `dir` for the files named in `names`: `.NAME.PID.RANDOM.tmp` or `.bak` (and the
/// older `.NAME.PID.tmp`) of another process that is no longer running. Only call this
/// while holding the directory ([`lock_dir`]). Gives how many were removed.
pub fn remove_stale_temporaries(dir: &Path, names: &std::collections::HashSet<String>) -> usize {
    Dir::open(dir).map_or(0, |d| remove_stale_in(&d, names))
}

/// [`remove_stale_temporaries`] in an open folder.
pub fn remove_stale_in(dir: &Dir, names: &std::collections::HashSet<String>) -> usize {
    dir.names()
        .into_iter()
        .filter(|n| {
            stale_owner(n).is_some_and(|(name, pid)| names.contains(name) && !dir::running(pid))
        })
        .filter(|n| dir.remove_file(n).is_ok())
        .count()
}

/// The file name and process id in a temporary file's name, if it is one of ours.
fn stale_owner(file_name: &str) -> Option<(&str, u32)> {
    let inner = file_name.strip_prefix('.')?;
    let inner = inner
        .strip_suffix(".tmp")
        .or_else(|| inner.strip_suffix(".bak"))?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    // `.NAME.PID.RANDOM.tmp`, or the older `.NAME.PID.tmp`.
    let (head, last) = inner.rsplit_once('.')?;
    if let Some((name, pid)) = head.rsplit_once('.').filter(|(_, pid)| digits(pid)) {
        if last.len() == 8 && last.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Some((name, pid.parse().ok()?));
        }
    }
    digits(last).then_some((head, last.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("foinotice-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    }

    #[test]
    fn refuses_to_overwrite_and_leaves_no_temporary_file() {
        let dir = scratch("out");
        let p = dir.join("a.txt");
        write_new(&p, b"one", false).unwrap();
        assert!(matches!(
            write_new(&p, b"two", false),
            Err(Error::Exists { .. })
        ));
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_new(&p, b"two", true).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        // A write into a missing directory fails without leaving anything behind.
        assert!(write_new(&dir.join("missing/b.txt"), b"x", false).is_err());
        assert_eq!(names(&dir), ["a.txt"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_written_file_is_readable_as_new_files_are() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("mode");
        let p = dir.join("a.txt");
        write_new(&p, b"one", false).unwrap();
        let mode = p.metadata().unwrap().permissions().mode() & 0o777;
        std::fs::write(dir.join("plain"), b"x").unwrap();
        let plain = dir.join("plain").metadata().unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, plain, "{mode:o} against {plain:o}");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_at_the_output_path_counts_as_existing() {
        let dir = scratch("dangling");
        let p = dir.join("a.txt");
        std::os::unix::fs::symlink(dir.join("nowhere"), &p).unwrap();
        assert!(matches!(
            write_new(&p, b"one", false),
            Err(Error::Exists { .. })
        ));
        assert!(!dir.join("nowhere").exists());
        // Forced, the link itself is replaced by the file; nothing is written through it.
        write_new(&p, b"one", true).unwrap();
        assert!(!p.symlink_metadata().unwrap().file_type().is_symlink());
        assert!(!dir.join("nowhere").exists());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_old_temporary_name_is_never_followed() {
        let dir = scratch("planted");
        let victim = dir.join("victim");
        std::fs::write(&victim, "precious").unwrap();
        // Every name the old scheme could have used for a.txt.
        let pid = std::process::id();
        std::os::unix::fs::symlink(&victim, dir.join(format!(".a.txt.{pid}.tmp"))).unwrap();
        write_new(&dir.join("a.txt"), b"notice", false).unwrap();
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        assert_eq!(std::fs::read(dir.join("a.txt")).unwrap(), b"notice");
        assert!(!dir
            .join("a.txt")
            .symlink_metadata()
            .unwrap()
            .file_type()
            .is_symlink());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_group_is_put_in_place_whole_or_not_at_all() {
        let dir = scratch("group");
        let (a, b, c) = (dir.join("a.txt"), dir.join("a.pdf"), dir.join("c.txt"));
        std::fs::write(&a, "old text").unwrap();
        // A directory obstructs the group's second file.
        std::fs::create_dir_all(b.join("inside")).unwrap();
        let first = [
            (a.clone(), b"new text".to_vec()),
            (b.clone(), b"pdf".to_vec()),
        ];
        let second = [(c.clone(), b"three".to_vec())];
        let results = write_groups(&[&first, &second], true);
        assert!(results[0].is_err(), "{results:?}");
        assert!(results[0]
            .as_ref()
            .unwrap_err()
            .to_string()
            .contains("directory is in the way"));
        assert!(results[1].is_ok(), "{results:?}");
        // The obstructed group's first file keeps its earlier content.
        assert_eq!(std::fs::read(&a).unwrap(), b"old text");
        assert!(b.join("inside").is_dir());
        assert_eq!(std::fs::read(&c).unwrap(), b"three");
        assert_eq!(names(&dir), ["a.pdf", "a.txt", "c.txt"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_new_group_that_cannot_be_completed_leaves_nothing() {
        let dir = scratch("newgroup");
        let (a, b) = (dir.join("n.txt"), dir.join("n.pdf"));
        std::fs::create_dir_all(b.join("inside")).unwrap();
        let group = [(a.clone(), b"text".to_vec()), (b.clone(), b"pdf".to_vec())];
        let results = write_groups(&[&group], true);
        assert!(results[0].is_err());
        assert!(!exists(&a));
        assert_eq!(names(&dir), ["n.pdf"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn temporary_names_are_told_apart() {
        assert_eq!(
            stale_owner(".K-2.txt.4242.a1B2c3D4.tmp"),
            Some(("K-2.txt", 4242))
        );
        assert_eq!(
            stale_owner(".K-2.txt.4242.a1B2c3D4.bak"),
            Some(("K-2.txt", 4242))
        );
        assert_eq!(stale_owner(".K-2.txt.4242.tmp"), Some(("K-2.txt", 4242)));
        assert_eq!(stale_owner(".K-1.txt.draft.tmp"), None);
        assert_eq!(stale_owner("K-1.txt.12.tmp"), None);
    }
}
