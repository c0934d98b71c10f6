// Whether an agent's reply seems to hold a card key, so the reply box can
// warn before it goes out. The server decides for real (its entity reader
// masks the key in the stored reply and sends it to the buyer's key box);
// this only catches the common shapes early: grouped codes
// (WZRY-8K2M-Q9PL-77XA) and long runs mixing letters and digits.

const GROUPED = /(?:^|[^A-Za-z0-9])[A-Za-z0-9]{3,8}(?:[-_ ][A-Za-z0-9]{3,8}){2,}(?![A-Za-z0-9])/
const RUN = /[A-Za-z0-9]{14,64}/g

export function looksLikeCardKey(text: string): boolean {
  const grouped = GROUPED.exec(text)
  if (grouped && /\d/.test(grouped[0]) && /[A-Za-z]/.test(grouped[0])) return true
  for (const m of text.matchAll(RUN)) {
    const run = m[0]
    // A mix of letters and digits, not a URL path or an order number.
    if (/\d/.test(run) && /[A-Za-z]/.test(run) && !/^\d+$/.test(run)) return true
  }
  return false
}
