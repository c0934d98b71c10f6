//! `kadesk shop import|lookup|sign` as an operator runs them.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::process::{Command, Output};

use common::{kadesk_command, text};

fn kadesk(data: &std::path::Path, args: &[&str]) -> Output {
    kadesk_command(data, args)
        .env("KADESK_LOG", "trace")
        .env_remove("KADESK_SHOP__WEBHOOK_SECRET")
        .output()
        .unwrap()
}

#[test]
fn import_then_lookup_shows_masked_keys_and_the_key_file_is_private() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("orders.csv");
    std::fs::write(
        &csv,
        "order_no,product,email,amount,payment_status,delivery_status,card_keys,created_at\n\
         CSV0001,Netflix 高级版 1 个月,fan@163.com,69.00,paid,delivered,NFLX-7Q2M-9PL4-ZR8T,2024-11-20 14:00:00\n\
         CSV0002,Netflix 高级版 1 个月,fan@163.com,69.00,paid,,,\n\
         CSV0003,Netflix 高级版 1 个月,fan@163.com,sixty,paid,,,\n",
    )
    .unwrap();
    let out = kadesk(dir.path(), &["shop", "import", csv.to_str().unwrap()]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("2 new, 0 updated, 1 skipped"), "{stdout}");
    assert!(stdout.contains("line 4"), "{stdout}");
    assert!(
        !text(&out.stderr).contains("7Q2M-9PL4"),
        "no key in the trace log"
    );

    let key_file = dir.path().join("keys").join("card.key");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let again = kadesk(dir.path(), &["shop", "import", csv.to_str().unwrap()]);
    assert!(
        text(&again.stdout).contains("0 new, 2 updated"),
        "{}",
        text(&again.stdout)
    );

    let out = kadesk(dir.path(), &["shop", "lookup", "--contact", "fan@163.com"]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("CSV0001") && stdout.contains("CSV0002"),
        "{stdout}"
    );
    assert!(stdout.contains("NFLX-****-****-ZR8T"), "{stdout}");
    assert!(!stdout.contains("7Q2M"), "{stdout}");

    let out = kadesk(dir.path(), &["shop", "lookup", "--order-no", "NOPE"]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("no order found"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_different_card_key_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("orders.csv");
    std::fs::write(
        &csv,
        "order_no,product,email,amount,payment_status\nCSV1,p,a@qq.com,1,paid\n",
    )
    .unwrap();
    assert!(
        kadesk(dir.path(), &["shop", "import", csv.to_str().unwrap()])
            .status
            .success()
    );
    std::fs::remove_file(dir.path().join("keys").join("card.key")).unwrap();
    let out = kadesk(dir.path(), &["shop", "import", csv.to_str().unwrap()]);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("restore the original key"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn sign_prints_a_header_the_server_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("body.json");
    std::fs::write(&body, "{\"order\":{}}").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kadesk"))
        .args(["shop", "sign", body.to_str().unwrap(), "--data-dir"])
        .arg(dir.path())
        .env("KADESK_SHOP__WEBHOOK_SECRET", "whsec_cli")
        .current_dir(dir.path())
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let header = stdout.trim().strip_prefix("X-Kadesk-Signature: ").unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    assert!(
        kadesk_shop::webhook::verify("whsec_cli", Some(header), b"{\"order\":{}}", now).is_ok()
    );
}
