//! The scan workers and the queue in front of them.
//!
//! A request's trip to the scanner is one job for one worker; at most `limit` jobs run at once
//! and the rest wait in a first-in, first-out queue that the workers drain themselves: a worker
//! that finishes a job hands the next one to its own pool thread, without going back to the
//! async threads. It used to be a tokio semaphore in front of the pool: every finished scan
//! released a permit, which woke an async thread (an `eventfd` write and an `epoll` round trip
//! when it was parked) only so that it could hand the next request to the pool, which woke the
//! pool thread again. On one core that was two thread switches per request for nothing.
//!
//! The next job goes to the pool as a new task rather than running in a loop on the same stack:
//! a pool thread waiting inside a scan's parallel wave may pick up other tasks of the pool, and a
//! loop would then keep it away from its own scan for as long as the queue is not empty; a task
//! holds it for one job at most, as a job taken from the pool always could.
//!
//! A job still in the queue can be withdrawn ([`Place::withdraw`], when its request has waited
//! for a worker as long as it may): it then never runs.

use std::collections::VecDeque;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// Runs jobs on at most `limit` threads at once, in the order they were submitted.
pub struct Workers {
    shared: Arc<Shared>,
    pool: Option<rayon::ThreadPool>,
}

struct Shared {
    limit: usize,
    queue: Mutex<Queue>,
}

#[derive(Default)]
struct Queue {
    waiting: VecDeque<Job>,
    /// Jobs running or handed to a thread to run.
    running: usize,
}

/// Where a submitted job stands: waiting, started, or withdrawn before it started.
#[derive(Clone)]
pub struct Place(Arc<AtomicU8>);

const WAITING: u8 = 0;
const STARTED: u8 = 1;
const WITHDRAWN: u8 = 2;

impl Place {
    fn start(&self) -> bool {
        self.0.compare_exchange(WAITING, STARTED, Ordering::AcqRel, Ordering::Acquire).is_ok()
    }

    /// Takes the job out of the queue if it has not started: `true` means it will never run;
    /// `false`, that it has started (or was withdrawn before).
    pub fn withdraw(&self) -> bool {
        self.0.compare_exchange(WAITING, WITHDRAWN, Ordering::AcqRel, Ordering::Acquire).is_ok()
    }
}

impl Workers {
    /// `limit` threads named `mijian-inspect-N` (at least one). A job that panics ends alone:
    /// its thread goes on with the next. Without threads (the system refused them) jobs run on
    /// tokio's blocking pool, `limit` at a time all the same.
    pub fn new(limit: usize) -> Workers {
        let limit = limit.max(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(limit)
            .thread_name(|i| format!("mijian-inspect-{i}"))
            .panic_handler(|_| {})
            .build()
            .ok();
        Workers { shared: Arc::new(Shared { limit, queue: Mutex::new(Queue::default()) }), pool }
    }

    /// Queues `job`: it runs on a worker once one is free and every job submitted before it
    /// has started, unless its [`Place`] is withdrawn first.
    pub fn submit(&self, job: impl FnOnce() + Send + 'static) -> Place {
        let place = Place(Arc::new(AtomicU8::new(WAITING)));
        let mine = place.clone();
        let job: Job = Box::new(move || {
            if mine.start() {
                job();
            }
        });
        let now = {
            let mut q = self.shared.queue.lock().unwrap_or_else(PoisonError::into_inner);
            if q.running < self.shared.limit {
                q.running += 1;
                Some(job)
            } else {
                q.waiting.push_back(job);
                None
            }
        };
        if let Some(job) = now {
            let shared = self.shared.clone();
            match &self.pool {
                Some(pool) => pool.spawn(move || run_on_pool(shared, job)),
                None => drop(tokio::task::spawn_blocking(move || run_blocking(shared, job))),
            }
        }
        place
    }
}

impl Shared {
    /// The next job for a worker that just finished one, or `None` (and one worker fewer).
    fn next(&self) -> Option<Job> {
        let mut q = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
        let next = q.waiting.pop_front();
        if next.is_none() {
            q.running -= 1;
        }
        next
    }
}

fn run_on_pool(shared: Arc<Shared>, job: Job) {
    let _ = catch_unwind(AssertUnwindSafe(job));
    if let Some(next) = shared.next() {
        // Called on a pool thread, `rayon::spawn` puts the task on this thread's own deque: the
        // thread takes it as soon as this one returns, with no wake-up.
        rayon::spawn(move || run_on_pool(shared, next));
    }
}

fn run_blocking(shared: Arc<Shared>, mut job: Job) {
    loop {
        let _ = catch_unwind(AssertUnwindSafe(job));
        match shared.next() {
            Some(next) => job = next,
            None => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;
    use std::sync::mpsc;
    use std::time::Duration;

    const LONG: Duration = Duration::from_secs(30);

    #[test]
    fn jobs_run_in_order_at_most_limit_at_once() {
        let w = Workers::new(2);
        let (now, most) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (done_tx, done_rx) = mpsc::channel();
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let go_rx = Arc::new(Mutex::new(go_rx));
        for i in 0..20 {
            let (now, most, done_tx, go_rx) = (now.clone(), most.clone(), done_tx.clone(), go_rx.clone());
            w.submit(move || {
                let n = now.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(n, Ordering::SeqCst);
                done_tx.send(("started", i)).unwrap();
                // Every job holds its worker until the test lets one go.
                go_rx.lock().unwrap().recv_timeout(LONG).unwrap();
                now.fetch_sub(1, Ordering::SeqCst);
            });
        }
        let mut started = Vec::new();
        for _ in 0..2 {
            started.push(done_rx.recv_timeout(LONG).unwrap().1);
        }
        assert!(done_rx.recv_timeout(Duration::from_millis(100)).is_err(), "a third job started beside two");
        for _ in 2..20 {
            go_tx.send(()).unwrap();
            started.push(done_rx.recv_timeout(LONG).unwrap().1);
        }
        for _ in 0..2 {
            go_tx.send(()).unwrap();
        }
        started[..2].sort();
        assert_eq!(started, (0..20).collect::<Vec<_>>(), "first in, first out");
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_withdrawn_job_never_runs_and_a_started_one_cannot_be_withdrawn() {
        let w = Workers::new(1);
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let (ran_tx, ran_rx) = mpsc::channel();
        let first = {
            let ran_tx = ran_tx.clone();
            w.submit(move || {
                ran_tx.send(1).unwrap();
                go_rx.recv_timeout(LONG).unwrap();
            })
        };
        assert_eq!(ran_rx.recv_timeout(LONG).unwrap(), 1);
        let second = w.submit({
            let ran_tx = ran_tx.clone();
            move || ran_tx.send(2).unwrap()
        });
        let third = w.submit(move || ran_tx.send(3).unwrap());
        assert!(!first.withdraw(), "the first job has started");
        assert!(second.withdraw(), "the second is still waiting");
        assert!(!second.withdraw(), "withdrawn once");
        go_tx.send(()).unwrap();
        assert_eq!(ran_rx.recv_timeout(LONG).unwrap(), 3, "the withdrawn job was skipped");
        assert!(!third.withdraw());
    }

    #[test]
    fn a_panicking_job_does_not_take_its_worker_with_it() {
        let w = Workers::new(1);
        for _ in 0..3 {
            w.submit(|| panic!("a reader bug"));
        }
        let (tx, rx) = mpsc::channel();
        w.submit(move || tx.send("ran").unwrap());
        assert_eq!(rx.recv_timeout(LONG).unwrap(), "ran");
    }
}
