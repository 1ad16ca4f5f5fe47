//! One member's stored value of one kind (principal or bonus) as a FIFO of layers, each
//! remembering the outlet that took it in. A spend takes the oldest layers first; what
//! the layers cannot cover is member debt (the `deficit`), attributed to [`DEBT`].

use std::collections::VecDeque;

use rust_decimal::Decimal;

use super::DEBT;

/// Value from one source: the outlet that took it in, and the entry that did.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Portion {
    pub source: String,
    pub origin: String,
    pub amount: Decimal,
}

#[derive(Debug, Default)]
pub(crate) struct Queue {
    layers: VecDeque<Portion>,
    /// Spent beyond the layers and not yet repaid.
    deficit: Decimal,
}

impl Queue {
    /// Value taken in at `source` by the entry `origin`. It repays the deficit first;
    /// returns the part that did.
    pub fn take_in(&mut self, source: &str, origin: &str, amount: Decimal) -> Decimal {
        let cover = amount.min(self.deficit).max(Decimal::ZERO);
        self.deficit -= cover;
        let rest = amount - cover;
        if rest > Decimal::ZERO {
            self.layers.push_back(Portion {
                source: source.to_string(),
                origin: origin.to_string(),
                amount: rest,
            });
        }
        cover
    }

    /// Takes `amount` from the oldest layers; the part they cannot cover becomes deficit
    /// and is returned as a [`DEBT`] portion.
    pub fn draw(&mut self, amount: Decimal) -> Vec<Portion> {
        let mut out = Vec::new();
        let mut left = amount;
        while left > Decimal::ZERO {
            let Some(front) = self.layers.front_mut() else {
                break;
            };
            let take = left.min(front.amount);
            out.push(Portion {
                amount: take,
                ..front.clone()
            });
            front.amount -= take;
            left -= take;
            if front.amount <= Decimal::ZERO {
                self.layers.pop_front();
            }
        }
        if left > Decimal::ZERO {
            self.deficit += left;
            out.push(Portion {
                source: DEBT.to_string(),
                origin: String::new(),
                amount: left,
            });
        }
        out
    }

    /// Puts back what a draw took (a reversal): each portion returns to the front, so it
    /// is the first spent again. A [`DEBT`] portion cancels deficit; if the deficit was
    /// repaid meanwhile, the rest stays as a layer from [`DEBT`].
    pub fn give_back(&mut self, portions: &[Portion]) {
        for p in portions.iter().rev() {
            let mut amount = p.amount;
            if p.source == DEBT {
                let cancel = amount.min(self.deficit).max(Decimal::ZERO);
                self.deficit -= cancel;
                amount -= cancel;
            }
            if amount <= Decimal::ZERO {
                continue;
            }
            match self.layers.front_mut() {
                // The rest of the same layer: one layer again.
                Some(front) if front.origin == p.origin && front.source == p.source => {
                    front.amount += amount;
                }
                _ => self.layers.push_front(Portion {
                    amount,
                    ..p.clone()
                }),
            }
        }
    }

    /// Takes back up to `amount` of what the entry `origin` took in, from what is left
    /// of its layers; returns the part no longer there (already spent).
    pub fn take_back(&mut self, origin: &str, amount: Decimal) -> Decimal {
        let mut left = amount;
        for layer in self.layers.iter_mut().filter(|l| l.origin == origin) {
            let take = left.min(layer.amount);
            layer.amount -= take;
            left -= take;
        }
        self.layers.retain(|l| l.amount > Decimal::ZERO);
        left
    }

    /// Value gone with no layer to take it from: member debt.
    pub fn add_deficit(&mut self, amount: Decimal) {
        self.deficit += amount;
    }

    /// Layers minus deficit: equals the member's balance of this kind.
    #[cfg(test)]
    pub fn balance(&self) -> Decimal {
        self.layers.iter().map(|l| l.amount).sum::<Decimal>() - self.deficit
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn sources(p: &[Portion]) -> Vec<(&str, Decimal)> {
        p.iter().map(|p| (p.source.as_str(), p.amount)).collect()
    }

    #[test]
    fn settlement_fifo_draws_oldest_first_then_debt() {
        let mut q = Queue::default();
        q.take_in("a", "T01-1", dec!(100));
        q.take_in("b", "T02-1", dec!(50));
        assert_eq!(
            sources(&q.draw(dec!(120))),
            [("a", dec!(100)), ("b", dec!(20))]
        );
        assert_eq!(
            sources(&q.draw(dec!(40))),
            [("b", dec!(30)), (DEBT, dec!(10))]
        );
        assert_eq!(q.balance(), dec!(-10));
        // The next top-up repays the debt first.
        assert_eq!(q.take_in("c", "T03-1", dec!(25)), dec!(10));
        assert_eq!(q.balance(), dec!(15));
        assert_eq!(sources(&q.draw(dec!(15))), [("c", dec!(15))]);
    }

    #[test]
    fn settlement_fifo_give_back_returns_to_the_front() {
        let mut q = Queue::default();
        q.take_in("a", "T01-1", dec!(100));
        q.take_in("b", "T02-1", dec!(100));
        let spent = q.draw(dec!(150));
        q.give_back(&spent);
        assert_eq!(q.balance(), dec!(200));
        assert_eq!(
            sources(&q.draw(dec!(200))),
            [("a", dec!(100)), ("b", dec!(100))]
        );
    }

    #[test]
    fn settlement_fifo_give_back_of_debt_cancels_the_deficit() {
        let mut q = Queue::default();
        q.take_in("a", "T01-1", dec!(10));
        let spent = q.draw(dec!(30));
        assert_eq!(q.balance(), dec!(-20));
        q.give_back(&spent);
        assert_eq!(q.balance(), dec!(10));
        assert_eq!(sources(&q.draw(dec!(10))), [("a", dec!(10))]);
    }

    #[test]
    fn settlement_fifo_take_back_removes_the_entrys_own_layer() {
        let mut q = Queue::default();
        q.take_in("a", "T01-1", dec!(100));
        q.take_in("b", "T02-1", dec!(100));
        q.draw(dec!(30));
        // T01-1's layer has 70 left; the other 30 was spent.
        assert_eq!(q.take_back("T01-1", dec!(100)), dec!(30));
        assert_eq!(sources(&q.draw(dec!(100))), [("b", dec!(100))]);
    }
}
