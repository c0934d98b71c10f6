//! The data folder and the database in it are private to the server's user.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::process::Command;

fn mode(path: &std::path::Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

#[test]
fn a_new_data_folder_is_0700_and_its_database_0600() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("srv").join("kadesk-data");
    let out = Command::new(env!("CARGO_BIN_EXE_kadesk"))
        .args(["user", "add", "--username", "probe", "--data-dir"])
        .arg(&data)
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(mode(&data), 0o700, "the data folder");
    assert_eq!(mode(&data.join("kadesk.db")), 0o600, "the database file");
}
