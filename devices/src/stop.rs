//! Shutdown signal and retry backoff shared by the source threads.
//!
//! Threads never `sleep`: they wait on the stop signal with a timeout, so dropping
//! [`crate::Devices`] wakes a thread that is backing off immediately.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

#[derive(Clone, Default)]
pub(crate) struct StopSignal {
    inner: Arc<(Mutex<bool>, Condvar)>,
}

impl StopSignal {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    pub(crate) fn set(&self) {
        let (m, c) = &*self.inner;
        // A poisoned lock only means another thread panicked holding it; the flag
        // itself is still meaningful.
        *m.lock().unwrap_or_else(|p| p.into_inner()) = true;
        c.notify_all();
    }

    pub(crate) fn is_set(&self) -> bool {
        *self.inner.0.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Wait up to `d`; true if stop was requested (before or during the wait).
    pub(crate) fn wait(&self, d: Duration) -> bool {
        let (m, c) = &*self.inner;
        let guard = m.lock().unwrap_or_else(|p| p.into_inner());
        match c.wait_timeout_while(guard, d, |stopped| !*stopped) {
            Ok((g, _)) => *g,
            Err(p) => *p.into_inner().0,
        }
    }
}

/// Exponential backoff: 250 ms doubling up to a ceiling, reset after success.
pub(crate) struct Backoff {
    next: Duration,
    max: Duration,
}

impl Backoff {
    const FIRST: Duration = Duration::from_millis(250);

    pub(crate) fn new(max: Duration) -> Self {
        Backoff {
            next: Self::FIRST,
            max: max.max(Self::FIRST),
        }
    }

    pub(crate) fn reset(&mut self) {
        self.next = Self::FIRST;
    }

    /// Wait the current delay (or until stopped) and grow it. True if stopped.
    pub(crate) fn wait(&mut self, stop: &StopSignal) -> bool {
        let d = self.next;
        self.next = (self.next * 2).min(self.max);
        stop.wait(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn stop_wakes_a_waiter() {
        let s = StopSignal::new();
        let s2 = s.clone();
        let t = std::thread::spawn(move || s2.wait(Duration::from_secs(30)));
        std::thread::sleep(Duration::from_millis(50));
        let start = Instant::now();
        s.set();
        assert!(t.join().unwrap_or(false));
        assert!(start.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn backoff_grows_to_ceiling() {
        let mut b = Backoff::new(Duration::from_millis(600));
        assert_eq!(b.next, Duration::from_millis(250));
        b.next = (b.next * 2).min(b.max);
        b.next = (b.next * 2).min(b.max);
        assert_eq!(b.next, Duration::from_millis(600));
        b.reset();
        assert_eq!(b.next, Duration::from_millis(250));
    }
}
