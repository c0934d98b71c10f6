// The chart library for the reports page, registered piece by piece so the
// page's bundle carries only the bar and heat-map charts it draws. Tooltips
// render on the canvas (`richText`): the console's Content-Security-Policy
// allows no inline style attributes, which HTML tooltips would need.
import { BarChart, HeatmapChart } from 'echarts/charts'
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components'
import { use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import VChart from 'vue-echarts'

use([CanvasRenderer, BarChart, HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent])

export { VChart }

/** A colour of the console's theme (CSS variable), for the canvas. */
export function cssColour(name: string): string {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim()
  // Every name used is defined in shared/tokens.css; grey only if one is not.
  return v || 'gray'
}
