//! Padding by display width: a Han character takes two cells, so `format!("{:<10}")`
//! (which counts chars) misaligns Chinese labels.

use unicode_width::UnicodeWidthStr;

pub fn width(s: &str) -> usize {
    s.width()
}

pub fn pad_right(s: &str, cells: usize) -> String {
    format!("{s}{}", " ".repeat(cells.saturating_sub(s.width())))
}

pub fn pad_left(s: &str, cells: usize) -> String {
    format!("{}{s}", " ".repeat(cells.saturating_sub(s.width())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pads_by_cells_not_chars() {
        assert_eq!(pad_right("积分", 6), "积分  ");
        assert_eq!(pad_right("Points", 8), "Points  ");
        assert_eq!(pad_left("12.00", 7), "  12.00");
        assert_eq!(
            width(&pad_right("储值本金", 10)),
            width(&pad_right("积分", 10))
        );
    }
}
