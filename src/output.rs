//! Writing issued notices: atomically (a temporary file in the same directory, then a
//! rename), and never over an existing notice unless asked.

use crate::error::Error;
use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically. Refuses when `path` exists and `force` is off.
pub fn write_new(path: &Path, bytes: &[u8], force: bool) -> Result<(), Error> {
    if path.exists() && !force {
        return Err(Error::Exists {
            path: path.to_path_buf(),
        });
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(temporary_name(&name));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

/// Writes several new files, each atomically, syncing them together: every file goes
/// to a temporary name first, then all are synced in one call (`syncfs` on Linux, a
/// sync per file elsewhere or if that fails), then each is renamed into place and the
/// directories are synced. Existing files are replaced: the caller has decided that.
/// Gives one result per file; a file that fails leaves nothing behind.
pub fn write_together(files: &[(&Path, &[u8])]) -> Vec<Result<(), Error>> {
    let temporary = |path: &Path| {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        path.with_file_name(temporary_name(&name))
    };
    let mut results: Vec<Result<(), Error>> = files
        .iter()
        .map(|(path, bytes)| {
            let tmp = temporary(path);
            std::fs::write(&tmp, bytes).map_err(|e| {
                let _ = std::fs::remove_file(&tmp);
                Error::io(path, e)
            })
        })
        .collect();
    let mut dirs: Vec<&Path> = files
        .iter()
        .map(|(p, _)| {
            p.parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
        })
        .collect();
    dirs.sort();
    dirs.dedup();
    if !dirs.iter().all(|d| sync_filesystem(d)) {
        for ((path, _), r) in files.iter().zip(results.iter_mut()) {
            if r.is_ok() {
                *r = std::fs::File::open(temporary(path))
                    .and_then(|f| f.sync_all())
                    .map_err(|e| Error::io(path, e));
            }
        }
    }
    for ((path, _), r) in files.iter().zip(results.iter_mut()) {
        let tmp = temporary(path);
        if r.is_ok() {
            *r = std::fs::rename(&tmp, path).map_err(|e| Error::io(path, e));
        }
        if r.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
    }
    for d in dirs {
        let _ = std::fs::File::open(d).and_then(|f| f.sync_all());
    }
    results
}

/// The name a file is written under before it is renamed into place (this process's).
fn temporary_name(name: &str) -> String {
    format!(".{name}.{}.tmp", std::process::id())
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

/// Removes the temporary files that a stopped run left in `dir` (see [`write_new`]) for
/// the files named in `names`. Only call this while holding the directory
/// ([`lock_dir`]): another run's temporary files are then never in it. Gives how many
/// were removed.
pub fn remove_stale_temporaries(dir: &Path, names: &std::collections::HashSet<String>) -> usize {
    let own = std::process::id().to_string();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .filter(|e| {
            let file_name = e.file_name();
            let Some(stem) = file_name
                .to_str()
                .and_then(|n| n.strip_prefix('.'))
                .and_then(|n| n.strip_suffix(".tmp"))
            else {
                return false;
            };
            stem.rsplit_once('.').is_some_and(|(name, pid)| {
                !pid.is_empty()
                    && pid.bytes().all(|b| b.is_ascii_digit())
                    && pid != own
                    && names.contains(name)
            })
        })
        .filter(|e| std::fs::remove_file(e.path()).is_ok())
        .count()
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

    #[test]
    fn refuses_to_overwrite_and_leaves_no_temporary_file() {
        let dir = std::env::temp_dir().join(format!("foinotice-out-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join("a.txt");
        let _ = std::fs::remove_file(&p);
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
        let leftovers: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn writing_together_replaces_and_fails_one_file_alone() {
        let dir = std::env::temp_dir().join(format!("foinotice-together-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("blocked.txt/inside")).unwrap();
        let (a, b, c) = (
            dir.join("a.txt"),
            dir.join("blocked.txt"),
            dir.join("c.txt"),
        );
        std::fs::write(&c, "old").unwrap();
        let results = write_together(&[(&a, b"one"), (&b, b"two"), (&c, b"three")]);
        assert!(results[0].is_ok() && results[2].is_ok(), "{results:?}");
        // A directory in the way fails the rename of that file only.
        assert!(results[1].is_err());
        assert_eq!(std::fs::read(&a).unwrap(), b"one");
        assert_eq!(std::fs::read(&c).unwrap(), b"three");
        assert!(b.join("inside").is_dir());
        let names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
