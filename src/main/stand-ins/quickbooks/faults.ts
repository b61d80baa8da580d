/**
 * QuickBooks' fault bodies as the fake sends them. Codes, messages and shapes are those
 * Intuit documents or that real responses show (see FIDELITY.md); where a wording could
 * not be confirmed the code is still right and the Detail says plainly what happened.
 */

/** A refusal of one request or batch item. */
export class FakeFault extends Error {
  constructor(
    readonly code: string,
    readonly title: string,
    readonly detail: string,
    readonly type: 'ValidationFault' | 'SystemFault' | 'AUTHENTICATION' | 'SERVICE' = 'ValidationFault',
    readonly element = ''
  ) {
    super(`${title}: ${detail}`)
  }

  /** The documented JSON body. */
  body(time: string): Record<string, unknown> {
    return { Fault: { Error: [{ Message: this.title, Detail: this.detail, code: this.code, element: this.element }], type: this.type }, time }
  }
}

/** The fault shapes the fake uses, by situation. */
export const faults = {
  unsupportedProperty: (path: string) => new FakeFault('2010', 'Request has invalid or unsupported property', `Property Name:Unrecognized field "${path.split('.').pop()}" specified value is invalid (${path})`, 'ValidationFault', path),
  required: (field: string) => new FakeFault('2020', 'Required param missing, need to supply the required value for the API', `Required parameter ${field} is missing in the request`, 'ValidationFault', field),
  invalidReference: (ref: string, id: string) => new FakeFault('2500', 'Invalid Reference Id', `Invalid Reference Id : ${ref} ${id} does not exist`, 'ValidationFault', ref),
  inactive: (what: string) => new FakeFault('610', 'Object Not Found', `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees. (${what})`),
  stale: () => new FakeFault('5010', 'Stale Object Error', 'Stale Object Error : You and another user were working on the same thing. Please try again.'),
  periodClosed: () => new FakeFault('6210', 'Account Period Closed, Cannot Update Through Services API', 'The account period has closed and the account books cannot be updated through through the QBO Services API. Please use the QBO website to make these changes.'),
  duplicateName: () => new FakeFault('6240', 'Duplicate Name Exists Error', 'The name supplied already exists. : Another customer, vendor or employee is already using this name. Please use a different name.'),
  currencyOff: (currency: string) => new FakeFault('6000', 'A business validation error has occurred while processing your request', `Business Validation Error: Multicurrency is not turned on in this company, so a transaction in ${currency} cannot be saved.`),
  currencyMismatch: (txn: string, customer: string) => new FakeFault('6000', 'A business validation error has occurred while processing your request', `Business Validation Error: The transaction currency ${txn} must be the customer's currency ${customer}.`),
  notFound: (entity: string, id: string) => new FakeFault('610', 'Object Not Found', `Object Not Found : Something you're trying to use does not exist: ${entity} ${id}`),
  badQuery: (detail: string) => new FakeFault('4000', 'Error parsing query', detail),
  throttled: () => new FakeFault('3001', 'message=ThrottleExceeded; errorCode=003001; statusCode=429', 'The request limit was reached.  Try again later', 'SERVICE')
}

/** The XML body QuickBooks sends for a 429 even to clients asking for JSON. */
export function throttleXml(time: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<IntuitResponse time="${time}" xmlns="http://schema.intuit.com/finance/v3"><Fault type="SERVICE"><Error code="3001"><Message>message=ThrottleExceeded; errorCode=003001; statusCode=429</Message><Detail>The request limit was reached.  Try again later</Detail></Error></Fault></IntuitResponse>`
}

/** The body of a 401: lowercase keys, as real QuickBooks sends it. */
export function unauthorisedBody(detail: string): Record<string, unknown> {
  return {
    warnings: null,
    intuitObject: null,
    fault: { error: [{ message: 'message=AuthenticationFailed; errorCode=003200; statusCode=401', detail, code: '3200', element: null }], type: 'AUTHENTICATION' },
    report: null,
    queryResponse: null,
    batchItemResponse: [],
    attachableResponse: [],
    syncErrorResponse: null,
    requestId: null,
    time: Date.now(),
    status: null,
    cdcresponse: []
  }
}
