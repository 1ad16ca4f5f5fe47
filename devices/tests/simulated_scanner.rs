//! The simulated scanner: lines written to a FIFO or a loopback TCP port become Scan
//! events.

use std::io::Write;
use std::time::{Duration, Instant};

use carddesk_devices::{DeviceEvent, DevicesConfig, SourceState};

fn config(spec: &str) -> DevicesConfig {
    let mut cfg = DevicesConfig::default();
    cfg.pcsc.enabled = false;
    cfg.simulated_scanner = Some(spec.into());
    cfg
}

fn next(rx: &std::sync::mpsc::Receiver<DeviceEvent>) -> DeviceEvent {
    rx.recv_timeout(Duration::from_secs(5))
        .unwrap_or_else(|e| panic!("no event: {e}"))
}

fn scan(source: &str, code: &str) -> DeviceEvent {
    DeviceEvent::Scan {
        source: source.into(),
        code: code.into(),
    }
}

#[test]
fn fifo_lines_become_scans() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("scan");
    let spec = path.to_string_lossy().into_owned();
    let source = format!("sim:{spec}");
    let (devices, rx) = carddesk_devices::start(&config(&spec));
    assert_eq!(
        next(&rx),
        DeviceEvent::Status {
            source: source.clone(),
            state: SourceState::Ready
        }
    );

    // Two writers one after the other, the way `echo CODE > fifo` is used.
    for chunk in [&b"M0012345\r\n"[..], b"0109501101530003\x1d10ABC\n\n"] {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .unwrap_or_else(|e| panic!("{e}"));
        f.write_all(chunk).unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(next(&rx), scan(&source, "M0012345"));
    assert_eq!(next(&rx), scan(&source, "0109501101530003|10ABC"));

    let t = Instant::now();
    drop(devices);
    assert!(t.elapsed() < Duration::from_secs(2));
}

#[test]
fn tcp_lines_become_scans() {
    // Find a free port, then let the scanner bind it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"));
    let spec = format!("127.0.0.1:{port}");
    let source = format!("sim:{spec}");
    let (devices, rx) = carddesk_devices::start(&config(&spec));
    assert_eq!(
        next(&rx),
        DeviceEvent::Status {
            source: source.clone(),
            state: SourceState::Ready
        }
    );

    let mut a = std::net::TcpStream::connect(&spec).unwrap_or_else(|e| panic!("{e}"));
    a.write_all(b"A1\nB").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(next(&rx), scan(&source, "A1"));
    a.write_all(b"2\n\xff\xfe\n")
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(next(&rx), scan(&source, "B2"));
    assert!(
        matches!(next(&rx), DeviceEvent::Error { .. }),
        "invalid UTF-8 is an Error"
    );
    // A last line without newline counts when the writer closes.
    a.write_all(b"LAST").unwrap_or_else(|e| panic!("{e}"));
    drop(a);
    assert_eq!(next(&rx), scan(&source, "LAST"));
    drop(devices);
}

#[test]
fn non_loopback_tcp_is_refused() {
    let (_devices, rx) = carddesk_devices::start(&config("0.0.0.0:47999"));
    assert!(
        matches!(next(&rx), DeviceEvent::Status { state: SourceState::Unavailable(m), .. } if m.contains("loopback"))
    );
}

#[test]
fn config_parses_from_toml() {
    let cfg: DevicesConfig = toml::from_str(
        r#"
        simulated_scanner = "127.0.0.1:7777"
        [pcsc]
        reader_filter = "ACR"
        [[hid_scanners]]
        vendor_id = "0x0c2e"
        product_id = 2959
        mode = "pos"
        [[hid_scanners]]
        vendor_id = 0x05e0
        product_id = "1200"
        mode = "keyboard"
        name = "bar"
        "#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(cfg.pcsc.enabled);
    assert_eq!(cfg.hid_scanners[0].vendor_id, 0x0c2e);
    assert_eq!(cfg.hid_scanners[0].product_id, 0x0b8f);
    assert_eq!(cfg.hid_scanners[1].product_id, 0x1200);
    assert_eq!(cfg.hid_scanners[0].source_name(), "hid:0c2e:0b8f");
    let bad = toml::from_str::<DevicesConfig>(
        "[[hid_scanners]]\nvendor_id = \"xyz\"\nproduct_id = 1\nmode = \"pos\"",
    );
    assert!(bad.is_err());
    assert!(
        toml::from_str::<DevicesConfig>("[pcsc]\nbogus = 1").is_err(),
        "unknown keys are refused"
    );
    let back: DevicesConfig = toml::from_str(&toml::to_string(&cfg).unwrap_or_default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(back, cfg);
}
