//! Every table the write path changes, with what it needs to know of each: its kind in the history, its
//! stamp columns, and which search index entries its rows feed.

use entity::SubjectKind;
use sea_orm::{ActiveModelBehavior, ActiveModelTrait, EntityTrait, IntoActiveModel, TryIntoModel};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::rules::Rules;
use crate::db::Keyed;

/// A table written through the write path.
pub trait Table:
    Keyed<
        Model: Serialize + DeserializeOwned + IntoActiveModel<Self::ActiveModel> + Clone + Send + Sync,
        ActiveModel: ActiveModelTrait<Entity = Self>
                         + ActiveModelBehavior
                         + TryIntoModel<Self::Model>
                         + Rules
                         + Clone
                         + Send,
    > + Send
    + Sync
    + 'static
{
    /// The kind its rows are recorded under in the history, citations and mentions.
    const KIND: SubjectKind;
    /// The `version` column.
    const VERSION: Self::Column;
    /// The `created_at` column.
    const CREATED_AT: Self::Column;
    /// The `updated_at` column.
    const UPDATED_AT: Self::Column;
    /// The version of a row.
    fn version_of(model: &Self::Model) -> i32;
    /// The searchable row whose index entry shows what `model` holds: itself when its table is searched, the
    /// organization of a name, the document of a mention.
    fn indexed_as(model: &Self::Model) -> Option<(SubjectKind, i32)>;
}

/// A row of a table written through the write path (its active model), which names its table.
pub trait Row:
    ActiveModelTrait<Entity = <Self as Row>::Table>
    + ActiveModelBehavior
    + Rules
    + Clone
    + Send
    + TryIntoModel<<Self::Table as EntityTrait>::Model>
{
    /// The table.
    type Table: Table<ActiveModel = Self>;
}

macro_rules! tables {
    ($d:tt $($table:ident => $kind:ident, |$model:ident| $indexed:expr;)+) => {
        $(
            impl Row for entity::$table::ActiveModel {
                type Table = entity::$table::Entity;
            }

            impl Table for entity::$table::Entity {
                const KIND: SubjectKind = SubjectKind::$kind;
                const VERSION: Self::Column = entity::$table::Column::Version;
                const CREATED_AT: Self::Column = entity::$table::Column::CreatedAt;
                const UPDATED_AT: Self::Column = entity::$table::Column::UpdatedAt;
                fn version_of(model: &Self::Model) -> i32 {
                    model.version
                }
                fn indexed_as($model: &Self::Model) -> Option<(SubjectKind, i32)> {
                    $indexed
                }
            }
        )+

        /// Evaluates `body` with the type alias `e` bound to the entity of the table of `subject`.
        macro_rules! with_table {
            ($d subject:expr, |$d e:ident| $d body:expr) => {
                match $d subject {
                    $(entity::SubjectKind::$kind => { type $d e = entity::$table::Entity; $d body })+
                }
            };
        }
    };
}

// The `$` lets the macro define `with_table!`, which needs metavariables of its own.
tables! { $
    organization => Organization, |m| Some((SubjectKind::Organization, m.id));
    organization_name => OrganizationName, |m| Some((SubjectKind::Organization, m.organization_id));
    partnership => Partnership, |m| Some((SubjectKind::Partnership, m.id));
    partnership_member => PartnershipMember, |_m| None;
    project => Project, |m| Some((SubjectKind::Project, m.id));
    project_domain => ProjectDomain, |_m| None;
    project_participant => ProjectParticipant, |_m| None;
    delegation => Delegation, |m| Some((SubjectKind::Delegation, m.id));
    delegation_member => DelegationMember, |_m| None;
    delegation_host => DelegationHost, |_m| None;
    event => Event, |m| Some((SubjectKind::Event, m.id));
    event_organizer => EventOrganizer, |_m| None;
    place => Place, |m| Some((SubjectKind::Place, m.id));
    person => Person, |_m| None;
    person_role => PersonRole, |_m| None;
    document => Document, |m| Some((SubjectKind::Document, m.id));
    contact => Contact, |_m| None;
    document_contact => DocumentContact, |_m| None;
    citation => Citation, |_m| None;
    mention => Mention, |m| Some((SubjectKind::Document, m.document_id));
    reported_figure => ReportedFigure, |_m| None;
}

pub(crate) use with_table;
