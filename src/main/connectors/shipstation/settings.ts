/**
 * A ShipStation connection's settings. The key itself is a secret (`apiKey`, keychain only);
 * these are the non-secret choices, checked when the connection opens (a wrong one is a
 * ConfigError naming it).
 */
import { z } from 'zod'

/** The settings as stored, with defaults applied. */
export const shipstationSettingsSchema = z.object({
  /** API root; tests, the benchmark and the demo point it at the stand-in. @default https://api.shipstation.com */
  baseUrl: z.url({ protocol: /^https?$/ }).default('https://api.shipstation.com'),
  /** Shipments per page when reading (`page_size`). @default 100 */
  pageSize: z.number().int().min(1).max(500).default(100),
  /**
   * How ShipStation checks a ship-to address when Patchbay makes a shipment
   * (`validate_address`): `validate_and_clean` refuses an address it cannot deliver to
   * and tidies the rest. @default 'validate_and_clean'
   */
  validateAddress: z.enum(['validate_and_clean', 'validate_only', 'no_validation']).default('validate_and_clean'),
  /** The unit order weights are in when the order does not say. @default 'gram' */
  weightUnit: z.enum(['gram', 'kilogram', 'ounce', 'pound']).default('gram'),
  /** The parcel weight used for an order that has none, in `weightUnit`; without it such an order goes to Failures. */
  defaultWeight: z.number().positive().optional()
})

/** A ShipStation connection's settings after checking. */
export type ShipStationSettings = z.infer<typeof shipstationSettingsSchema>
