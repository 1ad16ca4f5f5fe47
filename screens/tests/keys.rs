//! The key tables against what the keys do, on every screen the snapshots show and on
//! the forms (whose previews the real worker draws in tests/tui_previews.rs): every
//! key a table lists does something, and every key that does something is in the
//! table (or is the app's own, or types into the field that has the focus). A key an
//! operator may not use is in the table, not shown, and says why.

mod common;

use carddesk_model::Lang;
use carddesk_screens::keymap::{Key, APP};
use carddesk_screens::testing::Driver;
use common::{scenario, FORMS, SCENARIOS};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Every key a cashier's keyboard sends that a screen might take.
fn keyboard() -> Vec<KeyEvent> {
    let plain = |c| KeyEvent::new(c, KeyModifiers::NONE);
    let mut keys: Vec<KeyEvent> = (1..=12).map(|n| plain(KeyCode::F(n))).collect();
    keys.extend(
        [
            KeyCode::Enter,
            KeyCode::Esc,
            KeyCode::Tab,
            KeyCode::Up,
            KeyCode::Down,
            KeyCode::Left,
            KeyCode::Right,
            KeyCode::PageUp,
            KeyCode::PageDown,
            KeyCode::Home,
            KeyCode::End,
            KeyCode::Backspace,
            KeyCode::Delete,
        ]
        .map(plain),
    );
    keys.push(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    for c in ('a'..='z').chain('0'..='9') {
        keys.push(plain(KeyCode::Char(c)));
    }
    for c in 'a'..='z' {
        keys.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::ALT));
    }
    for c in ['c', 'l', 'u'] {
        keys.push(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    }
    keys
}

/// A key a focused text field takes: it types, moves the cursor or clears.
fn edits_a_field(k: &KeyEvent) -> bool {
    let ctrl = k.modifiers.contains(KeyModifiers::CONTROL);
    let alt = k.modifiers.contains(KeyModifiers::ALT);
    match k.code {
        KeyCode::Char('u') if ctrl => true,
        KeyCode::Char(_) => !ctrl && !alt,
        KeyCode::Backspace
        | KeyCode::Delete
        | KeyCode::Left
        | KeyCode::Right
        | KeyCode::Home
        | KeyCode::End => true,
        _ => false,
    }
}

fn press(name: &str, key: KeyEvent) -> Driver {
    let mut d = scenario(name, Lang::En, false);
    d.key_mod(key.code, key.modifiers);
    d
}

#[test]
fn every_key_a_table_lists_is_taken_and_every_key_taken_is_listed() {
    let mut problems = Vec::new();
    for name in SCENARIOS.iter().chain(FORMS) {
        let d = scenario(name, Lang::En, false);
        let table = d.app.key_table();
        assert!(!table.is_empty(), "{name}: no key table");
        let typing = d.app.typing();
        for key in keyboard() {
            if !press(name, key).app.key_taken() {
                continue;
            }
            let listed =
                table.iter().any(|k| k.matches(&key)) || APP.iter().any(|b| b.line.matches(&key));
            let typed = typing && edits_a_field(&key);
            if !listed && !typed {
                problems.push(format!("{name}: {key:?} does something but is not listed"));
            }
        }
        for line in table.iter().filter(|l| l.shown) {
            for k in line.keys {
                if !press(name, k.event()).app.key_taken() {
                    problems.push(format!(
                        "{name}: {} ({:?}) is listed but does nothing",
                        line.full_label(),
                        k
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn help_names_every_key_of_a_line() {
    for name in SCENARIOS.iter().chain(FORMS) {
        let d = scenario(name, Lang::En, false);
        for line in d.app.key_table() {
            let label = line.full_label();
            let parts: Vec<&str> = label.split('/').collect();
            for k in line.keys {
                let named = parts.contains(&k.name().as_str())
                    || (*k == Key::Down && parts.contains(&"Dn"))
                    || (*k == Key::PageDown && parts == ["PgUp", "Dn"]);
                assert!(named, "{name}: {label} does not name {k:?}");
            }
        }
    }
}
