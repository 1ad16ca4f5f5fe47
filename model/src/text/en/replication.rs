//! Why the hub or a terminal refused a replicated entry, in en (as the error's own
//! text, which the log keeps).

use crate::wire::ReplicationError;

pub(super) fn replication(e: &ReplicationError) -> String {
    e.to_string()
}
