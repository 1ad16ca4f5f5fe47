//! Shifts (班次): a terminal's shift opens with a cash float and closes with the counted
//! cash. The shift report totals every tender and operation kind from the journal and
//! shows over/short; it is stored in the closing entry, so a printed report can always
//! be reproduced.

use carddesk_model::ops::{CloseShift, OpenShift};
use carddesk_model::text::Why;
use rust_decimal::Decimal;

use super::{Ctx, Decision};
use crate::entry::EntryBody;
use crate::error::OpError;
use crate::reports::{self, ShiftReport};

fn check_cash(field: &str, v: Decimal) -> Result<Decimal, OpError> {
    if v < Decimal::ZERO || v.normalize().scale() > 2 || v > Decimal::from(10_000_000) {
        return Err(OpError::invalid(field, Why::CashAmount));
    }
    Ok(v)
}

pub(crate) fn open(ctx: &Ctx, r: &OpenShift) -> Result<Decision, OpError> {
    let float = check_cash("float", r.float)?;
    if let Some(open) = reports::open_shift(ctx.conn, &ctx.terminal.id)? {
        return Err(OpError::invalid(
            "shift",
            Why::ShiftStillOpen {
                shift_id: open.shift_id.to_string(),
            },
        ));
    }
    Ok(Decision {
        member_no: None,
        reversal_of: None,
        body: EntryBody::ShiftOpened { float },
    })
}

pub(crate) fn close(ctx: &Ctx, r: &CloseShift) -> Result<Decision, OpError> {
    let counted = check_cash("counted_cash", r.counted_cash)?;
    let Some(open) = reports::open_shift(ctx.conn, &ctx.terminal.id)? else {
        return Err(OpError::invalid("shift", Why::NoShiftOpen));
    };
    let report: ShiftReport = reports::shift_report(ctx.conn, &open, ctx.next_seq, Some(counted))?;
    Ok(Decision {
        member_no: None,
        reversal_of: None,
        body: EntryBody::ShiftClosed {
            shift_id: open.shift_id,
            counted_cash: counted,
            report: Box::new(report),
        },
    })
}
