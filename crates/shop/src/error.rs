//! The shop's errors: configuration (which setting is wrong and why),
//! orders and CSV files that cannot be ingested, the card-key check and
//! statuses a source reports. Kept apart from the modules that raise them
//! so the sources can report them without importing the configuration.

/// A shop setting that cannot be used. The message names the setting.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The card-key encryption key (`shop.card_key` or `shop.card_key_file`).
    #[error("shop.card_key: {0}")]
    CardKey(#[from] crate::crypto::KeyError),
    /// One `[[shop.sources]]` entry; the message names its bad setting
    /// (`url`, `prefix`, `time_zone`, `order_url` …).
    #[error("shop.sources: source {source_name}: {message}")]
    Source {
        /// The source's name (configured, or its kind's default).
        source_name: String,
        /// What is wrong, starting with the setting.
        message: String,
    },
    /// Two sources with one name.
    #[error("shop.sources: two shop sources are named {0:?}; give each a distinct name")]
    DuplicateName(String),
    /// Neither the built-in source nor another one.
    #[error("shop: no shop source: turn [shop] builtin on or add [[shop.sources]]")]
    NoSource,
}

/// An order that cannot be stored. The message names the field and what to
/// send instead (it reaches the API and CSV import reports as is).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OrderError {
    /// A bad order number.
    #[error("order_no {0:?} must be 1 to 64 letters, digits, '-' or '_'")]
    OrderNo(String),
    /// An empty or too long product.
    #[error("product must be 1 to 200 characters")]
    Product,
    /// An e-mail address without `@`.
    #[error("email {0:?} has no @")]
    Email(String),
    /// A field longer than allowed.
    #[error("{field} is longer than {max} characters")]
    TooLong {
        /// The field.
        field: &'static str,
        /// Most characters allowed.
        max: usize,
    },
    /// No way to reach the buyer.
    #[error("give the buyer's contact: contact, email, phone or qq")]
    NoContact,
    /// A quantity out of range.
    #[error("quantity {0} must be 1 to 100000")]
    Quantity(i64),
    /// Both `amount_cents` and `amount`.
    #[error("give amount_cents or amount, not both")]
    TwoAmounts,
    /// Neither `amount_cents` nor `amount`.
    #[error("give the amount: amount_cents (fen) or amount (yuan)")]
    NoAmount,
    /// A negative amount.
    #[error("amount {0} must not be negative")]
    NegativeAmount(i64),
    /// Not a currency code.
    #[error("currency {0:?} must be a code like CNY or USD")]
    Currency(String),
    /// More card keys than one order takes.
    #[error("an order takes at most {0} card keys")]
    TooManyKeys(usize),
    /// An empty card key.
    #[error("card_keys[{0}] is empty")]
    EmptyKey(usize),
    /// A card key longer than allowed.
    #[error("card_keys[{index}] is longer than {max} characters")]
    KeyTooLong {
        /// Its place in `card_keys`.
        index: usize,
        /// Most characters allowed.
        max: usize,
    },
}

/// A CSV file that cannot be imported as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// The header line is unreadable.
    #[error("cannot read the header line: {0}")]
    Header(String),
    /// A column the importer does not know.
    #[error("unknown column {name:?}; columns are {columns}")]
    UnknownColumn {
        /// The column.
        name: String,
        /// The known columns, comma-separated.
        columns: String,
    },
    /// A required column is missing.
    #[error("the header has no {0} column")]
    MissingColumn(&'static str),
    /// More lines than one import takes.
    #[error("the file has more than {0} orders; split it")]
    TooManyLines(usize),
}

/// A CSV import that stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file cannot be read.
    #[error(transparent)]
    Csv(#[from] CsvError),
    /// The database failed while storing a line.
    #[error("line {line}: {source}")]
    Store {
        /// The CSV line.
        line: u64,
        /// The database error.
        source: kadesk_store::StoreError,
    },
}

/// The card-key encryption key cannot be checked or is the wrong one.
#[derive(Debug, thiserror::Error)]
pub enum KeyCheckError {
    /// Stored keys were sealed with another key.
    #[error("the card-key encryption key is not the one this database's card keys were sealed with; restore the original key (file or [shop] card_key)")]
    WrongKey,
    /// The database failed.
    #[error(transparent)]
    Store(#[from] kadesk_store::StoreError),
    /// Sealing the canary failed.
    #[error(transparent)]
    Crypto(#[from] crate::crypto::KeyError),
}

/// An order status a shop source reported that cannot be read.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StatusError {
    /// Not a known status name.
    #[error(transparent)]
    Unknown(#[from] kadesk_domain::UnknownName),
    /// A combined status missing from the source's `status_map`.
    #[error("status {0:?} is not in status_map")]
    NotMapped(String),
    /// No payment status where the mapping points.
    #[error("no payment status at {0:?}")]
    Missing(String),
}
