//! Layout: OCR lines de-skewed into page items, grouped in rows, with what
//! lies to the right of and below an item.

use crate::ocr::Line;

use super::*;

/// A line in de-skewed page coordinates.
#[derive(Debug, Clone)]
pub(crate) struct Item {
    /// Text as read (trimmed).
    pub(crate) raw: String,
    /// [`normalize`]d text.
    pub(crate) text: String,
    /// [`compact`] text.
    pub(crate) key: String,
    pub(crate) x0: f32,
    pub(crate) x1: f32,
    pub(crate) y0: f32,
    pub(crate) y1: f32,
    pub(crate) cy: f32,
    pub(crate) h: f32,
}

/// De-skewed items sorted top to bottom, and the height of the text block.
pub(crate) fn layout(lines: &[Line]) -> (Vec<Item>, f32) {
    // The page's skew: the median angle of clearly horizontal, long boxes.
    let mut angles: Vec<f32> = lines
        .iter()
        .filter(|l| l.rect.w > 2.5 * l.rect.h)
        .map(|l| l.rect.angle)
        .collect();
    angles.sort_by(|a, b| a.total_cmp(b));
    let skew = angles.get(angles.len() / 2).copied().unwrap_or(0.0);
    let (c, s) = (skew.cos(), skew.sin());
    let mut items: Vec<Item> = lines
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .map(|l| {
            let r = &l.rect;
            // Rotate the centre by -skew; sizes are the box's own (already upright) ones.
            let x = r.cx * c + r.cy * s;
            let y = -r.cx * s + r.cy * c;
            let (w, h) = if (r.angle - skew).abs() < 0.05 {
                (r.w, r.h)
            } else {
                (
                    (l.bbox[2] - l.bbox[0]) as f32,
                    (l.bbox[3] - l.bbox[1]) as f32,
                )
            };
            let raw = l.text.trim().to_string();
            Item {
                text: normalize(&raw),
                key: compact(&raw),
                raw,
                x0: x - w / 2.0,
                x1: x + w / 2.0,
                y0: y - h / 2.0,
                y1: y + h / 2.0,
                cy: y,
                h: h.max(1.0),
            }
        })
        .collect();
    items.sort_by(|a, b| a.cy.total_cmp(&b.cy));
    let top = items.iter().map(|i| i.y0).fold(f32::MAX, f32::min);
    let bottom = items.iter().map(|i| i.y1).fold(0f32, f32::max);
    let height = if items.is_empty() { 0.0 } else { bottom - top };
    (items, height.max(1.0))
}

pub(crate) fn same_row(a: &Item, b: &Item) -> bool {
    (a.cy - b.cy).abs() < 0.45 * a.h.max(b.h)
}

/// Items to the right of `i` on its row, nearest first.
pub(crate) fn right_of(items: &[Item], i: usize) -> Vec<usize> {
    let a = &items[i];
    let mut v: Vec<usize> = (0..items.len())
        .filter(|&j| j != i && same_row(a, &items[j]) && items[j].x0 > a.x1 - 0.5 * a.h)
        .collect();
    v.sort_by(|&p, &q| items[p].x0.total_cmp(&items[q].x0));
    v
}

/// The item just below `i`, left-aligned with it or overlapping it, close enough to belong to it.
pub(crate) fn below(items: &[Item], i: usize) -> Option<usize> {
    let a = &items[i];
    (0..items.len())
        .filter(|&j| {
            let b = &items[j];
            j != i
                && b.cy > a.cy
                && !same_row(a, b)
                && b.y0 - a.y1 < 1.3 * a.h.max(b.h * 0.7)
                && ((b.x0 - a.x0).abs() < 1.5 * a.h || (b.x0 < a.x1 && b.x1 > a.x0))
        })
        .min_by(|&p, &q| items[p].y0.total_cmp(&items[q].y0))
}
