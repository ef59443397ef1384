//! The `coopkb` binary: parses the command line, sets up logging, and runs a subcommand.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use coopkb::config::{Cli, Command, ExportFormat, ImportFormat, TokenCommand};
use coopkb::error::StartupError;
use coopkb::export::{ExportFile, WriterSink};
use coopkb::progress::{Progress, rate};
use tracing_subscriber::EnvFilter;

/// jemalloc serves the whole process: Rust's allocations through this allocator, SQLite's and the C library's
/// through its `malloc`, which replaces glibc's. A request allocates thousands of rows and values and frees them
/// together, often on another thread than the one that allocated them: glibc's per-thread cache holds seven chunks
/// of a size, so most of them went through its arenas' locked, slower paths. Its options are set when it is built
/// (`.cargo/config.toml`).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let filter = EnvFilter::try_new(&cli.config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr)
        .init();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "coopkb failed");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), StartupError> {
    let config = cli.config;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => coopkb::app::serve(&config).await,
        Command::Migrate => {
            let db = coopkb::db::connect(&config.database_url, config.db_pool_size()).await?;
            coopkb::db::migrate(&db).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Seed { synthetic, scale, allow_real } => {
            let db = coopkb::db::connect(&config.database_url, config.db_pool_size()).await?;
            coopkb::db::migrate(&db).await?;
            if synthetic {
                let progress = Progress::on_stderr();
                let report = coopkb::synthetic::generate_showing(&db, scale, allow_real, &progress).await?;
                let elapsed = progress.finish();
                tracing::info!(?report, scale, seconds = elapsed.as_secs_f64(), "synthetic data generated");
            } else {
                let report = coopkb::knowledge::load_built_in(&db).await?;
                tracing::info!(?report, "built-in knowledge loaded");
            }
            Ok(())
        }
        Command::Export { format, table, filter, bom, out } => {
            let db = coopkb::db::connect(&config.database_url, config.db_pool_size()).await?;
            let writer: Box<dyn std::io::Write + Send> = match &out {
                Some(path) => Box::new(std::io::BufWriter::new(std::fs::File::create(path)?)),
                None => Box::new(std::io::BufWriter::new(std::io::stdout())),
            };
            match format {
                ExportFormat::Json => {
                    if table.is_some() || filter.is_some() || bom {
                        return Err(StartupError::Usage(
                            "--table, --filter and --bom are for CSV: the JSON export holds everything".into(),
                        ));
                    }
                    let progress = Progress::on_stderr();
                    let mut writer = writer;
                    let rows = coopkb::archive::export_json(&db, &mut writer, &progress).await?;
                    let elapsed = progress.finish();
                    tracing::info!(
                        rows,
                        seconds = elapsed.as_secs_f64(),
                        rows_per_second = rate(rows, elapsed),
                        "exported"
                    );
                }
                ExportFormat::Csv | ExportFormat::Iati => {
                    let file = match format {
                        ExportFormat::Csv => ExportFile::Csv(
                            table.ok_or_else(|| StartupError::Usage("--format csv needs --table".into()))?,
                        ),
                        _ => ExportFile::Iati,
                    };
                    let mut sink = WriterSink::new(writer);
                    let rows = coopkb::export::export_file(&db, file, filter.as_deref(), bom, &mut sink).await?;
                    if let Some(error) = sink.error {
                        return Err(error.into());
                    }
                    tracing::info!(rows, "exported");
                }
            }
            Ok(())
        }
        Command::Import { file, format, dry_run } => {
            let text = std::fs::read_to_string(&file)?;
            let db = coopkb::db::connect(&config.database_url, config.db_pool_size()).await?;
            coopkb::db::migrate(&db).await?;
            let progress = Progress::on_stderr();
            let feed = coopkb::write::ChangeFeed::default();
            let imported = match format {
                ImportFormat::Json => {
                    coopkb::archive::import_json(&db, &text, "import", &feed, dry_run, &progress).await
                }
                ImportFormat::Iati => {
                    coopkb::archive::iati::import_iati(&db, &text, "import", &feed, dry_run, &progress).await.map(
                        |(report, reading)| {
                            tracing::info!(
                                activities = reading.activities,
                                already_known = reading.known,
                                "IATI activities read (those already known are left as they are)"
                            );
                            report
                        },
                    )
                }
            };
            let report = match imported {
                Ok(report) => report,
                Err(coopkb::write::WriteError::Invalid { problems }) => {
                    progress.finish();
                    for problem in &problems {
                        eprintln!("{}: {problem}", file.display());
                    }
                    return Err(StartupError::Usage(format!(
                        "{} problems in {}: nothing was written",
                        problems.len(),
                        file.display()
                    )));
                }
                Err(error) => return Err(error.into()),
            };
            for table in report.tables.iter().filter(|t| t.created + t.updated + t.deleted > 0) {
                eprintln!(
                    "{:>20}: {} created, {} updated, {} deleted, {} unchanged",
                    table.table, table.created, table.updated, table.deleted, table.unchanged
                );
            }
            let (rows, elapsed) = (report.rows(), report.elapsed);
            let verb = if dry_run { "checked (dry run: nothing written)" } else { "imported" };
            tracing::info!(
                rows,
                changed = report.changed(),
                seconds = elapsed.as_secs_f64(),
                rows_per_second = rate(rows, elapsed),
                data_version = report.data_version,
                "{verb}"
            );
            Ok(())
        }
        Command::Ingest { file, publisher, accept } => {
            let text = std::fs::read_to_string(&file)?;
            let db = coopkb::db::connect(&config.database_url, config.db_pool_size()).await?;
            coopkb::knowledge::migrate_and_load_if_empty(&db).await?;
            let feed = coopkb::write::ChangeFeed::default();
            let publisher_id = coopkb::db::keyed::by_slug::<entity::organization::Entity>(&db, &publisher)
                .await?
                .ok_or_else(|| StartupError::Usage(format!("no organization has the slug `{publisher}`")))?
                .id;
            let ingested = coopkb::ingest::ingest(&db, &text, publisher_id, "ingest", &feed).await?;
            let verb = if ingested.created { "created" } else { "already held: nothing written" };
            println!("document {} ({verb})", ingested.document.slug);
            println!("dateline: {}, {}", ingested.release.place, ingested.release.date);
            println!("title: {}", ingested.release.title);
            if let Some(contact) = &ingested.release.contact {
                println!("contact: {contact:?}");
            }
            for mention in &ingested.mentions {
                println!("mention {}..{} {:?}: {}", mention.start, mention.end, mention.subject, mention.surface);
            }
            for (index, proposal) in ingested.proposals.iter().enumerate() {
                let fact = serde_json::to_string(&proposal.fact).unwrap_or_default();
                println!("proposal {index} ({}): {fact}\n    \"{}\"", proposal.locator, proposal.quote);
            }
            if !accept.is_empty() {
                let accepted = coopkb::ingest::accept(&db, ingested.document.id, &accept, "ingest", &feed).await?;
                println!(
                    "accepted: {} events, {} delegations, {} citations (data version {})",
                    accepted.events.len(),
                    accepted.delegations.len(),
                    accepted.citations,
                    accepted.data_version
                );
            }
            Ok(())
        }
        Command::Schema => {
            print!("{}", coopkb::graphql::sdl());
            Ok(())
        }
        Command::Token { action } => {
            let db = coopkb::db::connect(&config.database_url, config.db_pool_size()).await?;
            coopkb::db::migrate(&db).await?;
            match action {
                TokenCommand::Create { name, role } => {
                    let token = coopkb::auth::create(&db, &name, role.into()).await?;
                    eprintln!("Token `{name}` created. It is shown once; keep it secret:");
                    println!("{token}");
                }
                TokenCommand::List => {
                    println!("{:<6} {:<32} {:<8} {:<26} revoked", "id", "name", "role", "created");
                    for token in coopkb::auth::list(&db).await? {
                        let revoked = token.revoked_at.map_or_else(|| "-".to_owned(), |at| at.to_rfc3339());
                        let role = format!("{:?}", token.role).to_uppercase();
                        println!(
                            "{:<6} {:<32} {:<8} {:<26} {revoked}",
                            token.id,
                            token.name,
                            role,
                            token.created_at.to_rfc3339()
                        );
                    }
                }
                TokenCommand::Revoke { name } => {
                    coopkb::auth::revoke(&db, &name).await?;
                    eprintln!("Token `{name}` revoked.");
                }
            }
            Ok(())
        }
    }
}
