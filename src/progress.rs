//! Progress bars on stderr, shown only when asked for and stderr is a terminal.

use std::io::IsTerminal;

/// A bar counting `len` items of `unit` (e.g. "commits"), or `None` when no bar is
/// wanted or stderr is not a terminal.
pub(crate) fn bar(len: u64, unit: &str, wanted: bool) -> Option<indicatif::ProgressBar> {
    if !wanted || !std::io::stderr().is_terminal() {
        return None;
    }
    let pb = indicatif::ProgressBar::new(len);
    let template =
        format!("{{spinner}} history {{wide_bar}} {{pos}}/{{len}} {unit} {{msg}} ETA {{eta}}");
    pb.set_style(indicatif::ProgressStyle::with_template(&template).ok()?);
    Some(pb)
}
