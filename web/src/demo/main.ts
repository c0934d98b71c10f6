// The demo shop: lists the products from GET /api/v1/shop/products. Buying is
// pretend; the point of the page is the chat widget at the bottom right.
import type { Product } from '../api/types'
import './demo.css'

// The console's widget page previews its settings here (/demo/?color=…):
// they go on the widget's tag before the deferred widget script runs.
const widgetTag = document.querySelector<HTMLScriptElement>('script[src*="widget.js"]')
if (widgetTag) {
  const query = new URLSearchParams(location.search)
  const names: [string, string][] = [
    ['color', 'color'],
    ['position', 'position'],
    ['title', 'title'],
    ['lang', 'lang'],
    ['offset-bottom', 'offsetBottom'],
    ['offset-side', 'offsetSide'],
    ['privacy-url', 'privacyUrl'],
  ]
  for (const [param, key] of names) {
    const v = query.get(param)
    if (v) widgetTag.dataset[key] = v
  }
}

const grid = document.getElementById('grid') as HTMLDivElement
const tabs = document.getElementById('tabs') as HTMLDivElement
const toastEl = document.getElementById('toast') as HTMLDivElement
let toastTimer: ReturnType<typeof setTimeout> | undefined
let products: Product[] = []
let current = '全部'

function toast(text: string): void {
  toastEl.textContent = text
  toastEl.hidden = false
  clearTimeout(toastTimer)
  toastTimer = setTimeout(() => (toastEl.hidden = true), 2600)
}

function price(p: Product): string {
  const n = typeof p.price === 'number' ? p.price : Number(p.price)
  const amount = Number.isFinite(n) ? n.toFixed(2) : String(p.price)
  return !p.currency || p.currency.toUpperCase() === 'CNY' ? '¥' + amount : `${amount} ${p.currency}`
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag)
  if (cls) e.className = cls
  if (text !== undefined) e.textContent = text
  return e
}

function card(p: Product): HTMLElement {
  const c = el('article', 'card')
  c.dataset.productId = String(p.id)
  const top = el('div', 'card-top')
  top.append(el('span', 'cat', p.category), el('span', p.stock > 0 ? 'stock' : 'stock out', p.stock > 0 ? `库存 ${p.stock}` : '已售罄'))
  const name = el('h3', 'name', p.name)
  const bottom = el('div', 'card-bottom')
  const buy = el('button', 'buy', p.stock > 0 ? '立即购买' : '补货中')
  buy.type = 'button'
  buy.disabled = p.stock <= 0
  buy.addEventListener('click', () => toast('演示商城，不会真实扣款'))
  bottom.append(el('span', 'price', price(p)), buy)
  c.append(top, name, el('p', 'auto', '自动发货 · 卡密即时到账'), bottom)
  return c
}

function render(): void {
  const cats = ['全部', ...new Set(products.map((p) => p.category))]
  tabs.replaceChildren(
    ...cats.map((cat) => {
      const b = el('button', cat === current ? 'tab active' : 'tab', cat)
      b.type = 'button'
      b.setAttribute('role', 'tab')
      b.setAttribute('aria-selected', String(cat === current))
      b.addEventListener('click', () => {
        current = cat
        render()
      })
      return b
    }),
  )
  const shown = current === '全部' ? products : products.filter((p) => p.category === current)
  grid.replaceChildren(...(shown.length ? shown.map(card) : [el('p', 'state', '暂无商品')]))
}

async function load(): Promise<void> {
  try {
    const res = await fetch('/api/v1/shop/products')
    if (!res.ok) throw new Error('HTTP ' + res.status)
    products = ((await res.json()) as { items: Product[] }).items
    render()
  } catch {
    grid.replaceChildren(el('p', 'state', '商品加载失败，请刷新页面重试'))
  }
}

document.getElementById('contact')?.addEventListener('click', () => window.kadesk?.open())

declare global {
  interface Window {
    kadesk?: { open: () => void; close: () => void }
  }
}

void load()
