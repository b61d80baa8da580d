import { resolve } from 'node:path'
import { defineConfig, externalizeDepsPlugin } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    // zod is bundled rather than loaded from node_modules: its ES build is dozens of small files, and resolving and
    // reading them one by one cost some 35 ms of CPU and 5 MB at every start of `patchbay` (issue 16).
    plugins: [externalizeDepsPlugin({ exclude: ['zod'] })],
    build: {
      rollupOptions: {
        // The desktop entry and the plain-Node command line share one build.
        input: { index: resolve('src/main/index.ts'), cli: resolve('src/main/cli.ts') }
      }
    }
  },
  preload: {
    // No externals: a sandboxed preload can load nothing but 'electron', so it is one file.
    build: {
      // A sandboxed preload must be CommonJS.
      rollupOptions: { output: { format: 'cjs', entryFileNames: '[name].cjs' } }
    }
  },
  renderer: {
    root: 'src/renderer',
    // The renderer is shipped to a browser in headless mode: minify it (electron-vite leaves it as is by default).
    build: { minify: true, rollupOptions: { input: resolve('src/renderer/index.html') } },
    plugins: [react()]
  }
})
