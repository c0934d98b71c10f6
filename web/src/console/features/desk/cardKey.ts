// Whether an agent's reply seems to hold a card key, so the reply box can
// warn before it goes out. The server decides for real (its entity reader
// masks the key in the stored reply and sends it to the buyer's key box);
// this only catches the common shapes early: grouped codes
// (WZRY-8K2M-Q9PL-77XA) and long runs mixing letters and digits.

const GROUPED = /(?:^|[^A-Za-z0-9])[A-Za-z0-9]{3,8}(?:[-_ ][A-Za-z0-9]{3,8}){2,}(?![A-Za-z0-9])/g
const RUN = /[A-Za-z0-9]{14,64}/g

/**
 * Grouped the way the server's entity reader groups a key: three or more
 * groups of 3–8 letters or digits joined by `-` or `_`, 12 or more of them,
 * with a letter or in four groups (`WZRY-KMPQ-HTAB-XWNC` has no digit and is
 * still a key). Joined by spaces the groups could be words, so a digit and a
 * letter are both needed.
 */
function groupedKey(found: string): boolean {
  const code = found.replace(/^[^A-Za-z0-9]/, '')
  const alnum = code.replace(/[^A-Za-z0-9]/g, '')
  if (/ /.test(code)) return /\d/.test(alnum) && /[A-Za-z]/.test(alnum)
  const groups = code.split(/[-_]/)
  return alnum.length >= 12 && (/[A-Za-z]/.test(alnum) || groups.length >= 4)
}

export function looksLikeCardKey(text: string): boolean {
  for (const m of text.matchAll(GROUPED)) if (groupedKey(m[0])) return true
  for (const m of text.matchAll(RUN)) {
    const run = m[0]
    // A mix of letters and digits, not an order number (D20241120X7731:
    // ten or more digits with a letter or few, as the server reads it).
    const digits = run.replace(/\D/g, '').length
    const letters = run.length - digits
    if (digits > 0 && letters > 0 && !(digits >= 10 && letters <= 3)) return true
  }
  return false
}
