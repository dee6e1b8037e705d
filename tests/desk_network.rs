//! The desk served over loopback: it closes clients that do not finish a request's
//! headers (or its body), caps its connections and still answers, refuses a host
//! that is not its own on the wire too, and, on every address, prints the addresses
//! others can open and that the traffic is not encrypted.

mod common;

use foinotice::desk::{Desk, Hosts, Limits, Settings};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A casebook with one example case.
fn casebook(name: &str) -> common::Scratch {
    let dir = common::scratch(name);
    let example = "refusal-notice-section-43.toml";
    std::fs::copy(
        common::root().join("examples").join(example),
        dir.join(example),
    )
    .unwrap();
    dir
}

// 5. Slow clients and the connection cap, over loopback.

/// Reads until the server closes the connection (or a bounded wait ends): whether
/// it was closed.
fn closed_by_server(mut s: TcpStream) -> bool {
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut buf = [0u8; 1024];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

fn ask(port: u16, path: &str) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    answer
}

#[test]
fn clients_that_never_finish_their_headers_are_closed_and_the_desk_still_answers() {
    let dir = casebook("net-slow");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let cap = 4;
    let settings = Settings {
        hosts: Hosts::listening(addr, &[]),
        limits: Limits {
            header_read: Duration::from_millis(300),
            request: Duration::from_secs(2),
            connections: cap,
            ..Limits::default()
        },
    };
    let desk = Desk::with_settings(&dir, None, settings).unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(foinotice::desk::serve_until(desk, listener, async {
        let _ = stopped.await;
    }));

    // Twice the cap of clients that start a request and never finish it, and one
    // that sends nothing at all.
    let mut idle = Vec::new();
    for _ in 0..cap * 2 {
        let mut s = TcpStream::connect(addr).unwrap();
        s.write_all(b"GET / HTT").unwrap();
        idle.push(s);
    }
    idle.push(TcpStream::connect(addr).unwrap());
    // A caseworker's request while the cap is full: answered once the slow ones are
    // cut off.
    let answer = ask(addr.port(), "/");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    for (i, s) in idle.into_iter().enumerate() {
        assert!(closed_by_server(s), "client {i} was left open");
    }
    // And after.
    let answer = ask(addr.port(), "/nowhere");
    assert!(answer.starts_with("HTTP/1.1 404"), "{answer}");
    assert!(
        answer.to_lowercase().contains("content-security-policy"),
        "{answer}"
    );

    // A connection kept open after its request, then left idle, is closed too.
    let mut kept = TcpStream::connect(addr).unwrap();
    write!(kept, "GET /nowhere HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    assert!(
        closed_by_server(kept),
        "an idle kept-alive connection was left open"
    );

    // A request whose body never comes is ended by the handlers' time limit.
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    write!(
        s,
        "POST /new HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100\r\n\r\nkind=decision"
    )
    .unwrap();
    let mut cut = [0u8; 12];
    s.read_exact(&mut cut).unwrap();
    assert_eq!(&cut, b"HTTP/1.1 503", "{}", String::from_utf8_lossy(&cut));
    drop(s);

    // A Host other than the desk's, over the network too.
    let mut s = TcpStream::connect(addr).unwrap();
    s.write_all(b"GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut refused = String::new();
    let _ = s.read_to_string(&mut refused);
    assert!(refused.starts_with("HTTP/1.1 421"), "{refused}");

    stop.send(()).unwrap();
    runtime
        .block_on(async { tokio::time::timeout(Duration::from_secs(30), server).await })
        .expect("the desk stops")
        .unwrap()
        .unwrap();
}

// 21. On every address.

/// A child process ended with the test, however it ends.
struct Running(std::process::Child);
impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn on_every_address_the_desk_prints_usable_addresses_and_says_it_is_not_encrypted() {
    let dir = casebook("net-listen");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_foinotice"))
        .args([
            "serve",
            dir.to_str().unwrap(),
            "--port",
            "0",
            "--listen",
            "0.0.0.0",
        ])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let running = Running(child);
    let mut said = String::new();
    for line in BufReader::new(stderr).lines().take(40) {
        let line = line.unwrap();
        said.push_str(&line);
        said.push('\n');
        if line.contains("Ctrl-C") {
            break;
        }
    }
    assert!(said.contains("plain HTTP, not encrypted"), "{said}");
    assert!(!said.contains("0.0.0.0"), "{said}");
    let urls: Vec<&str> = said
        .lines()
        .filter_map(|l| l.trim().strip_prefix("http://"))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert!(!urls.is_empty(), "{said}");
    let port = urls[0]
        .split('/')
        .next()
        .unwrap()
        .rsplit(':')
        .next()
        .unwrap();
    // Every address printed is one the desk answers to, with its token.
    for url in &urls {
        let (host, rest) = url.split_once('/').unwrap();
        assert!(rest.starts_with("?access="), "{url}");
        let mut s = TcpStream::connect(("127.0.0.1", port.parse::<u16>().unwrap())).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        write!(
            s,
            "GET /{rest} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut answer = String::new();
        let _ = s.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 200"), "{url}: {answer}");
    }
    let mut s = TcpStream::connect(("127.0.0.1", port.parse::<u16>().unwrap())).unwrap();
    write!(
        s,
        "GET / HTTP/1.1\r\nHost: 0.0.0.0:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(answer.starts_with("HTTP/1.1 421"), "{answer}");
    drop(running);
}
