//! The status bar's sync state: standalone without a hub, online/offline with the age
//! of the last successful sync once the background sync reports, in zh-CN and en and
//! in ASCII mode; the member on display is loaded again after entries from elsewhere
//! were applied.

mod common;

use std::time::Duration;

use carddesk_model::Lang;
use carddesk_screens::{Command, Input, SyncStatus};
use common::*;

fn status_line(d: &carddesk_screens::testing::Driver) -> String {
    d.draw(80, 24)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

fn loads(cmds: &[Command]) -> usize {
    cmds.iter()
        .filter(|c| matches!(c, Command::LoadMember { .. }))
        .count()
}

#[test]
fn no_hub_is_standalone() {
    let d = on_member(Lang::En, false);
    assert!(
        status_line(&d).contains("| standalone"),
        "{}",
        status_line(&d)
    );
    let d = on_member(Lang::Zh, false);
    assert!(status_line(&d).contains("| 单机"), "{}", status_line(&d));
}

#[test]
fn before_the_first_sync_it_is_connecting() {
    let d = hub_on_member(Lang::En, false);
    assert!(status_line(&d).contains("hub: connecting"));
    let d = hub_on_member(Lang::Zh, false);
    assert!(status_line(&d).contains("连接中心..."));
}

#[test]
fn online_shows_the_age_of_the_last_sync_in_both_languages() {
    for (lang, want) in [
        (Lang::En, "online · synced 12s ago"),
        (Lang::Zh, "在线 · 12秒前同步"),
    ] {
        let mut d = hub_on_member(lang, false);
        d.synced(true, 0);
        d.wait(Duration::from_secs(12));
        let line = status_line(&d);
        assert!(line.contains(want), "{line}");
        // The clock stays on the bar, with its date where there is room.
        assert!(line.contains("09:30"), "{line}");
        assert_eq!(d.app.sync_state().online, Some(true));
    }
}

#[test]
fn offline_shows_the_age_of_the_last_successful_sync() {
    for (lang, want) in [
        (Lang::En, "offline · last sync 3m ago"),
        (Lang::Zh, "离线 · 上次同步 3分钟前"),
    ] {
        let mut d = hub_on_member(lang, false);
        d.synced(true, 0);
        d.wait(Duration::from_secs(100));
        d.synced(false, 0);
        d.wait(Duration::from_secs(100));
        let line = status_line(&d);
        assert!(line.contains(want), "{line}");
        assert!(line.contains("09:30"), "{line}");
        // Unreachable is the normal offline state: nothing on the message line.
        assert!(d
            .app
            .message()
            .is_none_or(|m| !m.text.contains("unreachable")));
    }
}

#[test]
fn offline_before_any_success_says_never() {
    let mut d = hub_on_member(Lang::En, false);
    d.synced(false, 0);
    assert!(status_line(&d).contains("offline · never synced"));
    let mut d = hub_on_member(Lang::Zh, false);
    d.synced(false, 0);
    assert!(status_line(&d).contains("离线 · 从未同步"));
}

#[test]
fn ascii_mode_uses_only_ascii_in_the_sync_state() {
    for (lang, want) in [
        (Lang::En, "online - synced 5s ago"),
        (Lang::Zh, "在线 - 5秒前同步"),
    ] {
        let mut d = hub_on_member(lang, true);
        d.synced(true, 0);
        d.wait(Duration::from_secs(5));
        let line = status_line(&d);
        assert!(line.contains(want), "{line}");
        assert!(!line.contains('·'), "{line}");
    }
    let mut d = hub_on_member(Lang::En, true);
    d.synced(false, 0);
    let line = status_line(&d);
    assert!(line.contains("offline - never synced"), "{line}");
    assert!(!line.contains('·'), "{line}");
}

#[test]
fn the_age_moves_with_the_clock_tick_and_redraws_only_when_it_changes() {
    let mut d = hub_on_member(Lang::En, false);
    d.synced(true, 0);
    d.wait(Duration::from_millis(100));
    d.app.take_dirty();
    // Within the same second: the text is the same, no redraw.
    d.wait(Duration::from_millis(300));
    assert!(!d.app.take_dirty());
    d.wait(Duration::from_secs(1));
    assert!(d.app.take_dirty());
    assert!(status_line(&d).contains("synced 1s ago"));
    // Past a minute the age counts minutes: one redraw a minute.
    d.wait(Duration::from_secs(125));
    assert!(status_line(&d).contains("synced 2m ago"));
    d.app.take_dirty();
    d.wait(Duration::from_secs(1));
    assert!(!d.app.take_dirty());
    d.wait(Duration::from_secs(3600));
    assert!(status_line(&d).contains("synced 1h ago"));
}

#[test]
fn a_success_after_offline_is_online_again_and_resets_the_age() {
    let mut d = hub_on_member(Lang::En, false);
    d.synced(true, 0);
    d.wait(Duration::from_secs(90));
    d.synced(false, 0);
    d.wait(Duration::from_secs(30));
    assert!(status_line(&d).contains("offline · last sync 2m ago"));
    d.synced(true, 0);
    d.wait(Duration::from_secs(2));
    assert!(status_line(&d).contains("online · synced 2s ago"));
    assert_eq!(d.app.sync_state().last_error, None);
}

#[test]
fn applied_entries_reload_the_member_on_display() {
    let mut d = hub_on_member(Lang::En, false);
    assert_eq!(d.screen(), "member");
    assert_eq!(loads(&d.synced(true, 0)), 0);
    let cmds = d.synced(true, 2);
    assert_eq!(loads(&cmds), 1, "{cmds:?}");
    assert!(cmds.iter().any(|c| matches!(
        c,
        Command::LoadMember { member_no, .. } if member_no == "10000042"
    )));
    // The reload stays on the member screen.
    assert_eq!(d.screen(), "member");
}

#[test]
fn applied_entries_leave_other_screens_alone() {
    let mut d = hub_on_member(Lang::En, false);
    d.key(crossterm::event::KeyCode::Esc);
    assert_ne!(d.screen(), "member");
    assert_eq!(loads(&d.synced(true, 5)), 0);
}

#[test]
fn other_failures_are_said_once_on_the_message_line() {
    let mut d = hub_on_member(Lang::En, false);
    let refused = |d: &mut carddesk_screens::testing::Driver| {
        d.input(Input::Sync(SyncStatus {
            ok: false,
            at: d.now,
            pushed: 0,
            pulled: 0,
            applied: 0,
            error_code: Some("diverged".into()),
            message: Some("this book and the hub disagree".into()),
            hub: None,
        }))
    };
    refused(&mut d);
    assert!(d.app.message().is_some_and(|m| m.text.contains("disagree")));
    d.key(crossterm::event::KeyCode::Char('x'));
    // Cleared by the key? Either way, the same failure again says nothing new.
    let before = d.app.message().cloned();
    refused(&mut d);
    assert_eq!(d.app.message().cloned(), before);
    assert!(status_line(&d).contains("offline"));
}

/// With several hubs (`[sync] hub_urls`), the status bar names the one that answered
/// the last sync; offline, none.
#[test]
fn several_hubs_name_the_hub_that_answered() {
    for (lang, word) in [
        (Lang::Zh, "中心 10.0.0.6:7411"),
        (Lang::En, "hub 10.0.0.6:7411"),
    ] {
        let mut opts = carddesk_screens::Options::new(lang, false, true);
        opts.hub_url = "https://10.0.0.5:7411".into();
        opts.several_hubs = true;
        let mut d = carddesk_screens::testing::Driver::new(carddesk_screens::App::new(
            opts,
            carddesk_screens::testing::clock(),
        ));
        d.log_in();
        let answered = |d: &mut carddesk_screens::testing::Driver, ok: bool| {
            let at = d.now;
            d.input(Input::Sync(SyncStatus {
                ok,
                at,
                pushed: 0,
                pulled: 0,
                applied: 0,
                error_code: (!ok).then(|| "unreachable".to_string()),
                message: None,
                hub: ok.then(|| "https://10.0.0.6:7411".to_string()),
            }))
        };
        answered(&mut d, true);
        let top = d
            .draw(160, 24)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(top.contains(word), "{top}");
        // Beside the outlet and terminal, not in their place.
        let (place, hub) = (top.find("/T01"), top.find(word));
        assert!(place.is_some() && place < hub, "{top}");
        answered(&mut d, false);
        let top = d
            .draw(160, 24)
            .lines()
            .next()
            .unwrap_or_default()
            .to_string();
        assert!(!top.contains("10.0.0.6"), "{top}");
    }
}
