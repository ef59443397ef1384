//! The shape of the schema the cost model needs: for each field, the type it returns and whether it is a list or
//! a connection, read once from the schema's own SDL.

use std::collections::HashMap;

use async_graphql::parser::types::{BaseType, Type, TypeKind, TypeSystemDefinition};

/// What the cost model knows of one field.
#[derive(Clone, Debug)]
pub struct FieldShape {
    /// The named type the field returns, lists unwrapped.
    pub type_name: String,
    /// Whether the field returns a list.
    pub is_list: bool,
    /// Whether the field returns a Relay connection (its `edges` and `nodes` hold one page).
    pub is_connection: bool,
}

/// The fields of every object and interface type of the schema.
#[derive(Clone, Debug, Default)]
pub struct SchemaShape {
    types: HashMap<String, HashMap<String, FieldShape>>,
}

fn named(ty: &Type) -> (&str, bool) {
    match &ty.base {
        BaseType::Named(name) => (name.as_str(), false),
        BaseType::List(inner) => (named(inner).0, true),
    }
}

impl SchemaShape {
    /// The shape of the schema written as `sdl`; types it cannot read are left out (they then cost one per field).
    pub fn from_sdl(sdl: &str) -> Self {
        let Ok(document) = async_graphql::parser::parse_schema(sdl) else {
            tracing::error!("the schema's own SDL does not parse; queries are costed without it");
            return Self::default();
        };
        let mut types = HashMap::new();
        for definition in document.definitions {
            let TypeSystemDefinition::Type(definition) = definition else { continue };
            let fields = match definition.node.kind {
                TypeKind::Object(object) => object.fields,
                TypeKind::Interface(interface) => interface.fields,
                _ => continue,
            };
            let fields = fields
                .into_iter()
                .map(|field| {
                    let (type_name, is_list) = named(&field.node.ty.node);
                    let shape = FieldShape {
                        type_name: type_name.to_owned(),
                        is_list,
                        is_connection: !is_list && type_name.ends_with("Connection"),
                    };
                    (field.node.name.node.to_string(), shape)
                })
                .collect();
            types.insert(definition.node.name.node.to_string(), fields);
        }
        Self { types }
    }

    /// The field `field` of the type `type_name`, if the schema has it.
    pub fn field(&self, type_name: &str, field: &str) -> Option<&FieldShape> {
        self.types.get(type_name)?.get(field)
    }
}
