//! The simulated scanner: every line written to a FIFO or to a loopback TCP port
//! arrives as a Scan event. For demos and support on machines without a scanner:
//! `echo M0012345 > /tmp/carddesk-scan` or `echo M0012345 | nc 127.0.0.1 7777`.
//!
//! One thread, `poll(2)` with a short timeout over every descriptor, so the thread
//! notices `Devices::drop` promptly and never spins.

use std::fs::{File, OpenOptions};
use std::io::{ErrorKind, Read};
use std::net::{TcpListener, TcpStream};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::fs::{FileTypeExt, OpenOptionsExt};
use std::path::Path;
use std::sync::mpsc::Sender;
use std::time::Duration;

use crate::decode::{Decoded, LineDecoder};
use crate::stop::{Backoff, StopSignal};
use crate::{DeviceEvent, SimulatedScanner, SourceState};

const POLL_MS: i32 = 200;
/// Connections beyond this are refused: it is a single-user demo port.
const MAX_CLIENTS: usize = 16;

pub(crate) fn run(sim: &SimulatedScanner, stop: &StopSignal, tx: &Sender<DeviceEvent>) {
    let source = sim.source_name();
    let mut backoff = Backoff::new(Duration::from_secs(5));
    let mut last: Option<SourceState> = None;
    while !stop.is_set() {
        let opened = match sim {
            SimulatedScanner::Fifo(p) => open_fifo(p).map(Input::Fifo),
            SimulatedScanner::Tcp(a) if !a.ip().is_loopback() => Err(format!(
                "{a} is not a loopback address; refusing to accept scans from the network"
            )),
            SimulatedScanner::Tcp(a) => TcpListener::bind(a)
                .and_then(|l| l.set_nonblocking(true).map(|_| l))
                .map(|l| Input::Tcp(l, Vec::new()))
                .map_err(|e| format!("cannot listen on {a}: {e}")),
        };
        let state = match &opened {
            Ok(_) => SourceState::Ready,
            Err(m) => SourceState::Unavailable(m.clone()),
        };
        if last.as_ref() != Some(&state) {
            last = Some(state.clone());
            if tx
                .send(DeviceEvent::Status {
                    source: source.clone(),
                    state,
                })
                .is_err()
            {
                return;
            }
        }
        if let Ok(mut input) = opened {
            match serve(&mut input, &source, stop, tx) {
                Ok(()) => return,
                Err(msg) => {
                    let state = SourceState::Unavailable(msg);
                    last = Some(state.clone());
                    if tx
                        .send(DeviceEvent::Status {
                            source: source.clone(),
                            state,
                        })
                        .is_err()
                    {
                        return;
                    }
                }
            }
        }
        if backoff.wait(stop) {
            return;
        }
    }
}

enum Input {
    Fifo((File, LineDecoder)),
    Tcp(TcpListener, Vec<(TcpStream, LineDecoder)>),
}

fn open_fifo(path: &Path) -> Result<(File, LineDecoder), String> {
    match std::fs::metadata(path) {
        Ok(m) if m.file_type().is_fifo() => {}
        Ok(_) => return Err(format!("{} exists and is not a FIFO", path.display())),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            let c = std::ffi::CString::new(path.as_os_str().as_encoded_bytes())
                .map_err(|_| format!("{} contains a NUL byte", path.display()))?;
            // SAFETY: c is a valid NUL-terminated path for the duration of the call.
            if unsafe { libc::mkfifo(c.as_ptr(), 0o600) } != 0 {
                let e = std::io::Error::last_os_error();
                return Err(format!("cannot create FIFO {}: {e}", path.display()));
            }
        }
        Err(e) => return Err(format!("{}: {e}", path.display())),
    }
    // Read-write: opening never blocks waiting for a writer, and with our own write
    // end open the FIFO never reports EOF between writers.
    OpenOptions::new()
        .read(true)
        .write(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map(|f| (f, LineDecoder::new()))
        .map_err(|e| format!("cannot open FIFO {}: {e}", path.display()))
}

/// Serve until stopped or the receiver is gone (Ok) or the input fails (Err).
fn serve(
    input: &mut Input,
    source: &str,
    stop: &StopSignal,
    tx: &Sender<DeviceEvent>,
) -> Result<(), String> {
    while !stop.is_set() {
        let mut fds: Vec<libc::pollfd> = Vec::new();
        let pfd = |fd: RawFd| libc::pollfd {
            fd,
            events: libc::POLLIN,
            revents: 0,
        };
        match input {
            Input::Fifo((f, _)) => fds.push(pfd(f.as_raw_fd())),
            Input::Tcp(l, clients) => {
                fds.push(pfd(l.as_raw_fd()));
                fds.extend(clients.iter().map(|(s, _)| pfd(s.as_raw_fd())));
            }
        }
        // SAFETY: fds is a valid, exclusively borrowed array of fds.len() pollfds.
        let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, POLL_MS) };
        if n < 0 {
            let e = std::io::Error::last_os_error();
            if e.kind() == ErrorKind::Interrupted {
                continue;
            }
            return Err(format!("poll: {e}"));
        }
        if n == 0 {
            continue;
        }
        let mut out = Vec::new();
        match input {
            Input::Fifo((f, dec)) => {
                if let Drain::Failed(e) = drain(f, dec, &mut out) {
                    return Err(format!("reading FIFO: {e}"));
                }
            }
            Input::Tcp(l, clients) => {
                accept_all(l, clients, &mut out);
                let mut i = 0;
                // Clients after the listener, in the same order as fds[1..].
                clients.retain_mut(|(s, dec)| {
                    i += 1;
                    if fds.get(i).is_none_or(|p| p.revents == 0) {
                        return true;
                    }
                    match drain(s, dec, &mut out) {
                        Drain::Open => true,
                        Drain::Eof => {
                            out.extend(dec.finish());
                            false
                        }
                        Drain::Failed(e) => {
                            out.push(Decoded::Error(format!("connection: {e}")));
                            false
                        }
                    }
                });
            }
        }
        for d in out {
            let ev = match d {
                Decoded::Scan(code) => DeviceEvent::Scan {
                    source: source.into(),
                    code,
                },
                Decoded::Error(message) => DeviceEvent::Error {
                    source: source.into(),
                    message,
                },
            };
            if tx.send(ev).is_err() {
                return Ok(());
            }
        }
    }
    Ok(())
}

fn accept_all(
    l: &TcpListener,
    clients: &mut Vec<(TcpStream, LineDecoder)>,
    out: &mut Vec<Decoded>,
) {
    loop {
        match l.accept() {
            Ok((s, _)) if clients.len() >= MAX_CLIENTS => {
                drop(s);
                out.push(Decoded::Error(format!(
                    "more than {MAX_CLIENTS} connections; refused one"
                )));
            }
            Ok((s, _)) => match s.set_nonblocking(true) {
                Ok(()) => clients.push((s, LineDecoder::new())),
                Err(e) => out.push(Decoded::Error(format!("connection: {e}"))),
            },
            Err(e) if e.kind() == ErrorKind::WouldBlock => return,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => {
                // Per-connection failures (ECONNABORTED, EMFILE): report, keep listening.
                out.push(Decoded::Error(format!("accept: {e}")));
                return;
            }
        }
    }
}

enum Drain {
    Open,
    Eof,
    Failed(std::io::Error),
}

fn drain(r: &mut impl Read, dec: &mut LineDecoder, out: &mut Vec<Decoded>) -> Drain {
    let mut buf = [0u8; 4096];
    loop {
        match r.read(&mut buf) {
            Ok(0) => return Drain::Eof,
            Ok(n) => out.extend(dec.feed(&buf[..n])),
            Err(e) if e.kind() == ErrorKind::WouldBlock => return Drain::Open,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) => return Drain::Failed(e),
        }
    }
}
