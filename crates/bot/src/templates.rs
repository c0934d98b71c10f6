//! Reply templates: per intent and state, in Chinese and English, with
//! `{variables}` and optional A/B variants.
//!
//! The built-in set is `templates.toml` in this crate, embedded at build
//! time. Operators override it with a file in the same format:
//! [`Templates::from_str`] (via [`std::str::FromStr`]) merges a file over the
//! built-ins, [`Templates::merge_toml`] merges another one on top.
//!
//! ```toml
//! [ask.order_no]                       # template id "ask.order_no"
//! zh = "请发一下订单号～"
//! en = "Could you send me the order number?"
//!
//! [greeting]                           # two variants, chosen 30:70
//! [[greeting.variants]]
//! name = "short"
//! weight = 30
//! zh = "您好！有什么可以帮您？"
//! en = "Hi! How can I help?"
//! [[greeting.variants]]
//! name = "long"
//! weight = 70
//! zh = "…"
//! en = "…"
//!
//! [guide.netflix]                      # a usage guide, found by keywords
//! keywords = ["netflix", "奈飞"]
//! zh = "…"
//! en = "…"
//! ```
//!
//! A table with `zh`, `en`, `variants` or `keywords` is a template; its id is
//! the dotted path. An override replaces only the fields it gives. A missing
//! language falls back to the other one. `{{` and `}}` are literal braces.

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::Serialize;

use crate::facts::Lang;

/// The built-in templates file.
pub const BUILTIN: &str = include_str!("../templates.toml");

/// Variables a template may use.
pub const VARIABLES: &[&str] = &[
    "name",
    "order_no",
    "product",
    "price",
    "amount",
    "currency",
    "minutes",
    "keys",
    "diagnosis",
    "back_at",
    "title",
    "answer",
    "topic",
    "prompt",
    "error_code",
];

/// All reply templates.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Templates {
    map: BTreeMap<String, Template>,
}

/// One template: one or more variants, and keywords (for guides).
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Template {
    /// The variants; one unless the template is A/B tested.
    pub variants: Vec<Variant>,
    /// Words that select this template (usage guides).
    pub keywords: Vec<String>,
}

/// One wording of a template.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Variant {
    /// Variant name (`default` when there is one).
    pub name: String,
    /// Relative weight for the A/B choice.
    pub weight: u32,
    /// Chinese text.
    pub zh: String,
    /// English text.
    pub en: String,
}

impl Variant {
    /// The text in `lang` (falling back to the other language).
    pub fn text(&self, lang: Lang) -> &str {
        let (a, b) = match lang {
            Lang::Zh => (&self.zh, &self.en),
            Lang::En => (&self.en, &self.zh),
        };
        if a.is_empty() {
            b
        } else {
            a
        }
    }
}

/// A templates file that cannot be used; the message names the template and
/// the fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// Not TOML.
    #[error("templates file is not valid TOML: {0}")]
    Toml(String),
    /// TOML, but not the template format.
    #[error("template `{id}`: {problem}")]
    Invalid {
        /// Template id.
        id: String,
        /// What is wrong and the fix.
        problem: String,
    },
}

fn invalid(id: &str, problem: impl Into<String>) -> TemplateError {
    TemplateError::Invalid {
        id: id.to_string(),
        problem: problem.into(),
    }
}

/// What an override file says about one template.
#[derive(Default)]
struct Patch {
    zh: Option<String>,
    en: Option<String>,
    variants: Option<Vec<Variant>>,
    keywords: Option<Vec<String>>,
}

impl Templates {
    /// The built-in templates.
    pub fn builtin() -> Templates {
        let mut t = Templates {
            map: BTreeMap::new(),
        };
        // A test checks that the embedded file loads.
        if let Err(e) = t.merge_toml(BUILTIN) {
            debug_assert!(false, "built-in templates: {e}");
        }
        t
    }

    /// Merges a templates file over these templates; returns how many
    /// templates it touched. On error nothing is changed.
    pub fn merge_toml(&mut self, text: &str) -> Result<usize, TemplateError> {
        let table: toml::Table =
            toml::from_str(text).map_err(|e| TemplateError::Toml(e.to_string()))?;
        let mut patches = Vec::new();
        collect("", &table, &mut patches)?;
        let mut next = self.map.clone();
        for (id, patch) in &patches {
            let t = next.entry(id.clone()).or_default();
            apply(id, t, patch)?;
        }
        for (id, t) in &next {
            check(id, t)?;
        }
        self.map = next;
        Ok(patches.len())
    }

    /// The template with this id.
    pub fn get(&self, id: &str) -> Option<&Template> {
        self.map.get(id)
    }

    /// All template ids, sorted.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.map.keys().map(String::as_str)
    }

    /// All templates by id.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Template)> {
        self.map.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Ends an A/B test: variant `name` of template `id` gets every new
    /// conversation (weight 100, the others 0). Conversations that already
    /// got another variant keep it. On error nothing is changed.
    pub fn promote(&mut self, id: &str, name: &str) -> Result<(), TemplateError> {
        let t = self
            .map
            .get_mut(id)
            .ok_or_else(|| invalid(id, "no such template"))?;
        if t.variants.len() < 2 {
            return Err(invalid(id, "is not A/B tested: it has one variant"));
        }
        if !t.variants.iter().any(|v| v.name == name) {
            let names: Vec<&str> = t.variants.iter().map(|v| v.name.as_str()).collect();
            return Err(invalid(
                id,
                format!(
                    "has no variant `{name}`; its variants are {}",
                    names.join(", ")
                ),
            ));
        }
        for v in &mut t.variants {
            v.weight = if v.name == name { 100 } else { 0 };
        }
        Ok(())
    }

    /// Chooses the variant of `id` for a conversation: the one in `chosen`
    /// if still there, otherwise a weighted choice from `seed` (then
    /// remembered in `chosen`). Only templates with several variants are
    /// remembered. Returns the variant and its name when A/B tested.
    pub fn choose(
        &self,
        id: &str,
        seed: u64,
        chosen: &mut BTreeMap<String, String>,
    ) -> Option<(&Variant, Option<String>)> {
        let t = self.map.get(id)?;
        if t.variants.len() == 1 {
            return t.variants.first().map(|v| (v, None));
        }
        if let Some(name) = chosen.get(id) {
            if let Some(v) = t.variants.iter().find(|v| &v.name == name) {
                return Some((v, Some(name.clone())));
            }
        }
        let total: u64 = t.variants.iter().map(|v| u64::from(v.weight)).sum();
        let mut roll = if total == 0 {
            0
        } else {
            mix(seed ^ kadesk_domain::text::fnv1a(id.as_bytes())) % total
        };
        let mut pick = t.variants.first()?;
        for v in &t.variants {
            if roll < u64::from(v.weight) {
                pick = v;
                break;
            }
            roll -= u64::from(v.weight);
        }
        chosen.insert(id.to_string(), pick.name.clone());
        Some((pick, Some(pick.name.clone())))
    }
}

impl FromStr for Templates {
    type Err = TemplateError;

    /// The built-ins with `text` merged over them.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut t = Templates::builtin();
        t.merge_toml(text)?;
        Ok(t)
    }
}

impl Default for Templates {
    fn default() -> Self {
        Templates::builtin()
    }
}

const FIELDS: &[&str] = &["zh", "en", "variants", "keywords"];

fn collect(
    prefix: &str,
    table: &toml::Table,
    out: &mut Vec<(String, Patch)>,
) -> Result<(), TemplateError> {
    let is_template = FIELDS.iter().any(|f| table.contains_key(*f));
    let id = prefix.to_string();
    let mut patch = Patch::default();
    for (key, value) in table {
        let child = if prefix.is_empty() {
            key.clone()
        } else {
            format!("{prefix}.{key}")
        };
        match (key.as_str(), value) {
            ("zh", toml::Value::String(s)) if is_template => patch.zh = Some(s.clone()),
            ("en", toml::Value::String(s)) if is_template => patch.en = Some(s.clone()),
            ("keywords", toml::Value::Array(a)) if is_template => {
                let words = a
                    .iter()
                    .map(|w| w.as_str().map(str::to_lowercase))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| invalid(&id, "keywords must be a list of strings"))?;
                patch.keywords = Some(words);
            }
            ("variants", toml::Value::Array(a)) if is_template => {
                patch.variants = Some(variants(&id, a)?);
            }
            (_, toml::Value::Table(t)) => collect(&child, t, out)?,
            ("zh" | "en" | "keywords" | "variants", _) => {
                return Err(invalid(
                    &id,
                    format!("`{key}` has the wrong type: zh and en are strings, keywords a list of strings, variants a list of tables"),
                ))
            }
            _ => {
                let at = if prefix.is_empty() { key.as_str() } else { id.as_str() };
                return Err(invalid(
                    at,
                    format!("unknown field `{key}`: a template has zh, en, variants and keywords"),
                ));
            }
        }
    }
    if is_template {
        if patch.variants.is_some() && (patch.zh.is_some() || patch.en.is_some()) {
            return Err(invalid(
                &id,
                "has both zh/en and variants: put the texts inside the variants",
            ));
        }
        out.push((id, patch));
    }
    Ok(())
}

fn variants(id: &str, items: &[toml::Value]) -> Result<Vec<Variant>, TemplateError> {
    let mut out: Vec<Variant> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let t = item
            .as_table()
            .ok_or_else(|| invalid(id, format!("variant {} is not a table", i + 1)))?;
        let text = |k: &str| -> Result<String, TemplateError> {
            match t.get(k) {
                None => Ok(String::new()),
                Some(toml::Value::String(s)) => Ok(s.clone()),
                Some(_) => Err(invalid(
                    id,
                    format!("variant {}: `{k}` must be a string", i + 1),
                )),
            }
        };
        let name = match t.get("name") {
            Some(toml::Value::String(s)) if !s.is_empty() => s.clone(),
            None => format!("v{}", i + 1),
            Some(_) => {
                return Err(invalid(
                    id,
                    format!("variant {}: `name` must be a non-empty string", i + 1),
                ))
            }
        };
        let weight = match t.get("weight") {
            None => 1,
            Some(toml::Value::Integer(w)) if (0..=1_000_000).contains(w) => *w as u32,
            Some(_) => {
                return Err(invalid(
                    id,
                    format!("variant {name}: `weight` must be a whole number from 0 to 1000000"),
                ))
            }
        };
        if let Some(k) = t
            .keys()
            .find(|k| !matches!(k.as_str(), "name" | "weight" | "zh" | "en"))
        {
            return Err(invalid(
                id,
                format!("variant {name}: unknown field `{k}` (name, weight, zh, en)"),
            ));
        }
        if out.iter().any(|v| v.name == name) {
            return Err(invalid(id, format!("two variants are named `{name}`")));
        }
        out.push(Variant {
            name,
            weight,
            zh: text("zh")?,
            en: text("en")?,
        });
    }
    if out.is_empty() {
        return Err(invalid(id, "variants is empty: give at least one"));
    }
    Ok(out)
}

fn apply(id: &str, t: &mut Template, p: &Patch) -> Result<(), TemplateError> {
    if let Some(k) = &p.keywords {
        t.keywords = k.clone();
    }
    if let Some(v) = &p.variants {
        t.variants = v.clone();
    } else if p.zh.is_some() || p.en.is_some() {
        let old = t.variants.first().cloned();
        let zh = p.zh.clone().or_else(|| old.as_ref().map(|v| v.zh.clone()));
        let en = p.en.clone().or_else(|| old.as_ref().map(|v| v.en.clone()));
        t.variants = vec![Variant {
            name: "default".into(),
            weight: 1,
            zh: zh.unwrap_or_default(),
            en: en.unwrap_or_default(),
        }];
    }
    if t.variants.is_empty() {
        return Err(invalid(id, "has no text: add zh and en"));
    }
    Ok(())
}

fn check(id: &str, t: &Template) -> Result<(), TemplateError> {
    if t.variants.iter().all(|v| v.weight == 0) {
        return Err(invalid(id, "every variant has weight 0: give one a weight"));
    }
    for v in &t.variants {
        if v.zh.is_empty() && v.en.is_empty() {
            return Err(invalid(
                id,
                format!("variant {} has no text: add zh and en", v.name),
            ));
        }
        for (lang, text) in [("zh", &v.zh), ("en", &v.en)] {
            for var in placeholders(text) {
                if !VARIABLES.contains(&var.as_str()) {
                    return Err(invalid(
                        id,
                        format!(
                            "{lang} uses unknown variable {{{var}}}: known variables are {}",
                            VARIABLES.join(", ")
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

/// The `{name}` placeholders of a text.
fn placeholders(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
            }
            '{' => {
                let mut name = String::new();
                for n in chars.by_ref() {
                    if n == '}' {
                        break;
                    }
                    name.push(n);
                }
                out.push(name);
            }
            _ => {}
        }
    }
    out
}

/// Fills `{name}` placeholders from `vars`; a variable not given renders
/// empty. `{{`/`}}` are literal braces.
pub fn render(text: &str, vars: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut name = String::new();
                for n in chars.by_ref() {
                    if n == '}' {
                        break;
                    }
                    name.push(n);
                }
                if let Some((_, v)) = vars.iter().find(|(k, _)| *k == name) {
                    out.push_str(v);
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// SplitMix64 finaliser: spreads seeds that differ in few bits.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_templates_load_and_have_both_languages() {
        let mut t = Templates {
            map: BTreeMap::new(),
        };
        let n = t.merge_toml(BUILTIN).expect("built-in templates load");
        assert!(n > 80, "{n} templates");
        for (id, tpl) in t.iter() {
            for v in &tpl.variants {
                assert!(!v.zh.is_empty(), "{id}/{} has no zh", v.name);
                assert!(!v.en.is_empty(), "{id}/{} has no en", v.name);
                let words = render(&v.zh, &[]);
                assert!(
                    id.starts_with("button.guide.")
                        || !words.chars().any(char::is_alphabetic)
                        || words
                            .chars()
                            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                    "{id}/{}: zh text has no Chinese",
                    v.name
                );
            }
        }
    }

    #[test]
    fn override_replaces_only_the_given_language() {
        let t: Templates = "[thanks]\nzh = \"不用谢～\"".parse().expect("valid");
        let v = &t.get("thanks").expect("exists").variants[0];
        assert_eq!(v.zh, "不用谢～");
        assert_eq!(
            v.en,
            Templates::builtin().get("thanks").expect("x").variants[0].en
        );
    }

    #[test]
    fn a_promoted_variant_gets_every_new_conversation() {
        let mut t = Templates::builtin();
        t.promote("greeting", "short").expect("promoted");
        let weights: Vec<(String, u32)> = t
            .get("greeting")
            .expect("exists")
            .variants
            .iter()
            .map(|v| (v.name.clone(), v.weight))
            .collect();
        assert_eq!(weights, vec![("helpful".into(), 0), ("short".into(), 100)]);
        for seed in 0..200 {
            let (v, _) = t
                .choose("greeting", seed, &mut BTreeMap::new())
                .expect("chosen");
            assert_eq!(v.name, "short", "seed {seed}");
        }
        // A conversation that got the other variant before keeps it.
        let mut chosen = BTreeMap::from([("greeting".to_owned(), "helpful".to_owned())]);
        assert_eq!(
            t.choose("greeting", 1, &mut chosen).expect("chosen").0.name,
            "helpful"
        );
        let before = t.clone();
        assert!(t.promote("greeting", "nope").is_err());
        assert!(
            t.promote("thanks", "default").is_err(),
            "one variant: no test to end"
        );
        assert!(t.promote("no.such", "short").is_err());
        assert_eq!(t, before, "a refused promotion changes nothing");
    }

    #[test]
    fn new_templates_and_variants_can_be_added() {
        let file = r#"
[guide.netflix]
keywords = ["Netflix", "奈飞"]
zh = "奈飞礼品卡：打开 netflix.com/redeem"
en = "Netflix gift card: open netflix.com/redeem"

[ask.order_no]
[[ask.order_no.variants]]
name = "short"
weight = 1
zh = "订单号？"
en = "Order number?"
"#;
        let t: Templates = file.parse().expect("valid");
        let g = t.get("guide.netflix").expect("added");
        assert_eq!(g.keywords, vec!["netflix", "奈飞"]);
        assert_eq!(t.get("ask.order_no").expect("x").variants.len(), 1);
    }

    #[test]
    fn errors_name_the_template_and_the_fix() {
        let err = "[thanks]\nzh = \"谢谢{nmae}\""
            .parse::<Templates>()
            .expect_err("bad var");
        let msg = err.to_string();
        assert!(msg.contains("thanks") && msg.contains("{nmae}"), "{msg}");
        let err = "[thanks]\nzh = 3"
            .parse::<Templates>()
            .expect_err("bad type");
        assert!(err.to_string().contains("wrong type"), "{err}");
        let err = "[thanks]\nzh = \"a\"\ncolour = \"red\""
            .parse::<Templates>()
            .expect_err("field");
        assert!(err.to_string().contains("unknown field `colour`"), "{err}");
        let err = "[x]\n[[x.variants]]\nweight = 0\nzh = \"你\""
            .parse::<Templates>()
            .expect_err("w");
        assert!(err.to_string().contains("weight 0"), "{err}");
        assert!(matches!(
            "[x".parse::<Templates>(),
            Err(TemplateError::Toml(_))
        ));
    }

    #[test]
    fn render_fills_variables_and_keeps_escaped_braces() {
        let s = render(
            "订单 {order_no}：{{ok}} {missing}!",
            &[("order_no", "D1".to_string())],
        );
        assert_eq!(s, "订单 D1：{ok} !");
    }

    #[test]
    fn variant_choice_is_deterministic_kept_and_follows_weights() {
        let file = r#"
[t]
[[t.variants]]
name = "a"
weight = 1
zh = "甲"
[[t.variants]]
name = "b"
weight = 3
zh = "乙"
"#;
        let t: Templates = file.parse().expect("valid");
        let mut b_count = 0;
        for seed in 0..4000u64 {
            let mut chosen = BTreeMap::new();
            let (v, name) = t.choose("t", seed, &mut chosen).expect("exists");
            let again = t
                .choose("t", seed, &mut BTreeMap::new())
                .expect("x")
                .0
                .name
                .clone();
            assert_eq!(v.name, again, "same seed, same variant");
            assert_eq!(chosen.get("t"), name.as_ref());
            if v.name == "b" {
                b_count += 1;
            }
        }
        assert!(
            (2800..3200).contains(&b_count),
            "b chosen {b_count} of 4000"
        );
        // A remembered choice wins over the seed.
        let mut chosen = BTreeMap::from([("t".to_string(), "a".to_string())]);
        for seed in 0..50 {
            assert_eq!(t.choose("t", seed, &mut chosen).expect("x").0.name, "a");
        }
    }
}
