//! What the counter may sell or issue, and the names it shows, from `[rules]`.

/// What the counter may sell or issue, from `[rules]`: count-card packages and coupon
/// templates, with a short description for the choice line.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Catalog {
    pub packages: Vec<CatalogItem>,
    pub coupon_templates: Vec<CatalogItem>,
    pub gifts: Vec<CatalogItem>,
    /// Coupon templates members may buy with points.
    pub points_coupons: Vec<CatalogItem>,
    /// Count-card packages members may take for points (兑换项目卡).
    pub points_packages: Vec<CatalogItem>,
    /// Outlets: ids as the book keeps them, names as the rules give them (客房).
    pub outlets: Vec<CatalogItem>,
    /// Packages, coupon templates and gifts by id, with their bare names (20元代金券).
    pub names: Vec<CatalogItem>,
    /// Tiers by name: what the member screen says of a tier.
    pub tiers: Vec<TierInfo>,
    /// A checkout must carry the POS bill number (`rules.checkout.bill_ref_required`).
    pub bill_ref_required: bool,
    /// Member days (`rules.member_days`): the status bar names those open now.
    pub member_days: Vec<carddesk_model::rules::MemberDay>,
    /// Membership cards sold (`rules.card_sales.fees`): the tier as id, "tier fee" as name.
    pub cards: Vec<CatalogItem>,
    /// The replacement fee (补卡费, `rules.card_sales.replacement_fee`); 0: none.
    pub replacement_fee: rust_decimal::Decimal,
}

/// A tier's discount and benefits, as the rules give them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierInfo {
    pub name: String,
    pub discount_percent: rust_decimal::Decimal,
    /// Words, e.g. "延迟退房至13:00，免费早餐"; empty when the tier has none.
    pub benefits: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CatalogItem {
    pub id: String,
    pub name: String,
}

impl Catalog {
    pub fn from_rules(rules: &carddesk_model::Rules) -> Catalog {
        Catalog {
            packages: rules
                .count_packages
                .iter()
                .map(|p| CatalogItem {
                    id: p.id.clone(),
                    name: format!("{} {}x {:.2}", p.name, p.uses, p.price),
                })
                .collect(),
            coupon_templates: rules
                .coupon_templates
                .iter()
                .map(|t| CatalogItem {
                    id: t.id.clone(),
                    name: t.name.clone(),
                })
                .collect(),
            gifts: rules
                .gifts
                .iter()
                .map(|g| CatalogItem {
                    id: g.id.clone(),
                    name: format!("{} {}", g.name, g.points),
                })
                .collect(),
            points_coupons: rules
                .coupon_templates
                .iter()
                .filter_map(|t| {
                    t.points_price.map(|p| CatalogItem {
                        id: t.id.clone(),
                        name: format!("{} {p}", t.name),
                    })
                })
                .collect(),
            points_packages: rules
                .count_packages
                .iter()
                .filter_map(|p| {
                    p.points_price.map(|n| CatalogItem {
                        id: p.id.clone(),
                        name: format!("{} {}x {n}", p.name, p.uses),
                    })
                })
                .collect(),
            outlets: items(rules.outlets.iter().map(|o| (&o.id, &o.name))),
            names: items(
                rules
                    .count_packages
                    .iter()
                    .map(|p| (&p.id, &p.name))
                    .chain(rules.coupon_templates.iter().map(|t| (&t.id, &t.name)))
                    .chain(rules.gifts.iter().map(|g| (&g.id, &g.name))),
            ),
            tiers: rules
                .tiers
                .iter()
                .map(|t| TierInfo {
                    name: t.name.clone(),
                    discount_percent: t.discount_percent,
                    benefits: t.benefits.clone(),
                })
                .collect(),
            bill_ref_required: rules.checkout.bill_ref_required,
            member_days: rules.member_days.clone(),
            replacement_fee: rules.card_sales.replacement_fee,
            cards: rules
                .card_sales
                .fees
                .iter()
                .map(|(tier, fee)| CatalogItem {
                    id: tier.clone(),
                    name: format!("{tier} {fee:.2}"),
                })
                .collect(),
        }
    }

    /// An outlet's name; an id the rules no longer hold shows as it is.
    pub fn outlet_name(&self, id: &str) -> String {
        find_name(&self.outlets, id)
    }

    /// A package's, coupon template's or gift's name; unknown ids show as they are.
    pub fn name_of(&self, id: &str) -> String {
        find_name(&self.names, id)
    }

    pub fn tier(&self, name: &str) -> Option<&TierInfo> {
        self.tiers.iter().find(|t| t.name == name)
    }
}

fn items<'a>(pairs: impl Iterator<Item = (&'a String, &'a String)>) -> Vec<CatalogItem> {
    pairs
        .map(|(id, name)| CatalogItem {
            id: id.clone(),
            name: name.clone(),
        })
        .collect()
}

fn find_name(items: &[CatalogItem], id: &str) -> String {
    items
        .iter()
        .find(|i| i.id == id)
        .map_or_else(|| id.to_string(), |i| i.name.clone())
}
