//! Writing issued notices. Issued notices are records, so:
//! - a file is written under a temporary name in its own directory, created
//!   exclusively with an unpredictable name (never through a link planted there),
//!   synced, then renamed into place: no reader ever sees a partial file;
//! - an existing entry at an output path (a file, a directory, a link, even a dangling
//!   one) counts as existing, and is never replaced unless the caller asks;
//! - the files of one notice (or of one `render` run) are put in place together or not
//!   at all: when one cannot be, those already renamed are put back as they were.

use crate::error::Error;
use std::io::Write;
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

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

/// A new, exclusively created temporary file beside `path`, named
/// `.NAME.PID.RANDOM.tmp` so that a later run can tell whose it was.
fn temporary_beside(path: &Path) -> std::io::Result<NamedTempFile> {
    let prefix = format!(".{}.{}.", file_name(path), std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp").rand_bytes(8);
    // An issued notice is readable as any new file is (the umask decides), not only
    // by its owner as a temporary file would be.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(parent(path))
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
/// atomically as a whole: every file goes to a temporary file first, all are synced
/// together (`syncfs` on Linux, a sync per file elsewhere or if that fails), and then
/// each group's files are renamed into place. When one file of a group cannot be put
/// in place, the group's files already renamed are put back as they were (the earlier
/// file restored, or the new one removed), so a group is issued whole or not at all.
/// With `replace` off, any existing entry at a path fails its group. Gives one result
/// per group; a group that fails leaves no temporary file behind.
pub fn write_groups(groups: &[&Group], replace: bool) -> Vec<Result<(), Error>> {
    // Written and synced, not yet in place.
    let mut pending: Vec<Result<Vec<NamedTempFile>, Error>> = groups
        .iter()
        .map(|files| {
            files
                .iter()
                .map(|(path, bytes)| {
                    if !replace && exists(path) {
                        return Err(Error::Exists { path: path.clone() });
                    }
                    let mut tmp = temporary_beside(path).map_err(|e| Error::io(path, e))?;
                    tmp.write_all(bytes).map_err(|e| Error::io(path, e))?;
                    Ok(tmp)
                })
                .collect()
        })
        .collect();
    let mut dirs: Vec<&Path> = groups
        .iter()
        .flat_map(|g| g.iter().map(|(p, _)| parent(p)))
        .collect();
    dirs.sort();
    dirs.dedup();
    if !dirs.iter().all(|d| sync_filesystem(d)) {
        for (files, group) in pending.iter_mut().zip(groups) {
            if let Ok(tmps) = files {
                let synced = tmps.iter().zip(group.iter()).try_for_each(|(t, (p, _))| {
                    t.as_file().sync_all().map_err(|e| Error::io(p, e))
                });
                if let Err(e) = synced {
                    *files = Err(e);
                }
            }
        }
    }
    let results = pending
        .into_iter()
        .zip(groups)
        .map(|(files, group)| files.and_then(|tmps| commit(group, tmps, replace)))
        .collect();
    for d in dirs {
        let _ = std::fs::File::open(d).and_then(|f| f.sync_all());
    }
    results
}

/// Renames a group's temporary files into place, all or none.
fn commit(group: &Group, tmps: Vec<NamedTempFile>, replace: bool) -> Result<(), Error> {
    // What stood at each path before (kept under a temporary name until the group is
    // in place), so that it can be put back.
    let mut before: Vec<Option<tempfile::TempPath>> = Vec::with_capacity(group.len());
    for (path, _) in group {
        before.push(if exists(path) {
            if !replace {
                return Err(Error::Exists { path: path.clone() });
            }
            // A hard link to the entry itself (a link is linked, not followed); this
            // fails for a directory, which then stops the group before any rename.
            let kept = tempfile::Builder::new()
                .prefix(&format!(".{}.{}.", file_name(path), std::process::id()))
                .suffix(".bak")
                .rand_bytes(8)
                .make_in(parent(path), |backup| std::fs::hard_link(path, backup))
                .map_err(|e| obstructed(path, e))?;
            Some(kept.into_temp_path())
        } else {
            None
        });
    }
    let mut placed: Vec<&Path> = Vec::new();
    for ((path, _), tmp) in group.iter().zip(tmps) {
        let renamed = if replace {
            tmp.persist(path).map(drop)
        } else {
            tmp.persist_noclobber(path).map(drop)
        };
        if let Err(e) = renamed {
            // Put back what this group had already replaced or added.
            for (p, kept) in placed.iter().zip(before.iter_mut()) {
                match kept.take() {
                    Some(old) => {
                        let _ = old.persist(p);
                    }
                    None => {
                        let _ = std::fs::remove_file(p);
                    }
                }
            }
            return Err(if e.error.kind() == std::io::ErrorKind::AlreadyExists {
                Error::Exists { path: path.clone() }
            } else {
                obstructed(path, e.error)
            });
        }
        placed.push(path);
    }
    // In place: the earlier files' names go (dropping a TempPath removes it).
    drop(before);
    Ok(())
}

fn obstructed(path: &Path, e: std::io::Error) -> Error {
    if path.is_dir() {
        Error::Io {
            path: path.to_path_buf(),
            message: "a directory is in the way of this notice's file".into(),
        }
    } else {
        Error::io(path, e)
    }
}

/// A directory held by one run, so that no other foinotice run issues into it at the
/// same time. It is released when dropped (or when the process ends, however it ends).
#[derive(Debug)]
pub struct DirLock {
    _dir: std::fs::File,
}

/// Holds `dir` for this run: `Ok(Some(..))` once held, `Err(Error::Busy)` when another
/// run holds it, and `Ok(None)` where the directory cannot be locked (then nothing is
/// held, and nothing is assumed about other runs).
#[cfg(target_os = "linux")]
pub fn lock_dir(dir: &Path) -> Result<Option<DirLock>, Error> {
    use std::os::fd::AsRawFd;
    // A directory opened read-only can carry an advisory lock (flock).
    let Ok(file) = std::fs::File::open(dir) else {
        return Ok(None);
    };
    // SAFETY: flock takes an open descriptor, which the File keeps open here; the lock
    // lasts as long as the File.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0 {
        return Ok(Some(DirLock { _dir: file }));
    }
    match std::io::Error::last_os_error().raw_os_error() {
        Some(libc::EWOULDBLOCK) => Err(Error::Busy {
            dir: dir.to_path_buf(),
        }),
        _ => Ok(None),
    }
}

/// Elsewhere no directory is held (see the Linux version).
#[cfg(not(target_os = "linux"))]
pub fn lock_dir(_dir: &Path) -> Result<Option<DirLock>, Error> {
    Ok(None)
}

/// Removes the temporary files (and kept earlier files) that a stopped run left in
/// `dir` for the files named in `names`: `.NAME.PID.RANDOM.tmp` or `.bak` (and the
/// older `.NAME.PID.tmp`) of another process that is no longer running. Only call this
/// while holding the directory ([`lock_dir`]). Gives how many were removed.
pub fn remove_stale_temporaries(dir: &Path, names: &std::collections::HashSet<String>) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            let file_name = e.file_name();
            file_name
                .to_str()
                .and_then(stale_owner)
                .is_some_and(|(name, pid)| names.contains(name) && !running(pid))
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
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

/// Whether a process with this id is running (this one counts as running).
#[cfg(target_os = "linux")]
fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    unsafe { libc::kill(pid, 0) == 0 }
}

#[cfg(not(target_os = "linux"))]
fn running(pid: u32) -> bool {
    pid == std::process::id()
}

/// Flushes everything written to the filesystem holding `dir`; false when it cannot.
#[cfg(target_os = "linux")]
fn sync_filesystem(dir: &Path) -> bool {
    use std::os::fd::AsRawFd;
    std::fs::File::open(dir)
        // SAFETY: syncfs takes an open descriptor, which the File keeps open here.
        .is_ok_and(|f| unsafe { libc::syncfs(f.as_raw_fd()) } == 0)
}

#[cfg(not(target_os = "linux"))]
fn sync_filesystem(_dir: &Path) -> bool {
    false
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
