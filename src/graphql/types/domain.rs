//! `DomainInfo`: the domain vocabulary with labels, OECD DAC codes and project counts.

use std::collections::HashMap;

use async_graphql::{Context, Object, SimpleObject};
use entity::Domain;

use super::enums;
use crate::error::AppResult;
use crate::graphql::lang::Lang;
use crate::vocabulary::{self, DOMAINS};

/// The label of `domain` in `lang` (French when absent).
pub fn domain_label(domain: Domain, lang: Option<Lang>) -> String {
    let Some(info) = vocabulary::domain_info(domain) else { return format!("{domain:?}") };
    match lang.unwrap_or(Lang::Fr) {
        Lang::Fr => info.fr,
        Lang::En => info.en,
        Lang::Ar => info.ar,
    }
    .to_owned()
}

/// An OECD DAC 5-digit purpose code (or an IATI policy marker) with its official names.
#[derive(SimpleObject, Clone, Debug)]
pub struct Code {
    /// The code (`14010`).
    pub code: String,
    /// Its official English name.
    pub name_en: Option<String>,
    /// Its official French name, when the codelist has one.
    pub name_fr: Option<String>,
}

/// A domain of cooperation: its labels, the OECD DAC codes it maps to, and how many projects it has.
#[derive(Clone, Debug)]
pub struct DomainInfo {
    info: &'static vocabulary::DomainInfo,
    project_count: u64,
}

impl DomainInfo {
    /// Every domain, with its project count from `counts`.
    pub fn all(counts: &HashMap<Domain, u64>) -> Vec<Self> {
        DOMAINS
            .iter()
            .map(|info| DomainInfo { info, project_count: counts.get(&info.domain).copied().unwrap_or(0) })
            .collect()
    }
}

/// A domain of cooperation: its labels, the OECD DAC codes it maps to, and how many projects it has.
#[Object]
impl DomainInfo {
    /// The domain.
    async fn domain(&self) -> enums::Domain {
        self.info.domain.into()
    }

    /// Its label in `lang` (French when absent).
    async fn label(&self, #[graphql(desc = "Language wanted.")] lang: Option<Lang>) -> String {
        domain_label(self.info.domain, lang)
    }

    /// The OECD DAC 5-digit purpose codes it maps to, the usual one first.
    async fn dac_codes(&self) -> Vec<Code> {
        self.info
            .dac_codes
            .iter()
            .map(|code| {
                let names = vocabulary::dac_names(code);
                Code {
                    code: (*code).to_owned(),
                    name_en: names.and_then(|n| n.get("en")).map(str::to_owned),
                    name_fr: names.and_then(|n| n.get("fr")).map(str::to_owned),
                }
            })
            .collect()
    }

    /// The IATI policy marker that records the domain, when no purpose code can (disability: 11, gender: 1).
    async fn policy_marker(&self) -> Option<Code> {
        let code = self.info.policy_marker?;
        let names = vocabulary::policy_marker_names(code);
        Some(Code {
            code: code.to_owned(),
            name_en: names.and_then(|n| n.get("en")).map(str::to_owned),
            name_fr: names.and_then(|n| n.get("fr")).map(str::to_owned),
        })
    }

    /// How many projects are in the domain (a project in several domains counts in each).
    async fn project_count(&self) -> u64 {
        self.project_count
    }
}

/// The domain vocabulary with project counts, in one statement.
pub async fn domains(ctx: &Context<'_>) -> AppResult<Vec<DomainInfo>> {
    let counts = crate::db::project::count_by_domain(crate::graphql::database(ctx)?).await?;
    Ok(DomainInfo::all(&counts))
}
