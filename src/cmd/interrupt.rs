//! Ctrl-C (SIGINT) or SIGTERM during a bulk run. The first signal stops the run in
//! good order: no new notice is started, the notices already made are written, and the
//! manifest records what was done. A second signal ends the process at once, as usual.

use std::sync::atomic::{AtomicBool, Ordering};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Whether a signal has asked the run to stop.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// Catches the first SIGINT and SIGTERM from now on.
#[cfg(target_os = "linux")]
pub fn catch() {
    extern "C" fn on_signal(_: libc::c_int) {
        INTERRUPTED.store(true, Ordering::Relaxed);
    }
    for signal in [libc::SIGINT, libc::SIGTERM] {
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        // SA_RESETHAND puts the default action back once it has run, so that a second
        // signal ends the process. A signal ignored when the process started (as under
        // nohup) stays ignored.
        unsafe {
            let mut current: libc::sigaction = std::mem::zeroed();
            if libc::sigaction(signal, std::ptr::null(), &mut current) != 0
                || current.sa_sigaction == libc::SIG_IGN
            {
                continue;
            }
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_signal as extern "C" fn(libc::c_int) as libc::sighandler_t;
            action.sa_flags = libc::SA_RESETHAND;
            libc::sigemptyset(&mut action.sa_mask);
            libc::sigaction(signal, &action, std::ptr::null_mut());
        }
    }
}

/// Elsewhere a signal ends the process as usual; what was written is still whole.
#[cfg(not(target_os = "linux"))]
pub fn catch() {}
