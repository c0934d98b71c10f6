//! Quality gate: similar-case search puts the right past case in the first
//! three for at least 85 % of the labelled held-out set
//! (`data/cases/eval.json`, built by `data/cases/make_eval.py`; the scoring
//! weights were not tuned on it).

use kadesk_knowledge::cases::{evaluate, CaseEvalSet};

#[test]
fn the_right_case_is_in_the_top_three_for_85_percent() {
    let set: CaseEvalSet =
        serde_json::from_str(include_str!("../data/cases/eval.json")).expect("eval set parses");
    let report = evaluate(&set);
    println!("{report}");
    assert!(report.queries >= 60, "{} queries", report.queries);
    assert!(report.top3 >= 0.85, "top-3 {:.3}", report.top3);
}
