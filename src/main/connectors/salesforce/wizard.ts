/**
 * The words of the Salesforce connection wizard, as data the UI renders step by step: what
 * the owner creates in Salesforce (an External Client App, or a Connected App they already
 * have) and exactly what to type and paste. Kept beside the sign-in code they describe.
 */
import type { ConnectWizard } from '../../../shared/contract'
import { SALESFORCE_CALLBACK_URL, SALESFORCE_LOGIN } from './vendor'

/** The Salesforce connection wizard. */
export const SALESFORCE_WIZARD: ConnectWizard = {
  title: 'Connect Salesforce',
  intro:
    'Salesforce only lets an app in through an app record in your own org. Patchbay runs on your computer and has no server, so you create that record once (about five minutes, as a Salesforce admin) and paste its key here. Patchbay then signs in through your browser; your password never passes through Patchbay.',
  steps: [
    {
      id: 'create-app',
      title: '1. Create the app in Salesforce',
      body: [
        'In Salesforce, open Setup, type "External Client App Manager" in Quick Find and click New External Client App. (Orgs created before Spring ’26 may use App Manager › New Connected App instead: the settings below are the same.)',
        'Name it "Patchbay", give your email as the contact, and leave Distribution State as Local.',
        'Under API (Enable OAuth Settings), tick Enable OAuth and set:',
        `• Callback URL: ${SALESFORCE_CALLBACK_URL} (exactly this, nothing added)`,
        '• OAuth Scopes: "Manage user data via APIs (api)" and "Perform requests at any time (refresh_token, offline_access)"',
        '• Flow Enablement: tick "Enable Authorization Code and Credentials Flow"',
        '• Security: tick "Require Proof Key for Code Exchange (PKCE) extension for Supported Authorization Flows" and untick "Require secret for Web Server Flow"',
        'Click Create. Then, under Policies › OAuth Policies, set Refresh Token Policy to "Refresh token is valid until revoked" so Patchbay keeps working unattended.'
      ],
      opens: { label: 'Open Salesforce Setup', url: `${SALESFORCE_LOGIN.production}/lightning/setup/SetupOneHome/home` }
    },
    {
      id: 'keys',
      title: '2. Paste the app’s Consumer Key',
      body: [
        'On the app’s Settings tab, open OAuth Settings › Consumer Key and Secret (Salesforce may email you a code first). Copy the Consumer Key and paste it below. Patchbay keeps it in this computer’s keychain and nowhere else.',
        'Patchbay needs no Consumer Secret: with PKCE on and "Require secret for Web Server Flow" unticked (step 1), the key alone and your own sign-in are enough, and no secret is ever kept on this computer.',
        'A sandbox signs in at test.salesforce.com; an org with a login-only My Domain, at its own address.'
      ],
      inputs: [
        { name: 'clientId', label: 'Consumer Key', secret: true, placeholder: '3MVG9…' },
        {
          name: 'loginUrl',
          label: 'Sign in at',
          choices: [
            { value: SALESFORCE_LOGIN.production, label: 'login.salesforce.com (your live org)' },
            { value: SALESFORCE_LOGIN.sandbox, label: 'test.salesforce.com (a sandbox)' }
          ]
        }
      ]
    },
    {
      id: 'sign-in',
      title: '3. Sign in and allow',
      body: [
        'Click the button: your browser opens Salesforce’s sign-in. Sign in as the user whose records Patchbay should sync and click Allow.',
        'Your browser comes back to Patchbay by itself (the page says "Signed in"); you can close that tab. If Salesforce says "redirect_uri_mismatch", the Callback URL on the app is not exactly the one in step 1.'
      ]
    },
    {
      id: 'done',
      title: '4. Connected',
      body: [
        'Patchbay keeps the sign-in in your keychain and renews it by itself. Salesforce counts every call against your org’s daily API allowance: Patchbay shows how much is used under Connections, warns you at 80%, and holds its syncs before the allowance runs out so your other Salesforce apps keep working.'
      ]
    }
  ]
}
