//! `carddesk hub bench --scope-members N`: a chain of 10 × N members (a registration
//! and a profile edit each, 20 × N entries, over ten outlets) pushed through a real hub
//! over HTTP; then a new terminal of the outlet group `o0` (N members) makes its first
//! pull into a fresh partial book: the real `carddesk sync`, in a process of its own.
//! Printed: entries of the scope per second, entries of the chain read past per second,
//! that process's peak memory, and the partial book's size on disk.

use std::time::{Duration, Instant};

use carddesk_data::entry::{Credential, CredentialKind, EntryBody, Profile, ProfilePatch};
use carddesk_data::partial::BookScope;
use carddesk_data::Lang;
use carddesk_model::text::CliTx;
use serde::Serialize;

use crate::sync::{HubClient, HubTransport, PUSH_BATCH};

const OUTLETS: usize = 10;

#[derive(Debug, Serialize)]
pub struct ScopeFigures {
    pub store: String,
    pub chain_members: usize,
    pub chain_entries: usize,
    pub group_members: usize,
    pub scope_entries: u64,
    pub first_pull_seconds: f64,
    pub scope_entries_per_second: f64,
    pub chain_entries_per_second: f64,
    /// The new terminal's process at its peak, MiB.
    pub peak_rss_mib: f64,
    pub book_mib: f64,
}

pub fn run(
    group_members: usize,
    chain_members: usize,
    stores: &[String],
    lang: Lang,
) -> anyhow::Result<()> {
    let tmp = super::bench::tempfile_dir("scope-bench")?;
    let stores: Vec<String> = if stores.is_empty() {
        vec![format!("sqlite:{}", tmp.join("scope-hub.db").display())]
    } else {
        stores.to_vec()
    };
    let mut all = Vec::new();
    for store in &stores {
        let f = measure(store, group_members, chain_members, &tmp);
        let f = match f {
            Ok(f) => f,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&tmp);
                return Err(e);
            }
        };
        println!(
            "{} {:<10} {}: {} {} ({} {}) {:.2} s = {:.0} {}/s, {:.0} {}/s; {} {:.0} MiB; {} {:.1} MiB",
            CliTx::Hub.get(lang),
            f.store,
            CliTx::BenchScopeFirstPull.get(lang),
            f.group_members,
            CliTx::BenchMembers.get(lang),
            f.scope_entries,
            CliTx::BenchEntries.get(lang),
            f.first_pull_seconds,
            f.scope_entries_per_second,
            CliTx::BenchEntries.get(lang),
            f.chain_entries_per_second,
            CliTx::BenchChainEntries.get(lang),
            CliTx::BenchPeakMemory.get(lang),
            f.peak_rss_mib,
            CliTx::BenchPartialBook.get(lang),
            f.book_mib,
        );
        all.push(f);
    }
    println!("{}", serde_json::to_string(&all)?);
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(())
}

/// The chain's shape: `members` members (10 × the group's by default), `group` of them
/// registered at outlet `o0` (spread evenly through the chain), the rest at `o1`..`o9`;
/// each registered, then edited.
#[derive(Clone, Copy)]
struct Shape {
    members: usize,
    group: usize,
}

impl Shape {
    fn entries(&self) -> usize {
        self.members * 2
    }

    fn outlet(&self, m: usize) -> usize {
        let stride = (self.members / self.group.max(1)).max(1);
        if m.is_multiple_of(stride) && m / stride < self.group {
            0
        } else {
            1 + m % (OUTLETS - 1)
        }
    }

    /// Entry `i` of the chain: its body, member no. and outlet.
    fn entry(&self, i: usize) -> (EntryBody, String, String) {
        let m = i % self.members;
        let body = if i < self.members {
            EntryBody::MemberRegistered {
                profile: Profile {
                    name: format!("门店组会员{m}"),
                    phone: Some(format!("13{m:09}")),
                    ..Default::default()
                },
                tier: "普通".into(),
                credentials: vec![Credential::new(CredentialKind::Code, format!("SC{m:010}"))],
            }
        } else {
            EntryBody::MemberEdited {
                changes: ProfilePatch {
                    notes: Some(format!("偏好 {m}")),
                    ..Default::default()
                },
                credentials: vec![],
            }
        };
        (body, format!("7{m:09}"), format!("o{}", self.outlet(m)))
    }
}

/// Entries made, signed and pushed at a time: a chain of millions is never held whole.
const PART: usize = 100_000;

/// Makes the chain of `terminal` and pushes it through `client` as it is made, saying
/// how far it got every million entries on standard error (a big chain takes minutes).
fn push_chain(client: &HubClient, terminal: &str, shape: Shape) -> anyhow::Result<()> {
    let key = carddesk_data::signing::TerminalKey::generate();
    let mut chain = super::bench::Chain::new(terminal, "scope", &key);
    let started = Instant::now();
    let mut made = 0;
    while made < shape.entries() {
        let n = PART.min(shape.entries() - made);
        let part = chain.next(n, |i| shape.entry(i))?;
        for batch in part.chunks(PUSH_BATCH) {
            client.push(terminal, batch)?;
        }
        made += n;
        if made % 1_000_000 == 0 {
            eprintln!(
                "{made} / {} ({:.0} s)",
                shape.entries(),
                started.elapsed().as_secs_f64()
            );
        }
    }
    Ok(())
}

/// Runs `cmd` to its end, watching its peak resident memory (`VmHWM`, which only
/// grows) every 2 ms: its output and that peak, MiB. (The kernel's `ru_maxrss` of a
/// child started from this process carries this process's own peak across `exec`.)
/// Its standard error goes to `stderr`, a file: a pipe nobody reads while it runs
/// could fill and stop it.
fn run_watched(
    cmd: &mut std::process::Command,
    stderr: &std::path::Path,
) -> anyhow::Result<(std::process::Output, f64)> {
    let mut child = cmd
        .stdout(std::process::Stdio::piped())
        .stderr(std::fs::File::create(stderr)?)
        .spawn()?;
    let status = format!("/proc/{}/status", child.id());
    let mut peak_kib = 0.0_f64;
    while child.try_wait()?.is_none() {
        let hwm = std::fs::read_to_string(&status).ok().and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.split_whitespace().next())
                .and_then(|kib| kib.parse::<f64>().ok())
        });
        peak_kib = peak_kib.max(hwm.unwrap_or(0.0));
        std::thread::sleep(Duration::from_millis(2));
    }
    Ok((child.wait_with_output()?, peak_kib / 1024.0))
}

/// The new terminal's folder: its config (the group `o0`, the bench's hub over plain
/// HTTP on loopback) and its token file.
fn terminal_config(
    dir: &std::path::Path,
    terminal: &str,
    url: &str,
    token: &str,
) -> anyhow::Result<std::path::PathBuf> {
    let mut outlets = String::new();
    for i in 0..OUTLETS {
        outlets.push_str(&format!(
            "[[rules.outlets]]\nid = \"o{i}\"\nname = \"O{i}\"\nearn_per_unit = 1\n"
        ));
    }
    let config = format!(
        "[terminal]\nid = \"{terminal}\"\noutlet = \"o0\"\nmember_prefix = \"6\"\n\
         [database]\npath = \"book.db\"\n\
         [log]\npath = \"carddesk.log\"\n\
         [sync]\nhub_url = \"{url}\"\ninsecure_http = true\nscope = \"group\"\ngroup_outlets = [\"o0\"]\n\
         {outlets}"
    );
    let path = dir.join("config.toml");
    carddesk_data::signing::write_private(&path, &config)?;
    crate::credential::save(
        &dir.join("hub-token.toml"),
        &crate::credential::Credential {
            terminal: terminal.to_string(),
            token: token.to_string(),
            fingerprint: String::new(),
        },
    )?;
    Ok(path)
}

pub fn measure(
    store: &str,
    group: usize,
    chain_members: usize,
    tmp: &std::path::Path,
) -> anyhow::Result<ScopeFigures> {
    let terminal = format!("SCOPE_{:08x}", rand::random::<u32>());
    let reader = format!("GROUP_{:08x}", rand::random::<u32>());
    let shape = Shape {
        members: if chain_members == 0 {
            group * OUTLETS
        } else {
            chain_members.max(group)
        },
        group,
    };
    let chain_entries = shape.entries();
    let config = super::serve_config(&crate::config::HubConfig::default());
    let hub = carddesk_hub::run::spawn(store, &[terminal.clone(), reader.clone()], config)?;
    let url = format!("http://{}", hub.addr);
    let token = |i: usize| hub.tokens.get(i).cloned().unwrap_or_default();
    let client = HubClient::new(&url, &token(0), "", Duration::from_secs(300))?;
    push_chain(&client, &terminal, shape)?;
    let reader_client = HubClient::new(&url, &token(1), "", Duration::from_secs(300))?;
    // The new terminal's book. A store of earlier runs holds other terminals: it starts
    // at their tips, as if the chain were only this run's.
    let dir = tmp.join(&reader);
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("book.db");
    let mut book = carddesk_data::Book::create(
        &path,
        carddesk_data::Terminal {
            id: reader.clone(),
            outlet: "o0".into(),
            member_prefix: "6".into(),
            rules: carddesk_data::Rules::default(),
        },
        Box::new(carddesk_data::SystemClock),
    )?;
    book.set_scope(&BookScope::Group {
        outlets: vec!["o0".into()],
    })?;
    let mut others = std::collections::BTreeMap::new();
    for (t, tip) in reader_client.tips()? {
        if t != terminal {
            others.insert(t, tip.seq);
        }
    }
    book.ingest_partial(Vec::new(), Vec::new(), &others, &[], None)?;
    drop(book);
    // The first pull is the real `carddesk sync` of the new terminal, in its own
    // process: its peak memory is that process's, nothing of the bench's.
    let config = terminal_config(&dir, &reader, &url, &token(1))?;
    let started = Instant::now();
    let errors = dir.join("sync-stderr.txt");
    let (out, peak) = run_watched(
        std::process::Command::new(std::env::current_exe()?)
            .arg("--config")
            .arg(&config)
            .args(["sync", "--json"]),
        &errors,
    )?;
    let seconds = started.elapsed().as_secs_f64();
    anyhow::ensure!(
        out.status.success(),
        "the new terminal's sync failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        std::fs::read_to_string(&errors).unwrap_or_default()
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    let applied = report["applied"].as_u64().unwrap_or(0);
    anyhow::ensure!(
        report["ok"] == true && applied == (group * 2) as u64,
        "the group's book took {applied} entries, not {}: {report}",
        group * 2
    );
    drop(hub);
    let book_mib = std::fs::metadata(&path)?.len() as f64 / (1024.0 * 1024.0);
    Ok(ScopeFigures {
        store: super::bench::store_kind(store).into(),
        chain_members: shape.members,
        chain_entries,
        group_members: group,
        scope_entries: applied,
        first_pull_seconds: seconds,
        scope_entries_per_second: applied as f64 / seconds.max(1e-9),
        chain_entries_per_second: chain_entries as f64 / seconds.max(1e-9),
        peak_rss_mib: peak,
        book_mib,
    })
}
