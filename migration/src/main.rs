//! `migration`: applies or reverts coopkb's schema migrations on a database, without the server.

use clap::{Parser, Subcommand};
use migration::{Migrator, MigratorTrait};
use sea_orm_migration::sea_orm::Database;

/// Applies or reverts coopkb's schema migrations.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// Database URL (`sqlite://coopkb.db?mode=rwc` or `postgres://user@host/db`).
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://coopkb.db?mode=rwc")]
    database_url: String,
    /// What to do.
    #[command(subcommand)]
    command: Option<Command>,
}

/// A migration command.
#[derive(Subcommand)]
enum Command {
    /// Apply every pending migration (the default).
    Up,
    /// Revert the last `count` migrations.
    Down {
        /// How many migrations to revert.
        #[arg(long, default_value_t = 1)]
        count: u32,
    },
    /// List the migrations and whether each is applied.
    Status,
    /// Drop every table and apply every migration again.
    Fresh,
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cli = Cli::parse();
    let db = Database::connect(&cli.database_url).await?;
    match cli.command.unwrap_or(Command::Up) {
        Command::Up => Migrator::up(&db, None).await?,
        Command::Down { count } => Migrator::down(&db, Some(count)).await?,
        Command::Status => Migrator::status(&db).await?,
        Command::Fresh => Migrator::fresh(&db).await?,
    }
    Ok(())
}
