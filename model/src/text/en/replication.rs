//! Why the hub or a terminal refused a replicated entry, in en (the error's own
//! `Display`, which the log keeps, says the same).

use crate::wire::ReplicationError;

pub(super) fn replication(e: &ReplicationError) -> String {
    match e {
        ReplicationError::Malformed { entry_id, detail } => {
            format!("entry {entry_id}: malformed: {detail}")
        }
        ReplicationError::HashMismatch { entry_id } => {
            format!("entry {entry_id}: its content does not match its hash")
        }
        ReplicationError::Gap {
            terminal,
            expected,
            found,
        } => format!(
            "terminal {terminal}: expected seq {expected}, got {found} (a gap or reordering)"
        ),
        ReplicationError::ChainBroken { entry_id } => {
            format!("entry {entry_id}: prev_hash does not continue the chain")
        }
        ReplicationError::ContentDiffers { entry_id } => {
            format!("entry {entry_id}: differs from the stored entry with the same id")
        }
        ReplicationError::OpIdReused {
            entry_id,
            op_id,
            other,
        } => format!("entry {entry_id}: op_id {op_id:?} is already used by entry {other}"),
        ReplicationError::Forged { entry_id, detail } => {
            format!("entry {entry_id}: its balance effects do not follow from its body: {detail}")
        }
        ReplicationError::Signature { entry_id, detail } => {
            format!("entry {entry_id}: {detail}")
        }
        ReplicationError::Storage(m) => format!("storage: {m}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_the_log_says() {
        let e = ReplicationError::OpIdReused {
            entry_id: "T01-9".into(),
            op_id: "o".into(),
            other: "T02-3".into(),
        };
        assert_eq!(replication(&e), e.to_string());
    }
}
