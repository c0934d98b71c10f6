//! The routing decision alone, timed without the rest of kadesk (the same
//! floor and figures as `kadesk bench routing`):
//! `cargo run --release -p kadesk-routing --example tick -- 10000 500`.

use std::time::{Duration, Instant};

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>().ok());
    let waiting = args.next().flatten().unwrap_or(10_000);
    let agents = args.next().flatten().unwrap_or(500);
    let ticks = 200;
    let now = 1_800_000_000_000;
    let (queue, floor) = kadesk_routing::synthetic_floor(waiting, agents, now);
    let mut times = Vec::with_capacity(ticks);
    let mut assigned = 0;
    for _ in 0..ticks {
        let start = Instant::now();
        assigned = kadesk_routing::assign(&queue, &floor, now).len();
        times.push(start.elapsed());
    }
    times.sort();
    let mean = times.iter().sum::<Duration>() / ticks as u32;
    println!("{waiting} waiting, {agents} agents: {assigned} assignments per tick");
    println!(
        "per tick: mean {:.3} ms, p50 {:.3} ms, max {:.3} ms; per assignment {:.2} µs",
        mean.as_secs_f64() * 1e3,
        times[ticks / 2].as_secs_f64() * 1e3,
        times[ticks - 1].as_secs_f64() * 1e3,
        mean.as_secs_f64() * 1e6 / assigned.max(1) as f64
    );
}
