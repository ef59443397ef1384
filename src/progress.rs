//! Progress of long work (imports, exports, the synthetic generator): a bar on a terminal, plain lines otherwise,
//! nothing inside the server.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Plain progress lines are written at most this often.
const LINE_EVERY: Duration = Duration::from_secs(2);

/// Where progress goes.
enum Display {
    /// Nowhere (the server, tests).
    Hidden,
    /// A bar redrawn on standard error, a terminal.
    Bar(ProgressBar),
    /// A line on standard error now and then, and at the end of each stage.
    Lines(Mutex<Lines>),
}

struct Lines {
    stage: String,
    total: u64,
    done: u64,
    last: Instant,
}

/// The progress of one piece of work made of stages (a table, a step), each with a known number of rows.
pub struct Progress {
    display: Display,
    started: Instant,
}

impl Progress {
    /// Progress nobody sees.
    pub fn hidden() -> Self {
        Self { display: Display::Hidden, started: Instant::now() }
    }

    /// Progress on standard error: a bar when it is a terminal, plain lines when it is not (a log, a pipe).
    pub fn on_stderr() -> Self {
        let display = if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template("{prefix:>24} [{bar:40}] {pos}/{len} rows, {per_sec}, {eta} left")
                .map(|style| style.progress_chars("=> "))
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            Display::Bar(bar)
        } else {
            Display::Lines(Mutex::new(Lines { stage: String::new(), total: 0, done: 0, last: Instant::now() }))
        };
        Self { display, started: Instant::now() }
    }

    /// Starts a stage of `total` rows.
    pub fn stage(&self, name: &str, total: u64) {
        match &self.display {
            Display::Hidden => {}
            Display::Bar(bar) => {
                bar.set_prefix(name.to_owned());
                bar.set_length(total);
                bar.set_position(0);
            }
            Display::Lines(lines) => {
                if let Ok(mut lines) = lines.lock() {
                    lines.finish_stage();
                    *lines = Lines { stage: name.to_owned(), total, done: 0, last: Instant::now() };
                }
            }
        }
    }

    /// Counts `rows` more rows of the current stage as done.
    pub fn advance(&self, rows: u64) {
        match &self.display {
            Display::Hidden => {}
            Display::Bar(bar) => bar.inc(rows),
            Display::Lines(lines) => {
                if let Ok(mut lines) = lines.lock() {
                    lines.done += rows;
                    if lines.last.elapsed() >= LINE_EVERY {
                        lines.last = Instant::now();
                        eprintln!("{}: {} of {} rows", lines.stage, lines.done, lines.total);
                    }
                }
            }
        }
    }

    /// Ends the work: clears the bar, and returns how long it took.
    pub fn finish(&self) -> Duration {
        match &self.display {
            Display::Hidden => {}
            Display::Bar(bar) => bar.finish_and_clear(),
            Display::Lines(lines) => {
                if let Ok(mut lines) = lines.lock() {
                    lines.finish_stage();
                    lines.stage.clear();
                }
            }
        }
        self.started.elapsed()
    }
}

impl Lines {
    fn finish_stage(&mut self) {
        if !self.stage.is_empty() {
            eprintln!("{}: {} rows", self.stage, self.done);
        }
    }
}

/// Rows per second, for the summary line at the end of long work.
pub fn rate(rows: u64, elapsed: Duration) -> u64 {
    let seconds = elapsed.as_secs_f64();
    if seconds > 0.0 { (rows as f64 / seconds).round() as u64 } else { rows }
}
