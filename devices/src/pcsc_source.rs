//! The PC/SC thread: readers coming and going (the PnP pseudo-reader), cards inserted
//! and removed (`SCardGetStatusChange`), the card UID by GET DATA with the ATR as
//! fallback. pcscd missing or dying is a Status event and a retry with backoff.

use std::collections::BTreeMap;
use std::ffi::CString;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::pcsc_lib::{pnp_notification, Context, Error, ReaderState, State, MAX_BUFFER_SIZE};

use crate::stop::{Backoff, StopSignal};
use crate::{DeviceEvent, PcscConfig, SourceState, PCSC_SOURCE};

/// PC/SC part 3 pseudo-APDU the reader (not the card) answers with the card UID.
pub const GET_DATA_UID: [u8; 5] = [0xFF, 0xCA, 0x00, 0x00, 0x00];

/// Lets `Devices::drop` interrupt a blocking `SCardGetStatusChange` with `SCardCancel`.
#[derive(Clone, Default)]
pub(crate) struct CancelHandle(Arc<Mutex<Option<Context>>>);

impl CancelHandle {
    fn set(&self, ctx: Option<Context>) {
        *self.0.lock().unwrap_or_else(|p| p.into_inner()) = ctx;
    }
    pub(crate) fn cancel(&self) {
        if let Some(ctx) = &*self.0.lock().unwrap_or_else(|p| p.into_inner()) {
            let _ = ctx.cancel();
        }
    }
}

/// The UID from a GET DATA response, or the ATR when the card refused it: a response
/// that is not `data.. 90 00` with at least one data byte. None if both are empty.
pub fn uid_or_atr(response: Option<&[u8]>, atr: &[u8]) -> Option<(String, bool)> {
    if let Some(r) = response {
        if r.len() > 2 && r[r.len() - 2..] == [0x90, 0x00] {
            return Some((hex(&r[..r.len() - 2]), false));
        }
    }
    (!atr.is_empty()).then(|| (hex(atr), true))
}

/// Why PC/SC is unusable, as the status bar and `carddesk devices` show it.
pub(crate) fn unavailable_why(e: &Error) -> String {
    match e {
        Error::NotInstalled(_) => e.to_string(),
        _ => format!("pcscd: {e}"),
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

pub(crate) fn run(
    cfg: &PcscConfig,
    stop: &StopSignal,
    tx: &Sender<DeviceEvent>,
    cancel: &CancelHandle,
) {
    let mut backoff = Backoff::new(Duration::from_millis(cfg.retry_max_ms));
    let mut last_state: Option<SourceState> = None;
    let mut report = |state: SourceState| -> bool {
        if last_state.as_ref() == Some(&state) {
            return true;
        }
        last_state = Some(state.clone());
        tx.send(DeviceEvent::Status {
            source: PCSC_SOURCE.into(),
            state,
        })
        .is_ok()
    };
    while !stop.is_set() {
        let ctx = match Context::establish() {
            Ok(c) => c,
            Err(e) => {
                if !report(SourceState::Unavailable(unavailable_why(&e))) || backoff.wait(stop) {
                    return;
                }
                continue;
            }
        };
        cancel.set(Some(ctx.clone()));
        // Drop may have cancelled before the context was registered.
        if stop.is_set() || !report(SourceState::Ready) {
            break;
        }
        let mut session = Session {
            cfg,
            ctx: &ctx,
            tx,
            readers: BTreeMap::new(),
        };
        let outcome = session.watch(stop, &mut backoff);
        session.forget_all();
        cancel.set(None);
        match outcome {
            Outcome::Stopped => return,
            Outcome::ServiceGone(e) => {
                if !report(SourceState::Unavailable(unavailable_why(&e))) || backoff.wait(stop) {
                    return;
                }
            }
        }
    }
}

enum Outcome {
    Stopped,
    ServiceGone(Error),
}

struct ReaderEntry {
    state: ReaderState,
    /// The card last reported present, with the event count it was seen at.
    card: Option<u32>,
}

struct Session<'a> {
    cfg: &'a PcscConfig,
    ctx: &'a Context,
    tx: &'a Sender<DeviceEvent>,
    readers: BTreeMap<String, ReaderEntry>,
}

impl Session<'_> {
    fn send(&self, ev: DeviceEvent) -> bool {
        self.tx.send(ev).is_ok()
    }

    fn watch(&mut self, stop: &StopSignal, backoff: &mut Backoff) -> Outcome {
        let poll = Duration::from_millis(self.cfg.poll_timeout_ms.max(10));
        let mut pnp = ReaderState::new(pnp_notification(), State::UNAWARE);
        let mut dirty = true;
        loop {
            if stop.is_set() {
                return Outcome::Stopped;
            }
            if dirty {
                match self.refresh_readers() {
                    Ok(true) => dirty = false,
                    Ok(false) => return Outcome::Stopped,
                    Err(e) if e.is_service_gone() => return Outcome::ServiceGone(e),
                    Err(e) => {
                        if !self.error(format!("listing readers: {e}")) || backoff.wait(stop) {
                            return Outcome::Stopped;
                        }
                        continue;
                    }
                }
            }
            let mut states: Vec<ReaderState> = Vec::with_capacity(self.readers.len() + 1);
            states.push(ReaderState::new(pnp_notification(), pnp.current_state()));
            for entry in self.readers.values() {
                states.push(ReaderState::new(
                    entry.state.name().to_owned(),
                    entry.state.current_state(),
                ));
            }
            match self.ctx.get_status_change(poll, &mut states) {
                Ok(()) => {}
                Err(Error::Timeout) => continue,
                Err(Error::Cancelled) => {
                    if stop.is_set() {
                        return Outcome::Stopped;
                    }
                    continue;
                }
                Err(Error::UnknownReader) => {
                    dirty = true;
                    continue;
                }
                Err(e) if e.is_service_gone() => return Outcome::ServiceGone(e),
                Err(e) => {
                    if !self.error(format!("waiting for card events: {e}")) || backoff.wait(stop) {
                        return Outcome::Stopped;
                    }
                    continue;
                }
            }
            backoff.reset();
            let mut it = states.into_iter();
            if let Some(mut p) = it.next() {
                if p.event_state().contains(State::CHANGED) {
                    dirty = true;
                }
                p.sync_current_state();
                pnp = p;
            }
            for st in it {
                match self.reader_changed(st) {
                    Some(gone) => dirty |= gone,
                    None => return Outcome::Stopped,
                }
            }
        }
    }

    /// Apply one reader's new state. Some(true) if the reader went away; None if the
    /// receiver is gone.
    fn reader_changed(&mut self, mut st: ReaderState) -> Option<bool> {
        let name = st.name().to_string_lossy().into_owned();
        let ev = st.event_state();
        if !ev.contains(State::CHANGED) {
            return Some(false);
        }
        st.sync_current_state();
        if ev.intersects(State::UNKNOWN | State::UNAVAILABLE | State::IGNORE) {
            return Some(true);
        }
        let had = self.readers.get(&name).and_then(|e| e.card);
        let present = ev.contains(State::PRESENT) && !ev.contains(State::MUTE);
        let count = st.event_count();
        let atr = st.atr().to_vec();
        let c_name = st.name().to_owned();
        if let Some(e) = self.readers.get_mut(&name) {
            e.state = st;
        }
        // A changed event count with a card still present means it was swapped
        // between two calls: report the removal before the new card.
        if had.is_some() && (!present || had != Some(count)) {
            self.set_card(&name, None);
            if !self.send(DeviceEvent::CardRemoved {
                reader: name.clone(),
            }) {
                return None;
            }
        }
        if present && had != Some(count) {
            self.set_card(&name, Some(count));
            let ev = self.read_card(&c_name, &name, &atr);
            if !self.send(ev) {
                return None;
            }
        }
        Some(false)
    }

    fn set_card(&mut self, name: &str, card: Option<u32>) {
        if let Some(e) = self.readers.get_mut(name) {
            e.card = card;
        }
    }

    fn read_card(&self, c_name: &CString, name: &str, atr: &[u8]) -> DeviceEvent {
        let response = match self.ctx.connect(c_name) {
            Ok(card) => {
                let mut buf = [0u8; MAX_BUFFER_SIZE];
                let r = card.transmit(&GET_DATA_UID, &mut buf).map(<[u8]>::to_vec);
                let atr_now = card.atr().ok();
                Ok((r.ok(), atr_now))
            }
            Err(e) => Err(e),
        };
        let (resp, atr_now) = match response {
            Ok(x) => x,
            Err(e) if atr.is_empty() => {
                return DeviceEvent::Error {
                    source: name.into(),
                    message: format!("cannot read card: {e}"),
                };
            }
            Err(_) => (None, None),
        };
        let atr = atr_now
            .filter(|a| !a.is_empty())
            .unwrap_or_else(|| atr.to_vec());
        match uid_or_atr(resp.as_deref(), &atr) {
            Some((uid, from_atr)) => DeviceEvent::CardPresent {
                reader: name.into(),
                uid,
                from_atr,
            },
            None => DeviceEvent::Error {
                source: name.into(),
                message: "card gave neither UID nor ATR".into(),
            },
        }
    }

    /// Re-list readers, apply the filter, report additions and removals.
    /// Ok(false) if the receiver is gone.
    fn refresh_readers(&mut self) -> Result<bool, Error> {
        let names = self.ctx.list_readers()?;
        let wanted: BTreeMap<String, CString> = names
            .into_iter()
            .map(|c| (c.to_string_lossy().into_owned(), c))
            .filter(|(n, _)| self.cfg.accepts(n))
            .collect();
        let gone: Vec<String> = self
            .readers
            .keys()
            .filter(|n| !wanted.contains_key(*n))
            .cloned()
            .collect();
        for name in gone {
            if !self.remove_reader(&name) {
                return Ok(false);
            }
        }
        for (name, c) in wanted {
            if self.readers.contains_key(&name) {
                continue;
            }
            let state = ReaderState::new(c, State::UNAWARE);
            self.readers
                .insert(name.clone(), ReaderEntry { state, card: None });
            if !self.send(DeviceEvent::ReaderAdded { reader: name }) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn remove_reader(&mut self, name: &str) -> bool {
        let Some(entry) = self.readers.remove(name) else {
            return true;
        };
        if entry.card.is_some()
            && !self.send(DeviceEvent::CardRemoved {
                reader: name.into(),
            })
        {
            return false;
        }
        self.send(DeviceEvent::ReaderRemoved {
            reader: name.into(),
        })
    }

    /// pcscd went away: its readers and cards are gone with it.
    fn forget_all(&mut self) {
        let names: Vec<String> = self.readers.keys().cloned().collect();
        for n in names {
            if !self.remove_reader(&n) {
                return;
            }
        }
    }

    fn error(&self, message: String) -> bool {
        self.send(DeviceEvent::Error {
            source: PCSC_SOURCE.into(),
            message,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uid_or_atr_rules() {
        let atr = [0x3B, 0x95];
        assert_eq!(
            uid_or_atr(Some(&[0x04, 0xA1, 0x90, 0x00]), &atr),
            Some(("04A1".into(), false))
        );
        assert_eq!(
            uid_or_atr(Some(&[0x69, 0x85]), &atr),
            Some(("3B95".into(), true))
        );
        assert_eq!(
            uid_or_atr(Some(&[0x90, 0x00]), &atr),
            Some(("3B95".into(), true)),
            "empty UID"
        );
        assert_eq!(
            uid_or_atr(Some(&[0x04, 0x6A, 0x81]), &atr),
            Some(("3B95".into(), true))
        );
        assert_eq!(uid_or_atr(None, &atr), Some(("3B95".into(), true)));
        assert_eq!(uid_or_atr(None, &[]), None);
    }
}
