// Shop values in people's words: codes the server sends (`unpaid`,
// `alipay`) become the agent's language, amounts get their currency sign.
// Unknown codes are shown as they came (a new platform is still readable).
import { tDynamic } from '../../shared/i18n'
import { money } from './money'

/** `unpaid` → 待付款 / Unpaid. */
export function paymentWord(code: string): string {
  return tDynamic('pay_' + code, code)
}

/** `delivered` → 已发货 / Delivered. */
export function deliveryWord(code: string): string {
  return tDynamic('deliv_' + code, code)
}

/** `alipay` → 支付宝 / Alipay. */
export function platformWord(code: string): string {
  return tDynamic('platform_' + code, code)
}

/** `"6.00"` of `CNY` → `¥6.00`; an amount that is not a number stays as is. */
export function amountWord(amount: string, currency: string | null | undefined): string {
  const n = Number(amount)
  if (!Number.isFinite(n) || amount.trim() === '') return amount
  return money(Math.round(n * 100), currency || 'CNY')
}
