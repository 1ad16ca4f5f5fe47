//! The PC/SC source against the real stack: Debian's pcscd, the vpcd virtual reader
//! and the vicc virtual card (scripts/pcsc-test-env.sh installs and starts them).
//!
//! What the card really says is asked through pcsc-lite by Python's ctypes, not by
//! carddesk's own PC/SC module.
//!
//! All scenarios share one pcscd, so they run in order inside one test function.
//! Nothing is skipped: if pcscd cannot be set up the test fails and says why.

mod common;

use std::time::{Duration, Instant};

use carddesk_devices::{DeviceEvent, DevicesConfig, SourceState};
use common::*;

const T: Duration = Duration::from_secs(15);

fn config() -> DevicesConfig {
    let mut cfg = DevicesConfig::default();
    // Only the vpcd slot vicc connects to, which also exercises the filter.
    cfg.pcsc.reader_filter = Some("virtual pcd 00 00".into());
    cfg.pcsc.poll_timeout_ms = 300;
    cfg.pcsc.retry_max_ms = 1000;
    cfg
}

fn is_reader_added(ev: &DeviceEvent) -> bool {
    matches!(ev, DeviceEvent::ReaderAdded { reader } if reader == VPCD_READER)
}

fn is_card_present(ev: &DeviceEvent) -> bool {
    matches!(ev, DeviceEvent::CardPresent { reader, .. } if reader == VPCD_READER)
}

fn is_card_removed(ev: &DeviceEvent) -> bool {
    matches!(ev, DeviceEvent::CardRemoved { reader } if reader == VPCD_READER)
}

fn check_card(ev: &DeviceEvent) {
    let DeviceEvent::CardPresent { uid, from_atr, .. } = ev else {
        unreachable!()
    };
    let (atr, answer) = card_via_python(VPCD_READER);
    // vicc (iso7816) refuses GET DATA with 69 85, as contact cards do, so the UID
    // must be the ATR the card really sent.
    assert_eq!(
        answer,
        vec![0x69, 0x85],
        "vicc's answer to GET DATA changed: {answer:02X?}"
    );
    assert!(
        *from_atr,
        "a refused GET DATA must fall back to the ATR: {ev:?}"
    );
    assert_eq!(uid, &hex(&atr), "UID must be the card's ATR");
}

#[test]
fn vpcd_reader_vicc_card_and_pcscd_restart() {
    pcscd_start();
    let (devices, rx) = carddesk_devices::start(&config());

    // 1. The vpcd reader appears, pcscd is reported ready, the filter holds.
    wait_for(
        &rx,
        T,
        "pcsc Ready",
        |e| matches!(e, DeviceEvent::Status { source, state: SourceState::Ready } if source == "pcsc"),
    );
    wait_for(&rx, T, "ReaderAdded(vpcd)", is_reader_added);

    // 2. Inserting the card gives CardPresent with what the card really answers.
    let card = Vicc::insert();
    let ev = wait_for(&rx, T, "CardPresent", is_card_present);
    check_card(&ev);

    // 3. Removing it gives CardRemoved.
    card.remove();
    wait_for(&rx, T, "CardRemoved", is_card_removed);

    // 4. pcscd dies: reported, readers gone, and everything resumes when it is back.
    let card = Vicc::insert();
    wait_for(&rx, T, "CardPresent before the crash", is_card_present);
    pcscd_kill();
    drop(card);
    wait_for(
        &rx,
        T,
        "ReaderRemoved when pcscd died",
        |e| matches!(e, DeviceEvent::ReaderRemoved { reader } if reader == VPCD_READER),
    );
    wait_for(&rx, T, "pcsc Unavailable", |e| {
        matches!(
            e,
            DeviceEvent::Status {
                state: SourceState::Unavailable(_),
                ..
            }
        )
    });
    pcscd_start();
    wait_for(&rx, T, "pcsc Ready again", |e| {
        matches!(
            e,
            DeviceEvent::Status {
                state: SourceState::Ready,
                ..
            }
        )
    });
    wait_for(&rx, T, "ReaderAdded after restart", is_reader_added);
    let card = Vicc::insert();
    let ev = wait_for(&rx, T, "CardPresent after restart", is_card_present);
    check_card(&ev);
    card.remove();
    wait_for(&rx, T, "CardRemoved after restart", is_card_removed);

    // 5. Dropping the handle stops the thread promptly (SCardCancel).
    let t = Instant::now();
    drop(devices);
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "stop took {:?}",
        t.elapsed()
    );
}
