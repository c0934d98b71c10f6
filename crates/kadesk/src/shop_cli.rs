//! `kadesk shop import|lookup|sign`: the shop's orders from the command line.

use std::path::PathBuf;

use clap::Args;
use kadesk_shop::Shop;
use kadesk_store::Store;

use crate::config::Config;

/// `kadesk shop import FILE`
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// A CSV file with a header line (UTF-8). Columns: order_no, product,
    /// contact or email/phone/qq, amount (or amount_cents), payment_status;
    /// optional trade_no, lookup_password, quantity, currency,
    /// delivery_status, manual_delivery, created_at, paid_at, delivered_at,
    /// card_keys (several separated by | or new lines).
    pub file: PathBuf,
}

/// `kadesk shop lookup`
#[derive(Debug, Args)]
pub struct LookupArgs {
    /// An order number.
    #[arg(long, required_unless_present = "contact")]
    pub order_no: Option<String>,
    /// An e-mail, phone or QQ number used at purchase.
    #[arg(long)]
    pub contact: Option<String>,
    /// Print one JSON object per order (card keys masked).
    #[arg(long)]
    pub json: bool,
}

/// `kadesk shop sign FILE`
#[derive(Debug, Args)]
pub struct SignArgs {
    /// The exact webhook body to sign.
    pub file: PathBuf,
}

/// The shop of the configuration (the card key from config or the key file).
pub fn open_shop(config: &Config, store: Store) -> anyhow::Result<Shop> {
    Shop::from_config(store, &config.shop, &config.server.data_dir).map_err(|e| anyhow::anyhow!(e))
}

/// Imports a CSV file into the built-in order store.
pub async fn import(config: &Config, store: Store, args: ImportArgs) -> anyhow::Result<()> {
    let data = std::fs::read(&args.file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.file.display()))?;
    let shop = open_shop(config, store.clone())?;
    shop.check_key().await.map_err(|e| anyhow::anyhow!(e))?;
    let report = shop
        .import_csv(&data)
        .await
        .map_err(|e| anyhow::anyhow!("{}: {e}", args.file.display()))?;
    store
        .audit(
            None,
            "orders_imported",
            "orders",
            serde_json::json!({"via": "cli", "created": report.created,
                "updated": report.updated, "skipped": report.errors.len()}),
        )
        .await?;
    println!(
        "imported {}: {} new, {} updated, {} skipped",
        args.file.display(),
        report.created,
        report.updated,
        report.errors.len()
    );
    for error in &report.errors {
        println!("  line {}: {}", error.line, error.message);
    }
    if report.created + report.updated == 0 && !report.errors.is_empty() {
        anyhow::bail!("no order was imported; fix the lines above");
    }
    Ok(())
}

/// Looks orders up in every configured source and prints them with their
/// diagnosis; card keys stay masked.
pub async fn lookup(config: &Config, store: Store, args: LookupArgs) -> anyhow::Result<()> {
    let shop = open_shop(config, store)?;
    let mut orders = Vec::new();
    if let Some(no) = &args.order_no {
        orders.extend(shop.find_order(no).await?);
    }
    if let Some(contact) = &args.contact {
        for order in shop.orders_for_contact(contact, 50).await? {
            if !orders
                .iter()
                .any(|o: &kadesk_shop::ShopOrder| o.order_no == order.order_no)
            {
                orders.push(order);
            }
        }
    }
    if orders.is_empty() {
        anyhow::bail!(
            "no order found in the sources {}",
            shop.source_names().join(", ")
        );
    }
    for order in &orders {
        let diagnosis = shop.diagnose(order);
        if args.json {
            println!(
                "{}",
                serde_json::json!({"order": order, "diagnosis": diagnosis})
            );
        } else {
            println!(
                "{}  [{}]  {}  {} × {}  {}.{:02} {}  {}/{}",
                order.order_no,
                order.source,
                order.contact,
                order.product_name,
                order.quantity,
                order.amount_cents / 100,
                order.amount_cents % 100,
                order.currency,
                order.payment_status,
                order.delivery_status
            );
            if !order.card_keys.is_empty() {
                println!("  card keys: {}", order.card_keys.join(", "));
            }
            println!("  {}", diagnosis.zh);
        }
    }
    Ok(())
}

/// Prints the `X-Kadesk-Signature` header for a body, signed now with the
/// configured webhook secret: for testing a shop's webhook integration.
pub fn sign(config: &Config, args: SignArgs) -> anyhow::Result<()> {
    let secret = config
        .shop
        .webhook_secret
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| {
            anyhow::anyhow!("set [shop] webhook_secret (or KADESK_SHOP__WEBHOOK_SECRET) first")
        })?;
    let body = std::fs::read(&args.file)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", args.file.display()))?;
    let now = kadesk_domain::now_millis() / 1000;
    println!(
        "X-Kadesk-Signature: {}",
        kadesk_shop::webhook::sign(secret.trim(), now, &body)
    );
    Ok(())
}
