// Second build: the buyer widget as one self-contained IIFE, dist/widget.js.
// Its CSS is a string injected into a shadow root, so there is no CSS file.
import { defineConfig } from 'vite'

export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: false,
    target: 'es2020',
    minify: true,
    sourcemap: false,
    lib: {
      entry: 'src/widget/main.ts',
      name: 'kadeskWidget',
      formats: ['iife'],
      fileName: () => 'widget.js',
    },
  },
})
