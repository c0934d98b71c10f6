//! Orders coming in from the shop: a batch through the API (all or
//! nothing for validation), a CSV file (bad lines reported and skipped),
//! and storing one valid order with its card keys sealed.

use kadesk_store::{OrderRecord, SaveOutcome, SealedKey};
use serde::Serialize;
use utoipa::ToSchema;

use crate::crypto::KeyError;
use crate::error::{ImportError, OrderError};
use crate::ingest::{self, LineError, OrderInput, ValidOrder};
use crate::Shop;

/// Why orders from the shop were not stored.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    /// An order in the request is invalid; nothing was stored.
    #[error("orders[{index}] ({order_no}): {message}")]
    Invalid {
        index: usize,
        order_no: String,
        message: OrderError,
    },
    #[error("too many orders in one request: {0}; send at most 1000")]
    TooMany(usize),
    #[error(transparent)]
    Store(#[from] kadesk_store::StoreError),
    #[error(transparent)]
    Crypto(#[from] KeyError),
}

/// What an ingest did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct IngestReport {
    pub received: usize,
    pub created: usize,
    pub updated: usize,
}

/// What a CSV import did.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ImportReport {
    pub created: usize,
    pub updated: usize,
    /// Lines that were skipped, with why.
    pub errors: Vec<LineError>,
}

impl Shop {
    /// Validates every order, then stores them (sealing card keys): all or
    /// nothing for validation, one transaction per order for storing.
    pub async fn ingest(&self, orders: Vec<OrderInput>) -> Result<IngestReport, IngestError> {
        if orders.len() > ingest::MAX_BATCH {
            return Err(IngestError::TooMany(orders.len()));
        }
        let now = self.clock.now();
        let mut valid = Vec::with_capacity(orders.len());
        for (index, order) in orders.into_iter().enumerate() {
            let order_no = order.order_no.clone();
            valid.push(
                order
                    .validate(now)
                    .map_err(|message| IngestError::Invalid {
                        index,
                        order_no,
                        message,
                    })?,
            );
        }
        let mut report = IngestReport {
            received: valid.len(),
            ..IngestReport::default()
        };
        for order in valid {
            match self.save(order).await? {
                SaveOutcome::Created => report.created += 1,
                SaveOutcome::Updated => report.updated += 1,
            }
        }
        Ok(report)
    }

    /// Stores one valid order.
    pub async fn save(&self, order: ValidOrder) -> Result<SaveOutcome, IngestError> {
        let keys = match &order.card_keys {
            None => None,
            Some(keys) => Some(
                keys.iter()
                    .map(|k| {
                        Ok(SealedKey {
                            sealed: self.cipher.seal(&order.order_no, k)?,
                            masked: k.masked(),
                        })
                    })
                    .collect::<Result<Vec<_>, KeyError>>()?,
            ),
        };
        let record = OrderRecord {
            lookup_hash: order
                .lookup_password
                .as_ref()
                .map(|p| self.cipher.lookup_hash(&order.order_no, p.expose())),
            order_no: order.order_no,
            trade_no: order.trade_no,
            product: order.product,
            contact: order.contact,
            email: order.email,
            phone: order.phone,
            qq: order.qq,
            quantity: order.quantity,
            amount_cents: order.amount_cents,
            currency: order.currency,
            payment_status: order.payment_status,
            delivery_status: order.delivery_status,
            manual_delivery: order.manual_delivery,
            created_at: order.created_at,
            paid_at: order.paid_at,
            delivered_at: order.delivered_at,
        };
        Ok(self.store.save_order(&record, keys.as_deref()).await?)
    }

    /// Imports orders from CSV: bad lines are reported and skipped, good
    /// lines stored. `Err` when the file as a whole cannot be read.
    pub async fn import_csv(&self, data: &[u8]) -> Result<ImportReport, ImportError> {
        let read = ingest::read_csv(data)?;
        let mut report = ImportReport {
            errors: read.errors,
            ..ImportReport::default()
        };
        let now = self.clock.now();
        for (line, order) in read.orders {
            match order.validate(now) {
                Ok(valid) => match self.save(valid).await {
                    Ok(SaveOutcome::Created) => report.created += 1,
                    Ok(SaveOutcome::Updated) => report.updated += 1,
                    Err(IngestError::Store(source)) => {
                        return Err(ImportError::Store { line, source })
                    }
                    Err(e) => report.errors.push(LineError {
                        line,
                        message: e.to_string(),
                    }),
                },
                Err(e) => report.errors.push(LineError {
                    line,
                    message: e.to_string(),
                }),
            }
        }
        report.errors.sort_by_key(|e| e.line);
        Ok(report)
    }
}
