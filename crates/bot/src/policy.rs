//! The handoff policy, as a pure function: given the dialog state, the
//! turn's context, the settings, what the buyer's event is handled as and
//! the NLU parse of their message, the reasons to hand the conversation to a
//! person now (none: the bot goes on). The dialog calls it first on every
//! buyer event.

use kadesk_domain::Intent;
use kadesk_nlu::{EntityKind, Parse, SentimentFlag};

use crate::config::{BotConfig, VipHandoff};
use crate::facts::{Context, Reason};
use crate::signals;
use crate::state::{is_negative, DialogState};

/// Why this turn goes to a person, most important first; empty when the bot
/// keeps the conversation. `p` is the parse of a typed message (`None` for a
/// pressed button).
pub fn handoff_reasons(
    st: &DialogState,
    ctx: &Context,
    cfg: &BotConfig,
    intent: &Intent,
    p: Option<&Parse>,
) -> Vec<Reason> {
    let mut r = Vec::new();
    if *intent == Intent::HumanAgent && cfg.human_request {
        r.push(Reason::HumanRequest);
    }
    if let Some(p) = p {
        let s = &p.sentiment;
        let heated =
            s.flags.contains(&SentimentFlag::Anger) || s.flags.contains(&SentimentFlag::Threat);
        if cfg.anger_handoff && is_negative(s.label) && heated {
            r.push(Reason::NegativeSentiment);
        }
    }
    if cfg.negative_streak > 0 && st.streaks.negative >= cfg.negative_streak {
        r.push(Reason::NegativeSentiment);
    }
    if cfg.fallback_streak > 0 && st.streaks.fallback >= cfg.fallback_streak {
        r.push(Reason::RepeatedFallback);
    }
    let raised = st
        .streaks
        .intents
        .get(intent.as_str())
        .copied()
        .unwrap_or(0);
    if cfg.repeated_intent > 0 && raised >= cfg.repeated_intent {
        r.push(Reason::RepeatedIntent);
    }
    if cfg.sensitive_intents.contains(intent) {
        r.push(Reason::SensitiveIntent);
    }
    if *intent == Intent::RefundRequest && cfg.refund_handoff_above >= 0.0 {
        let above = p.is_some_and(|p| {
            p.values(EntityKind::Amount)
                .filter_map(signals::amount_value)
                .any(|a| a > cfg.refund_handoff_above)
        });
        if above {
            r.push(Reason::SensitiveIntent);
        }
    }
    let vip = match cfg.vip_handoff {
        VipHandoff::Never => false,
        VipHandoff::Problems => intent.is_problem(),
        VipHandoff::Always => true,
    };
    if vip && cfg.is_vip(ctx.vip, ctx.lifetime_spend) {
        r.push(Reason::Vip);
    }
    r.dedup();
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asking_for_a_person_is_a_reason_and_a_greeting_is_not() {
        let (st, ctx, cfg) = (DialogState::new(), Context::default(), BotConfig::default());
        assert_eq!(
            handoff_reasons(&st, &ctx, &cfg, &Intent::HumanAgent, None),
            vec![Reason::HumanRequest]
        );
        assert!(handoff_reasons(&st, &ctx, &cfg, &Intent::Greeting, None).is_empty());
    }

    #[test]
    fn a_vip_with_a_problem_goes_to_a_person() {
        let st = DialogState::new();
        let ctx = Context {
            vip: true,
            ..Context::default()
        };
        let cfg = BotConfig {
            vip_handoff: VipHandoff::Problems,
            ..BotConfig::default()
        };
        assert!(handoff_reasons(&st, &ctx, &cfg, &Intent::CardInvalid, None).contains(&Reason::Vip));
        assert!(!handoff_reasons(&st, &ctx, &cfg, &Intent::Greeting, None).contains(&Reason::Vip));
    }
}
