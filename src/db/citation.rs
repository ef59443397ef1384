//! Citations across the knowledge base: the filter of the root `citations` list (what an object and the links it
//! takes part in are cited for), the facts whose sources disagree, and the records no citation covers.

use std::collections::BTreeMap;

use entity::{Stance, SubjectKind, citation};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ActiveEnum, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use crate::write::{pointing_at, table_of_kind};

/// Tables whose rows link others (a membership, a participation, a role) rather than stand on their own: their
/// citations are also citations of the rows they link.
const LINKS: [SubjectKind; 10] = [
    SubjectKind::OrganizationName,
    SubjectKind::PartnershipMember,
    SubjectKind::ProjectDomain,
    SubjectKind::ProjectParticipant,
    SubjectKind::PersonRole,
    SubjectKind::DelegationHost,
    SubjectKind::DelegationMember,
    SubjectKind::EventOrganizer,
    SubjectKind::DocumentContact,
    SubjectKind::Mention,
];

/// Which citations to list; every part narrows the list, an empty part does not.
#[derive(Clone, Debug, Default)]
pub struct CitationFilter {
    /// Only citations with one of these stances.
    pub stances: Vec<Stance>,
    /// Only citations from one of these documents (ids).
    pub documents: Vec<i32>,
    /// Only citations of rows of these tables.
    pub subject_kinds: Vec<SubjectKind>,
    /// Only citations of one of these fields (`start`, `budget`).
    pub fields: Vec<String>,
    /// Only citations of this row and of the links it takes part in (its memberships, participations, roles,
    /// delegation memberships, the mentions and figures about it).
    pub about: Option<(SubjectKind, i32)>,
}

impl CitationFilter {
    /// The filter as a condition on `citation`.
    pub fn condition(&self) -> Condition {
        let mut condition = Condition::all();
        if !self.stances.is_empty() {
            condition = condition.add(citation::Column::Stance.is_in(self.stances.iter().copied()));
        }
        if !self.documents.is_empty() {
            condition = condition.add(citation::Column::DocumentId.is_in(self.documents.iter().copied()));
        }
        if !self.subject_kinds.is_empty() {
            condition = condition.add(citation::Column::SubjectKind.is_in(self.subject_kinds.iter().copied()));
        }
        if !self.fields.is_empty() {
            condition = condition.add(citation::Column::Field.is_in(self.fields.iter().cloned()));
        }
        if let Some(about) = self.about {
            condition = condition.add(about_condition(about));
        }
        condition
    }
}

/// Citations of the row `(kind, id)` and of the link rows that point at it.
fn about_condition((kind, id): (SubjectKind, i32)) -> Condition {
    let mut any = Condition::any().add(
        Expr::col(citation::Column::SubjectKind).eq(kind.to_value()).and(Expr::col(citation::Column::SubjectId).eq(id)),
    );
    for link in LINKS.into_iter().chain([SubjectKind::ReportedFigure]) {
        let Some(pointing) = pointing_at(link, kind, id) else { continue };
        let ids = Query::select()
            .column(Alias::new("id"))
            .from(Alias::new(table_of_kind(link)))
            .and_where(pointing)
            .to_owned();
        any = any.add(
            Expr::col(citation::Column::SubjectKind)
                .eq(link.to_value())
                .and(Expr::col(citation::Column::SubjectId).in_subquery(ids)),
        );
    }
    any
}

/// A fact (a row, or one field of it) whose sources disagree: at least one citation contradicts it and at least
/// one states or implies it (for a field, a citation of that field or, when there is none, of the whole row).
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The table of the row.
    pub subject_kind: SubjectKind,
    /// The row.
    pub subject_id: i32,
    /// The field, or none for the row as a whole.
    pub field: Option<String>,
    /// The citations that state or imply it.
    pub supporting: Vec<citation::Model>,
    /// The citations that contradict it.
    pub contradicting: Vec<citation::Model>,
}

/// The facts whose sources disagree, among the citations `filter` selects, in the order of their first
/// citation; at most `limit` of them (two statements).
pub async fn conflicts(db: &impl ConnectionTrait, filter: &CitationFilter, limit: u64) -> Result<Vec<Conflict>, DbErr> {
    let contradicted: Vec<(SubjectKind, i32, Option<String>)> = citation::Entity::find()
        .filter(filter.condition())
        .filter(citation::Column::Stance.eq(Stance::Contradicted))
        .order_by_asc(citation::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.subject_kind, row.subject_id, row.field))
        .collect();
    let mut facts: Vec<(SubjectKind, i32, Option<String>)> = Vec::new();
    for fact in contradicted {
        if !facts.contains(&fact) {
            facts.push(fact);
        }
    }
    if facts.is_empty() {
        return Ok(Vec::new());
    }
    let mut subjects = Condition::any();
    for (kind, id, _) in &facts {
        subjects = subjects.add(
            Condition::all().add(citation::Column::SubjectKind.eq(*kind)).add(citation::Column::SubjectId.eq(*id)),
        );
    }
    let mut cited: BTreeMap<(SubjectKind, i32, Option<String>), Vec<citation::Model>> = BTreeMap::new();
    for row in citation::Entity::find().filter(subjects).order_by_asc(citation::Column::Id).all(db).await? {
        cited.entry((row.subject_kind, row.subject_id, row.field.clone())).or_default().push(row);
    }
    Ok(facts
        .into_iter()
        .filter_map(|fact| {
            let (contradicting, mut supporting): (Vec<_>, Vec<_>) =
                cited.get(&fact)?.iter().cloned().partition(|row| row.stance == Stance::Contradicted);
            // A field no citation supports on its own is supported by the citations of the whole record.
            if supporting.is_empty() && fact.2.is_some() {
                let whole = cited.get(&(fact.0, fact.1, None)).into_iter().flatten();
                supporting = whole.filter(|row| row.stance != Stance::Contradicted).cloned().collect();
            }
            let (subject_kind, subject_id, field) = fact;
            (!supporting.is_empty()).then_some(Conflict { subject_kind, subject_id, field, supporting, contradicting })
        })
        .take(usize::try_from(limit).unwrap_or(usize::MAX))
        .collect())
}

/// The tables whose rows are facts a citation should cover (documents are the sources themselves).
pub const FACT_TABLES: [SubjectKind; 12] = [
    SubjectKind::Organization,
    SubjectKind::Partnership,
    SubjectKind::PartnershipMember,
    SubjectKind::Project,
    SubjectKind::ProjectParticipant,
    SubjectKind::Delegation,
    SubjectKind::DelegationMember,
    SubjectKind::Event,
    SubjectKind::Place,
    SubjectKind::Person,
    SubjectKind::PersonRole,
    SubjectKind::ReportedFigure,
];

/// The rows of `kinds` (every fact table when empty) that no citation covers, by table (in the order of
/// [`FACT_TABLES`]) then id, after `after` (a table and an id), at most `limit` of them: a statement per table
/// until the page is full.
pub async fn unsourced(
    db: &impl ConnectionTrait,
    kinds: &[SubjectKind],
    after: Option<(SubjectKind, i32)>,
    limit: u64,
) -> Result<Vec<(SubjectKind, i32)>, DbErr> {
    // Tables before the cursor's were read whole by earlier pages.
    let first_table = after.and_then(|(kind, _)| FACT_TABLES.iter().position(|k| *k == kind)).unwrap_or(0);
    let mut found = Vec::new();
    for kind in FACT_TABLES[first_table..].iter().filter(|kind| kinds.is_empty() || kinds.contains(kind)) {
        let remaining = limit.saturating_sub(found.len() as u64);
        if remaining == 0 {
            break;
        }
        let table = Alias::new(table_of_kind(*kind));
        let cited = Query::select()
            .column(citation::Column::SubjectId)
            .from(citation::Entity)
            .and_where(Expr::col(citation::Column::SubjectKind).eq(kind.to_value()))
            .to_owned();
        let id = Expr::col((table.clone(), Alias::new("id")));
        let mut select = Query::select()
            .expr_as(id.clone(), Alias::new("id"))
            .from(table)
            .and_where(id.clone().not_in_subquery(cited))
            .order_by(Alias::new("id"), sea_orm::Order::Asc)
            .limit(remaining)
            .to_owned();
        if let Some((after_kind, after_id)) = after
            && after_kind == *kind
        {
            select.and_where(id.gt(after_id));
        }
        for row in db.query_all(&select).await? {
            found.push((*kind, row.try_get::<i32>("", "id")?));
        }
    }
    Ok(found)
}
