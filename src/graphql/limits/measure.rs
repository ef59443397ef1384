//! One pass over a parsed query, each fragment measured once however often it is spread: the query's cost in
//! rows, its size with fragments expanded, its depth, aliases and directives, and control characters in its text.

use std::collections::HashMap;

use async_graphql::parser::types::{
    ExecutableDocument, Field, OperationDefinition, OperationType, Selection, SelectionSet, VariableDefinition,
};
use async_graphql::{Name, Positioned, Value, Variables};

use super::shape::SchemaShape;

/// How many items a list field that is not a connection is counted as, unless [`LIST_BOUNDS`] says otherwise.
pub const DEFAULT_LIST_BOUND: u64 = 10;

/// The lists counted as another number of items: `(type, field, items)`.
pub const LIST_BOUNDS: &[(&str, &str, u64)] = &[
    // Every domain of the vocabulary.
    ("Query", "domains", 14),
    ("Project", "domains", 14),
    ("Project", "dacCodes", 20),
    ("DomainInfo", "dacCodes", 20),
    // Aggregation buckets: one per group.
    ("Query", "projectStats", 100),
    ("Query", "delegationStats", 100),
    ("Query", "eventStats", 100),
    ("Query", "timelineBuckets", 100),
    ("Organization", "partnerCities", 20),
    // At most 100 conflicts, each with its citations side by side.
    ("Query", "conflicts", 100),
];

/// What one pass over a query found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Measure {
    /// Fields resolved, each counted once per row the pages and lists above it multiply it by.
    pub cost: u64,
    /// Fields and fragments written, with every fragment spread expanded where it is spread.
    pub fields: u64,
    /// Fields given an alias, fragments expanded.
    pub aliases: u64,
    /// Directives, fragments expanded.
    pub directives: u64,
    /// The deepest nesting of fields.
    pub depth: u64,
}

impl Measure {
    /// Adds `other`, a selection beside this one.
    fn beside(&mut self, other: Measure) {
        self.cost = self.cost.saturating_add(other.cost);
        self.fields = self.fields.saturating_add(other.fields);
        self.aliases = self.aliases.saturating_add(other.aliases);
        self.directives = self.directives.saturating_add(other.directives);
        self.depth = self.depth.max(other.depth);
    }
}

/// A string input holding a control character, where it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ControlCharacter {
    /// The argument (`field.argument`) or variable (`$name`) holding it.
    pub input: String,
    /// The character.
    pub character: char,
}

/// Whether text may hold `character`: anything but control characters, except tabs and line breaks.
fn allowed(character: char) -> bool {
    !character.is_control() || matches!(character, '\t' | '\n' | '\r')
}

fn first_control_character(value: &Value) -> Option<char> {
    match value {
        Value::String(text) => text.chars().find(|c| !allowed(*c)),
        Value::List(items) => items.iter().find_map(first_control_character),
        Value::Object(fields) => fields.values().find_map(first_control_character),
        _ => None,
    }
}

/// The first variable holding a control character.
pub fn control_character_in_variables(variables: &Variables) -> Option<ControlCharacter> {
    variables.iter().find_map(|(name, value)| {
        first_control_character(value).map(|character| ControlCharacter { input: format!("${name}"), character })
    })
}

/// Walks one operation of a document.
pub struct Walk<'a> {
    shape: &'a SchemaShape,
    document: &'a ExecutableDocument,
    variables: &'a Variables,
    definitions: &'a [Positioned<VariableDefinition>],
    default_page_size: u64,
    /// Fragments measured so far, by page size; `None` while one is being measured (a cycle, which validation
    /// reports).
    fragments: HashMap<(&'a Name, Option<u64>), Option<Measure>>,
    /// The first argument holding a control character.
    control_character: Option<ControlCharacter>,
    /// The first fragment found spreading itself, directly or through others.
    cycle: Option<String>,
}

/// What one pass over an operation found.
#[derive(Clone, Debug, Default)]
pub struct Findings {
    /// The measures of the operation.
    pub measure: Measure,
    /// The first argument holding a control character.
    pub control_character: Option<ControlCharacter>,
    /// The first fragment found spreading itself.
    pub cycle: Option<String>,
}

impl<'a> Walk<'a> {
    /// Measures `operation` of `document`, run with `variables`.
    pub fn operation(
        shape: &'a SchemaShape,
        document: &'a ExecutableDocument,
        operation: &'a OperationDefinition,
        variables: &'a Variables,
        default_page_size: u64,
    ) -> Findings {
        let mut walk = Walk {
            shape,
            document,
            variables,
            definitions: &operation.variable_definitions,
            default_page_size,
            fragments: HashMap::new(),
            control_character: None,
            cycle: None,
        };
        let root = match operation.ty {
            OperationType::Query => "Query",
            OperationType::Mutation => "Mutation",
            OperationType::Subscription => "Subscription",
        };
        let mut measure = walk.selection_set(Some(root), &operation.selection_set.node, None);
        measure.directives = measure.directives.saturating_add(operation.directives.len() as u64);
        Findings { measure, control_character: walk.control_character, cycle: walk.cycle }
    }

    /// `page` is the page size of the connection whose selection this is, if it is one.
    fn selection_set(&mut self, type_name: Option<&str>, set: &'a SelectionSet, page: Option<u64>) -> Measure {
        let mut measure = Measure::default();
        for selection in &set.items {
            match &selection.node {
                Selection::Field(field) => measure.beside(self.field(type_name, &field.node, page)),
                Selection::InlineFragment(fragment) => {
                    let fragment = &fragment.node;
                    let on = fragment.type_condition.as_ref().map(|condition| condition.node.on.node.as_str());
                    let mut inner = self.selection_set(on.or(type_name), &fragment.selection_set.node, page);
                    inner.directives = inner.directives.saturating_add(fragment.directives.len() as u64);
                    inner.fields = inner.fields.saturating_add(1);
                    measure.beside(inner);
                }
                Selection::FragmentSpread(spread) => {
                    let mut inner = self.fragment(&spread.node.fragment_name.node, page);
                    inner.directives = inner.directives.saturating_add(spread.node.directives.len() as u64);
                    inner.fields = inner.fields.saturating_add(1);
                    measure.beside(inner);
                }
            }
        }
        measure
    }

    fn fragment(&mut self, name: &'a Name, page: Option<u64>) -> Measure {
        // A fragment measures the same wherever it is spread, but for the page its `edges` and `nodes` take
        // when it is spread into a connection: measured once per page size.
        if let Some(known) = self.fragments.get(&(name, page)) {
            if known.is_none() {
                self.cycle.get_or_insert_with(|| name.to_string());
            }
            return known.unwrap_or_default();
        }
        let document = self.document;
        let Some(definition) = document.fragments.get(name) else { return Measure::default() };
        self.fragments.insert((name, page), None);
        let on = definition.node.type_condition.node.on.node.as_str();
        let mut measure = self.selection_set(Some(on), &definition.node.selection_set.node, page);
        measure.directives = measure.directives.saturating_add(definition.node.directives.len() as u64);
        self.fragments.insert((name, page), Some(measure));
        measure
    }

    fn field(&mut self, type_name: Option<&str>, field: &'a Field, page: Option<u64>) -> Measure {
        let name = field.name.node.as_str();
        self.check_text(name, field);
        let shape = type_name.and_then(|type_name| self.shape.field(type_name, name));
        // Rows each selected child is resolved for: a connection's page for its `edges` and `nodes`, a list's
        // bound for a list, one otherwise.
        let (rows, child_page) = match shape {
            Some(shape) if shape.is_connection => (1, Some(self.page_size(field))),
            Some(shape) if shape.is_list => match page {
                Some(page) if matches!(name, "edges" | "nodes") => (page, None),
                _ => (self.list_bound(type_name.unwrap_or_default(), field), None),
            },
            _ => (1, None),
        };
        let child_type = shape.map(|shape| shape.type_name.clone());
        let children = self.selection_set(child_type.as_deref(), &field.selection_set.node, child_page);
        Measure {
            cost: children.cost.saturating_mul(rows).saturating_add(1),
            fields: children.fields.saturating_add(1),
            aliases: children.aliases.saturating_add(u64::from(field.alias.is_some())),
            directives: children.directives.saturating_add(field.directives.len() as u64),
            depth: children.depth.saturating_add(1),
        }
    }

    fn check_text(&mut self, field_name: &str, field: &Field) {
        if self.control_character.is_some() {
            return;
        }
        let arguments = field.arguments.iter().chain(field.directives.iter().flat_map(|d| d.node.arguments.iter()));
        for (argument, value) in arguments {
            // Variables are checked as the request sends them; here only the literal text of the query.
            let literal = value.node.clone().into_const_with(|_| Ok::<_, ()>(Value::Null)).unwrap_or_default();
            if let Some(character) = first_control_character(&literal) {
                self.control_character =
                    Some(ControlCharacter { input: format!("{field_name}.{}", argument.node), character });
                return;
            }
        }
    }

    /// The value of a variable: as the request sends it, else its default.
    fn variable(&self, name: &Name) -> Value {
        self.variables
            .get(name)
            .cloned()
            .or_else(|| {
                let definition = self.definitions.iter().find(|definition| definition.node.name.node == *name)?;
                definition.node.default_value.as_ref().map(|default| default.node.clone())
            })
            .unwrap_or_default()
    }

    fn argument(&self, field: &'a Field, name: &str) -> Option<Value> {
        let value = &field.arguments.iter().find(|(argument, _)| argument.node == name)?.1.node;
        value.clone().into_const_with(|variable| Ok::<_, ()>(self.variable(&variable))).ok()
    }

    fn page_size(&self, field: &'a Field) -> u64 {
        let sizes = ["first", "last"].map(|name| match self.argument(field, name) {
            Some(Value::Number(number)) => Some(number.as_u64().unwrap_or(0)),
            _ => None,
        });
        match sizes {
            [None, None] => self.default_page_size,
            [first, last] => first.unwrap_or(0).max(last.unwrap_or(0)),
        }
    }

    fn list_bound(&self, type_name: &str, field: &'a Field) -> u64 {
        let name = field.name.node.as_str();
        if (type_name, name) == ("Query", "nodes") {
            return match self.argument(field, "ids") {
                Some(Value::List(ids)) => ids.len() as u64,
                _ => 1,
            };
        }
        LIST_BOUNDS
            .iter()
            .find(|(on, list, _)| (*on, *list) == (type_name, name))
            .map_or(DEFAULT_LIST_BOUND, |(_, _, bound)| *bound)
    }
}
