/** What a route handler of the fake gets and gives. */
import type { FakeStore } from './store'

/** One parsed request. */
export interface RouteRequest {
  store: FakeStore
  /** The API root as clients address it, e.g. `http://127.0.0.1:4321/3.0`. */
  base: string
  params: Record<string, string>
  query: URLSearchParams
  body: unknown
}

/** One answer; no body means 204 No Content. */
export interface RouteAnswer {
  status: number
  body?: unknown
  headers?: Record<string, string>
}

/** A route handler. */
export type Route = (req: RouteRequest) => RouteAnswer
