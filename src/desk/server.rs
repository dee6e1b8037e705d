//! The desk's own accept loop (in place of `axum::serve`, which has neither): a
//! client has a time limit to send a request's headers, on a new connection and
//! between requests on a kept one; the connections open at once are capped (a new
//! one waits, in the system's queue, until one closes); Ctrl-C stops accepting and
//! lets the requests under way finish, for a bounded time.

use super::guard::Hosts;
use super::Shared;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// The desk's time and connection limits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// How long a client has to send a request's headers (on a new connection, and
    /// for the next request on a connection kept open); then it is closed.
    pub header_read: Duration,
    /// How long a handler may take (the family's event stream excepted).
    pub request: Duration,
    /// How many connections may be open at once; another waits until one closes.
    pub connections: usize,
    /// How long Ctrl-C waits for the requests under way.
    pub shutdown: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read: Duration::from_secs(10),
            request: Duration::from_secs(120),
            connections: 128,
            shutdown: Duration::from_secs(10),
        }
    }
}

/// How a desk is reached and bounded, and who uses it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settings {
    /// The addresses it answers to (by default this computer's names on port 7878).
    pub hosts: Hosts,
    pub limits: Limits,
    /// Who issues from this desk, as the manifest records it (`serve --user`; by
    /// default the operating system's account name).
    pub user: Option<String>,
    /// Whether a notice is issued only once marked ready for approval, and then only
    /// by a user under another name than the one who marked it (`serve --approval`).
    pub approval: bool,
}

impl Settings {
    /// The name the manifest records as the issuer: `user`, else the account the
    /// desk runs under (`USER`, `LOGNAME`), else "unknown".
    pub fn issuer(&self) -> String {
        self.user
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .or_else(|| std::env::var("LOGNAME").ok())
            .map(|u| u.chars().filter(|c| !c.is_control()).collect::<String>())
            .filter(|u| !u.trim().is_empty())
            .unwrap_or_else(|| "unknown".to_string())
    }
}

/// Serves the desk on `listener` until Ctrl-C.
pub async fn serve(desk: Shared, listener: tokio::net::TcpListener) -> std::io::Result<()> {
    serve_until(desk, listener, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
}

/// Serves the desk on `listener` until `stop` ends.
pub async fn serve_until(
    desk: Shared,
    listener: tokio::net::TcpListener,
    stop: impl Future<Output = ()>,
) -> std::io::Result<()> {
    let limits = desk.settings.limits.clone();
    let app = TowerToHyperService::new(super::router(desk));
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read)
        .keep_alive(true);
    let open = Arc::new(Semaphore::new(limits.connections.max(1)));
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        let permit = tokio::select! {
            p = open.clone().acquire_owned() => p.map_err(std::io::Error::other)?,
            () = &mut stop => break,
        };
        let stream = tokio::select! {
            r = listener.accept() => match r {
                Ok((stream, _)) => stream,
                // Out of file descriptors, or a connection reset before it was
                // taken: wait a moment rather than spin, and go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        let _ = stream.set_nodelay(true);
        let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), app.clone()));
        tokio::spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
    drop(listener);
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(limits.shutdown) => {}
    }
    Ok(())
}

/// This computer's addresses that other computers may reach it at, for a desk
/// listening on the unspecified address `ip` (0.0.0.0: IPv4; ::, which takes IPv4
/// too on Linux: both). Loopback and link-local addresses are left out.
pub fn usable_addresses(ip: IpAddr) -> Vec<IpAddr> {
    let mut found = Vec::new();
    #[cfg(target_os = "linux")]
    {
        if let Ok(text) = std::fs::read_to_string("/proc/net/fib_trie") {
            found.extend(local_ipv4(&text).into_iter().map(IpAddr::V4));
        }
        if ip.is_ipv6() {
            if let Ok(text) = std::fs::read_to_string("/proc/net/if_inet6") {
                found.extend(global_ipv6(&text).into_iter().map(IpAddr::V6));
            }
        }
    }
    if found.is_empty() {
        // The address this computer would send from (connecting a UDP socket sends
        // nothing; 192.0.2.1 is for documentation).
        let probe = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0))
            .and_then(|s| s.connect((Ipv4Addr::new(192, 0, 2, 1), 9)).map(|()| s))
            .and_then(|s| s.local_addr());
        if let Ok(a) = probe {
            found.push(a.ip());
        }
    }
    found.retain(|a| usable(*a));
    let mut unique = Vec::new();
    for a in found {
        if !unique.contains(&a) {
            unique.push(a);
        }
    }
    unique
}

fn usable(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => !(v4.is_loopback() || v4.is_unspecified() || v4.is_link_local()),
        IpAddr::V6(v6) => {
            !(v6.is_loopback() || v6.is_unspecified() || (v6.segments()[0] & 0xffc0) == 0xfe80)
        }
    }
}

/// The local IPv4 addresses in `/proc/net/fib_trie`: each address line followed by
/// a `/32 host LOCAL` line.
fn local_ipv4(fib_trie: &str) -> Vec<Ipv4Addr> {
    let mut last = None;
    let mut out = Vec::new();
    for line in fib_trie.lines() {
        let t = line.trim_start();
        if let Some(a) = t.strip_prefix("|-- ") {
            last = a.trim().parse::<Ipv4Addr>().ok();
        } else if t.starts_with("/32 host LOCAL") {
            if let Some(a) = last.take() {
                if !out.contains(&a) {
                    out.push(a);
                }
            }
        }
    }
    out
}

/// The global-scope IPv6 addresses in `/proc/net/if_inet6` (32 hex digits, then
/// the interface's index, the prefix length, the scope (00: global), flags, name).
fn global_ipv6(if_inet6: &str) -> Vec<Ipv6Addr> {
    if_inet6
        .lines()
        .filter_map(|line| {
            let mut f = line.split_whitespace();
            let hex = f.next()?;
            let scope = f.nth(2)?;
            if scope != "00" || hex.len() != 32 {
                return None;
            }
            let n = u128::from_str_radix(hex, 16).ok()?;
            Some(Ipv6Addr::from(n))
        })
        .collect()
}

/// The address a browser on this computer or another opens for a desk bound at
/// `addr`: `http://host:port/`.
pub fn url(ip: IpAddr, port: u16) -> String {
    format!("http://{}/", SocketAddr::new(ip, port))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_local_addresses_are_read_from_proc_net() {
        let fib = "Main:\n  +-- 0.0.0.0/0 3 0 5\n     |-- 0.0.0.0\n        /0 universe UNICAST\n     +-- 127.0.0.0/8 2 0 2\n        |-- 127.0.0.1\n           /32 host LOCAL\n     |-- 192.168.1.5\n        /32 host LOCAL\n     |-- 192.168.1.255\n        /32 link BROADCAST\nLocal:\n     |-- 192.168.1.5\n        /32 host LOCAL\n";
        assert_eq!(
            local_ipv4(fib),
            vec![Ipv4Addr::LOCALHOST, Ipv4Addr::new(192, 168, 1, 5)]
        );
        let inet6 = "00000000000000000000000000000001 01 80 10 80       lo\nfe800000000000000000000000000001 02 40 20 80     eth0\n20010db8000000000000000000000005 02 40 00 00     eth0\n";
        assert_eq!(
            global_ipv6(inet6),
            vec!["2001:db8::5".parse::<Ipv6Addr>().unwrap()]
        );
        assert!(!usable(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        assert!(!usable("fe80::1".parse().unwrap()));
        assert!(usable("192.168.1.5".parse().unwrap()));
    }

    #[test]
    fn a_desk_on_every_address_finds_only_usable_ones() {
        for a in usable_addresses(IpAddr::V6(Ipv6Addr::UNSPECIFIED)) {
            assert!(usable(a), "{a}");
        }
    }
}
