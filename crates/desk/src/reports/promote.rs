//! "Promote the winner": ending a bot template's A/B test by giving one
//! variant every new conversation (weight 100, the others 0). The choice is
//! stored (settings key [`PROMOTIONS_KEY`], applied again at start-up by
//! [`load_promotions`]) and audited (`experiment.promote`, with the weights
//! before). Conversations that already got another variant keep it.

use std::collections::BTreeMap;

use kadesk_bot::TemplateError;

use crate::{Desk, DeskError, DeskResult};

/// The settings-table key of the promoted variants: a JSON object from
/// template id to variant name.
pub const PROMOTIONS_KEY: &str = "experiment_promotions";

/// The promoted variant of each template whose test was ended.
pub async fn promotions(desk: &Desk) -> kadesk_store::Result<BTreeMap<String, String>> {
    let Some(json) = desk.store.setting(PROMOTIONS_KEY).await? else {
        return Ok(BTreeMap::new());
    };
    Ok(serde_json::from_str(&json).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "stored experiment promotions ignored");
        BTreeMap::new()
    }))
}

/// Ends the A/B test of `template`: `variant` gets every new conversation
/// from now on, across restarts; `actor_id` is audited as having done it.
pub async fn promote(desk: &Desk, template: &str, variant: &str, actor_id: i64) -> DeskResult<()> {
    // One promotion at a time: the stored map is read, changed and written.
    let _one = desk.bot.promotion_lock().await;
    let mut templates = (*desk.bot.templates()).clone();
    let before: BTreeMap<String, u32> = templates
        .get(template)
        .ok_or_else(|| DeskError::not_found(format!("no bot template `{template}`")))?
        .variants
        .iter()
        .map(|v| (v.name.clone(), v.weight))
        .collect();
    templates.promote(template, variant).map_err(|e| match e {
        TemplateError::Invalid { problem, .. } => {
            DeskError::validation(format!("template `{template}` {problem}"))
        }
        TemplateError::Toml(m) => DeskError::Internal(m),
    })?;
    let mut promoted = promotions(desk).await?;
    promoted.insert(template.to_owned(), variant.to_owned());
    let json = serde_json::to_string(&promoted).map_err(|e| DeskError::Internal(e.to_string()))?;
    desk.store.set_setting(PROMOTIONS_KEY, &json).await?;
    desk.bot.set_templates(templates);
    desk.store
        .audit(
            Some(actor_id),
            "experiment.promote",
            template,
            serde_json::json!({ "variant": variant, "weights_before": before }),
        )
        .await?;
    tracing::info!(
        user.id = actor_id,
        template,
        variant,
        "A/B test ended: variant promoted"
    );
    Ok(())
}

/// Applies the stored promotions to the templates in use (at start-up). A
/// promotion that no longer fits the templates (a variant renamed) is
/// skipped with a warning.
pub async fn load_promotions(desk: &Desk) -> kadesk_store::Result<()> {
    let promoted = promotions(desk).await?;
    if promoted.is_empty() {
        return Ok(());
    }
    let mut templates = (*desk.bot.templates()).clone();
    for (template, variant) in &promoted {
        if let Err(e) = templates.promote(template, variant) {
            tracing::warn!(error = %e, template, variant, "stored promotion skipped");
        }
    }
    desk.bot.set_templates(templates);
    Ok(())
}
