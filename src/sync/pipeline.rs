//! A pull's two halves at once: one thread asks the hub for the next page and decodes
//! it while this one checks and inserts the page before. The hub's answer, the wire
//! and the JSON then cost no time of the book's, and at most a few pages are in memory.
//!
//! The book's write transaction waits for [`BUFFERED`] entries (or the pull's end)
//! before it starts, so the usual sync, a page or two, never holds the book's write
//! lock while a page is on the network: the counter writing beside it (the syncer has a
//! connection of its own) does not wait on the hub. Only a pull longer than that, a
//! new terminal's first or a long-offline one's, holds it from then on.

use std::sync::mpsc::{sync_channel, SyncSender};

use super::SyncError;

/// Entries received before the book's transaction starts.
pub const BUFFERED: usize = 10_000;

/// Something a pull hands over: its number of entries.
pub trait Counted {
    fn entries(&self) -> usize;
}

/// The pages received so far while the transaction waits, then every later page as it
/// comes.
pub struct Pages<P> {
    first: std::vec::IntoIter<P>,
    rest: std::sync::mpsc::IntoIter<P>,
}

impl<P> Iterator for Pages<P> {
    type Item = P;

    fn next(&mut self) -> Option<P> {
        self.first.next().or_else(|| self.rest.next())
    }
}

/// Runs `produce` on its own thread; `consume` gets its pages, in order, once
/// [`BUFFERED`] entries are in or the pull has ended. The first error wins: a refused
/// page stops the pulling (its next send fails), and a failed pull makes the whole
/// fail even when `consume` took every page it got. Returns what both returned.
pub fn pipeline<P: Counted + Send, R: Send, T>(
    produce: impl FnOnce(&SyncSender<P>) -> Result<R, SyncError> + Send,
    consume: impl FnOnce(Pages<P>) -> Result<T, SyncError>,
) -> Result<(R, T), SyncError> {
    std::thread::scope(|s| {
        let (tx, rx) = sync_channel::<P>(1);
        let puller = s.spawn(move || produce(&tx));
        let mut first = Vec::new();
        let mut n = 0;
        while n < BUFFERED {
            let Ok(page) = rx.recv() else { break };
            n += page.entries();
            first.push(page);
        }
        let consumed = consume(Pages {
            first: first.into_iter(),
            rest: rx.into_iter(),
        });
        let produced = puller
            .join()
            .unwrap_or_else(|_| Err(SyncError::Protocol("the pull thread stopped".into())));
        let consumed = consumed?;
        Ok((produced?, consumed))
    })
}

/// A send to a consumer that stopped (it refused a page): the pull ends, and the
/// consumer's error is the one reported.
pub fn send<P>(tx: &SyncSender<P>, page: P) -> Result<(), SyncError> {
    tx.send(page)
        .map_err(|_| SyncError::Protocol("the pull was stopped".into()))
}

impl<T> Counted for Vec<T> {
    fn entries(&self) -> usize {
        self.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_arrive_in_order_and_both_results_come_back() {
        let r = pipeline(
            |tx| {
                for i in 0..100 {
                    send(tx, vec![i; 1_000])?;
                }
                Ok("done")
            },
            |pages| Ok(pages.map(|p| p[0]).collect::<Vec<_>>()),
        );
        let (produced, seen) = r.expect("both ok");
        assert_eq!(produced, "done");
        assert_eq!(seen, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn a_short_pull_is_all_in_before_the_consumer_starts() {
        let r = pipeline(
            |tx| {
                for i in 0..3 {
                    send(tx, vec![i; 100])?;
                }
                Ok(())
            },
            |pages| Ok(pages.first.len()),
        );
        assert_eq!(
            r.expect("ok").1,
            3,
            "the three pages, before the first take"
        );
    }

    #[test]
    fn a_refused_page_stops_the_producer_and_its_error_is_reported() {
        let mut sent = 0;
        let r: Result<((), ()), SyncError> = pipeline(
            |tx| {
                for i in 0..1000 {
                    send(tx, vec![i; 5_000])?;
                    sent += 1;
                }
                Ok(())
            },
            |pages| {
                for p in pages {
                    if p[0] == 3 {
                        return Err(SyncError::Book("refused page 3".into()));
                    }
                }
                Ok(())
            },
        );
        assert!(matches!(r, Err(SyncError::Book(m)) if m == "refused page 3"));
        assert!(sent < 10, "the producer went on after the refusal: {sent}");
    }

    #[test]
    fn a_failed_pull_fails_the_whole_after_the_pages_before_it() {
        let mut seen = Vec::new();
        let r: Result<((), ()), SyncError> = pipeline(
            |tx| {
                send(tx, vec![1])?;
                send(tx, vec![2])?;
                Err(SyncError::Protocol("hub gone".into()))
            },
            |pages| {
                seen.extend(pages.map(|p| p[0]));
                Ok(())
            },
        );
        assert!(matches!(r, Err(SyncError::Protocol(m)) if m == "hub gone"));
        assert_eq!(seen, vec![1, 2]);
    }
}
