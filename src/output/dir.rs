//! A directory held open. Every file and folder inside it is reached relative to the
//! open directory, one name at a time and never through a link, so that:
//! - a link planted in the tree (at a folder, at a file's name, at a temporary name)
//!   can never redirect a write or a read outside it;
//! - a directory swapped for a link while a run goes on does not move the run's
//!   writes: they keep going to the directory that was opened.
//!
//! This is the one walker every write of an issued notice or record goes through
//! ([`super::write_groups`], the desk's issuing and records, bulk families).

use crate::error::Error;
use rustix::fs::{AtFlags, FlockOperation, Mode, OFlags, RenameFlags};
use rustix::io::Errno;
use std::fs::File;
use std::io::{Read, Write};
use std::os::fd::OwnedFd;
use std::path::{Component, Path, PathBuf};

/// An open directory and the path it was opened at (for messages only: nothing is
/// ever reached through the path again).
#[derive(Debug)]
pub struct Dir {
    fd: OwnedFd,
    path: PathBuf,
}

/// An exclusive hold on a directory (an advisory lock, `flock`), released when
/// dropped or when the process ends, however it ends.
#[derive(Debug)]
pub struct Held {
    _fd: OwnedFd,
}

const DIR_FLAGS: OFlags = OFlags::RDONLY
    .union(OFlags::DIRECTORY)
    .union(OFlags::CLOEXEC)
    .union(OFlags::NOFOLLOW);

fn io(path: &Path, e: Errno) -> Error {
    Error::io(path, std::io::Error::from(e))
}

/// Whether `name` is one plain file name: not empty, no `/`, not `.` or `..`, no NUL.
pub fn plain(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\0'])
}

impl Dir {
    /// Opens the directory at `path` as the user named it (links in the path itself
    /// are followed, as the user chose them; nothing inside is).
    pub fn open(path: &Path) -> Result<Dir, Error> {
        let fd = rustix::fs::open(path, DIR_FLAGS.difference(OFlags::NOFOLLOW), Mode::empty())
            .map_err(|e| io(path, e))?;
        Ok(Dir {
            fd,
            path: path.to_path_buf(),
        })
    }

    /// Creates the directory at `path` (and its parents) if it is missing, then opens
    /// it as [`Dir::open`] does.
    pub fn create(path: &Path) -> Result<Dir, Error> {
        std::fs::create_dir_all(path).map_err(|e| Error::io(path, e))?;
        Self::open(path)
    }

    /// The path this directory was opened at (for messages).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The path of `name` in this directory (for messages).
    pub fn join(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    fn refuse_name(&self, name: &str) -> Error {
        Error::Io {
            path: self.join(name),
            message: "not a plain file name (a name with a slash, `.` or `..`)".into(),
        }
    }

    /// The folder `name` in this one, never through a link: a link or a file there is
    /// refused. With `create`, a missing folder is made.
    pub fn sub(&self, name: &str, create: bool) -> Result<Dir, Error> {
        if !plain(name) {
            return Err(self.refuse_name(name));
        }
        let path = self.join(name);
        let opened = match rustix::fs::openat(&self.fd, name, DIR_FLAGS, Mode::empty()) {
            Err(Errno::NOENT) if create => {
                match rustix::fs::mkdirat(&self.fd, name, Mode::from_raw_mode(0o777)) {
                    Ok(()) | Err(Errno::EXIST) => {}
                    Err(e) => return Err(io(&path, e)),
                }
                rustix::fs::openat(&self.fd, name, DIR_FLAGS, Mode::empty())
            }
            other => other,
        };
        match opened {
            Ok(fd) => Ok(Dir { fd, path }),
            Err(Errno::LOOP) | Err(Errno::NOTDIR) => Err(Error::Io {
                path,
                message: "is a link or a file, not a folder: foinotice writes only into real folders, never through a link".into(),
            }),
            Err(e) => Err(io(&path, e)),
        }
    }

    /// The folder at the relative path `rel` below this one, a name at a time with
    /// [`Dir::sub`]. Anything but plain names (`..`, a root) is refused.
    pub fn walk(&self, rel: &Path, create: bool) -> Result<Dir, Error> {
        let mut names = Vec::new();
        for c in rel.components() {
            match c {
                Component::Normal(n) => names.push(n.to_string_lossy().into_owned()),
                Component::CurDir => {}
                _ => {
                    return Err(Error::Io {
                        path: self.path.join(rel),
                        message: "not a path of plain names inside the folder".into(),
                    })
                }
            }
        }
        let mut dir = self.try_clone()?;
        for n in names {
            dir = dir.sub(&n, create)?;
        }
        Ok(dir)
    }

    /// Another handle on the same open directory.
    pub fn try_clone(&self) -> Result<Dir, Error> {
        Ok(Dir {
            fd: self.fd.try_clone().map_err(|e| Error::io(&self.path, e))?,
            path: self.path.clone(),
        })
    }

    /// Whether anything at all is at `name` (a link counts, and is not followed).
    pub fn exists(&self, name: &str) -> bool {
        plain(name) && rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW).is_ok()
    }

    /// Whether `name` is a real folder (not a link to one).
    pub fn is_dir(&self, name: &str) -> bool {
        plain(name)
            && rustix::fs::statat(&self.fd, name, AtFlags::SYMLINK_NOFOLLOW).is_ok_and(|s| {
                rustix::fs::FileType::from_raw_mode(s.st_mode) == rustix::fs::FileType::Directory
            })
    }

    /// Reads the file `name`, never through a link; `Ok(None)` when nothing is there.
    pub fn read(&self, name: &str) -> Result<Option<Vec<u8>>, Error> {
        if !plain(name) {
            return Err(self.refuse_name(name));
        }
        let flags = OFlags::RDONLY | OFlags::CLOEXEC | OFlags::NOFOLLOW;
        match rustix::fs::openat(&self.fd, name, flags, Mode::empty()) {
            Ok(fd) => {
                let mut bytes = Vec::new();
                File::from(fd)
                    .read_to_end(&mut bytes)
                    .map_err(|e| Error::io(&self.join(name), e))?;
                Ok(Some(bytes))
            }
            Err(Errno::NOENT) => Ok(None),
            Err(e) => Err(io(&self.join(name), e)),
        }
    }

    /// The names in this directory (`.` and `..` left out).
    pub fn names(&self) -> Vec<String> {
        let Ok(entries) = rustix::fs::Dir::read_from(&self.fd) else {
            return Vec::new();
        };
        entries
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n != "." && n != "..")
            .collect()
    }

    /// A new temporary file beside `name`, created exclusively (never through a link
    /// planted at its name), named `.NAME.PID.RANDOM.tmp` so that a later run can tell
    /// whose it was. Gives its name and the open file.
    pub fn temporary(&self, name: &str) -> Result<(String, File), Error> {
        self.new_exclusive(name, "tmp")
    }

    fn new_exclusive(&self, name: &str, suffix: &str) -> Result<(String, File), Error> {
        if !plain(name) {
            return Err(self.refuse_name(name));
        }
        let flags =
            OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let mut last = Errno::EXIST;
        for _ in 0..16 {
            let tmp = format!(".{name}.{}.{}.{suffix}", std::process::id(), random8());
            match rustix::fs::openat(&self.fd, &tmp, flags, Mode::from_raw_mode(0o666)) {
                Ok(fd) => return Ok((tmp, File::from(fd))),
                Err(Errno::EXIST) => last = Errno::EXIST,
                Err(e) => return Err(io(&self.join(name), e)),
            }
        }
        Err(io(&self.join(name), last))
    }

    /// Renames `from` to `to` in this directory. Without `replace`, an entry already
    /// at `to` (a link too) fails with [`Error::Exists`] and is left as it was.
    pub fn rename(&self, from: &str, to: &str, replace: bool) -> Result<(), Error> {
        self.rename_to(from, self, to, replace)
    }

    /// Renames `from` in this directory to `to` in `other`.
    pub fn rename_to(&self, from: &str, other: &Dir, to: &str, replace: bool) -> Result<(), Error> {
        if !plain(from) || !plain(to) {
            return Err(self.refuse_name(if plain(from) { to } else { from }));
        }
        let target = other.join(to);
        if replace {
            return rustix::fs::renameat(&self.fd, from, &other.fd, to).map_err(|e| io(&target, e));
        }
        match rustix::fs::renameat_with(&self.fd, from, &other.fd, to, RenameFlags::NOREPLACE) {
            Ok(()) => Ok(()),
            Err(Errno::EXIST) => Err(Error::Exists { path: target }),
            // A filesystem without renameat2's no-replace: a hard link fails just as
            // surely on an existing name (files only, which is all this is used for
            // there), and the old name then goes.
            Err(Errno::INVAL) | Err(Errno::NOSYS) => {
                match rustix::fs::linkat(&self.fd, from, &other.fd, to, AtFlags::empty()) {
                    Ok(()) => {
                        let _ = rustix::fs::unlinkat(&self.fd, from, AtFlags::empty());
                        Ok(())
                    }
                    Err(Errno::EXIST) => Err(Error::Exists { path: target }),
                    Err(e) => Err(io(&target, e)),
                }
            }
            Err(e) => Err(io(&target, e)),
        }
    }

    /// A hard link `to` to the entry `from` (a link is linked, not followed).
    pub fn hard_link(&self, from: &str, to: &str) -> Result<(), Error> {
        rustix::fs::linkat(&self.fd, from, &self.fd, to, AtFlags::empty())
            .map_err(|e| io(&self.join(to), e))
    }

    /// Removes the file (or link) `name`.
    pub fn remove_file(&self, name: &str) -> Result<(), Error> {
        rustix::fs::unlinkat(&self.fd, name, AtFlags::empty()).map_err(|e| io(&self.join(name), e))
    }

    /// Removes the empty folder `name`.
    pub fn remove_dir(&self, name: &str) -> Result<(), Error> {
        rustix::fs::unlinkat(&self.fd, name, AtFlags::REMOVEDIR)
            .map_err(|e| io(&self.join(name), e))
    }

    /// Removes the folder `name` and the files directly in it (never following a link;
    /// a folder inside it stops the removal).
    pub fn remove_tree(&self, name: &str) -> Result<(), Error> {
        let sub = self.sub(name, false)?;
        for n in sub.names() {
            sub.remove_file(&n)?;
        }
        self.remove_dir(name)
    }

    /// Writes `bytes` to `name` atomically: a temporary file, synced, then renamed
    /// into place. Without `replace`, an entry already at `name` fails with
    /// [`Error::Exists`].
    pub fn write(&self, name: &str, bytes: &[u8], replace: bool) -> Result<(), Error> {
        let (tmp, mut file) = self.temporary(name)?;
        let written = file
            .write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| Error::io(&self.join(name), e))
            .and_then(|()| self.rename(&tmp, name, replace));
        if written.is_err() {
            let _ = self.remove_file(&tmp);
        }
        written?;
        self.sync();
        Ok(())
    }

    /// Appends `bytes` to the record `name` (created if missing, never through a
    /// link) as one whole: under an exclusive lock on the record, so that concurrent
    /// appends never interleave or lose a line, and cut back to its earlier length if
    /// the write fails part way (a full disk), so that no partial line stays.
    pub fn append(&self, name: &str, bytes: &[u8]) -> Result<(), Error> {
        if !plain(name) {
            return Err(self.refuse_name(name));
        }
        let path = self.join(name);
        let flags =
            OFlags::WRONLY | OFlags::APPEND | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::CLOEXEC;
        let fd = rustix::fs::openat(&self.fd, name, flags, Mode::from_raw_mode(0o666))
            .map_err(|e| io(&path, e))?;
        rustix::fs::flock(&fd, FlockOperation::LockExclusive).map_err(|e| io(&path, e))?;
        let before = rustix::fs::fstat(&fd).map_err(|e| io(&path, e))?.st_size;
        let mut file = File::from(fd);
        let written = file.write_all(bytes).and_then(|()| file.sync_data());
        if let Err(e) = written {
            let _ = rustix::fs::ftruncate(&file, before.max(0) as u64);
            let _ = file.sync_data();
            return Err(Error::io(&path, e));
        }
        Ok(())
    }

    /// Holds this directory for one run (waiting for another run to let go when
    /// `wait`): `Err(Error::Busy)` when another run holds it and `wait` is off.
    pub fn hold(&self, wait: bool) -> Result<Held, Error> {
        // A descriptor of its own (not a duplicate, which would share this one's
        // lock), so that the hold ends when it is dropped.
        let fd = rustix::fs::openat(&self.fd, ".", DIR_FLAGS, Mode::empty())
            .map_err(|e| io(&self.path, e))?;
        let op = if wait {
            FlockOperation::LockExclusive
        } else {
            FlockOperation::NonBlockingLockExclusive
        };
        match rustix::fs::flock(&fd, op) {
            Ok(()) => Ok(Held { _fd: fd }),
            Err(Errno::WOULDBLOCK) => Err(Error::Busy {
                dir: self.path.clone(),
            }),
            Err(e) => Err(io(&self.path, e)),
        }
    }

    /// Flushes everything written to this directory's filesystem; false when it cannot.
    pub fn sync_filesystem(&self) -> bool {
        rustix::fs::syncfs(&self.fd).is_ok()
    }

    /// Flushes the directory itself (its entries), best effort.
    pub fn sync(&self) {
        let _ = rustix::fs::fsync(&self.fd);
    }
}

/// Eight letters and digits, different on every call, for temporary names (the names
/// are created exclusively, so a guessed one only makes the next try).
fn random8() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut bytes = [0u8; 8];
    // Where the random source cannot be read, a counter still tells this process's
    // names apart (and a name taken already only makes the next try).
    if getrandom::fill(&mut bytes).is_err() {
        bytes = COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes();
    }
    bytes
        .iter()
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .collect()
}

/// Whether a process with this id is running (this one counts as running).
pub fn running(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
        .is_some_and(|p| rustix::process::test_kill_process(p).is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_planted_at_a_folder_is_never_followed() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("issued")).unwrap();
        let dir = Dir::open(root.path()).unwrap();
        let err = dir.sub("issued", true).unwrap_err().to_string();
        assert!(err.contains("not a folder"), "{err}");
        let err = dir.walk(Path::new("issued/x"), true).unwrap_err();
        assert!(err.to_string().contains("link"), "{err}");
        assert!(std::fs::read_dir(outside.path()).unwrap().next().is_none());
        assert!(dir.walk(Path::new("../x"), true).is_err());
        assert!(dir.sub("..", true).is_err());
    }

    #[test]
    fn writes_follow_the_open_folder_not_its_name() {
        let root = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let out = root.path().join("out");
        let dir = Dir::create(&out).unwrap();
        // The folder is swapped for a link to elsewhere after it was opened.
        std::fs::rename(&out, root.path().join("moved")).unwrap();
        std::os::unix::fs::symlink(outside.path(), &out).unwrap();
        dir.write("a.txt", b"one", false).unwrap();
        assert!(std::fs::read_dir(outside.path()).unwrap().next().is_none());
        assert_eq!(
            std::fs::read(root.path().join("moved/a.txt")).unwrap(),
            b"one"
        );
        assert!(matches!(
            dir.write("a.txt", b"two", false),
            Err(Error::Exists { .. })
        ));
        dir.write("a.txt", b"two", true).unwrap();
        assert_eq!(dir.read("a.txt").unwrap().unwrap(), b"two");
        assert_eq!(dir.names(), ["a.txt"]);
    }

    #[test]
    fn appends_are_whole_and_never_through_a_link() {
        let root = tempfile::tempdir().unwrap();
        let dir = Dir::open(root.path()).unwrap();
        let victim = root.path().join("victim");
        std::fs::write(&victim, "precious").unwrap();
        std::os::unix::fs::symlink(&victim, root.path().join("record")).unwrap();
        assert!(dir.append("record", b"x\n").is_err());
        assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
        // Many threads append at once: every line is there, whole.
        std::thread::scope(|s| {
            for t in 0..8 {
                let dir = &dir;
                s.spawn(move || {
                    for i in 0..50 {
                        dir.append("log", format!("{t}\t{i}\n").as_bytes()).unwrap();
                    }
                });
            }
        });
        let text = String::from_utf8(dir.read("log").unwrap().unwrap()).unwrap();
        assert_eq!(text.lines().count(), 400);
        assert!(text.lines().all(|l| l.split('\t').count() == 2));
    }

    #[test]
    fn a_held_folder_is_busy_for_another_hold() {
        let root = tempfile::tempdir().unwrap();
        let a = Dir::open(root.path()).unwrap();
        let b = Dir::open(root.path()).unwrap();
        let held = a.hold(false).unwrap();
        assert!(matches!(b.hold(false), Err(Error::Busy { .. })));
        drop(held);
        assert!(b.hold(false).is_ok());
    }
}
