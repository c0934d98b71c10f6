//! The pieces of the `kadesk` binary that tests and benchmarks reuse: the
//! typed configuration, first-start accounts and demo data, and the
//! benchmark commands. `main.rs` only parses the command line and calls them.

pub mod backup;
pub mod bench;
pub mod bench_reports;
pub mod bench_search;
pub mod cases_cli;
pub mod config;
pub mod contact_cli;
pub mod demo;
pub mod knowledge_cli;
pub mod nlu_cli;
pub mod report_cli;
pub mod shop_cli;
pub mod vision_cli;
