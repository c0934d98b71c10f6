// First build: the agent console (dist/console/) and the demo shop
// (dist/demo/) as two HTML pages. The widget is built by vite.widget.config.ts.
//
// Asset URLs: the console's live under /console/assets/ and the demo's under
// /demo/assets/, because the server serves dist/ 1:1 and falls back to
// console/index.html for /console/*.
//
// `npm run dev` serves both pages and proxies /api and /widget.js to a running
// kadesk (KADESK_DEV_SERVER, default http://127.0.0.1:8080).
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

const backend = process.env.KADESK_DEV_SERVER ?? 'http://127.0.0.1:8080'

function place(name: string | undefined, kind: 'js' | 'asset'): string {
  const dir = name === 'demo' || name?.startsWith('demo') ? 'demo/assets' : 'console/assets'
  // A chunk shared by several pages is named after its first module (often a
  // helper such as `_plugin-vue_export-helper`): call it what it is.
  const file = name?.startsWith('_') ? 'shared' : '[name]'
  return kind === 'js' ? `${dir}/${file}-[hash].js` : `${dir}/${file}-[hash][extname]`
}

export default defineConfig({
  plugins: [vue()],
  base: '/',
  publicDir: false,
  server: {
    proxy: {
      '/api': { target: backend, ws: true, changeOrigin: false },
      '/widget.js': backend,
      '/healthz': backend,
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2020',
    modulePreload: { polyfill: false },
    rollupOptions: {
      input: {
        console: 'console/index.html',
        demo: 'demo/index.html',
      },
      output: {
        // Vue with its router and store in one long-cached chunk. The component
        // kit is left to the bundler, so lazy pages carry the parts only they use.
        manualChunks(id) {
          return /node_modules\/(@vue|vue|vue-router|pinia)\//.test(id) ? 'vue' : undefined
        },
        entryFileNames: (chunk) => place(chunk.name, 'js'),
        chunkFileNames: (chunk) => place(chunk.name, 'js'),
        assetFileNames: (asset) => place(asset.names[0], 'asset'),
      },
    },
  },
})
