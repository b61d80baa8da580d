/**
 * Runs axe-core (the accessibility rules WCAG testers use) in the page under test. The script
 * is evaluated through the browser's debugging protocol, so the page's Content-Security-Policy
 * stays as strict as in use and is not loosened for the test.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** One thing axe found that a person who relies on a screen reader, a keyboard or good contrast would trip on. */
export interface AxeFinding {
  rule: string
  impact: string
  target: string
  summary: string
}

/**
 * The serious and critical findings on the page as it is now (WCAG 2.2 A and AA, and axe's
 * best practices), and headings that skip a level (axe calls that moderate; we do not).
 */
export async function seriousFindings(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE)
  const found = (await page.evaluate(`window.axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.flatMap((v) => v.nodes.map((n) => ({ rule: v.id, impact: n.impact || v.impact || '', target: n.target.join(' '), summary: (n.failureSummary || v.help).replace(/\\s+/g, ' ') }))))`)) as AxeFinding[]
  return found.filter((f) => f.impact === 'serious' || f.impact === 'critical' || f.rule === 'heading-order')
}

/** A failure message listing each finding by rule, target and what is wrong. */
export function describeFindings(where: string, findings: AxeFinding[]): string {
  return [`${findings.length} accessibility findings (serious, critical, or a heading that skips a level) on ${where}:`, ...findings.map((f) => `  [${f.impact}] ${f.rule} at ${f.target}: ${f.summary}`)].join('\n')
}
