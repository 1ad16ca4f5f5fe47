//! The screens' figures for DESIGN.md §7. Bytes are deterministic and asserted; times
//! are printed only (benchmarks, not timed tests).

use carddesk_screens::bench::render_figures;

#[test]
fn a_keystroke_in_a_form_sends_at_most_48_bytes() {
    let f = render_figures(300);
    println!("{f}");
    assert!(f.keystroke_bytes_max > 0, "nothing was drawn: {f}");
    // Every frame the event loop draws for the key counts (issue 16, item 21).
    assert!(f.keystroke_bytes_max <= 48, "{f}");
    // A full frame is far bigger: the diff is what keeps a keystroke small.
    assert!(
        f.member_full_frame_bytes > 20 * f.keystroke_bytes_max,
        "{f}"
    );
}
