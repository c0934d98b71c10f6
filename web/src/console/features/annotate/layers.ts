// The annotator's document and how it is drawn. Shapes are kept in the
// picture's own pixels (not the screen's), so the same document draws the
// preview at any size and the sent picture at full size, and reopens on the
// original picture exactly. The document is what the server keeps
// (`PUT /api/v1/files/{id}/annotation`); `version` lets a later console
// read older ones.

export type Tool = 'rect' | 'circle' | 'arrow' | 'highlight' | 'text'

export const TOOLS: readonly Tool[] = ['rect', 'circle', 'arrow', 'highlight', 'text']

/** The colours offered: red, yellow, green, blue, black, white (drawn data, not theme). */
export const COLOURS: readonly string[] = ['#e53935', '#fdd835', '#43a047', '#1e88e5', '#212121', '#ffffff']

export interface Shape {
  tool: Tool
  /** `#rrggbb`. */
  color: string
  /** Start and end point (rect, circle, arrow: the dragged box; text: where it sits). */
  x0: number
  y0: number
  x1: number
  y1: number
  /** The highlighter's path. */
  points?: [number, number][]
  /** A text label's words. */
  text?: string
}

export interface LayersDoc {
  version: 1
  /** The picture's size the shapes are measured in. */
  width: number
  height: number
  shapes: Shape[]
}

/** Line width for a picture of this size: about 0.5 % of its longer side, at least 3 px. */
export function lineWidth(width: number, height: number): number {
  return Math.max(3, Math.round(Math.max(width, height) / 200))
}

/** Text size of a label on a picture of this size. */
export function fontSize(width: number, height: number): number {
  return Math.max(16, Math.round(Math.max(width, height) / 40))
}

function arrowHead(ctx: CanvasRenderingContext2D, s: Shape, lw: number): void {
  const angle = Math.atan2(s.y1 - s.y0, s.x1 - s.x0)
  const len = lw * 4
  ctx.beginPath()
  ctx.moveTo(s.x1, s.y1)
  ctx.lineTo(s.x1 - len * Math.cos(angle - Math.PI / 7), s.y1 - len * Math.sin(angle - Math.PI / 7))
  ctx.lineTo(s.x1 - len * Math.cos(angle + Math.PI / 7), s.y1 - len * Math.sin(angle + Math.PI / 7))
  ctx.closePath()
  ctx.fill()
}

/** Draws one shape on `ctx`, whose units are the picture's pixels. */
export function drawShape(ctx: CanvasRenderingContext2D, s: Shape, width: number, height: number): void {
  const lw = lineWidth(width, height)
  ctx.save()
  ctx.strokeStyle = s.color
  ctx.fillStyle = s.color
  ctx.lineWidth = lw
  ctx.lineCap = 'round'
  ctx.lineJoin = 'round'
  const x = Math.min(s.x0, s.x1)
  const y = Math.min(s.y0, s.y1)
  const w = Math.abs(s.x1 - s.x0)
  const h = Math.abs(s.y1 - s.y0)
  switch (s.tool) {
    case 'rect':
      ctx.strokeRect(x, y, w, h)
      break
    case 'circle':
      ctx.beginPath()
      ctx.ellipse(x + w / 2, y + h / 2, Math.max(1, w / 2), Math.max(1, h / 2), 0, 0, Math.PI * 2)
      ctx.stroke()
      break
    case 'arrow':
      ctx.beginPath()
      ctx.moveTo(s.x0, s.y0)
      ctx.lineTo(s.x1, s.y1)
      ctx.stroke()
      arrowHead(ctx, s, lw)
      break
    case 'highlight': {
      const pts = s.points ?? [[s.x0, s.y0], [s.x1, s.y1]]
      ctx.globalAlpha = 0.4
      ctx.lineWidth = lw * 5
      ctx.lineCap = 'square'
      ctx.beginPath()
      pts.forEach(([px, py], i) => (i === 0 ? ctx.moveTo(px, py) : ctx.lineTo(px, py)))
      ctx.stroke()
      break
    }
    case 'text': {
      const size = fontSize(width, height)
      ctx.font = `bold ${size}px system-ui, "PingFang SC", "Microsoft YaHei", sans-serif`
      ctx.textBaseline = 'top'
      // A contrasting outline keeps the words readable on any background.
      ctx.lineWidth = Math.max(2, size / 6)
      ctx.strokeStyle = s.color.toLowerCase() === '#ffffff' ? '#212121' : '#ffffff'
      ctx.strokeText(s.text ?? '', s.x0, s.y0)
      ctx.fillText(s.text ?? '', s.x0, s.y0)
      break
    }
  }
  ctx.restore()
}

/** Draws the picture and every shape on `ctx` (the picture's pixels). */
export function drawAll(ctx: CanvasRenderingContext2D, picture: CanvasImageSource, doc: LayersDoc): void {
  ctx.clearRect(0, 0, doc.width, doc.height)
  ctx.drawImage(picture, 0, 0, doc.width, doc.height)
  for (const s of doc.shapes) drawShape(ctx, s, doc.width, doc.height)
}

/** The picture with its shapes as a PNG, at the picture's full size. */
export function renderPng(picture: CanvasImageSource, doc: LayersDoc): Promise<Blob> {
  const canvas = document.createElement('canvas')
  canvas.width = doc.width
  canvas.height = doc.height
  const ctx = canvas.getContext('2d')
  if (!ctx) return Promise.reject(new Error('no 2d canvas'))
  drawAll(ctx, picture, doc)
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the picture did not encode'))), 'image/png'),
  )
}

/** A shape too small to mean anything (a click without a drag). */
export function isEmpty(s: Shape): boolean {
  if (s.tool === 'text') return !(s.text ?? '').trim()
  if (s.tool === 'highlight') return (s.points?.length ?? 0) < 2
  return Math.abs(s.x1 - s.x0) < 3 && Math.abs(s.y1 - s.y0) < 3
}

/** Reads a stored document; shapes that do not read are left out. */
export function readDoc(value: unknown, width: number, height: number): LayersDoc {
  const doc: LayersDoc = { version: 1, width, height, shapes: [] }
  if (typeof value !== 'object' || value === null) return doc
  const v = value as { shapes?: unknown; width?: unknown; height?: unknown }
  // Shapes were measured on the same picture; scale if it was drawn at another size.
  const sx = typeof v.width === 'number' && v.width > 0 ? width / v.width : 1
  const sy = typeof v.height === 'number' && v.height > 0 ? height / v.height : 1
  for (const raw of Array.isArray(v.shapes) ? v.shapes : []) {
    const s = raw as Partial<Shape>
    if (!s || !TOOLS.includes(s.tool as Tool) || typeof s.color !== 'string') continue
    const n = (k: 'x0' | 'y0' | 'x1' | 'y1') => (typeof s[k] === 'number' ? (s[k] as number) : 0)
    doc.shapes.push({
      tool: s.tool as Tool,
      color: s.color,
      x0: n('x0') * sx,
      y0: n('y0') * sy,
      x1: n('x1') * sx,
      y1: n('y1') * sy,
      ...(Array.isArray(s.points) ? { points: s.points.map(([px, py]) => [px * sx, py * sy] as [number, number]) } : {}),
      ...(typeof s.text === 'string' ? { text: s.text } : {}),
    })
  }
  return doc
}

/** Undo and redo over the list of shapes. */
export class History {
  private done: Shape[][] = []
  private undone: Shape[][] = []
  constructor(public shapes: Shape[] = []) {}

  /** Replaces the shapes, remembering the old ones for undo. */
  push(next: Shape[]): void {
    this.done.push(this.shapes)
    this.undone = []
    this.shapes = next
  }

  get canUndo(): boolean {
    return this.done.length > 0
  }

  get canRedo(): boolean {
    return this.undone.length > 0
  }

  undo(): void {
    const prev = this.done.pop()
    if (!prev) return
    this.undone.push(this.shapes)
    this.shapes = prev
  }

  redo(): void {
    const next = this.undone.pop()
    if (!next) return
    this.done.push(this.shapes)
    this.shapes = next
  }
}
