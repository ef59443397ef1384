//! The `coopkb` binary: parses the command line, sets up logging, and runs a subcommand.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;
use coopkb::config::{Cli, Command, ExportFormat, TokenCommand};
use coopkb::error::StartupError;
use coopkb::export::csv::WriterSink;
use tracing_subscriber::EnvFilter;

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
                let report = coopkb::synthetic::generate(&db, scale, allow_real).await?;
                tracing::info!(?report, scale, "synthetic data generated");
            } else {
                let report = coopkb::knowledge::load_built_in(&db).await?;
                tracing::info!(?report, "built-in knowledge loaded");
            }
            Ok(())
        }
        Command::Export { format: ExportFormat::Csv, table, filter, bom, out } => {
            let db = coopkb::db::connect(&config.database_url, config.db_pool_size()).await?;
            let writer: Box<dyn std::io::Write + Send> = match &out {
                Some(path) => Box::new(std::io::BufWriter::new(std::fs::File::create(path)?)),
                None => Box::new(std::io::BufWriter::new(std::io::stdout())),
            };
            let mut sink = WriterSink::new(writer);
            let rows = coopkb::export::export_csv(&db, table, filter.as_deref(), bom, &mut sink).await?;
            if let Some(error) = sink.error {
                return Err(error.into());
            }
            tracing::info!(rows, "exported");
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
