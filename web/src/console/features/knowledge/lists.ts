/** `a, b，c` → `['a', 'b', 'c']` (ASCII and Chinese commas, new lines). */
export function splitList(text: string): string[] {
  return text
    .split(/[,，、\n]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}
