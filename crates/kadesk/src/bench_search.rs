//! `kadesk bench search`: the console's top-bar search on a big desk. Fills
//! a fresh database (SQLite in a temporary folder, or `--database-url`)
//! with N conversations, then times searches by buyer name, e-mail, phone,
//! order number (message text), a phrase and a 2-character name, printing
//! the median and worst of each.

use std::time::Instant;

use kadesk_store::Store;

/// Runs the search benchmark.
pub async fn run(
    conversations: i64,
    messages: i64,
    database_url: Option<String>,
) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let url = match database_url {
        Some(url) => url,
        None => format!("sqlite://{}", dir.path().join("bench.db").display()),
    };
    let store = Store::connect(&url).await?;
    let started = Instant::now();
    let orders = store.seed_for_search_bench(conversations, messages).await?;
    println!(
        "seeded {conversations} conversations × {messages} messages in {:.1} s ({:?})",
        started.elapsed().as_secs_f64(),
        store.backend()
    );
    let mid = conversations / 2;
    let order = orders
        .get(orders.len() / 2)
        .cloned()
        .unwrap_or_else(|| "D2024".into());
    let cases: Vec<(&str, String)> = vec![
        ("buyer name", format!("买家{mid:06}")),
        ("e-mail", format!("buyer{mid}@example.com")),
        ("phone", format!("139{mid:08}")),
        ("order number", order),
        ("order number part", format!("{mid:08}X")),
        ("phrase (many hits)", "充值多久到账".into()),
        ("2-character name", "买家".into()),
        ("nothing found", "zzzz-none".into()),
    ];
    println!(
        "{:<22} {:>6} {:>10} {:>10}",
        "query", "hits", "median ms", "worst ms"
    );
    for (label, q) in cases {
        let mut times = Vec::new();
        let mut hits = 0;
        for _ in 0..15 {
            let t = Instant::now();
            hits = store.search_conversations(&q, 20).await?.len();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let worst = times[times.len() - 1];
        println!("{label:<22} {hits:>6} {median:>10.2} {worst:>10.2}");
    }
    store.stop_writer().await;
    Ok(())
}
