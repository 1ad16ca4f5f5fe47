//! The hub decides by the clock it is given, never the system's: an enrollment code
//! expires by the hub's clock, on SQLite and on PostgreSQL (`CARDDESK_TEST_PG_URL`).

use std::sync::Arc;

use carddesk_data::clock::ManualClock;
use carddesk_hub::HubStore;
use chrono::{Duration, TimeZone, Utc};
use common::PgDb;

mod common;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("runtime")
}

/// A code valid for 10 minutes works at minute 9 and not at minute 11 of the hub's
/// clock, which stands far from the system's (a year back).
fn codes_expire_by_the_hubs_clock(spec: &str) {
    let rt = runtime();
    let clock = ManualClock::new(Utc.with_ymd_and_hms(2025, 1, 1, 8, 0, 0).unwrap());
    let hub = rt
        .block_on(HubStore::open(spec))
        .expect("the store opens")
        .with_clock(Arc::new(clock.clone()));
    let code = rt
        .block_on(hub.issue_code("T01", Duration::minutes(10)))
        .expect("a code");
    clock.advance(Duration::minutes(11));
    let late = rt.block_on(hub.redeem(&code, "T01")).expect("redeem");
    assert_eq!(late, None, "a code past its ten minutes on the hub's clock");

    let code = rt
        .block_on(hub.issue_code("T02", Duration::minutes(10)))
        .expect("a code");
    clock.advance(Duration::minutes(9));
    let token = rt
        .block_on(hub.redeem(&code, "T02"))
        .expect("redeem")
        .expect("a code within its ten minutes gives a token");
    let who = rt.block_on(hub.authenticate(&token)).expect("authenticate");
    assert_eq!(who.as_deref(), Some("T02"));
}

#[test]
fn on_sqlite_codes_expire_by_the_hubs_clock() {
    let dir = tempfile::tempdir().expect("tempdir");
    let spec = format!("sqlite:{}", dir.path().join("hub.db").display());
    codes_expire_by_the_hubs_clock(&spec);
}

#[test]
fn on_postgresql_codes_expire_by_the_hubs_clock() {
    let db = PgDb::create("clock");
    codes_expire_by_the_hubs_clock(&db.url);
}
