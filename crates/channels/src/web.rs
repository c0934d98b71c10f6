//! The web widget: the first channel adapter. Its frames travel over the
//! widget's socket and REST calls, served by `kadesk-server` (`ws.rs`,
//! `api/widget.rs`); this module says what the channel is and what it can
//! show. A widget buyer is known by their visitor token, not a platform
//! user id, so the server finds the contact itself and the conversation is
//! opened on [`WebWidget::kind`]; outbound messages reach the widget through
//! the desk's hub, which every buyer socket listens to.

use kadesk_domain::{limits, Channel};

use crate::{Adapter, Capabilities, Delivery, PlatformIdentity, Rendered};

/// The web chat widget.
#[derive(Debug, Clone, Copy, Default)]
pub struct WebWidget;

/// What the widget shows: buttons, pictures and the desk's longest text.
pub const CAPABILITIES: Capabilities = Capabilities {
    buttons: true,
    images: true,
    max_chars: limits::MAX_TEXT_CHARS,
};

impl Adapter for WebWidget {
    fn kind(&self) -> Channel {
        Channel::Web
    }

    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }

    /// Nothing to send: the hub already published the stored message to the
    /// buyer's sockets.
    fn deliver<'a>(&'a self, _to: &'a PlatformIdentity, _parts: &'a [Rendered]) -> Delivery<'a> {
        Box::pin(async { Ok(()) })
    }
}
