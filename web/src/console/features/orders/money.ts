/** `¥6.00`, `$105.50`, `0.99 EUR` */
export function money(cents: number, currency: string): string {
  const v = (Math.abs(cents) / 100).toFixed(2)
  const sign = cents < 0 ? '-' : ''
  if (currency === 'CNY') return `${sign}¥${v}`
  if (currency === 'USD') return `${sign}$${v}`
  return `${sign}${v} ${currency}`
}
