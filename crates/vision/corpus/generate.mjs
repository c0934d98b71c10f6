#!/usr/bin/env node
// Renders the kadesk-vision evaluation corpus: mock phone screenshots of a
// digital-goods shop's order pages, payment receipts (Alipay-, WeChat-Pay- and
// PayPal-like, our own designs), error dialogs, product pages, chats and other
// screens, in Chinese and English, light and dark, 720–1170 px wide; then
// degraded copies (downscaled, recompressed JPEG q40–70, tilted ±3°, blurred,
// unevenly lit, noisy). Every image gets a ground-truth JSON beside it.
//
//   node generate.mjs OUT_DIR [--count 64] [--degraded-per 2] [--seed 20241120]
//
// OUT_DIR/clean/*.png and OUT_DIR/degraded/*.jpg, each with NAME.json:
//   {"kind", "fields": {order_no, trade_no, amount, currency, payment_status,
//    product, time, error_code, error_message, platform}, "visible": {field:
//    the string as drawn}, "template", "lang", "theme", "width", "height",
//    "degradations": [...]}
// The same seed gives the same values and the same images.
//
// Chromium: Debian's /usr/bin/chromium (override with CHROMIUM=...), driven by
// playwright-core; nothing is downloaded.
import { chromium } from "playwright-core";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));

// ---------- arguments ----------
function parseArgs(argv) {
  const opts = { out: null, count: 64, degradedPer: 2, seed: 20241120 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--count") opts.count = Number(next());
    else if (a === "--degraded-per") opts.degradedPer = Number(next());
    else if (a === "--seed") opts.seed = Number(next());
    else if (a === "-h" || a === "--help") opts.help = true;
    else if (!opts.out) opts.out = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  return opts;
}

// ---------- seeded randomness ----------
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
let rnd = mulberry32(1);
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
const chance = (p) => rnd() < p;
const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join("");
const pad = (n, w = 2) => String(n).padStart(w, "0");
const ALNUM = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"; // as printed by most shops: no 0/O, 1/I
const alnum = (n, set = ALNUM) => Array.from({ length: n }, () => set[int(0, set.length - 1)]).join("");

// ---------- values ----------
function randomDate() {
  const d = new Date(Date.UTC(2024, 0, 1) + int(0, 600) * 86400000);
  return { y: d.getUTCFullYear(), mo: d.getUTCMonth() + 1, d: d.getUTCDate(), h: int(0, 23), mi: int(0, 59), s: int(0, 59) };
}
const ymd = (t) => `${t.y}${pad(t.mo)}${pad(t.d)}`;
const isoTime = (t, secs = true) => `${t.y}-${pad(t.mo)}-${pad(t.d)} ${pad(t.h)}:${pad(t.mi)}${secs ? ":" + pad(t.s) : ""}`;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function timeText(t, lang) {
  // Returns [shown, normalised truth].
  if (lang === "zh") {
    const f = pick(["iso", "iso", "slash", "zh"]);
    if (f === "iso") return [isoTime(t), isoTime(t)];
    if (f === "slash") return [`${t.y}/${pad(t.mo)}/${pad(t.d)} ${pad(t.h)}:${pad(t.mi)}:${pad(t.s)}`, isoTime(t)];
    return [`${t.y}年${t.mo}月${t.d}日 ${pad(t.h)}:${pad(t.mi)}`, isoTime(t, false)];
  }
  const f = pick(["mdy", "iso"]);
  if (f === "iso") return [isoTime(t), isoTime(t)];
  const h12 = t.h % 12 === 0 ? 12 : t.h % 12;
  return [`${MONTHS[t.mo - 1]} ${t.d}, ${t.y} ${h12}:${pad(t.mi)} ${t.h < 12 ? "AM" : "PM"}`, isoTime(t, false)];
}

function shopOrderNo(t) {
  const f = pick(["dx", "dx", "digits", "digits", "alnum"]);
  if (f === "dx") return `${pick(["D", "K", "FK", "T"])}${ymd(t)}${pick(["X", "A", "K", "M"])}${digits(4)}`;
  if (f === "digits") return `${ymd(t)}${pad(t.h)}${pad(t.mi)}${pad(t.s)}${digits(int(0, 10))}`.slice(0, int(14, 24));
  return alnum(16);
}
const alipayTradeNo = (t) => `${ymd(t)}2200${pick(["14", "15", "17"])}${digits(14)}`; // 28 digits
const wechatTradeNo = (t) => `42000${digits(5)}${ymd(t)}${digits(10)}`; // 28 digits
const paypalTradeNo = () => alnum(17, "ABCDEFGHJKLMNPRSTUVWXY0123456789".replace(/[0O1I]/g, ""));

function amountValue() {
  const r = rnd();
  let v;
  if (r < 0.35) v = pick([6, 9.9, 10, 12, 18.8, 19.9, 25, 28, 30, 45, 50, 68, 88, 98]);
  else if (r < 0.8) v = pick([100, 108, 128, 168, 198, 228, 258, 298, 328, 388, 450, 518, 648, 888]) + pick([0, 0, 0.5, 0.9, 0.99]);
  else v = int(1000, 4999) + pick([0, 0.5, 0.8]);
  return Math.round(v * 100) / 100;
}
const fmt2 = (v) => v.toFixed(2);
const withCommas = (v) => fmt2(v).replace(/\B(?=(\d{3})+(?!\d))/g, ",");

const PRODUCTS_ZH = [
  "腾讯视频VIP会员月卡", "爱奇艺黄金会员季卡", "网易云音乐黑胶VIP年卡", "Steam钱包充值卡 100元", "原神 创世结晶 6480",
  "王者荣耀 点券 600", "QQ音乐绿钻 12个月", "百度网盘超级会员 月卡", "京东E卡 200元", "和平精英 UC 660",
  "Apple 礼品卡 500元", "哔哩哔哩大会员 年卡", "优酷VIP会员 月卡", "芒果TV会员 季卡", "Xbox Game Pass 3个月",
];
const PRODUCTS_EN = [
  "Steam Wallet Code $50", "Netflix Gift Card $25", "Spotify Premium 12 Months", "Xbox Game Pass Ultimate 1 Month",
  "PlayStation Store Card $20", "Google Play Gift Code $15", "Discord Nitro 1 Year", "Roblox 800 Robux Card",
  "Nintendo eShop Card $35", "Windows 11 Pro Key", "Genshin Impact 6480 Genesis Crystals", "Apple Gift Card $100",
];
const SHOPS_ZH = ["星河卡密商城", "小鹿自动发卡", "云端数卡铺", "极速发卡站", "青柠卡券", "乐享发卡网"];
const SHOPS_EN = ["KeyNest Store", "Instant Codes", "CardHub Shop", "PixelKeys", "GiftBox Digital"];
const COLORS = [["#ff7a45", "#ffc53d"], ["#36cfc9", "#1890ff"], ["#9254de", "#f759ab"], ["#73d13d", "#13c2c2"], ["#597ef7", "#85a5ff"]];

const STATUS_ZH = {
  paid: [["支付成功", "卡密已自动发放，请及时查收"], ["已支付", "订单已完成"], ["交易成功", "感谢您的购买"], ["已完成", "卡密已发送至您的邮箱"]],
  unpaid: [["待支付", "请在15分钟内完成支付"], ["等待支付", "超时未付款订单将自动关闭"], ["未支付", "请尽快完成付款"]],
  failed: [["支付失败", "请重新下单或联系客服"], ["订单失败", "支付未完成，订单已关闭"]],
  refunded: [["已退款", "款项将原路退回"], ["退款成功", "退款已原路返回"]],
};
const STATUS_EN = {
  paid: [["Paid", "Your code has been delivered"], ["Payment successful", "Thank you for your purchase"], ["Completed", "The card key was sent to your email"]],
  unpaid: [["Pending payment", "Please pay within 15 minutes"], ["Awaiting payment", "Unpaid orders close automatically"], ["Unpaid", "Complete the payment to receive your code"]],
  failed: [["Payment failed", "Please place the order again"], ["Failed", "The payment did not go through"]],
  refunded: [["Refunded", "The money goes back to the original method"]],
};
const pickStatus = (weights) => {
  const r = rnd();
  let acc = 0;
  for (const [k, w] of weights) {
    acc += w;
    if (r < acc) return k;
  }
  return weights[0][0];
};

// ---------- HTML helpers ----------
const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const TEMPLATES = {};
function template(name) {
  if (!TEMPLATES[name]) TEMPLATES[name] = readFileSync(join(HERE, "templates", `${name}.html`), "utf8");
  return TEMPLATES[name];
}
const BASE_CSS = readFileSync(join(HERE, "templates", "base.css"), "utf8");
function fill(name, vars) {
  return template(name)
    .replace(/\{\{\{(\w+)\}\}\}/g, (_, k) => (k === "base_css" ? BASE_CSS : vars[k] ?? ""))
    .replace(/\{\{(\w+)\}\}/g, (_, k) => esc(vars[k] ?? ""));
}
const row = (k, v, mono = false) => `<div class="row"><div class="k">${esc(k)}</div><div class="v${mono ? " mono" : ""}">${esc(v)}</div></div>`;
function statusBar() {
  const bars = [4, 6, 8, 11].map((h) => `<i style="height:${h}px"></i>`).join("");
  const net = pick(["5G", "4G", "WiFi", ""]);
  const batt = int(12, 100);
  return `<div class="status"><span>${int(0, 23)}:${pad(int(0, 59))}</span><span class="icons"><span class="bars">${bars}</span>${net ? `<span>${net}</span>` : ""}<span>${batt}%</span><span class="batt"><b style="width:${batt}%"></b></span></span></div>`;
}
function commonVars(lang) {
  const [c1, c2] = pick(COLORS);
  return { lang, theme: chance(0.35) ? "dark" : "light", status_bar: statusBar(), c1, c2 };
}
const emptyFields = () => ({ order_no: null, trade_no: null, amount: null, currency: null, payment_status: null, product: null, time: null, error_code: null, error_message: null, platform: null });

// ---------- scenes ----------
function sceneOrder(lang) {
  const zh = lang === "zh";
  const v = commonVars(lang);
  const t = randomDate();
  const status = pickStatus([["paid", 0.55], ["unpaid", 0.2], ["failed", 0.12], ["refunded", 0.13]]);
  const [statusText, statusSub] = pick((zh ? STATUS_ZH : STATUS_EN)[status]);
  const product = pick(zh ? PRODUCTS_ZH : PRODUCTS_EN);
  const unit = amountValue();
  const qty = chance(0.7) || unit > 200 ? 1 : int(2, 5);
  const discount = chance(0.25) ? pick([1, 2, 5, 10]) : 0;
  const total = Math.round((unit * qty - discount) * 100) / 100 > 0 ? Math.round((unit * qty - discount) * 100) / 100 : unit;
  const cur = zh ? "¥" : pick(["$", "$", "US$"]);
  const currency = zh ? "CNY" : "USD";
  const orderNo = shopOrderNo(t);
  const [timeShown, timeTruth] = timeText(t, lang);
  const pay = zh ? pick([["支付宝", "alipay"], ["微信支付", "wechat"], ["USDT", null], ["QQ钱包", "qq"]]) : pick([["PayPal", "paypal"], ["Alipay", "alipay"], ["Credit card", null], ["USDT (TRC20)", null]]);
  const tradeNo = status === "paid" || status === "refunded" ? (chance(0.5) ? (pay[1] === "wechat" ? wechatTradeNo(t) : alipayTradeNo(t)) : null) : null;
  const L = zh
    ? { order: pick(["订单号", "订单编号", "订单号码"]), product: "商品名称", qty: "购买数量", unit: "商品单价", sub: "商品总价", disc: "优惠", total: pick(["实付金额", "付款金额", "订单金额", "实付款"]), pay: "支付方式", time: pick(["下单时间", "创建时间", "支付时间"]), trade: pick(["支付交易号", "交易号", "支付单号"]), email: "联系邮箱", status: "订单状态" }
    : { order: pick(["Order No.", "Order number", "Order ID"]), product: "Product", qty: "Quantity", unit: "Unit price", sub: "Subtotal", disc: "Discount", total: pick(["Total", "Amount paid", "Order total"]), pay: "Payment method", time: pick(["Created", "Order time", "Date"]), trade: "Transaction ID", email: "Email", status: "Status" };
  const money = (x) => (zh ? `${cur}${fmt2(x)}` : `${cur}${withCommas(x)}`);
  const rows = [row(L.order, orderNo, true)];
  if (chance(0.5)) rows.push(row(L.product, product));
  rows.push(row(L.qty, String(qty)));
  if (qty > 1 || discount) {
    rows.push(row(L.sub, money(unit * qty)));
    if (discount) rows.push(row(L.disc, `-${money(discount)}`));
  }
  rows.push(row(L.total, money(total)));
  if (chance(0.8)) rows.push(row(L.pay, pay[0]));
  rows.push(row(L.time, timeShown));
  if (tradeNo) rows.push(row(L.trade, tradeNo, true));
  if (chance(0.5)) rows.push(row(L.status, statusText));
  if (chance(0.5)) rows.push(row(L.email, `${alnum(1, "abcdefghkmnpqrstuvwxyz")}${"*".repeat(int(3, 5))}@${pick(["qq.com", "163.com", "gmail.com"])}`));
  const keys = status === "paid" && chance(0.6)
    ? `<div class="card keys"><div class="title">${zh ? "卡密信息" : "Your card key"}</div><div class="key mono">${alnum(4)}-****-****-${alnum(4)}</div></div>`
    : "";
  const buttons = [zh ? "复制订单号" : "Copy order no.", zh ? "联系客服" : "Contact support"].map((b, i) => `<span class="btn ${i ? "primary" : "ghost"}">${esc(b)}</span>`).join("");
  const html = fill("order", {
    ...v, title: zh ? pick(["订单详情", "查询订单", "订单信息"]) : pick(["Order details", "Order"]),
    status_class: status, status_text: statusText, status_sub: statusSub, shop_name: pick(zh ? SHOPS_ZH : SHOPS_EN), product,
    goods_meta: `${money(unit)} × ${qty}`, rows_class: chance(0.7) ? "rows-inline" : "rows-stacked", rows: rows.join(""), keys_card: keys, buttons,
    tip: zh ? "如有问题请在订单页面联系客服，提供订单号可更快处理。" : "Questions? Contact support with your order number.",
  });
  const fields = { ...emptyFields(), order_no: orderNo, trade_no: tradeNo, amount: fmt2(total), currency, payment_status: status, product, time: timeTruth };
  if (rows.some((r) => r.includes(esc(pay[0])))) fields.platform = pay[1];
  return { html, template: `order_${lang}`, lang, theme: v.theme, kind: "order_page", fields, visible: { order_no: orderNo, trade_no: tradeNo, amount: zh ? fmt2(total) : withCommas(total), payment_status: statusText, product, time: timeShown } };
}

function sceneAlipay() {
  const v = commonVars("zh");
  const t = randomDate();
  const status = pickStatus([["paid", 0.7], ["refunded", 0.15], ["unpaid", 0.08], ["failed", 0.07]]);
  const statusText = { paid: "交易成功", refunded: pick(["退款成功", "已全额退款"]), unpaid: "等待付款", failed: "交易关闭" }[status];
  const amount = amountValue();
  const product = pick(PRODUCTS_ZH);
  const merchant = pick(SHOPS_ZH);
  const orderNo = shopOrderNo(t);
  const tradeNo = alipayTradeNo(t);
  const [timeShown, timeTruth] = timeText(t, "zh");
  const rows = [
    row(pick(["支付时间", "创建时间"]), timeShown),
    row("付款方式", pick(["余额宝", "花呗", "账户余额", `招商银行信用卡(${digits(4)})`])),
    row("商品说明", product),
    row("收款方全称", `${merchant}（个体工商户）`),
  ];
  const tradeRow = row(pick(["交易号", "支付宝交易号"]), tradeNo, true);
  const orderRow = row(pick(["商家订单号", "商户订单号"]), orderNo, true);
  if (chance(0.5)) rows.push(tradeRow, orderRow);
  else rows.push(orderRow, tradeRow);
  if (chance(0.4)) rows.push(row("账单分类", pick(["数码电器", "充值缴费", "文化休闲"])));
  const html = fill("receipt_alipay", {
    ...v, title: "账单详情", logo_char: merchant[0], merchant, amount_text: status === "paid" ? `-${withCommas(amount)}` : withCommas(amount),
    status_class: status, status_text: statusText, rows: rows.join(""), link1: "对此订单有疑问", link2: "联系收款方", note: "本服务由支付平台提供",
  });
  const fields = { ...emptyFields(), order_no: orderNo, trade_no: tradeNo, amount: fmt2(amount), currency: "CNY", payment_status: status, product, time: timeTruth, platform: "alipay" };
  return { html, template: "receipt_alipay", lang: "zh", theme: v.theme, kind: "payment_receipt", fields, visible: { order_no: orderNo, trade_no: tradeNo, amount: withCommas(amount), payment_status: statusText, product, time: timeShown } };
}

function sceneWechat() {
  const v = commonVars("zh");
  const t = randomDate();
  const status = pickStatus([["paid", 0.75], ["refunded", 0.15], ["failed", 0.1]]);
  const statusText = { paid: "支付成功", refunded: "已全额退款", failed: "支付失败" }[status];
  const amount = amountValue();
  const product = pick(PRODUCTS_ZH);
  const merchant = pick(SHOPS_ZH);
  const orderNo = shopOrderNo(t);
  const tradeNo = wechatTradeNo(t);
  const [timeShown, timeTruth] = timeText(t, "zh");
  const rows = [
    row("商品", product),
    row("商户全称", `${merchant}`),
    row("支付时间", timeShown),
    row("支付方式", pick(["零钱", "零钱通", `招商银行储蓄卡(${digits(4)})`])),
    row("交易单号", tradeNo, true),
    row("商户单号", orderNo, true),
  ];
  if (chance(0.4)) rows.splice(1, 0, row("当前状态", statusText));
  const html = fill("receipt_wechat", {
    ...v, title: pick(["账单详情", "支付详情"]), status_class: status, status_text: statusText, merchant,
    amount_text: pick([`¥${withCommas(amount)}`, `-${withCommas(amount)}`]), rows_class: chance(0.8) ? "rows-inline" : "rows-stacked", rows: rows.join(""), finish: "完成",
  });
  const fields = { ...emptyFields(), order_no: orderNo, trade_no: tradeNo, amount: fmt2(amount), currency: "CNY", payment_status: status, product, time: timeTruth, platform: "wechat" };
  return { html, template: "receipt_wechat", lang: "zh", theme: v.theme, kind: "payment_receipt", fields, visible: { order_no: orderNo, trade_no: tradeNo, amount: withCommas(amount), payment_status: statusText, product, time: timeShown } };
}

function scenePaypal() {
  const v = commonVars("en");
  const t = randomDate();
  const status = pickStatus([["paid", 0.65], ["unpaid", 0.12], ["refunded", 0.13], ["failed", 0.1]]);
  const statusText = { paid: pick(["Completed", "Payment sent"]), unpaid: "Pending", refunded: "Refunded", failed: pick(["Declined", "Failed"]) }[status];
  const amount = amountValue();
  const [sym, currency] = pick([["$", "USD"], ["$", "USD"], ["€", "EUR"], ["HK$", "HKD"]]);
  const merchant = pick(SHOPS_EN);
  const product = pick(PRODUCTS_EN);
  const orderNo = shopOrderNo(t);
  const tradeNo = paypalTradeNo();
  const [timeShown, timeTruth] = timeText(t, "en");
  const rows = [
    row("Transaction ID", tradeNo, true),
    row(pick(["Invoice ID", "Order number", "Merchant order no."]), orderNo, true),
    row("Date", timeShown),
    row(pick(["Paid with", "Funding source"]), pick([`Visa •••• ${digits(4)}`, "PayPal balance", `Mastercard •••• ${digits(4)}`])),
    row("Item", product),
    row("Total", `${sym}${withCommas(amount)} ${currency}`),
  ];
  const html = fill("receipt_paypal", {
    ...v, logo_char: "P", brand: "PayPal", headline: pick([`You paid ${merchant}`, `Payment to ${merchant}`]),
    amount_text: `-${sym}${withCommas(amount)} ${currency}`, status_class: status, status_text: statusText,
    rows_class: chance(0.6) ? "rows-stacked" : "rows-inline", rows: rows.join(""), help: "Report a problem",
  });
  const fields = { ...emptyFields(), order_no: orderNo, trade_no: tradeNo, amount: fmt2(amount), currency, payment_status: status, product, time: timeTruth, platform: "paypal" };
  return { html, template: "receipt_paypal", lang: "en", theme: v.theme, kind: "payment_receipt", fields, visible: { order_no: orderNo, trade_no: tradeNo, amount: withCommas(amount), payment_status: statusText, product, time: timeShown } };
}

const ERRORS_ZH = [
  ["充值失败", "卡密已被使用，请确认后重试"], ["兑换失败", "该兑换码已过期或不存在"], ["提卡失败", "库存不足，请联系客服补发"],
  ["支付失败", "支付渠道繁忙，请稍后再试"], ["激活失败", "激活码与当前区服不匹配"], ["充值失败", "充值账号不存在，请检查后重新输入"],
  ["操作失败", "系统繁忙，请稍后再试"], ["验证失败", "卡号或密码错误"],
];
const ERRORS_EN = [
  ["Redemption failed", "This code has already been redeemed."], ["Payment failed", "Your payment could not be processed. Please try again later."],
  ["Activation error", "This product key is not valid for your region."], ["Something went wrong", "The code you entered is invalid."],
  ["Top-up failed", "The account ID was not found."], ["Request failed", "Service temporarily unavailable."],
];
function errorCode() {
  const f = pick(["E", "num", "dash", "hex", "under"]);
  if (f === "E") return `${pick(["E", "ERR", "C"])}${digits(int(3, 5)).replace(/^0/, "1")}`;
  if (f === "num") return `${int(1, 9)}${digits(int(3, 5))}`;
  if (f === "dash") return `${pick(["PAY", "RDM", "CDK", "ACT", "TOP"])}-${int(1, 9)}${digits(int(2, 3))}`;
  if (f === "hex") return `0x${pick(["8007", "C004", "8024", "8019"])}${alnum(4, "0123456789ABCDEF")}`;
  return `${pick(["ERR", "E"])}_${pick(["CARD_USED", "TIMEOUT", "NOT_FOUND", "REGION", "LIMIT"])}`;
}
function sceneError(lang) {
  const zh = lang === "zh";
  const v = commonVars(lang);
  const [title, message] = pick(zh ? ERRORS_ZH : ERRORS_EN);
  const code = errorCode();
  const codeLine = zh ? pick([`错误代码：${code}`, `错误码：${code}`, `（错误码 ${code}）`, `Error Code: ${code}`]) : pick([`Error code: ${code}`, `(Error ${code})`, `Code: ${code}`]);
  const inline = chance(0.3);
  const style = chance(0.5) ? "ios" : "md";
  const pageBody = zh
    ? `<div class="field"><div class="k">充值账号</div><div class="v">${digits(int(8, 11))}</div></div><div class="field"><div class="k">卡密</div><div class="v mono">${alnum(4)}-${alnum(4)}-****</div></div><div class="chips"><span>10元</span><span>30元</span><span>50元</span><span>100元</span></div>`
    : `<div class="field"><div class="k">Account ID</div><div class="v">${digits(9)}</div></div><div class="field"><div class="k">Code</div><div class="v mono">${alnum(5)}-${alnum(5)}-*****</div></div><div class="chips"><span>$10</span><span>$25</span><span>$50</span></div>`;
  const buttons = (zh ? [pick(["取消", "重试"]), pick(["确定", "联系客服", "我知道了"])] : [pick(["Cancel", "Retry"]), pick(["OK", "Contact support", "Got it"])]).map((b) => `<span>${esc(b)}</span>`).join("");
  const html = fill("error", {
    ...v, page_title: zh ? pick(["充值中心", "卡密兑换", "自助提卡"]) : pick(["Redeem code", "Top up", "Activate"]), page_body: pageBody,
    mask_alpha: String(0.35 + rnd() * 0.25), dialog_top: String(int(42, 52)), dialog_width: String(int(72, 86)), style,
    dialog_icon: style === "md" ? `<div class="icon">!</div>` : "", error_title: title,
    error_message: inline ? `${message}${zh ? `（错误码：${code}）` : ` (error ${code})`}` : message, code_line: inline ? "" : codeLine, dialog_buttons: buttons,
  });
  const fields = { ...emptyFields(), error_code: code, error_message: message };
  return { html, template: `error_${lang}`, lang, theme: v.theme, kind: "error_dialog", fields, visible: { error_code: code, error_message: message } };
}

function sceneProduct(lang) {
  const zh = lang === "zh";
  const v = commonVars(lang);
  const product = pick(zh ? PRODUCTS_ZH : PRODUCTS_EN);
  const price = amountValue();
  const was = Math.round(price * (1.1 + rnd() * 0.4)) + 0.0;
  const [sym, currency] = zh ? ["¥", "CNY"] : pick([["$", "USD"], ["$", "USD"], ["€", "EUR"]]);
  const tags = (zh ? ["自动发货", "官方正品", "售后无忧"] : ["Instant delivery", "Official", "24/7 support"]).map((x) => `<span>${esc(x)}</span>`).join("");
  const html = fill("product", {
    ...v, page_title: zh ? "商品详情" : "Product", pic_height: String(int(170, 240)), price_text: `${sym}${withCommas(price)}`,
    was_text: chance(0.6) ? `${sym}${withCommas(was)}` : "", product, tags,
    stock_text: zh ? `库存 ${int(3, 999)}` : `In stock: ${int(3, 999)}`, sold_text: zh ? `已售 ${int(10, 9999)}` : `${int(10, 9999)} sold`,
    qty_label: zh ? "购买数量" : "Quantity", desc_title: zh ? "商品说明" : "Description",
    desc: zh ? "付款后系统自动发货，卡密将显示在订单页面并发送到您的邮箱。虚拟商品售出后不支持退换。" : "Your code is delivered right after payment, on the order page and by email. Digital goods cannot be returned once delivered.",
    svc: zh ? "客服" : "Help", cart: zh ? "加入购物车" : "Add to cart", buy: zh ? "立即购买" : "Buy now",
  });
  const fields = { ...emptyFields(), amount: fmt2(price), currency, product };
  return { html, template: `product_${lang}`, lang, theme: v.theme, kind: "product_page", fields, visible: { amount: withCommas(price), product } };
}

function sceneChat(lang) {
  const zh = lang === "zh";
  const v = commonVars(lang);
  const t = randomDate();
  const withOrder = chance(0.6);
  const orderNo = withOrder ? shopOrderNo(t) : null;
  const script = zh
    ? [["them", "您好，这里是卡密小店客服，请问有什么可以帮您？"], ["me", pick(["我买的卡密用不了", "付款了没收到卡密", "充值一直不到账"])], ["them", "亲，麻烦提供一下订单号，我帮您查询"]]
    : [["them", "Hi! Thanks for contacting support. How can I help?"], ["me", pick(["The code I bought does not work", "I paid but got no key", "My top-up never arrived"])], ["them", "Sorry about that! Could you send me your order number?"]];
  if (orderNo) script.push(["me", zh ? pick([`订单号 ${orderNo}`, `订单号是：${orderNo}`]) : pick([`Order No. ${orderNo}`, `Order number: ${orderNo}`])]);
  else script.push(["me", zh ? "我找一下，稍等" : "Let me find it, one moment"]);
  script.push(["them", zh ? "好的，请稍等" : "Thanks, checking now"]);
  const messages = `<div class="time">${pad(int(8, 23))}:${pad(int(0, 59))}</div>` + script.map(([who, text]) => `<div class="m ${who}"><div class="av"></div><div class="bub">${esc(text)}</div></div>`).join("");
  const html = fill("chat", { ...v, contact: zh ? pick(["卡密小店客服", "在线客服"]) : pick(["Store support", "Live chat"]), messages, placeholder: "", send: zh ? "发送" : "Send" });
  const fields = { ...emptyFields(), order_no: orderNo };
  return { html, template: `chat_${lang}`, lang, theme: v.theme, kind: "chat", fields, visible: { order_no: orderNo } };
}

function sceneOther(lang) {
  const zh = lang === "zh";
  const v = commonVars(lang);
  const items = zh
    ? [["通知设置", ""], ["隐私", ""], ["通用", ""], ["清理缓存", `${int(20, 900)} MB`], ["关于", `版本 ${int(1, 9)}.${int(0, 9)}.${int(0, 9)}`], ["深色模式", "toggle"]]
    : [["Notifications", ""], ["Privacy", ""], ["General", ""], ["Clear cache", `${int(20, 900)} MB`], ["About", `Version ${int(1, 9)}.${int(0, 9)}.${int(0, 9)}`], ["Dark mode", "toggle"]];
  const item = ([k, val]) => `<div class="item"><span>${esc(k)}</span><span style="display:flex;align-items:center">${val === "toggle" ? '<span class="toggle"></span>' : `<span class="val">${esc(val)}</span><span class="arrow"></span>`}</span></div>`;
  const sections = `<div class="sect">${zh ? "账号" : "Account"}</div><div class="card">${items.slice(0, 3).map(item).join("")}</div><div class="sect">${zh ? "其他" : "More"}</div><div class="card">${items.slice(3).map(item).join("")}</div>`;
  const html = fill("other", { ...v, page_title: zh ? "设置" : "Settings", sections });
  return { html, template: `other_${lang}`, lang, theme: v.theme, kind: "other", fields: emptyFields(), visible: {} };
}

// Weighted plan of scenes; deterministic for a seed.
const PLAN = [
  [() => sceneOrder("zh"), 11], [() => sceneOrder("en"), 6], [sceneAlipay, 7], [sceneWechat, 7], [scenePaypal, 6],
  [() => sceneError("zh"), 8], [() => sceneError("en"), 6], [() => sceneProduct("zh"), 4], [() => sceneProduct("en"), 3],
  [() => sceneChat("zh"), 3], [() => sceneChat("en"), 2], [() => sceneOther("zh"), 1], [() => sceneOther("en"), 1],
];
function planScenes(count) {
  const total = PLAN.reduce((a, [, w]) => a + w, 0);
  const out = [];
  // Round-robin by weight so small counts still cover every template.
  let credit = PLAN.map(() => 0);
  while (out.length < count) {
    credit = credit.map((c, i) => c + PLAN[i][1] / total);
    const i = credit.indexOf(Math.max(...credit));
    credit[i] -= 1;
    out.push(PLAN[i][0]);
  }
  return out;
}

// Phone widths 720–1170 px: CSS width × device pixel ratio.
const VIEWPORTS = [[360, 2], [375, 2], [414, 2], [360, 3], [390, 3], [432, 2.5], [393, 2.75]];

// ---------- degradation, in the browser's canvas ----------
async function degrade(page, pngBase64, ops) {
  return page.evaluate(async ({ pngBase64, ops }) => {
    const img = new Image();
    img.src = `data:image/png;base64,${pngBase64}`;
    await img.decode();
    let w = img.naturalWidth, h = img.naturalHeight;
    let canvas = document.createElement("canvas");
    const scale = ops.scale ?? 1;
    w = Math.round(w * scale); h = Math.round(h * scale);
    canvas.width = w; canvas.height = h;
    let ctx = canvas.getContext("2d");
    ctx.imageSmoothingQuality = "high";
    if (ops.blur) ctx.filter = `blur(${ops.blur}px)`;
    ctx.drawImage(img, 0, 0, w, h);
    ctx.filter = "none";
    if (ops.tilt) {
      const a = (ops.tilt * Math.PI) / 180;
      const W = Math.ceil(Math.abs(w * Math.cos(a)) + Math.abs(h * Math.sin(a)));
      const H = Math.ceil(Math.abs(w * Math.sin(a)) + Math.abs(h * Math.cos(a)));
      const c2 = document.createElement("canvas");
      c2.width = W; c2.height = H;
      const x2 = c2.getContext("2d");
      x2.fillStyle = ops.border;
      x2.fillRect(0, 0, W, H);
      x2.translate(W / 2, H / 2);
      x2.rotate(a);
      x2.drawImage(canvas, -w / 2, -h / 2);
      canvas = c2; ctx = x2; w = W; h = H;
      ctx.setTransform(1, 0, 0, 1, 0, 0);
    }
    if (ops.light) {
      const g = ops.light.radial
        ? ctx.createRadialGradient(w * ops.light.x, h * ops.light.y, 0, w * ops.light.x, h * ops.light.y, Math.max(w, h) * 0.9)
        : ctx.createLinearGradient(0, 0, w * ops.light.x, h);
      g.addColorStop(0, `rgba(255,255,255,${ops.light.bright})`);
      g.addColorStop(1, `rgba(0,0,0,${ops.light.dark})`);
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, w, h);
    }
    if (ops.noise) {
      const d = ctx.getImageData(0, 0, w, h);
      let s = ops.noise.seed >>> 0;
      const r = () => { s = (s + 0x6d2b79f5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
      for (let i = 0; i < d.data.length; i += 4) {
        const n = (r() + r() + r() - 1.5) * 2 * ops.noise.sigma;
        d.data[i] += n; d.data[i + 1] += n; d.data[i + 2] += n;
      }
      ctx.putImageData(d, 0, 0);
    }
    const url = canvas.toDataURL("image/jpeg", ops.quality);
    return { data: url.slice(url.indexOf(",") + 1), width: w, height: h };
  }, { pngBase64, ops });
}

function randomDegradation(seed) {
  const ops = { quality: (40 + int(0, 30)) / 100 };
  const names = [`jpeg q${Math.round(ops.quality * 100)}`];
  const pool = ["scale", "tilt", "blur", "light", "noise"];
  const chosen = new Set();
  const n = int(2, 3);
  while (chosen.size < n) chosen.add(pick(pool));
  if (chosen.has("scale")) { ops.scale = Math.round((0.55 + rnd() * 0.3) * 100) / 100; names.push(`downscale ${ops.scale}`); }
  if (chosen.has("tilt")) { ops.tilt = Math.round((rnd() * 6 - 3) * 10) / 10 || 1.5; ops.border = pick(["#101010", "#2a2a2a", "#d8d8d8"]); names.push(`tilt ${ops.tilt}°`); }
  if (chosen.has("blur")) { ops.blur = Math.round((0.5 + rnd() * 0.7) * 10) / 10; names.push(`blur ${ops.blur}px`); }
  if (chosen.has("light")) { ops.light = { radial: chance(0.5), x: rnd(), y: rnd(), bright: Math.round(rnd() * 18) / 100, dark: Math.round((0.18 + rnd() * 0.22) * 100) / 100 }; names.push(`uneven light ${ops.light.dark}`); }
  if (chosen.has("noise")) { ops.noise = { sigma: int(3, 8), seed }; names.push(`noise σ${ops.noise.sigma}`); }
  return { ops, names };
}

// ---------- main ----------
async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help || !opts.out) {
    console.error("usage: node generate.mjs OUT_DIR [--count 64] [--degraded-per 2] [--seed 20241120]");
    process.exit(opts.help ? 0 : 2);
  }
  rnd = mulberry32(opts.seed);
  const cleanDir = join(opts.out, "clean");
  const degDir = join(opts.out, "degraded");
  mkdirSync(cleanDir, { recursive: true });
  mkdirSync(degDir, { recursive: true });
  // playwright's launch() gives Chromium a fresh temporary --user-data-dir of its own.
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  try {
    const workCtx = await browser.newContext();
    const work = await workCtx.newPage();
    let degraded = 0;
    const scenes = planScenes(opts.count);
    for (let i = 0; i < scenes.length; i++) {
      const scene = scenes[i]();
      const [cssW, dpr] = pick(VIEWPORTS);
      const cssH = Math.round(cssW * (1.95 + rnd() * 0.22));
      const name = `${String(i + 1).padStart(3, "0")}_${scene.template}_${scene.theme}`;
      const ctx = await browser.newContext({ viewport: { width: cssW, height: cssH }, deviceScaleFactor: dpr });
      const page = await ctx.newPage();
      await page.setContent(scene.html, { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready);
      // Truth only for what is really on screen: a value scrolled out of the
      // viewport (a long page on a short phone) is not in the screenshot.
      const hidden = await page.evaluate((visible) => {
        const out = [];
        const texts = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n);
        for (const [field, value] of Object.entries(visible)) {
          if (!value) continue;
          let shown = false;
          for (const node of texts) {
            const at = node.textContent.indexOf(value);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + value.length);
            const rects = [...range.getClientRects()];
            if (rects.length && rects.every((r) => r.top >= 0 && r.bottom <= window.innerHeight && r.width > 0)) shown = true;
          }
          if (!shown) out.push(field);
        }
        return out;
      }, scene.visible);
      for (const field of hidden) {
        scene.visible[field] = null;
        if (field in scene.fields) scene.fields[field] = null;
      }
      const png = await page.screenshot({ type: "png" });
      const size = await page.evaluate(() => [window.innerWidth * devicePixelRatio, window.innerHeight * devicePixelRatio]);
      await ctx.close();
      const truth = { kind: scene.kind, fields: scene.fields, visible: scene.visible, template: scene.template, lang: scene.lang, theme: scene.theme, width: Math.round(size[0]), height: Math.round(size[1]), degradations: [] };
      writeFileSync(join(cleanDir, `${name}.png`), png);
      writeFileSync(join(cleanDir, `${name}.json`), JSON.stringify({ file: `${name}.png`, ...truth }, null, 2));
      for (let k = 0; k < opts.degradedPer; k++) {
        const { ops, names } = randomDegradation(opts.seed * 1000 + i * 10 + k);
        const out = await degrade(work, png.toString("base64"), ops);
        const dname = `${name}_d${k + 1}`;
        writeFileSync(join(degDir, `${dname}.jpg`), Buffer.from(out.data, "base64"));
        writeFileSync(join(degDir, `${dname}.json`), JSON.stringify({ file: `${dname}.jpg`, ...truth, width: out.width, height: out.height, degradations: names }, null, 2));
        degraded++;
      }
      process.stdout.write(`\r${i + 1}/${scenes.length} screenshots, ${degraded} degraded`);
    }
    process.stdout.write("\n");
    console.log(`wrote ${scenes.length} clean screenshots to ${cleanDir} and ${degraded} degraded copies to ${degDir}`);
  } finally {
    await browser.close();
  }
}

main().catch((e) => {
  console.error(`generate: ${e.message}`);
  process.exit(1);
});
