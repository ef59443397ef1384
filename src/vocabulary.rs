//! The domain vocabulary: each domain's labels in French, English and Arabic, and the OECD DAC purpose codes
//! (with their official names, from the IATI Sector codelist in `standards/`) and IATI policy markers it maps to.

use std::collections::HashMap;
use std::sync::OnceLock;

use entity::Domain;
use serde::Deserialize;

/// What the vocabulary says of one domain.
#[derive(Clone, Copy, Debug)]
pub struct DomainInfo {
    /// The domain.
    pub domain: Domain,
    /// Its label in French.
    pub fr: &'static str,
    /// Its label in English.
    pub en: &'static str,
    /// Its label in Arabic.
    pub ar: &'static str,
    /// The OECD DAC 5-digit purpose codes it maps to, the default first.
    pub dac_codes: &'static [&'static str],
    /// The IATI policy marker that records it, when a purpose code cannot (disability: 11, gender: 1).
    pub policy_marker: Option<&'static str>,
}

/// Every domain, in the order of the schema.
pub const DOMAINS: &[DomainInfo] = &[
    DomainInfo {
        domain: Domain::WaterSanitation,
        fr: "Eau et assainissement",
        en: "Water and sanitation",
        ar: "المياه والصرف الصحي",
        dac_codes: &["14020", "14021", "14022", "14030", "14010", "14081"],
        policy_marker: None,
    },
    DomainInfo {
        domain: Domain::Culture,
        fr: "Culture",
        en: "Culture",
        ar: "الثقافة",
        dac_codes: &["16066"],
        policy_marker: None,
    },
    DomainInfo {
        domain: Domain::Sport,
        fr: "Sport",
        en: "Sport",
        ar: "الرياضة",
        dac_codes: &["16065"],
        policy_marker: None,
    },
    DomainInfo {
        domain: Domain::Youth,
        fr: "Jeunesse",
        en: "Youth",
        ar: "الشباب",
        dac_codes: &["16015"],
        policy_marker: None,
    },
    DomainInfo {
        domain: Domain::Disability,
        fr: "Handicap",
        en: "Disability",
        ar: "الإعاقة",
        dac_codes: &["16010"],
        policy_marker: Some("11"),
    },
    DomainInfo {
        domain: Domain::EarlyChildhood,
        fr: "Petite enfance",
        en: "Early childhood",
        ar: "الطفولة المبكرة",
        dac_codes: &["11240"],
        policy_marker: None,
    },
    DomainInfo {
        domain: Domain::Education,
        fr: "Éducation",
        en: "Education",
        ar: "التعليم",
        dac_codes: &["11110", "11120", "11330"],
        policy_marker: None,
    },
    DomainInfo {
        domain: Domain::Health,
        fr: "Santé",
        en: "Health",
        ar: "الصحة",
        dac_codes: &["12110", "12220", "12261"],
        policy_marker: None,
    },
    DomainInfo {
        domain: Domain::Governance,
        fr: "Gouvernance locale",
        en: "Local governance",
        ar: "الحكم المحلي",
        dac_codes: &["15185", "15112"],
        policy_marker: None,
    },
    DomainInfo {
        domain: Domain::EconomicDevelopment,
        fr: "Développement économique",
        en: "Economic development",
        ar: "التنمية الاقتصادية",
        dac_codes: &["43030", "25030"],
        policy_marker: None,
    },
    DomainInfo {
        domain: Domain::Gender,
        fr: "Égalité femmes-hommes",
        en: "Gender equality",
        ar: "المساواة بين الجنسين",
        dac_codes: &["15170", "15180"],
        policy_marker: Some("1"),
    },
    DomainInfo {
        domain: Domain::CivilSociety,
        fr: "Société civile",
        en: "Civil society",
        ar: "المجتمع المدني",
        dac_codes: &["15150", "15153"],
        policy_marker: None,
    },
    DomainInfo {
        domain: Domain::Awareness,
        fr: "Sensibilisation",
        en: "Awareness raising",
        ar: "التوعية",
        dac_codes: &["99820"],
        policy_marker: None,
    },
    DomainInfo { domain: Domain::Other, fr: "Autre", en: "Other", ar: "أخرى", dac_codes: &[], policy_marker: None },
];

/// The domain an OECD DAC code (a five-digit purpose or its three-digit category) belongs to.
pub fn domain_of_dac_code(code: &str) -> Option<Domain> {
    let exact = DOMAINS.iter().find(|info| info.dac_codes.contains(&code));
    let category = || DOMAINS.iter().find(|info| info.dac_codes.iter().any(|known| known.get(..3) == code.get(..3)));
    exact.or_else(category).map(|info| info.domain)
}

/// The domain an OECD DAC policy marker stands for (`11`: disability; `1`: gender equality).
pub fn domain_of_policy_marker(code: &str) -> Option<Domain> {
    DOMAINS.iter().find(|info| info.policy_marker == Some(code)).map(|info| info.domain)
}

/// The vocabulary entry of `domain`.
pub fn domain_info(domain: Domain) -> Option<&'static DomainInfo> {
    DOMAINS.iter().find(|info| info.domain == domain)
}

/// A code's official names, by language (`en`, `fr`).
#[derive(Clone, Debug, Default)]
pub struct CodeNames(HashMap<String, String>);

impl CodeNames {
    /// The name in `lang`, if the codelist has one.
    pub fn get(&self, lang: &str) -> Option<&str> {
        self.0.get(lang).map(String::as_str)
    }

    /// The name in `lang`, else in English.
    pub fn get_or_english(&self, lang: &str) -> Option<&str> {
        self.get(lang).or_else(|| self.get("en"))
    }
}

#[derive(Deserialize)]
struct Codelist {
    #[serde(rename = "codelist-items")]
    items: CodelistItems,
}

#[derive(Deserialize)]
struct CodelistItems {
    #[serde(rename = "codelist-item", default)]
    item: Vec<CodelistItem>,
}

#[derive(Deserialize)]
struct CodelistItem {
    code: String,
    name: Narratives,
}

/// IATI's human-readable text: one `narrative` per language.
#[derive(Deserialize, Default)]
pub(crate) struct Narratives {
    #[serde(default)]
    pub(crate) narrative: Vec<Narrative>,
}

/// A text in one language (`xml:lang`, else the document's default).
#[derive(Deserialize)]
pub(crate) struct Narrative {
    #[serde(rename = "@xml:lang")]
    pub(crate) lang: Option<String>,
    #[serde(rename = "$text", default)]
    pub(crate) text: String,
}

fn parse_codelist(xml: &str) -> HashMap<String, CodeNames> {
    let codelist: Codelist = match quick_xml::de::from_str(xml) {
        Ok(codelist) => codelist,
        Err(error) => {
            tracing::error!(%error, "an embedded IATI codelist does not parse");
            return HashMap::new();
        }
    };
    codelist
        .items
        .item
        .into_iter()
        .map(|item| {
            let names = item
                .name
                .narrative
                .into_iter()
                .map(|n| (n.lang.unwrap_or_else(|| "en".to_owned()), n.text.trim().to_owned()))
                .collect();
            (item.code, CodeNames(names))
        })
        .collect()
}

/// The names of an OECD DAC 5-digit purpose code (IATI Sector codelist).
pub fn dac_names(code: &str) -> Option<&'static CodeNames> {
    static SECTORS: OnceLock<HashMap<String, CodeNames>> = OnceLock::new();
    SECTORS.get_or_init(|| parse_codelist(include_str!("../standards/iati-codelists/Sector.xml"))).get(code)
}

/// The names of an IATI policy marker.
pub fn policy_marker_names(code: &str) -> Option<&'static CodeNames> {
    static MARKERS: OnceLock<HashMap<String, CodeNames>> = OnceLock::new();
    MARKERS.get_or_init(|| parse_codelist(include_str!("../standards/iati-codelists/PolicyMarker.xml"))).get(code)
}

#[cfg(test)]
mod tests {
    use entity::Domain;
    use sea_orm::Iterable;

    use super::*;

    #[test]
    fn every_domain_has_labels_and_known_codes() {
        for domain in Domain::iter() {
            let info = domain_info(domain).expect("every domain is described");
            assert!(!info.fr.is_empty() && !info.en.is_empty() && !info.ar.is_empty());
            for code in info.dac_codes {
                assert!(dac_names(code).and_then(|n| n.get("fr")).is_some(), "{code} is in the Sector codelist");
            }
        }
        assert_eq!(
            dac_names("14010").and_then(|n| n.get("en")),
            Some("Water sector policy and administrative management")
        );
        assert_eq!(
            dac_names("14010").and_then(|n| n.get("fr")),
            Some("Politique et gestion administrative du secteur de l'eau")
        );
        assert_eq!(policy_marker_names("11").and_then(|n| n.get("en")), Some("Disability"));
    }
}
