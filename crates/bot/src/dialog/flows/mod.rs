//! One module per flow; each adds the steps of its intents to the dialog.

mod knowledge;
mod order;
mod refund;
mod screenshot;
mod usage;
