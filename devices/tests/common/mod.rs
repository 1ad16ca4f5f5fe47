//! Test harness for the real PC/SC stack: pcscd, the vpcd virtual reader and the vicc
//! virtual card, driven through scripts/pcsc-test-env.sh. Shared by devices/tests and
//! the root crate's tests/devices_cli.rs (included there by path).
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use carddesk_devices::DeviceEvent;

/// The reader vpcd offers on port 35963 (its first slot).
pub const VPCD_READER: &str = "Virtual PCD 00 00";
pub const VPCD_PORT: &str = "35963";

pub fn script() -> PathBuf {
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    for base in [here.clone(), here.join("..")] {
        let p = base.join("scripts/pcsc-test-env.sh");
        if p.exists() {
            return p;
        }
    }
    panic!(
        "scripts/pcsc-test-env.sh not found above {}",
        here.display()
    );
}

fn run_script(args: &[&str]) {
    let out = Command::new("bash").arg(script()).args(args).output();
    match out {
        Ok(o) if o.status.success() => {}
        Ok(o) => panic!(
            "scripts/pcsc-test-env.sh {} failed ({}): {}{}\n\
             The PC/SC tests need pcscd, vsmartcard-vpcd and vsmartcard-vpicc; the script installs them with apt-get (root or sudo).",
            args.join(" "),
            o.status,
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        ),
        Err(e) => panic!("cannot run scripts/pcsc-test-env.sh: {e}"),
    }
}

/// Install what is missing and start pcscd; fails the test (never skips) if it can't.
pub fn pcscd_start() {
    run_script(&["start"]);
}

/// SIGKILL pcscd: what a crash looks like to clients.
pub fn pcscd_kill() {
    run_script(&["kill"]);
}

/// The virtual card, inserted while this lives (vicc connected to vpcd).
pub struct Vicc(Child);

impl Vicc {
    pub fn insert() -> Vicc {
        let child = Command::new("bash")
            .arg(script())
            .args(["vicc", "--hostname", "127.0.0.1", "--port", VPCD_PORT])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        match child {
            Ok(c) => Vicc(c),
            Err(e) => panic!("cannot start vicc: {e}"),
        }
    }

    /// Remove the card: stop vicc and wait for it to be gone.
    pub fn remove(mut self) {
        self.stop();
    }

    fn stop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Vicc {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Wait for an event matching `pred`, failing with everything seen if it doesn't come.
pub fn wait_for(
    rx: &Receiver<DeviceEvent>,
    within: Duration,
    what: &str,
    pred: impl Fn(&DeviceEvent) -> bool,
) -> DeviceEvent {
    let deadline = Instant::now() + within;
    let mut seen = Vec::new();
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(ev) if pred(&ev) => return ev,
            Ok(ev) => seen.push(ev),
            Err(_) => panic!("no {what} within {within:?}; events seen: {seen:#?}"),
        }
    }
}

pub fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02X}")).collect()
}

/// What the card in `reader` says, asked through pcsc-lite by Python's ctypes (not
/// carddesk's code): its ATR and its answer to GET DATA (FF CA 00 00 00).
pub fn card_via_python(reader: &str) -> (Vec<u8>, Vec<u8>) {
    const SCRIPT: &str = r#"
import ctypes, sys
lib = ctypes.CDLL("libpcsclite.so.1")
DWORD, LONG = ctypes.c_ulong, ctypes.c_long
class IoRequest(ctypes.Structure):
    _fields_ = [("protocol", DWORD), ("length", DWORD)]
for f in ("SCardEstablishContext", "SCardConnect", "SCardStatus", "SCardTransmit"):
    getattr(lib, f).restype = LONG
def ok(rv, what):
    if rv != 0:
        sys.exit("%s: 0x%08X" % (what, rv & 0xFFFFFFFF))
ctx, card, proto = LONG(), LONG(), DWORD()
ok(lib.SCardEstablishContext(DWORD(0), None, None, ctypes.byref(ctx)), "establish")
ok(lib.SCardConnect(ctx, sys.argv[1].encode(), DWORD(2), DWORD(3), ctypes.byref(card), ctypes.byref(proto)), "connect")
atr, atr_len, name_len, state, p = (ctypes.c_ubyte * 33)(), DWORD(33), DWORD(0), DWORD(), DWORD()
ok(lib.SCardStatus(card, None, ctypes.byref(name_len), ctypes.byref(state), ctypes.byref(p), atr, ctypes.byref(atr_len)), "status")
pci = IoRequest.in_dll(lib, "g_rgSCardT0Pci" if proto.value == 1 else "g_rgSCardT1Pci")
apdu, answer, answer_len = (ctypes.c_ubyte * 5)(0xFF, 0xCA, 0, 0, 0), (ctypes.c_ubyte * 258)(), DWORD(258)
ok(lib.SCardTransmit(card, ctypes.byref(pci), apdu, DWORD(5), None, answer, ctypes.byref(answer_len)), "transmit")
print(bytes(atr[:atr_len.value]).hex(), bytes(answer[:answer_len.value]).hex())
lib.SCardDisconnect(card, DWORD(0))
lib.SCardReleaseContext(ctx)
"#;
    let out = Command::new("python3")
        .args(["-c", SCRIPT, reader])
        .output()
        .unwrap_or_else(|e| panic!("cannot run python3: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "python3 pcsc-lite check failed: {stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut fields = stdout.split_whitespace().map(unhex);
    match (fields.next(), fields.next()) {
        (Some(atr), Some(answer)) => (atr, answer),
        _ => panic!("python3 printed {stdout:?}"),
    }
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| {
            s.get(i..i + 2)
                .and_then(|b| u8::from_str_radix(b, 16).ok())
                .unwrap_or_else(|| panic!("not hex: {s}"))
        })
        .collect()
}
