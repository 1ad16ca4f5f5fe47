//! Device events into app inputs. The screens know no devices crate: a card UID, a
//! scanned code and the readers' and scanners' states are all they are told.

use std::collections::BTreeSet;
use std::sync::mpsc::Sender;

use carddesk_devices::{DeviceEvent, Devices, DevicesConfig, SourceState, PCSC_SOURCE};
use carddesk_screens::{DeviceInput, Input, SourceStatus};

/// Starts the device threads and a forwarder; dropping the handle stops them.
pub fn start(cfg: &DevicesConfig, tx: Sender<Input>) -> Option<Devices> {
    let (devices, events) = carddesk_devices::start(cfg);
    let spawned = std::thread::Builder::new()
        .name("device-events".into())
        .spawn(move || {
            let mut readers = Readers::default();
            for event in events {
                tracing::debug!(?event, "device");
                let Some(input) = readers.map(event) else {
                    continue;
                };
                if tx.send(Input::Device(input)).is_err() {
                    return;
                }
            }
        });
    match spawned {
        Ok(_) => Some(devices),
        Err(e) => {
            tracing::error!("cannot start the device forwarder: {e}");
            None
        }
    }
}

/// Which readers are present, so the status bar can say how many.
#[derive(Default)]
pub struct Readers {
    present: BTreeSet<String>,
}

impl Readers {
    pub fn map(&mut self, event: DeviceEvent) -> Option<DeviceInput> {
        Some(match event {
            DeviceEvent::Scan { code, .. } => DeviceInput::Scan { code },
            DeviceEvent::CardPresent { uid, .. } => DeviceInput::CardPresent { uid },
            DeviceEvent::CardRemoved { .. } => DeviceInput::CardRemoved,
            DeviceEvent::ReaderAdded { reader } => {
                self.present.insert(reader);
                self.ready()
            }
            DeviceEvent::ReaderRemoved { reader } => {
                self.present.remove(&reader);
                self.ready()
            }
            DeviceEvent::Status { source, state } => {
                let status = match state {
                    SourceState::Ready => SourceStatus::Ready {
                        count: self.present.len(),
                    },
                    SourceState::Unavailable(why) => SourceStatus::Unavailable { why },
                };
                if source == PCSC_SOURCE || self.present.contains(&source) {
                    if matches!(status, SourceStatus::Unavailable { .. }) {
                        self.present.clear();
                    }
                    DeviceInput::Reader(status)
                } else {
                    DeviceInput::Scanner(status)
                }
            }
            DeviceEvent::Error { source, message } => {
                // Logged, not shown: a flaky report is the devices' business.
                tracing::warn!(source = %source, "device error: {message}");
                return None;
            }
        })
    }

    fn ready(&self) -> DeviceInput {
        DeviceInput::Reader(SourceStatus::Ready {
            count: self.present.len(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readers_are_counted_and_cards_pass_through() {
        let mut r = Readers::default();
        assert_eq!(
            r.map(DeviceEvent::ReaderAdded {
                reader: "Virtual PCD 00 00".into()
            }),
            Some(DeviceInput::Reader(SourceStatus::Ready { count: 1 }))
        );
        assert_eq!(
            r.map(DeviceEvent::CardPresent {
                reader: "Virtual PCD 00 00".into(),
                uid: "04A1B2C3".into(),
                from_atr: false
            }),
            Some(DeviceInput::CardPresent {
                uid: "04A1B2C3".into()
            })
        );
        assert_eq!(
            r.map(DeviceEvent::Status {
                source: PCSC_SOURCE.into(),
                state: SourceState::Unavailable("pcscd is not running".into())
            }),
            Some(DeviceInput::Reader(SourceStatus::Unavailable {
                why: "pcscd is not running".into()
            }))
        );
        assert_eq!(
            r.map(DeviceEvent::ReaderAdded {
                reader: "ACR122".into()
            }),
            Some(DeviceInput::Reader(SourceStatus::Ready { count: 1 }))
        );
    }
}
