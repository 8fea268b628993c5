//! Stopping an inspection from another thread.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

/// A flag that asks an inspection to stop: its readers, and the matching of its segments
/// ([`FindOptions::cancel`](crate::FindOptions::cancel)). Cloning shares the flag.
///
/// The gateway raises it when a scan outlives its deadline, so the scan ends within
/// milliseconds instead of running on, unseen, on a worker.
///
/// ```
/// let cancel = mijian_core::Cancel::new();
/// let held_by_the_scan = cancel.clone();
/// cancel.cancel();
/// assert!(held_by_the_scan.is_cancelled());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Cancel(Arc<AtomicBool>);

impl Cancel {
    /// A flag not yet raised.
    pub fn new() -> Cancel {
        Cancel::default()
    }

    /// Asks every holder of this flag to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether [`cancel`](Cancel::cancel) was called.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}
