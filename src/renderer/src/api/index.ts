/**
 * The one place the UI gets its API: `window.patchbay` from the preload under Electron,
 * or the headless twin in a browser. Nothing else in the UI knows which it is.
 */
import type { PatchbayApi } from '../../../shared/api'
import { headlessApi, takeToken } from './headless'

declare global {
  interface Window {
    patchbay?: PatchbayApi
  }
}

let api: PatchbayApi | undefined

/** The API, chosen once. */
export function patchbay(): PatchbayApi {
  if (!api) api = window.patchbay ?? headlessApi(window.location.origin, takeToken(window.location, window.history, window.sessionStorage))
  return api
}
