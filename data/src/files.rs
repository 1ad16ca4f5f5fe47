//! Files carddesk writes outside the book (exports, receipts, backups, restores): where
//! they may go and who may read them. An output never lands on the open book, its
//! -wal/-shm or a hub store; an existing file is replaced only when asked; every file
//! is created owner-only (or with the mode of the file it replaces) before a byte of
//! data is in it, and folders carddesk creates are owner-only.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::lang::Lang;
use crate::text::FileMsg;

/// Owner read/write: files holding member or staff data.
pub const PRIVATE_FILE: u32 = 0o600;
/// Owner only: folders carddesk creates for such files.
pub const PRIVATE_DIR: u32 = 0o700;

/// SQLite's companions of a database file, which are the database too.
const COMPANIONS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// `PRAGMA application_id` of a hub file ("CDHB"), as stored in the SQLite header.
const HUB_APPLICATION_ID: [u8; 4] = *b"CDHB";

/// Why an output was refused or failed; nothing was written under its name.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{0}: this is the open book (or its -wal/-shm); refused, nothing written")]
    IsBook(PathBuf),
    #[error("{0}: this is a hub store; refused, nothing written")]
    IsHubStore(PathBuf),
    #[error("{0} already exists; add --force to replace it")]
    Exists(PathBuf),
    #[error("{0}: not a file (a folder?); refused, nothing written")]
    NotAFile(PathBuf),
    #[error("cannot write {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {message}")]
    Write { path: PathBuf, message: String },
}

impl FileError {
    /// The refusal in the operator's language, naming the path.
    pub fn message(&self, lang: Lang) -> String {
        let path = |p: &Path| p.display().to_string();
        match self {
            FileError::IsBook(p) => FileMsg::OutputIsBook { path: path(p) },
            FileError::IsHubStore(p) => FileMsg::OutputIsHubStore { path: path(p) },
            FileError::Exists(p) => FileMsg::OutputExists { path: path(p) },
            FileError::NotAFile(p) => FileMsg::OutputNotAFile { path: path(p) },
            FileError::Io { path: p, source } => FileMsg::OutputFailed {
                path: path(p),
                detail: source.to_string(),
            },
            FileError::Write { path: p, message } => FileMsg::OutputFailed {
                path: path(p),
                detail: message.clone(),
            },
        }
        .get(lang)
    }

    pub fn io(path: &Path, source: io::Error) -> FileError {
        FileError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Refuses `target` if it is the book at `book` (any spelling: symlinks, `..`, a hard
/// link), one of its companions, or a hub store; and, unless `force`, if it exists.
pub fn check_output(target: &Path, book: &Path, force: bool) -> Result<(), FileError> {
    let resolved = resolve(target).map_err(|e| FileError::io(target, e))?;
    let base = strip_companion(&resolved);
    let book_files =
        std::iter::once(book.to_path_buf()).chain(COMPANIONS.map(|s| suffixed(book, s)));
    for candidate in [&resolved, &base] {
        if same_file(candidate, book) {
            return Err(FileError::IsBook(target.to_path_buf()));
        }
    }
    for b in book_files {
        if same_file(&resolved, &b) {
            return Err(FileError::IsBook(target.to_path_buf()));
        }
    }
    if is_hub_store(&resolved) || is_hub_store(&base) {
        return Err(FileError::IsHubStore(target.to_path_buf()));
    }
    match fs::symlink_metadata(target) {
        Ok(m) if m.is_dir() => Err(FileError::NotAFile(target.to_path_buf())),
        Ok(_) if !force => Err(FileError::Exists(target.to_path_buf())),
        Ok(_) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(FileError::io(target, e)),
    }
}

/// The absolute path `p` names: the parent folder canonicalized plus the file name, and
/// the file itself followed when it is a symlink.
fn resolve(p: &Path) -> io::Result<PathBuf> {
    if let Ok(c) = fs::canonicalize(p) {
        return Ok(c);
    }
    let name = p
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let parent = match p.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Ok(fs::canonicalize(parent)?.join(name))
}

fn suffixed(p: &Path, suffix: &str) -> PathBuf {
    let mut s = p.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// `x.db-wal` → `x.db`: the database a companion file belongs to.
fn strip_companion(p: &Path) -> PathBuf {
    let s = p.to_string_lossy();
    COMPANIONS
        .iter()
        .find_map(|c| s.strip_suffix(c))
        .map(PathBuf::from)
        .unwrap_or_else(|| p.to_path_buf())
}

/// One file under two names: the same canonical path, or the same device and inode.
fn same_file(a: &Path, b: &Path) -> bool {
    if let (Ok(ca), Ok(cb)) = (resolve(a), resolve(b)) {
        if ca == cb {
            return true;
        }
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(ma), Ok(mb)) = (fs::metadata(a), fs::metadata(b)) {
            return ma.dev() == mb.dev() && ma.ino() == mb.ino();
        }
    }
    false
}

/// A SQLite file whose header carries the hub's application id.
fn is_hub_store(p: &Path) -> bool {
    use std::io::Read;
    let mut header = [0u8; 72];
    fs::File::open(p)
        .and_then(|mut f| f.read_exact(&mut header))
        .is_ok()
        && header.starts_with(b"SQLite format 3\0")
        && header[68..72] == HUB_APPLICATION_ID
}

/// The mode a new file under `target` gets: the mode of the file it replaces, else
/// owner-only.
fn mode_for(target: &Path) -> u32 {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(m) = fs::metadata(target) {
            return m.permissions().mode() & 0o7777;
        }
    }
    PRIVATE_FILE
}

/// A new, empty file beside `target` (same folder, so the final rename is atomic),
/// created with its final mode before any data is written to it. Dropped unpersisted,
/// it is removed.
pub fn staging(target: &Path) -> Result<tempfile::NamedTempFile, FileError> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".partial");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(mode_for(target)));
    }
    builder
        .tempfile_in(dir)
        .map_err(|e| FileError::io(target, e))
}

/// Puts a finished, synced staging file under `target`: replacing it only with `force`
/// (a file that appeared meanwhile is not replaced), then syncs the folder.
pub fn publish(
    staged: tempfile::NamedTempFile,
    target: &Path,
    force: bool,
) -> Result<(), FileError> {
    staged
        .as_file()
        .sync_all()
        .map_err(|e| FileError::io(target, e))?;
    let result = if force {
        staged.persist(target)
    } else {
        staged.persist_noclobber(target)
    };
    result.map_err(|e| {
        if e.error.kind() == io::ErrorKind::AlreadyExists {
            FileError::Exists(target.to_path_buf())
        } else {
            FileError::io(target, e.error)
        }
    })?;
    sync_dir(target)
}

/// Makes a rename durable: on Linux a rename lives in the folder's own data.
pub fn sync_dir(path: &Path) -> Result<(), FileError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::File::open(dir)
        .and_then(|d| d.sync_all())
        .map_err(|e| FileError::io(dir, e))
}

/// Writes `target` in one piece with what `write` puts in the staging file, after
/// `check_output`. Returns what `write` returned.
pub fn write_output<T, E>(
    target: &Path,
    book: &Path,
    force: bool,
    write: impl FnOnce(&mut fs::File) -> Result<T, E>,
) -> Result<T, OutputError<E>> {
    check_output(target, book, force)?;
    let mut staged = staging(target)?;
    let value = write(staged.as_file_mut()).map_err(OutputError::Write)?;
    publish(staged, target, force)?;
    Ok(value)
}

/// A refused or failed output, or the writer's own error.
#[derive(Debug, thiserror::Error)]
pub enum OutputError<E> {
    #[error(transparent)]
    File(#[from] FileError),
    #[error("{0}")]
    Write(E),
}

/// Creates `dir` and any missing parents owner-only; folders that exist keep their mode.
pub fn create_private_dir(dir: &Path) -> Result<(), FileError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(PRIVATE_DIR);
    }
    builder.create(dir).map_err(|e| FileError::io(dir, e))
}

/// A warning for each of `paths` that exists and is readable by group or others, with
/// the chmod that fixes it.
pub fn loose_mode_warnings(paths: &[&Path], lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    #[cfg(unix)]
    for p in paths {
        use std::os::unix::fs::PermissionsExt;
        let Ok(m) = fs::metadata(p) else { continue };
        let mode = m.permissions().mode();
        if mode & 0o044 == 0 {
            continue;
        }
        let fix = if m.is_dir() { "700" } else { "600" };
        out.push(
            FileMsg::LooseMode {
                path: p.display().to_string(),
                mode: mode & 0o777,
                fix,
            }
            .get(lang),
        );
    }
    #[cfg(not(unix))]
    let _ = (paths, lang);
    out
}
