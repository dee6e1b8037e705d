//! Signals, handled without `unsafe` (signal-hook's handlers only store to atomics).
//!
//! Ctrl-C (SIGINT) or SIGTERM during a bulk run: the first signal stops the run in
//! good order: no new notice is started, the notices already made are written, and the
//! manifest records what was done. A second signal ends the process at once, as usual.
//!
//! SIGXFSZ (a write past the file-size limit, `ulimit -f`): by default it kills the
//! process, silently and with temporary files left behind. Caught, the write fails
//! with EFBIG instead, and is reported as any failed write is (a full disk, say).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};

static INTERRUPTED: LazyLock<Arc<AtomicBool>> = LazyLock::new(|| Arc::new(AtomicBool::new(false)));

/// Whether a signal has asked the run to stop.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Catches the first SIGINT and SIGTERM from now on.
#[cfg(target_os = "linux")]
pub fn catch() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use signal_hook::flag;
    let ignored = ignored_at_start();
    for signal in [SIGINT, SIGTERM] {
        // A signal ignored when the process started (as under nohup) stays ignored.
        if ignored.is_none_or(|mask| mask & (1u64 << (signal - 1)) != 0) {
            continue;
        }
        // Handlers run in the order registered: on the second signal the flag the
        // first one set is already up, and the default action ends the process (as
        // SA_RESETHAND did); on the first, the flag goes up.
        let _ = flag::register_conditional_default(signal, Arc::clone(&INTERRUPTED))
            .and_then(|_| flag::register(signal, Arc::clone(&INTERRUPTED)));
    }
}

/// The signals this process started with ignored, as a mask (bit `n - 1` for signal
/// `n`), from /proc/self/status; `None` when it cannot be read (then nothing is caught,
/// and a signal does what it would have done).
#[cfg(target_os = "linux")]
fn ignored_at_start() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let hex = status.lines().find_map(|l| l.strip_prefix("SigIgn:"))?;
    u64::from_str_radix(hex.trim(), 16).ok()
}

/// Elsewhere a signal ends the process as usual; what was written is still whole.
#[cfg(not(target_os = "linux"))]
pub fn catch() {}

/// Makes a write past the file-size limit fail with an error (EFBIG) rather than end
/// the process: the signal's default action is replaced by a handler that only notes
/// it. Call once, before anything is written.
#[cfg(unix)]
pub fn survive_file_size_limit() {
    static EXCEEDED: LazyLock<Arc<AtomicBool>> = LazyLock::new(|| Arc::new(AtomicBool::new(false)));
    let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, Arc::clone(&EXCEEDED));
}

#[cfg(not(unix))]
pub fn survive_file_size_limit() {}
