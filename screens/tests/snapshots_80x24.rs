//! Every screen at 80x24 in zh-CN and en, with box frames and in ASCII mode.

mod common;

use carddesk_model::Lang;
use common::{scenario, SCENARIOS};

fn variants() -> [(&'static str, Lang, bool); 4] {
    [
        ("zh", Lang::Zh, false),
        ("en", Lang::En, false),
        ("zh_ascii", Lang::Zh, true),
        ("en_ascii", Lang::En, true),
    ]
}

/// ASCII mode may show CJK text (names, labels) but nothing else outside ASCII: no
/// box drawing, arrows, blocks, markers or ellipses.
fn non_ascii_frame_chars(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| !c.is_ascii())
        .filter(|c| {
            let u = *c as u32;
            let cjk = (0x3000..=0x303F).contains(&u)
                || (0x3400..=0x9FFF).contains(&u)
                || (0xFF00..=0xFFEF).contains(&u);
            // Latin letters with accents in names (Müller) are text, not frames.
            let latin = (0x00C0..=0x024F).contains(&u);
            !cjk && !latin
        })
        .collect()
}

#[test]
fn every_screen_in_every_language_and_frame_style() {
    let mut settings = insta::Settings::clone_current();
    settings.set_prepend_module_to_snapshot(false);
    settings.bind(|| {
        for name in SCENARIOS {
            for (variant, lang, ascii) in variants() {
                let d = scenario(name, lang, ascii);
                let text = d.draw(80, 24);
                if ascii {
                    let bad = non_ascii_frame_chars(&text);
                    assert!(
                        bad.is_empty(),
                        "{name} {variant}: non-ASCII frame characters {bad:?}\n{text}"
                    );
                }
                insta::assert_snapshot!(format!("{name}__{variant}"), text);
            }
        }
    });
}

#[test]
fn box_mode_uses_box_drawing_and_ascii_mode_does_not() {
    let boxed = scenario("member", Lang::En, false).draw(80, 24);
    let ascii = scenario("member", Lang::En, true).draw(80, 24);
    assert!(boxed.contains('┌') && boxed.contains('│'));
    assert!(ascii.contains('+') && !ascii.contains('┌') && !ascii.contains('│'));
    assert!(non_ascii_frame_chars(&ascii).is_empty());
}

#[test]
fn larger_terminals_are_used() {
    let d = scenario("member", Lang::Zh, false);
    let text = d.draw(120, 40);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 40);
    // The frame reaches the right edge and the bottom rows of a big terminal.
    assert!(lines[1].ends_with('┐'), "{}", lines[1]);
    assert!(lines[37].starts_with('└'), "{}", lines[37]);
}
