//! `carddesk devices --watch` against the real PC/SC stack (pcscd + vpcd + vicc, set
//! up by scripts/pcsc-test-env.sh): the vpcd reader is listed and the card's UID
//! (here its ATR: vicc refuses GET DATA) is printed.

#[path = "../devices/tests/common/mod.rs"]
mod common;

use std::process::Command;

use common::*;

#[test]
fn devices_watch_lists_vpcd_reader_and_card() {
    pcscd_start();
    let card = Vicc::insert();
    // The ATR as pcsc reports it directly, once the card is in.
    let mut atr = None;
    for _ in 0..50 {
        std::thread::sleep(std::time::Duration::from_millis(200));
        if let Some(a) = try_atr() {
            atr = Some(a);
            break;
        }
    }
    let atr = atr.unwrap_or_else(|| panic!("vicc card did not appear in {VPCD_READER}"));

    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let config = dir.path().join("carddesk.toml");
    std::fs::write(
        &config,
        "[devices]\n[devices.pcsc]\nreader_filter = \"Virtual PCD 00 00\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let out = Command::new(env!("CARGO_BIN_EXE_carddesk"))
        .args(["devices", "--watch", "--timeout", "5", "--config"])
        .arg(&config)
        .output()
        .unwrap_or_else(|e| panic!("cannot run carddesk: {e}"));
    drop(card);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "exit {}: {stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!("  {VPCD_READER}")),
        "reader not listed:\n{stdout}"
    );
    let present = stdout
        .lines()
        .find(|l| l.contains("\tcard-present\t"))
        .unwrap_or_else(|| panic!("no card-present line:\n{stdout}"));
    let fields: Vec<&str> = present.split('\t').collect();
    assert_eq!(fields.len(), 4, "{present}");
    assert!(
        chrono::DateTime::parse_from_rfc3339(fields[0]).is_ok(),
        "time {}",
        fields[0]
    );
    assert_eq!(fields[1], VPCD_READER);
    assert_eq!(fields[3], format!("{} (ATR)", hex(&atr)));
}

/// The card's ATR as the inventory reads it (pcsc directly is not a dependency of
/// the root crate; devices/tests/pcsc_virtual.rs checks against pcsc itself).
fn try_atr() -> Option<Vec<u8>> {
    let mut cfg = carddesk_devices::DevicesConfig::default();
    cfg.pcsc.reader_filter = Some(VPCD_READER.into());
    let inv = carddesk_devices::inventory(&cfg);
    let atr = inv
        .readers
        .into_iter()
        .find(|r| r.name == VPCD_READER)?
        .card_atr?;
    (0..atr.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(atr.get(i..i + 2)?, 16).ok())
        .collect()
}
