//! `carddesk demo` and `carddesk --demo`: build the demo book.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use carddesk_model::text::CliMsg;

use crate::config::Loaded;

/// Where `--demo` keeps its database when `--db` does not say.
pub fn default_path() -> PathBuf {
    PathBuf::from("demo/carddesk-demo.db")
}

pub fn remove_db(path: &Path) -> anyhow::Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{suffix}", path.display()));
        match std::fs::remove_file(&p) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove {}", p.display())),
        }
    }
    Ok(())
}

/// Builds a demo book of `members` members at `path`, printing progress to stderr.
pub fn build(loaded: &Loaded, path: &Path, members: u64, force: bool) -> anyhow::Result<()> {
    if path.exists() {
        if !force {
            return Err(crate::exit::Refusal {
                exit: crate::exit::Exit::Refused,
                message: CliMsg::DemoExists {
                    path: path.display().to_string(),
                }
                .get(loaded.config.ui.language),
            }
            .into());
        }
        remove_db(path)?;
    }
    let started = Instant::now();
    let mut book = crate::create_book(loaded, path)?;
    let step = (members / 10).max(1);
    carddesk_data::demo::add_members(&mut book, 1, members, |done| {
        if done % step == 0 || done == members {
            eprintln!(
                "  {done} members ({:.1} s)",
                started.elapsed().as_secs_f64()
            );
        }
    })?;
    eprintln!(
        "demo database {} built: {members} members in {:.1} s",
        path.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
