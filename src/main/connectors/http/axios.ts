/**
 * axios, loaded as its one-file CommonJS build. `import axios from 'axios'` in an ES module
 * loads its ES build instead, some fifty files, which costs about 100 ms at every start of
 * `patchbay` before the first request (issue 16). Everything in src/ takes axios from here,
 * so one copy is loaded and its classes are the same everywhere.
 */
import { createRequire } from 'node:module'
import type { AxiosStatic } from 'axios'

export const axios = createRequire(import.meta.url)('axios') as AxiosStatic
