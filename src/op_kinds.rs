//! Every kind `carddesk op` takes, in one table: the typed request its JSON is read as,
//! and the answer it gives. The same table parses requests, lists the kinds and prints
//! `carddesk op --schema KIND`, so the reference in docs/op-api.md (generated from the
//! schemas) cannot drift from what is accepted.

use carddesk_data::analytics::CommissionLine;
use carddesk_data::inquiry::{
    CompanyStanding, CompanyStatement, CouponStatus, FoundEntry, Statement,
};
use carddesk_data::ops::*;
use carddesk_data::reports::{DayReport, ShiftReport};
use carddesk_data::{Account, Found, Member, OpError};
use carddesk_model::reads::*;
use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde_json::{json, Map, Value};

use crate::op_json::typed;

/// The fields every kind accepts beside its own (see docs/op-api.md, "The envelope").
#[allow(dead_code)] // Only described (schema), never built: op_cmd reads it field by field.
#[derive(JsonSchema)]
struct Envelope {
    /// The request's idempotency key, unique chain-wide: a retry with the same key
    /// posts once and gets the first answer again. Reads ignore it.
    op_id: Option<String>,
    /// Who acts: a staff id (then `operator_pin` is required) or the name of the
    /// integration (a PMS, a POS), recorded as given. Default `api`.
    operator: Option<String>,
    /// The operator's PIN (a string of digits), when `operator` is a staff id.
    operator_pin: Option<String>,
    /// A supervisor's approval given on the spot, for privileged steps.
    supervisor: Option<Approval>,
}

#[allow(dead_code)]
#[derive(JsonSchema)]
struct Approval {
    id: String,
    /// A string of digits.
    pin: String,
}

macro_rules! kinds {
    (
        writes { $($wkind:literal => $wvariant:ident($wty:ty),)* }
        bulk { $($bkind:literal => ($bty:ty) -> $banswer:ty,)* }
        reads { $($rkind:literal => $rvariant:ident($rty:ty) -> $answer:ty,)* }
    ) => {
        /// Kinds that post entries (a bulk kind: many, with its own answer).
        pub const WRITES: &[&str] = &[$($wkind,)* $($bkind,)*];
        /// Writes that post an entry per member and answer with a count.
        pub const BULK: &[&str] = &[$($bkind,)*];
        /// Kinds that only read.
        pub const READS: &[&str] = &[$($rkind,)*];
        /// Every kind, writes first.
        pub const ALL: &[&str] = &[$($wkind,)* $($bkind,)* $($rkind,)*];

        /// The write request `kind` names, read from `fields`; None for no such write.
        pub fn write(kind: &str, fields: Map<String, Value>) -> Option<Result<Request, OpError>> {
            match kind {
                $($wkind => Some(typed::<$wty>(fields).map(Request::$wvariant)),)*
                _ => None,
            }
        }

        /// The read `kind` names, read from `fields`; None for no such read.
        pub fn read(kind: &str, fields: Map<String, Value>) -> Option<Result<Read, OpError>> {
            match kind {
                $($rkind => Some(typed::<$rty>(fields).map(Read::$rvariant)),)*
                _ => None,
            }
        }

        fn schemas(kind: &str, g: &mut SchemaGenerator) -> Option<(Schema, Schema)> {
            match kind {
                $($wkind => Some((g.subschema_for::<$wty>(), g.subschema_for::<Outcome>())),)*
                $($bkind => Some((g.subschema_for::<$bty>(), g.subschema_for::<$banswer>())),)*
                $($rkind => Some((g.subschema_for::<$rty>(), g.subschema_for::<$answer>())),)*
                _ => None,
            }
        }
    };
}

kinds! {
    writes {
        "register_member" => RegisterMember(RegisterMember),
        "edit_member" => EditMember(EditMember),
        "freeze_member" => FreezeMember(FreezeMember),
        "unfreeze_member" => UnfreezeMember(UnfreezeMember),
        "bind_credential" => BindCredential(BindCredential),
        "report_lost" => ReportLost(ReportLost),
        "replace_credential" => ReplaceCredential(ReplaceCredential),
        "add_operator" => AddOperator(AddOperator),
        "set_operator_active" => SetOperatorActive(SetOperatorActive),
        "change_operator_pin" => ChangeOperatorPin(ChangeOperatorPin),
        "set_payment_pin" => SetPaymentPin(SetPaymentPin),
        "top_up" => TopUp(TopUp),
        "refund_stored_value" => RefundStoredValue(RefundStoredValue),
        "checkout" => Checkout(Checkout),
        "post_stay" => PostStay(StayPosting),
        "post_no_show" => PostNoShow(NoShowPosting),
        "adjust_points" => AdjustPoints(AdjustPoints),
        "redeem_gift" => RedeemGift(RedeemGift),
        "convert_points" => ConvertPoints(ConvertPoints),
        "buy_tier" => BuyTier(BuyTier),
        "expire_points" => ExpirePoints(ExpirePoints),
        "sell_count_card" => SellCountCard(SellCountCard),
        "sell_card" => SellCard(SellCard),
        "use_count_card" => UseCountCard(UseCountCard),
        "issue_coupon" => IssueCoupon(IssueCoupon),
        "redeem_coupon" => RedeemCoupon(RedeemCoupon),
        "void_coupon" => VoidCoupon(VoidCoupon),
        "reverse" => Reverse(Reverse),
        "open_shift" => OpenShift(OpenShift),
        "close_shift" => CloseShift(CloseShift),
        "settle_conflict" => SettleConflict(SettleConflict),
        "open_company" => OpenCompany(OpenCompany),
        "link_to_company" => LinkToCompany(LinkToCompany),
        "unlink_from_company" => UnlinkFromCompany(UnlinkFromCompany),
        "charge_company" => ChargeCompany(ChargeCompany),
        "settle_company" => SettleCompany(SettleCompany),
    }
    bulk {
        "issue_coupons_bulk" => (IssueCouponsBulk) -> BulkCoupons,
    }
    reads {
        "find_member" => FindMember(FindMember) -> Found,
        "show_member" => ShowMember(MemberRef) -> Member,
        "member_journal" => MemberJournal(MemberRef) -> Vec<JournalEntry>,
        "account" => Account(MemberRef) -> Account,
        "quote_checkout" => QuoteCheckout(Checkout) -> CheckoutQuote,
        "shift_report" => ShiftReport(NoFields) -> Option<ShiftReport>,
        "day_report" => DayReport(DayReportOf) -> DayReport,
        "member_statement" => MemberStatement(StatementOf) -> Statement,
        "find_entries" => FindEntries(EntryRefs) -> Vec<FoundEntry>,
        "coupon_status" => CouponStatus(CouponCode) -> CouponStatus,
        "preview_coupons_bulk" => PreviewCouponsBulk(IssueCouponsBulk) -> BulkCoupons,
        "commission_report" => CommissionReport(CommissionOf) -> Vec<CommissionLine>,
        "company_standing" => CompanyStanding(MemberRef) -> CompanyStanding,
        "company_statement" => CompanyStatement(StatementOf) -> CompanyStatement,
    }
}

/// `carddesk op --schema KIND`: the JSON Schema (draft 2020-12) of what `KIND` reads on
/// stdin (its own fields and the envelope's) and of the `result` it answers with.
pub fn schema(kind: &str) -> Option<Value> {
    let mut g = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let (mut request, result) = schemas(kind, &mut g)?;
    let envelope = g.subschema_for::<Envelope>();
    merge_envelope(&mut request, &envelope, &g);
    Some(json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "kind": kind,
        "writes": WRITES.contains(&kind),
        "request": request,
        "result": result,
        "$defs": g.definitions(),
    }))
}

/// The request's own object schema gains the envelope's properties, so the schema
/// describes the one JSON object `carddesk op` reads.
fn merge_envelope(request: &mut Schema, envelope: &Schema, g: &SchemaGenerator) {
    let resolve = |s: &Schema| -> Option<Value> {
        let v = s.as_value();
        match v.get("$ref").and_then(Value::as_str) {
            Some(r) => g
                .definitions()
                .get(r.rsplit('/').next().unwrap_or_default())
                .cloned(),
            None => Some(v.clone()),
        }
    };
    let (Some(mut own), Some(env)) = (resolve(request), resolve(envelope)) else {
        return;
    };
    let own_props = own
        .as_object_mut()
        .map(|o| o.entry("properties").or_insert_with(|| json!({})));
    if let (Some(Value::Object(props)), Some(env_props)) =
        (own_props, env.get("properties").and_then(Value::as_object))
    {
        for (k, v) in env_props {
            props.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    if let Ok(s) = Schema::try_from(own) {
        *request = s;
    }
}
