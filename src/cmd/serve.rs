//! `foinotice serve [DIR]`: the caseworker's desk in a browser, over the case files
//! in DIR (src/desk).

use foinotice::desk::Desk;
use foinotice::error::Error;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  foinotice serve cases\n  foinotice serve cases --port 8080\n\nThe desk listens on this computer only (127.0.0.1). --listen ADDR makes it listen\nbeyond, and then every browser must open the address it prints, with its access token."
)]
pub struct Args {
    /// The casebook: the folder of case files (default: the current folder)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// The port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// Listen on this address instead of 127.0.0.1 (other computers can then reach
    /// the desk, with the access token printed at start)
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<IpAddr>,
}

pub fn run(args: &Args) -> Result<(), Error> {
    let ip = args.listen.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
    let access = (!ip.is_loopback()).then(foinotice::desk::paths::token);
    let desk = Desk::new(&args.dir, access.clone())?;
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
        let url = match &access {
            Some(token) => format!("http://{addr}/?access={token}"),
            None => format!("http://{addr}/"),
        };
        super::say(format_args!(
            "the desk for {} is at {url}\n(Ctrl-C stops it)",
            desk.root().display()
        ));
        foinotice::desk::serve(desk, listener)
            .await
            .map_err(|e| Error::io(&args.dir, e))
    })
}
