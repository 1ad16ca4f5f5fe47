//! A pull's two halves at once: one thread asks the hub for the next page and decodes
//! it while this one checks and inserts the page before. The hub's answer, the wire
//! and the JSON then cost no time of the book's, and at most two pages are in memory.

use std::sync::mpsc::{sync_channel, SyncSender};

use super::SyncError;

/// Runs `produce` on its own thread, handing each page it sends to `consume` here, in
/// order. The first error wins: a refused page stops the pulling (its next send fails),
/// and a failed pull ends the pages. Returns what `produce` returned.
pub fn pipeline<P: Send, R: Send>(
    produce: impl FnOnce(&SyncSender<P>) -> Result<R, SyncError> + Send,
    mut consume: impl FnMut(P) -> Result<(), SyncError>,
) -> Result<R, SyncError> {
    std::thread::scope(|s| {
        let (tx, rx) = sync_channel::<P>(1);
        let puller = s.spawn(move || produce(&tx));
        let mut consumed = Ok(());
        for page in rx {
            consumed = consume(page);
            if consumed.is_err() {
                break;
            }
        }
        let produced = puller
            .join()
            .unwrap_or_else(|_| Err(SyncError::Protocol("the pull thread stopped".into())));
        consumed?;
        produced
    })
}

/// A send to a consumer that stopped (it refused a page): the pull ends, and the
/// consumer's error is the one reported.
pub fn send<P>(tx: &SyncSender<P>, page: P) -> Result<(), SyncError> {
    tx.send(page)
        .map_err(|_| SyncError::Protocol("the pull was stopped".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_arrive_in_order_and_the_producer_result_comes_back() {
        let mut seen = Vec::new();
        let r = pipeline(
            |tx| {
                for i in 0..100 {
                    send(tx, i)?;
                }
                Ok("done")
            },
            |p| {
                seen.push(p);
                Ok(())
            },
        );
        assert_eq!(r.ok(), Some("done"));
        assert_eq!(seen, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn a_refused_page_stops_the_producer_and_its_error_is_reported() {
        let mut sent = 0;
        let r: Result<(), SyncError> = pipeline(
            |tx| {
                for i in 0..1000 {
                    send(tx, i)?;
                    sent += 1;
                }
                Ok(())
            },
            |p| {
                if p == 3 {
                    Err(SyncError::Book("refused page 3".into()))
                } else {
                    Ok(())
                }
            },
        );
        assert!(matches!(r, Err(SyncError::Book(m)) if m == "refused page 3"));
        assert!(sent < 10, "the producer went on after the refusal: {sent}");
    }

    #[test]
    fn a_failed_pull_is_reported_after_the_pages_before_it() {
        let mut seen = Vec::new();
        let r: Result<(), SyncError> = pipeline(
            |tx| {
                send(tx, 1)?;
                send(tx, 2)?;
                Err(SyncError::Protocol("hub gone".into()))
            },
            |p| {
                seen.push(p);
                Ok(())
            },
        );
        assert!(matches!(r, Err(SyncError::Protocol(m)) if m == "hub gone"));
        assert_eq!(seen, vec![1, 2]);
    }
}
