//! Card keys at rest: AES-256-GCM with a 96-bit random nonce per key and the
//! order number as associated data (a sealed key moved to another order does
//! not open). The 256-bit key comes from the configuration or is generated at
//! first start into `<data_dir>/keys/card.key` (hex, mode 0600).
//!
//! Lookup passwords are kept as an HMAC-SHA256 under a key derived from the
//! same secret: fast enough for batch imports, useless without the key file.

use std::io::Write;
use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use zeroize::Zeroizing;

use crate::model::PlainKey;

/// Prefix of every sealed value, so the format can change later.
const SEALED_PREFIX: &str = "v1:";
const NONCE_LEN: usize = 12;

/// Why the card-key encryption key could not be set up, or a value not opened.
#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("card-key encryption key must be 64 hex characters (32 bytes); generate one with `openssl rand -hex 32`")]
    BadKey,
    #[error("cannot read card-key encryption key file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot create card-key encryption key file {path}: {source}")]
    Create {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("card-key encryption key file {path} does not hold 64 hex characters; restore it from your backup")]
    BadFile { path: PathBuf },
    /// Sealing failed (should not happen) or a sealed value did not open:
    /// wrong key, or the row was changed. The value is never part of the message.
    #[error("a sealed card key did not open: the encryption key is not the one it was sealed with, or the stored value was changed")]
    Open,
    #[error("a stored card key is not in the sealed format")]
    Format,
}

/// Seals and opens card keys; cheap to share behind an `Arc`.
#[derive(Clone)]
pub struct CardCipher {
    aead: Aes256Gcm,
    /// Key for lookup-password hashes, derived from the card key.
    lookup_key: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for CardCipher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CardCipher(***)")
    }
}

/// HMAC-SHA256 keyed with `key`.
#[allow(
    clippy::expect_used,
    reason = "HMAC takes a key of any length (longer ones are hashed), so `new_from_slice` never fails"
)]
pub(crate) fn hmac_sha256(key: &[u8]) -> Hmac<Sha256> {
    <Hmac<Sha256> as Mac>::new_from_slice(key).expect("hmac takes any key size")
}

impl CardCipher {
    /// A cipher over a 32-byte key.
    pub fn from_bytes(key: &[u8; 32]) -> CardCipher {
        let mut mac = hmac_sha256(key);
        mac.update(b"kadesk lookup password v1");
        let mut lookup_key = Zeroizing::new([0u8; 32]);
        lookup_key.copy_from_slice(&mac.finalize().into_bytes());
        CardCipher {
            aead: Aes256Gcm::new(key.into()),
            lookup_key,
        }
    }

    /// A cipher over a key given as 64 hex characters.
    pub fn from_hex(hex_key: &str) -> Result<CardCipher, KeyError> {
        let bytes = Zeroizing::new(hex::decode(hex_key.trim()).map_err(|_| KeyError::BadKey)?);
        let key: &[u8; 32] = bytes.as_slice().try_into().map_err(|_| KeyError::BadKey)?;
        Ok(CardCipher::from_bytes(key))
    }

    /// A cipher with a random key that lives only in memory: for tests and
    /// throw-away servers. Keys sealed with it cannot be opened after a restart.
    pub fn ephemeral() -> CardCipher {
        let mut key = Zeroizing::new([0u8; 32]);
        rand::thread_rng().fill_bytes(key.as_mut());
        CardCipher::from_bytes(&key)
    }

    /// The configured key (hex) when given, otherwise the key in `file`,
    /// generated there (mode 0600, folder 0700) when the file does not exist.
    pub fn load_or_create(configured: Option<&str>, file: &Path) -> Result<CardCipher, KeyError> {
        if let Some(hex_key) = configured.filter(|k| !k.trim().is_empty()) {
            return CardCipher::from_hex(hex_key);
        }
        match std::fs::read_to_string(file) {
            Ok(text) => {
                CardCipher::from_hex(&Zeroizing::new(text)).map_err(|_| KeyError::BadFile {
                    path: file.to_owned(),
                })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => create_key_file(file),
            Err(source) => Err(KeyError::Read {
                path: file.to_owned(),
                source,
            }),
        }
    }

    /// Seals a card key for `order_no`: `v1:` + hex(nonce ‖ ciphertext ‖ tag).
    pub fn seal(&self, order_no: &str, key: &PlainKey) -> Result<String, KeyError> {
        let mut nonce = [0u8; NONCE_LEN];
        rand::thread_rng().fill_bytes(&mut nonce);
        let sealed = self
            .aead
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: key.expose().as_bytes(),
                    aad: order_no.as_bytes(),
                },
            )
            .map_err(|_| KeyError::Open)?;
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        Ok(format!("{SEALED_PREFIX}{}", hex::encode(out)))
    }

    /// Opens a value made by [`CardCipher::seal`] for the same order number.
    pub fn open(&self, order_no: &str, sealed: &str) -> Result<PlainKey, KeyError> {
        let bytes = sealed
            .strip_prefix(SEALED_PREFIX)
            .and_then(|h| hex::decode(h).ok())
            .filter(|b| b.len() > NONCE_LEN)
            .ok_or(KeyError::Format)?;
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let plain = Zeroizing::new(
            self.aead
                .decrypt(
                    Nonce::from_slice(nonce),
                    Payload {
                        msg: body,
                        aad: order_no.as_bytes(),
                    },
                )
                .map_err(|_| KeyError::Open)?,
        );
        let text = std::str::from_utf8(&plain).map_err(|_| KeyError::Open)?;
        Ok(PlainKey::new(text))
    }

    /// The stored form of a lookup password: hex HMAC-SHA256 over the order
    /// number and the password.
    pub fn lookup_hash(&self, order_no: &str, password: &str) -> String {
        let mut mac = hmac_sha256(self.lookup_key.as_ref());
        mac.update(order_no.as_bytes());
        mac.update(&[0]);
        mac.update(password.trim().as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }
}

fn create_key_file(file: &Path) -> Result<CardCipher, KeyError> {
    let err = |source| KeyError::Create {
        path: file.to_owned(),
        source,
    };
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir).map_err(err)?;
    }
    let mut key = Zeroizing::new([0u8; 32]);
    rand::thread_rng().fill_bytes(key.as_mut());
    let text = Zeroizing::new(format!("{}\n", hex::encode(key.as_ref())));
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(file) {
        Ok(mut f) => {
            f.write_all(text.as_bytes()).map_err(err)?;
            f.sync_all().map_err(err)?;
            tracing::info!(path = %file.display(), "generated the card-key encryption key; back it up: without it stored card keys cannot be read");
            Ok(CardCipher::from_bytes(&key))
        }
        // Another process made it first: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            CardCipher::load_or_create(None, file)
        }
        Err(e) => Err(err(e)),
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

/// Masks a card key for listings: the first and last four letters or digits
/// of a long key stay (`ABCD-****-****-WXYZ`), two of a medium one, none of a
/// short one. Separators and other characters keep their place, so the shape
/// stays recognisable.
pub fn mask_key(key: &str) -> String {
    let alnum = key.chars().filter(char::is_ascii_alphanumeric).count();
    let keep = match alnum {
        16.. => 4,
        10..=15 => 2,
        _ => 0,
    };
    let mut seen = 0;
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                seen += 1;
                if seen <= keep || seen > alnum - keep {
                    c
                } else {
                    '*'
                }
            } else {
                c
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_the_shape_and_hide_the_middle() {
        assert_eq!(mask_key("ABCD-EFGH-IJKL-WXYZ"), "ABCD-****-****-WXYZ");
        assert_eq!(mask_key("X7Q2M9PL4ZR8"), "X7********R8");
        assert_eq!(mask_key("123456"), "******");
        assert_eq!(mask_key("卡号:AAAABBBBCCCCDDDD"), "卡号:AAAA********DDDD");
    }

    #[test]
    fn sealed_keys_open_only_with_the_same_key_and_order() {
        let cipher = CardCipher::ephemeral();
        let key = PlainKey::new("WZRY-8K2M-Q9PL-77XA");
        let sealed = cipher.seal("D1", &key).expect("seals");
        assert!(!sealed.contains("WZRY"));
        assert_ne!(
            sealed,
            cipher.seal("D1", &key).expect("seals"),
            "fresh nonce each time"
        );
        assert_eq!(cipher.open("D1", &sealed).expect("opens"), key);
        assert!(matches!(cipher.open("D2", &sealed), Err(KeyError::Open)));
        assert!(matches!(
            CardCipher::ephemeral().open("D1", &sealed),
            Err(KeyError::Open)
        ));
        assert!(matches!(
            cipher.open("D1", "garbage"),
            Err(KeyError::Format)
        ));
    }

    #[test]
    fn key_file_is_generated_once_with_private_permissions() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("keys").join("card.key");
        let first = CardCipher::load_or_create(None, &path).expect("creates");
        let sealed = first.seal("D1", &PlainKey::new("k")).expect("seals");
        let again = CardCipher::load_or_create(None, &path).expect("loads");
        assert_eq!(again.open("D1", &sealed).expect("opens").expose(), "k");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn configured_key_must_be_64_hex_characters() {
        assert!(CardCipher::from_hex(&"ab".repeat(32)).is_ok());
        let err = CardCipher::from_hex("short").expect_err("too short");
        assert!(err.to_string().contains("64 hex"));
    }

    #[test]
    fn lookup_hash_depends_on_order_and_password() {
        let cipher = CardCipher::ephemeral();
        let a = cipher.lookup_hash("D1", "pw");
        assert_eq!(a, cipher.lookup_hash("D1", " pw "));
        assert_ne!(a, cipher.lookup_hash("D2", "pw"));
        assert_ne!(a, cipher.lookup_hash("D1", "pw2"));
    }
}
