/**
 * A stateful fake of Square's Connect v2 API for tests, the demo workspace and
 * benchmarks: a real HTTP server on 127.0.0.1 (port chosen by the OS) with Square's bearer
 * tokens, `idempotency_key` on writes, cursor paging, time windows, error bodies and
 * faults to inject. See FIDELITY.md for what it covers and where each behaviour comes from.
 */
import * as activity from './activity'
import { startHttp, type Fault, type TokenState } from './server'
import { SquareState, type Obj, type StateOptions } from './state'
import type { ExchangeRecorder } from '../recorder'

/** The access token the fake accepts unless told otherwise (Square production tokens start EAAA). */
export const FAKE_SQUARE_TOKEN = 'EAAAlFakeSquareAccessTokenForPatchbay0000000000000000000000000001'

/** Options of `startFakeSquare`. */
export interface FakeSquareOptions extends StateOptions {
  /** Requests a second per token; false for none. @default 20 */
  rateLimit?: number | false
}

/** A running fake Square. */
export interface FakeSquare {
  /** Base URL, for `connection.settings.baseUrl`. */
  url: string
  token: string
  state: SquareState
  recorder: ExchangeRecorder
  /** `Square-Version` of every request, in order. */
  versions: (string | null)[]
  /** Makes the next matching request(s) fail. */
  inject(fault: Fault): void
  /** The seller revokes the token (or lets it expire). */
  setToken(token: string, to: TokenState): void
  close(): Promise<void>
  /** Activity at the counter, as Square records it. */
  pay(s: activity.SaleInput): { payment: Obj; order?: Obj }
  refund(paymentId: string, amount?: number, reason?: string): Obj
  dispute(paymentId: string, state?: string): Obj
  setDisputeState(id: string, state: string): Obj
  createCustomer(input: activity.CustomerInput): Obj
  updateCustomer(id: string, input: activity.CustomerInput): Obj
}

/** Starts a fake Square. */
export async function startFakeSquare(opts: FakeSquareOptions = {}): Promise<FakeSquare> {
  const state = new SquareState(opts)
  const tokens = new Map<string, TokenState>([[FAKE_SQUARE_TOKEN, 'active']])
  const http = await startHttp(state, { tokens, rateLimit: opts.rateLimit })
  return {
    url: http.url,
    token: FAKE_SQUARE_TOKEN,
    state,
    recorder: http.recorder,
    versions: http.versions,
    inject: (fault) => void http.faults.push(fault),
    setToken: (token, to) => void tokens.set(token, to),
    close: () => http.close(),
    pay: (s) => activity.pay(state, s),
    refund: (id, amount, reason) => activity.refund(state, id, amount, reason),
    dispute: (id, s) => activity.dispute(state, id, s),
    setDisputeState: (id, s) => activity.setDisputeState(state, id, s),
    createCustomer: (input) => activity.createCustomer(state, input),
    updateCustomer: (id, input) => activity.updateCustomer(state, id, input)
  }
}

export { CATALOG, SQUARE_PRICING, squareFee, type CustomerInput, type SaleInput, type SaleLine } from './activity'
export { DEFAULT_START, SquareState, type Money, type Obj } from './state'
export type { Fault, TokenState } from './server'
export { squareDay, squareDayTotals, type SquareDay, type SquareDayOptions } from './day'
