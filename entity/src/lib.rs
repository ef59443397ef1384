//! SeaORM models of the coopkb tables, one module per table, and the value types their columns use.

pub mod api_token;
pub mod citation;
pub mod contact;
pub mod delegation;
pub mod delegation_host;
pub mod delegation_member;
pub mod document;
pub mod document_contact;
pub mod event;
pub mod event_organizer;
pub mod history;
pub mod mention;
pub mod organization;
pub mod organization_name;
pub mod partnership;
pub mod partnership_member;
pub mod person;
pub mod person_role;
pub mod place;
pub mod project;
pub mod project_domain;
pub mod project_participant;
pub mod reported_figure;

mod values;

pub use values::*;

/// Implements `ActiveModelBehavior` for the table of the calling module: an inserted row gets `created_at`,
/// `updated_at` and `version` 1 unless they are set; a saved row gets a fresh `updated_at` (one way of stamping
/// rows for every writer). Bulk inserts (`insert_many`) skip the hook and set the columns themselves.
#[macro_export]
macro_rules! stamped_behavior {
    () => {
        #[sea_orm::entity::prelude::async_trait::async_trait]
        impl ActiveModelBehavior for ActiveModel {
            async fn before_save<C>(mut self, _db: &C, insert: bool) -> Result<Self, DbErr>
            where
                C: ConnectionTrait,
            {
                let now = chrono::Utc::now();
                if insert {
                    if self.created_at.is_not_set() {
                        self.created_at = sea_orm::ActiveValue::Set(now);
                    }
                    if self.version.is_not_set() {
                        self.version = sea_orm::ActiveValue::Set(1);
                    }
                }
                if !insert || self.updated_at.is_not_set() {
                    self.updated_at = sea_orm::ActiveValue::Set(now);
                }
                Ok(self)
            }
        }
    };
}
