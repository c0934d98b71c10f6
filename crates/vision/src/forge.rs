//! Forged image files for testing the intake's limits (here and in the
//! server's tests): a PNG whose header claims any canvas, with whatever
//! compressed data the test wants behind it. Not used by the product.

/// A PNG whose IHDR claims `width × height` pixels of `bit_depth` and
/// `color_type` (PNG codes: 2 = RGB, 6 = RGBA), followed by one IDAT chunk
/// holding `idat` and an IEND. Checksums are right, so decoders read the
/// header and only then meet the (tiny) data.
pub fn png_claiming(
    width: u32,
    height: u32,
    bit_depth: u8,
    color_type: u8,
    idat: &[u8],
) -> Vec<u8> {
    let mut out = vec![0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a];
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = width.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[bit_depth, color_type, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", idat);
    chunk(b"IEND", &[]);
    out
}

/// The CRC-32 PNG chunks carry (IEEE polynomial, bitwise: these files are tiny).
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_checksum_is_the_png_one() {
        // The IEND chunk's CRC is fixed by the PNG spec.
        assert_eq!(crc32(b"IEND"), 0xae42_6082);
        let png = png_claiming(3, 2, 8, 2, &[]);
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert!(png.ends_with(&[0xae, 0x42, 0x60, 0x82]));
    }
}
