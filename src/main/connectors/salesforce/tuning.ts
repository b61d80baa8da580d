/** Knobs tests, the benchmark and the demo turn on a Salesforce connection. */
import type { HttpTuning } from '../platform'
import type { ApiUsage } from './quota'

/** Salesforce's tuning: the toolkit's, plus a known usage to start from. */
export interface SalesforceTuning extends HttpTuning {
  /** The allowance's use as last known, before the first answer says. @default the connection's stored reading */
  usage?: ApiUsage
}
