//! Citations between documents (interface only, extraction pending).

use crate::date::PartialDate;

/// How a document relates to one it cites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    Implements,
    BasedOn,
    RespondsTo,
    Amends,
    Replaces,
    Repeals,
    Guides,
    Mentions,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Implements => "implements",
            Relation::BasedOn => "based_on",
            Relation::RespondsTo => "responds_to",
            Relation::Amends => "amends",
            Relation::Replaces => "replaces",
            Relation::Repeals => "repeals",
            Relation::Guides => "guides",
            Relation::Mentions => "mentions",
        }
    }
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Citation {
    pub number: String,
    #[serde(rename = "type")]
    pub doc_type: Option<String>,
    pub type_name: Option<String>,
    pub date: Option<PartialDate>,
    pub issuer: Option<String>,
    pub subject: Option<String>,
    pub relation: Relation,
    pub span: [usize; 2],
}

pub fn extract_citations(_text: &str, _own_number: Option<&str>) -> Vec<Citation> {
    Vec::new()
}
