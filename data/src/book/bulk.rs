//! The book's side of bulk coupons (see [`crate::bulk_coupons`]): the preview and the
//! issue, in one transaction.

use carddesk_model::text::Why;
use rusqlite::TransactionBehavior;

use super::{write, Book};
use crate::answers;
use crate::bulk_coupons::{fingerprint, journal_has, replay, with_ctx};
use crate::error::OpError;
use crate::ops::{bulk, Actor, BulkCoupons, IssueCouponsBulk};

impl Book {
    /// What issuing `r` would do now: the template and how many members get one (and
    /// how many are left out, frozen). Refused as the issue would be. Writes nothing.
    pub fn preview_coupons_bulk(
        &self,
        actor: &Actor,
        r: &IssueCouponsBulk,
    ) -> Result<BulkCoupons, OpError> {
        let members = with_ctx(self.conn(), self.terminal(), actor, self.now(), |ctx| {
            bulk::audience(ctx, r)
        })?;
        Ok(BulkCoupons {
            template: r.template.clone(),
            members: members.active.len() as u64,
            skipped_frozen: members.frozen,
            first_entry: None,
            last_entry: None,
            replayed: false,
        })
    }

    /// Issues `r`'s template to every active member of its audience, each as its own
    /// entry, all or none. The same `op_id` again posts nothing and gives the same
    /// answer (marked `replayed`); with another request it is refused.
    pub fn issue_coupons_bulk(
        &mut self,
        actor: &Actor,
        op_id: &str,
        r: &IssueCouponsBulk,
    ) -> Result<BulkCoupons, OpError> {
        let op_id = op_id.trim();
        if op_id.is_empty() || op_id.len() > 128 {
            return Err(OpError::invalid("op_id", Why::OpIdLength));
        }
        let fingerprint = fingerprint(r);
        let now = self.now();
        let terminal = self.terminal().clone();
        let (conn, key) = self.conn_and_key();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let answered = answers::fingerprint(&tx, op_id)?;
        if answered.as_ref().is_some_and(|first| *first != fingerprint) {
            return Err(OpError::OpIdReused(op_id.to_string()));
        }
        if let Some(done) = replay(&tx, op_id, &r.template)? {
            return Ok(done);
        }
        if answered.is_some() {
            // Answered before, with nobody to issue to: that answer again.
            if let Some(json) = answers::stored_json(&tx, op_id)? {
                let mut first: BulkCoupons = serde_json::from_str(&json)?;
                first.replayed = true;
                return Ok(first);
            }
        }
        if journal_has(&tx, op_id)? {
            // Another request's id (posted elsewhere and synced).
            return Err(OpError::OpIdReused(op_id.to_string()));
        }
        let from = key.begin(&tx, &terminal.id)?;
        let members = with_ctx(&tx, &terminal, actor, now, |ctx| bulk::audience(ctx, r))?;
        let mut answer = BulkCoupons {
            template: r.template.clone(),
            members: 0,
            skipped_frozen: members.frozen,
            first_entry: None,
            last_entry: None,
            replayed: false,
        };
        for member_no in &members.active {
            let id = bulk::member_op_id(op_id, member_no);
            let entry = write(&tx, &terminal, actor, &id, now, |ctx| {
                bulk::member_entry(ctx, r, member_no).map(Some)
            })?;
            if let Some(e) = entry {
                answer.members += 1;
                answer.first_entry.get_or_insert_with(|| e.id().into());
                answer.last_entry = Some(e.id().into());
            }
        }
        answers::record_json(&tx, op_id, &fingerprint, &serde_json::to_string(&answer)?)?;
        key.seal(&tx, &terminal.id, from)?;
        tx.commit()?;
        Ok(answer)
    }
}
