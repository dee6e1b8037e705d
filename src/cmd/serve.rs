//! `foinotice serve [DIR]`: the caseworker's desk in a browser, over the case files
//! in DIR (src/desk).

use foinotice::desk::{server, Desk, Hosts, Settings};
use foinotice::error::Error;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  foinotice serve cases\n  foinotice serve cases --port 8080\n\nThe desk listens on this computer only (127.0.0.1). --listen ADDR makes it listen\nbeyond, and then every browser must open the address it prints, with its access token.\nThat traffic is plain HTTP, not encrypted: anyone who can watch the network can read\nthe token and the case files."
)]
pub struct Args {
    /// The casebook: the folder of case files (default: the current folder)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// Listen on this address instead of 127.0.0.1 (other computers can then reach
    /// the desk, with the access token printed at start, over plain HTTP)
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<IpAddr>,
    /// Who issues from this desk, as the manifest records it (default: this
    /// computer's account name)
    #[arg(long, value_name = "NAME")]
    pub user: Option<String>,
    /// Require approval: a notice is issued only once a user has marked it ready for
    /// approval, and then only by a desk run under another --user name (the manifest
    /// records both)
    #[arg(long)]
    pub approval: bool,
}

pub fn run(args: &Args) -> Result<(), Error> {
    let ip = args.listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let access = match ip.is_loopback() {
        true => None,
        false => Some(foinotice::desk::paths::token()?),
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io(&args.dir, e))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(ip, args.port))
            .await
            .map_err(|e| {
                Error::Usage(format!(
                    "cannot listen on {ip}:{}: {e}\nhelp: choose another --port",
                    args.port
                ))
            })?;
        let addr = listener.local_addr().map_err(|e| Error::io(&args.dir, e))?;
        // On every address: the ones other computers can open, each a name the
        // desk answers to.
        let others = match ip.is_unspecified() {
            true => server::usable_addresses(ip),
            false => Vec::new(),
        };
        let settings = Settings {
            hosts: Hosts::listening(addr, &others),
            user: args.user.clone(),
            approval: args.approval,
            ..Settings::default()
        };
        let desk = Desk::with_settings(&args.dir, access.clone(), settings)?;
        let with_token = |ip: IpAddr| {
            let url = server::url(ip, addr.port());
            match &access {
                Some(token) => format!("{url}?access={token}"),
                None => url,
            }
        };
        let root = desk.root().display().to_string();
        if ip.is_unspecified() {
            let mut said = format!("the desk for {root} listens on every address of this computer:");
            for other in &others {
                said.push_str(&format!("\n  {}", with_token(*other)));
            }
            if others.is_empty() {
                said.push_str("\n  (no address other computers can use was found)");
            }
            said.push_str(&format!(
                "\n  {} (on this computer)",
                with_token(IpAddr::V4(Ipv4Addr::LOCALHOST))
            ));
            super::say(format_args!("{said}"));
        } else {
            super::say(format_args!("the desk for {root} is at {}", with_token(addr.ip())));
        }
        if args.approval {
            super::say(format_args!(
                "approval is required: a notice is issued only once marked ready for approval, and then by someone else (this desk's user: {})",
                desk.settings().issuer()
            ));
        }
        if access.is_some() {
            super::say(format_args!(
                "warning: the desk's traffic is plain HTTP, not encrypted: anyone who can watch the network can read the access token and the case files. Use it only on a network you trust."
            ));
        }
        super::say(format_args!("(Ctrl-C stops it)"));
        foinotice::desk::serve(desk, listener)
            .await
            .map_err(|e| Error::io(&args.dir, e))
    })
}
