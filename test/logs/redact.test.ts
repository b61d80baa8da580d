import { describe, expect, it } from 'vitest'
import { REDACTED, Redactor, isSecretKey } from '../../src/main/logs/redact'

const KEYCHAIN_TOKEN = 'kc-9f8e7d6c5b4a'

function redactor(): Redactor {
  const r = new Redactor()
  r.addSecret(KEYCHAIN_TOKEN)
  return r
}

describe('Redactor.redactText', () => {
  // [what it is, input, expected]
  const cases: [string, string, string][] = [
    ['a known keychain secret inside a message', `token was ${KEYCHAIN_TOKEN}!`, `token was ${REDACTED}!`],
    ['a known secret glued to other text', `x${KEYCHAIN_TOKEN}y`, `x${REDACTED}y`],
    ['an Authorization header line', 'Authorization: Bearer abc.def', 'Authorization: [redacted]'],
    ['a Basic Authorization header in any case', 'AUTHORIZATION: Basic dXNlcjpwYXNz', 'AUTHORIZATION: [redacted]'],
    ['a Proxy-Authorization header', 'proxy-authorization: Basic Zm9vOmJhcg==', 'proxy-authorization: [redacted]'],
    ['a Cookie header with several pairs', 'Cookie: sid=abc; csrftoken=def', 'Cookie: [redacted]'],
    ['a Set-Cookie header', 'set-cookie: sid=abc; Path=/; HttpOnly', 'set-cookie: [redacted]'],
    ['a bare bearer token', 'sent bearer ya29.a0AfH6SMB-x_y~z then', 'sent bearer [redacted] then'],
    ['a Stripe live secret key', 'key sk_live_4eC39HqLyjWDarjtT1zdp7dc', `key ${REDACTED}`],
    ['a Stripe test secret key', 'sk_test_51Hxyz0123456789', REDACTED],
    ['a Stripe restricted key', 'rk_live_abcdef123456', REDACTED],
    ['a Stripe webhook secret', 'whsec_abcdef123456', REDACTED],
    ['a HubSpot private app token', 'pat-na1-11111111-2222-3333-4444-555555555555 used', `${REDACTED} used`],
    ['a Mailchimp API key', 'apikey 0123456789abcdef0123456789abcdef-us21.', `apikey ${REDACTED}.`],
    ['a JWT id token', 'got eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlLXZhbHVl', `got ${REDACTED}`],
    ['?api_key= in a URL', 'GET https://api.example.com/v1/x?api_key=abc123&page=2', 'GET https://api.example.com/v1/x?api_key=[redacted]&page=2'],
    ['&access_token= in a URL', 'https://graph.example.com/me?fields=id&access_token=EAAB123', 'https://graph.example.com/me?fields=id&access_token=[redacted]'],
    ['an OAuth code in a loopback redirect', 'http://127.0.0.1:53682/cb?code=4/0AX4Xf&state=xyz', 'http://127.0.0.1:53682/cb?code=[redacted]&state=xyz'],
    ['a refresh token in a form body', 'grant_type=refresh_token&refresh_token=1//0gLx&client_id=abc', 'grant_type=refresh_token&refresh_token=[redacted]&client_id=abc'],
    ['client_secret and code_verifier in a form body', 'client_secret=s3cr&code_verifier=dBjftJeZ4CVP', 'client_secret=[redacted]&code_verifier=[redacted]'],
    ['password= in a message', 'login with password=hunter2 failed', 'login with password=[redacted] failed'],
    ['a password inside a URL', 'sftp://bob:hunter2@files.example.com/in', 'sftp://bob:[redacted]@files.example.com/in'],
    ['a vendor token response kept as text', '{"access_token":"ya29.abc","expires_in":3599,"refresh_token":"1//0g"}', '{"access_token":"[redacted]","expires_in":3599,"refresh_token":"[redacted]"}'],
    ['a camelCase secret key in JSON text', '{"clientSecret": "abc", "apiKey":12345}', '{"clientSecret": "[redacted]", "apiKey":"[redacted]"}']
  ]
  it.each(cases)('scrubs %s', (_what, input, expected) => {
    expect(redactor().redactText(input)).toBe(expected)
  })

  // Cursors and ordinary words must survive, or the log stops being useful.
  const kept: [string, string][] = [
    ['a pagination cursor parameter', 'GET /contacts?next_page_token=abc&limit=100'],
    ['a pageToken parameter', 'GET /v1/events?pageToken=CAE&syncToken=xyz'],
    ['the word Authorization without a value', 'Authorization failed for connection hubspot-main'],
    ['a Stripe publishable key', 'pk_live_abcdef123456'],
    ['a record key', 'created contact alice@example.com'],
    ['a token in a JSON body that is null', '{"refresh_token":null}']
  ]
  it.each(kept)('keeps %s', (_what, input) => {
    expect(redactor().redactText(input)).toBe(input)
  })

  it('is stable when run twice', () => {
    const r = redactor()
    for (const [, input] of cases) expect(r.redactText(r.redactText(input))).toBe(r.redactText(input))
  })

  it('ignores secrets too short to scrub without shredding words', () => {
    const r = new Redactor()
    r.addSecret('abc')
    r.addSecret('')
    r.addSecret(undefined)
    expect(r.redactText('abc is fine')).toBe('abc is fine')
  })

  it('replaces the longer of two overlapping secrets whole', () => {
    const r = new Redactor()
    r.addSecret('abcd')
    r.addSecret('abcdefgh')
    expect(r.redactText('x abcdefgh y')).toBe(`x ${REDACTED} y`)
  })
})

describe('isSecretKey', () => {
  it.each([
    'token', 'access_token', 'accessToken', 'Access-Token', 'refresh_token', 'id_token', 'password', 'secret',
    'client_secret', 'clientSecret', 'apiKey', 'api_key', 'X-API-Key', 'code_verifier', 'Authorization',
    'PROXY-AUTHORIZATION', 'cookie', 'Set-Cookie'
  ])('treats %s as a credential', (key) => expect(isSecretKey(key)).toBe(true))

  it.each(['key', 'id', 'nextPageToken', 'syncToken', 'token_type', 'secretary', 'code', 'hasPassword'])(
    'treats %s as ordinary',
    (key) => expect(isSecretKey(key)).toBe(false)
  )
})

describe('Redactor.redact', () => {
  it('replaces credential keys at any depth and scrubs every string', () => {
    const input = {
      msg: `using ${KEYCHAIN_TOKEN}`,
      req: { headers: { Authorization: 'Basic dXNlcjpwYXNz', 'Set-Cookie': ['a=1', 'b=2'], accept: 'application/json' } },
      deep: { a: { b: { c: { apiKey: 12345, note: [`x ${KEYCHAIN_TOKEN}`] } } } },
      cursor: { nextPageToken: 'CAE', refresh_token: null }
    }
    expect(redactor().redact(input)).toEqual({
      msg: `using ${REDACTED}`,
      req: { headers: { Authorization: REDACTED, 'Set-Cookie': REDACTED, accept: 'application/json' } },
      deep: { a: { b: { c: { apiKey: REDACTED, note: [`x ${REDACTED}`] } } } },
      cursor: { nextPageToken: 'CAE', refresh_token: null }
    })
  })

  it('does not touch its input and returns clean branches as they were', () => {
    const clean = { id: '42', key: 'alice@example.com' }
    const input = { clean, dirty: { password: 'hunter2' } }
    const out = redactor().redact(input) as typeof input
    expect(input.dirty.password).toBe('hunter2')
    expect(out.clean).toBe(clean)
    expect(redactor().redact(clean)).toBe(clean)
  })

  it('scrubs secrets used as keys, inside errors, and survives cycles', () => {
    const cyclic: Record<string, unknown> = { [KEYCHAIN_TOKEN]: 'seen' }
    cyclic.self = cyclic
    const out = redactor().redact({ cyclic, err: new Error(`bad ${KEYCHAIN_TOKEN}`) })
    expect(JSON.stringify(out)).not.toContain(KEYCHAIN_TOKEN)
    expect(out).toMatchObject({ cyclic: { [REDACTED]: 'seen', self: '[circular]' }, err: { message: `bad ${REDACTED}` } })
  })
})

describe('Redactor.redactJsonLine', () => {
  it('gives the same result with and without its fast path, for every case', () => {
    const r = redactor()
    const values = [
      `token was ${KEYCHAIN_TOKEN}`, 'Authorization: Bearer abc', 'sk_live_abcdef123456', 'x?code=abc',
      'pat-eu1-11111111-2222-3333-4444-555555555555', '0123456789abcdef0123456789abcdef-us3', 'plain message'
    ]
    for (const value of values) {
      const line = JSON.stringify({ level: 30, time: 1, msg: value, nested: { headers: { authorization: value } } }) + '\n'
      const full = JSON.stringify(r.redact(JSON.parse(line))) + '\n'
      expect(r.redactJsonLine(line)).toBe(full)
    }
  })

  it('finds a known secret that JSON escaping changed', () => {
    const r = new Redactor()
    const secret = 'p"a\\ss\nword'
    r.addSecret(secret)
    const line = JSON.stringify({ level: 30, msg: `x ${secret} y` }) + '\n'
    const out = r.redactJsonLine(line)
    expect(JSON.parse(out)).toEqual({ level: 30, msg: `x ${REDACTED} y` })
    expect(out.endsWith('\n')).toBe(true)
  })

  it('returns a clean line unchanged', () => {
    const line = '{"level":30,"time":1,"msg":"created contact","record":{"key":"alice@example.com"}}\n'
    expect(redactor().redactJsonLine(line)).toBe(line)
  })
})
