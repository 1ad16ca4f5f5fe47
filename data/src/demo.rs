//! A realistic demo book: Chinese and Latin names, phones, chip-card UIDs and printed
//! codes, tiers, all written as real journal entries through the same operations the
//! counter uses. The generators are deterministic so the benchmark can pick keys.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::book::Book;
use crate::entry::{Credential, CredentialKind, Gender, Profile};
use crate::error::OpError;
use crate::ops::{Actor, RegisterMember, Request, StayPosting, TopUp};
use crate::receipt::Tender;
use rust_decimal::Decimal;

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "欧阳",
    "司马",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建华", "晓东", "雪梅", "子涵", "浩然",
    "一诺", "欣怡",
];
const LATIN_FIRST: &[&str] = &[
    "Anna", "Ben", "Chloe", "David", "Emma", "Felix", "Grace", "Henry", "Iris", "Jack", "Kenji",
    "Lina", "Mark", "Nora",
];
const LATIN_LAST: &[&str] = &[
    "Smith", "Müller", "Tanaka", "Kim", "Nguyen", "Garcia", "Brown", "Rossi", "Dubois", "Silva",
    "Ivanova", "Lee",
];

/// Member `i`'s phone: 1[3-9]x + 8 digits, distinct for every i < 10^9.
pub fn phone(i: u64) -> String {
    let n = (i.wrapping_mul(7919).wrapping_add(12_345)) % 1_000_000_000;
    format!("1{}{:09}", 3 + (i % 7), n)
}

/// Member `i`'s chip-card UID: 4 bytes, distinct for every i < 2^32.
pub fn card_uid(i: u64) -> String {
    format!("{:08X}", (i.wrapping_mul(2_654_435_761)) & 0xFFFF_FFFF)
}

/// Member `i`'s printed barcode / e-card code.
pub fn code(i: u64) -> String {
    format!(
        "CD{:012}",
        (i.wrapping_mul(48_271).wrapping_add(7)) % 1_000_000_000_000
    )
}

fn name(rng: &mut StdRng) -> String {
    if rng.random_ratio(1, 12) {
        format!(
            "{} {}",
            LATIN_FIRST[rng.random_range(0..LATIN_FIRST.len())],
            LATIN_LAST[rng.random_range(0..LATIN_LAST.len())]
        )
    } else {
        format!(
            "{}{}",
            SURNAMES[rng.random_range(0..SURNAMES.len())],
            GIVEN[rng.random_range(0..GIVEN.len())]
        )
    }
}

/// Member `i`'s tier (an index into the rules' tiers): seven in ten the entry tier.
/// Drawn first from the member's own seed, so the registration and the history that
/// earns the tier agree.
fn tier_index(i: u64, tiers: usize) -> usize {
    let mut rng = StdRng::seed_from_u64(i);
    match rng.random_range(0..100) {
        0..=69 => 0,
        70..=87 => 1,
        88..=96 => 2,
        _ => 3,
    }
    .min(tiers.saturating_sub(1))
}

fn request(i: u64, rng: &mut StdRng, tiers: &[String]) -> Request {
    let tier = tier_index(i, tiers.len());
    let _tier_roll: u32 = rng.random_range(0..100);
    let birthday = chrono::NaiveDate::from_ymd_opt(
        rng.random_range(1950..2006),
        rng.random_range(1..13),
        rng.random_range(1..29),
    );
    let id_doc = rng
        .random_ratio(3, 10)
        .then(|| format!("110101{:012}", 198_001_010_000 + i));
    Request::RegisterMember(RegisterMember {
        profile: Profile {
            name: name(rng),
            phone: Some(phone(i)),
            gender: Some(if rng.random_bool(0.5) {
                Gender::Female
            } else {
                Gender::Male
            }),
            birthday,
            id_doc,
            notes: String::new(),
            referrer: None,
            notices: None,
        },
        tier: tiers.get(tier).cloned(),
        credentials: vec![
            Credential::new(CredentialKind::Card, card_uid(i)),
            Credential::new(CredentialKind::Code, code(i)),
        ],
    })
}

/// The stays that earn member `i` the tier it was registered in, within the tier
/// window, so the first daily run after a period end keeps it there (a demo member of
/// 金卡 has the nights of a 金卡 member). None for the entry tier.
fn qualifying_stays(book: &Book, i: u64, member_no: &str, tag: &str) -> Vec<(String, Request)> {
    let rules = &book.terminal().rules;
    let rank = tier_index(i, rules.tiers.len());
    let Some(nights) = rules
        .tiers
        .get(rank)
        .and_then(|t| t.min_nights)
        .filter(|_| rank > 0)
    else {
        return Vec::new();
    };
    let per_stay = i64::from(rules.stay.max_nights.max(1));
    let mut out = Vec::new();
    let mut left = nights;
    while left > 0 {
        let n = left.min(per_stay);
        out.push((
            format!("{tag}-tier-stay-{i}-{left}"),
            Request::PostStay(StayPosting {
                member_no: member_no.into(),
                nights: u32::try_from(n).unwrap_or(1),
                room_revenue: Decimal::from(300 * n),
                folio_ref: format!("T{i}-{left}"),
                booker: None,
            }),
        ));
        left -= n;
    }
    out
}

/// Some members have money on the book: one in ten a top-up, one in seven a stay; and
/// every member above the entry tier has the stays its tier needs.
fn money_requests(
    book: &Book,
    tag: &str,
    range: std::ops::Range<u64>,
) -> Result<Vec<(String, Request)>, OpError> {
    let mut out = Vec::new();
    let tiers = book.terminal().rules.tiers.len();
    for i in range.filter(|&i| i % 10 == 0 || i % 7 == 0 || tier_index(i, tiers) > 0) {
        let card = Credential::new(CredentialKind::Card, card_uid(i));
        let Some(m) = crate::lookup::by_credential(book.conn(), &card)? else {
            continue;
        };
        let mut rng = StdRng::seed_from_u64(i ^ 0x5eed);
        out.extend(qualifying_stays(book, i, &m.member_no, tag));
        if i % 10 == 0 {
            let amount = [100, 200, 500, 1000][rng.random_range(0..4)];
            out.push((
                format!("{tag}-top-up-{i}"),
                Request::TopUp(TopUp {
                    member_no: m.member_no.clone().into(),
                    amount: Decimal::from(amount),
                    tender: Tender::Cash,
                }),
            ));
        }
        if i % 7 == 0 {
            out.push((
                format!("{tag}-stay-{i}"),
                Request::PostStay(StayPosting {
                    member_no: m.member_no.clone().into(),
                    nights: rng.random_range(1..4),
                    room_revenue: Decimal::from(rng.random_range(200..1200)),
                    folio_ref: format!("F{i}"),
                    booker: None,
                }),
            ));
        }
    }
    Ok(out)
}

/// Adds members `first..first+count` to the book in batches, calling `progress` with the
/// number written so far.
pub fn add_members(
    book: &mut Book,
    first: u64,
    count: u64,
    mut progress: impl FnMut(u64),
) -> Result<(), OpError> {
    const BATCH: u64 = 20_000;
    let actor = Actor::new("demo", book.terminal().outlet.clone());
    // Op ids are unique in a chain (the hub refuses a second use): each run tags its
    // ids with the terminal and fresh randomness, so demo books can sync together.
    let tag = format!(
        "demo-{}-{}",
        book.terminal().id,
        hex::encode(rand::random::<[u8; 6]>())
    );
    let tiers: Vec<String> = book
        .terminal()
        .rules
        .tiers
        .iter()
        .map(|t| t.name.clone())
        .collect();
    // Building a throwaway demo: durability per batch is not needed, speed is.
    book.conn().pragma_update(None, "synchronous", "OFF")?;
    // A big page cache keeps the indexes in memory while a million rows go in.
    book.conn().pragma_update(None, "cache_size", -262_144)?;
    // Statement journals in memory, not in temporary files.
    book.conn().pragma_update(None, "temp_store", "MEMORY")?;
    let mut done = 0;
    while done < count {
        let n = BATCH.min(count - done);
        let requests: Vec<(String, Request)> = (first + done..first + done + n)
            .map(|i| {
                let mut rng = StdRng::seed_from_u64(i);
                (format!("{tag}-{i}"), request(i, &mut rng, &tiers))
            })
            .collect();
        book.execute_batch(&actor, requests.iter().map(|(id, r)| (id.clone(), r)))?;
        done += n;
        progress(done);
    }
    // Money after all registrations, so member i keeps member no. prefix + i (the
    // benchmark picks keys by that).
    let mut done = 0;
    while done < count {
        let n = BATCH.min(count - done);
        let money = money_requests(book, &tag, first + done..first + done + n)?;
        book.execute_batch(&actor, money.iter().map(|(id, r)| (id.clone(), r)))?;
        done += n;
    }
    book.conn().pragma_update(None, "synchronous", "FULL")?;
    book.conn().pragma_update(None, "cache_size", -2_000)?;
    book.conn().pragma_update(None, "temp_store", "DEFAULT")?;
    Ok(())
}
