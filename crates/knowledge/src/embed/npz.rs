//! Just enough of `.npz` (a zip of `.npy` arrays) to read the encoder's
//! weights: the zip central directory, stored or deflated members, and the
//! `.npy` header of little-endian `f4`/`f8`/`u1`/`i1` C-order arrays.

use std::collections::HashMap;
use std::io::Read;

use super::EmbedError;

/// One array: its shape and its values as bytes (little-endian).
pub(crate) struct Npy {
    pub dtype: String,
    pub shape: Vec<usize>,
    pub data: Vec<u8>,
}

impl Npy {
    /// The values as `f32` (from `<f4`, or `<f8` narrowed).
    pub fn f32s(&self, name: &str) -> Result<Vec<f32>, EmbedError> {
        match self.dtype.as_str() {
            "<f4" => Ok(self
                .data
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect()),
            "<f8" => Ok(self
                .data
                .chunks_exact(8)
                .map(|c| {
                    f64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]) as f32
                })
                .collect()),
            other => Err(EmbedError::Format(format!(
                "{name}: dtype {other}, expected float"
            ))),
        }
    }

    /// How many values the shape holds.
    pub fn len(&self) -> usize {
        self.shape.iter().product()
    }
}

/// Reads every member of the archive `bytes` named `*.npy`.
pub(crate) fn read_npz(bytes: &[u8]) -> Result<HashMap<String, Npy>, EmbedError> {
    let bad = |what: &str| EmbedError::Format(format!("weights archive: {what}"));
    let u16_at = |at: usize| -> Result<usize, EmbedError> {
        bytes
            .get(at..at + 2)
            .map(|b| u16::from_le_bytes([b[0], b[1]]) as usize)
            .ok_or_else(|| bad("truncated"))
    };
    let u32_at = |at: usize| -> Result<usize, EmbedError> {
        bytes
            .get(at..at + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
            .ok_or_else(|| bad("truncated"))
    };
    // End of central directory: the last "PK\x05\x06" within the final 64 KiB + 22.
    let search_from = bytes.len().saturating_sub(65_557);
    let eocd = (search_from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..i + 4] == [0x50, 0x4b, 0x05, 0x06])
        .ok_or_else(|| bad("no end of central directory"))?;
    let entries = u16_at(eocd + 10)?;
    let mut at = u32_at(eocd + 16)?;
    let mut out = HashMap::new();
    for _ in 0..entries {
        if u32_at(at)? != 0x0201_4b50 {
            return Err(bad("bad central directory entry"));
        }
        let method = u16_at(at + 10)?;
        let compressed = u32_at(at + 20)?;
        let size = u32_at(at + 24)?;
        let name_len = u16_at(at + 28)?;
        let extra_len = u16_at(at + 30)?;
        let comment_len = u16_at(at + 32)?;
        let local = u32_at(at + 42)?;
        let name = bytes
            .get(at + 46..at + 46 + name_len)
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .ok_or_else(|| bad("truncated"))?;
        at += 46 + name_len + extra_len + comment_len;
        if compressed == u32::MAX as usize || size == u32::MAX as usize {
            return Err(bad("zip64 members are not supported"));
        }
        if u32_at(local)? != 0x0403_4b50 {
            return Err(bad("bad local header"));
        }
        let start = local + 30 + u16_at(local + 26)? + u16_at(local + 28)?;
        let raw = bytes
            .get(start..start + compressed)
            .ok_or_else(|| bad("truncated member"))?;
        let data = match method {
            0 => raw.to_vec(),
            8 => {
                let mut data = Vec::with_capacity(size);
                flate2::read::DeflateDecoder::new(raw)
                    .read_to_end(&mut data)
                    .map_err(|e| bad(&format!("{name}: {e}")))?;
                data
            }
            m => return Err(bad(&format!("{name}: compression method {m}"))),
        };
        if let Some(key) = name.strip_suffix(".npy") {
            out.insert(key.to_owned(), parse_npy(key, data)?);
        }
    }
    Ok(out)
}

/// Parses one `.npy` file (format versions 1–3, C order).
fn parse_npy(name: &str, mut data: Vec<u8>) -> Result<Npy, EmbedError> {
    let bad = |what: &str| EmbedError::Format(format!("{name}.npy: {what}"));
    if data.len() < 10 || &data[..6] != b"\x93NUMPY" {
        return Err(bad("not an npy array"));
    }
    let (header_len, header_at) = match data[6] {
        1 => (u16::from_le_bytes([data[8], data[9]]) as usize, 10),
        2 | 3 if data.len() >= 12 => (
            u32::from_le_bytes([data[8], data[9], data[10], data[11]]) as usize,
            12,
        ),
        _ => return Err(bad("unknown version")),
    };
    let header = data
        .get(header_at..header_at + header_len)
        .map(|b| String::from_utf8_lossy(b).into_owned())
        .ok_or_else(|| bad("truncated header"))?;
    let field = |key: &str| -> Option<&str> {
        let at = header.find(&format!("'{key}':"))? + key.len() + 3;
        Some(header[at..].trim_start())
    };
    let dtype = field("descr")
        .and_then(|v| v.strip_prefix('\''))
        .and_then(|v| v.split('\'').next())
        .ok_or_else(|| bad("no descr"))?
        .replace('|', "<");
    if field("fortran_order").is_some_and(|v| v.starts_with("True")) {
        return Err(bad("Fortran order"));
    }
    let shape_text = field("shape")
        .and_then(|v| v.strip_prefix('('))
        .and_then(|v| v.split(')').next())
        .ok_or_else(|| bad("no shape"))?;
    let shape = shape_text
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>().map_err(|_| bad("bad shape")))
        .collect::<Result<Vec<_>, _>>()?;
    let item = match dtype.as_str() {
        "<f4" => 4,
        "<f8" => 8,
        "<u1" | "<i1" => 1,
        other => return Err(bad(&format!("unsupported dtype {other}"))),
    };
    let count: usize = shape.iter().product();
    let body = header_at + header_len;
    if data.len() < body + count * item {
        return Err(bad("truncated data"));
    }
    data.drain(..body);
    data.truncate(count * item);
    Ok(Npy { dtype, shape, data })
}
