// Runs Doyensec's electronegativity over the Electron code (main process and preload) and
// fails on any high or medium finding not explained in scripts/security-findings.json,
// and on any file it could not parse (a scanner that read nothing proves nothing).
// Its CLI breaks against the newer `commander` this project uses, so its runner is called directly.
const { join, relative } = require('node:path')
const { readFileSync } = require('node:fs')
const pkg = join(__dirname, '../node_modules/@doyensec/electronegativity/dist')

async function main() {
  const run = require(join(pkg, 'runner.js'))
  const explained = JSON.parse(readFileSync(join(__dirname, 'security-findings.json'), 'utf8'))
  const electronVersion = require('../node_modules/electron/package.json').version
  let unexplained = 0
  for (const input of process.argv.slice(2)) {
    const result = await run({ input, output: undefined, isSarif: false, customScan: [], excludeFromScan: [], isRelative: true, isVerbose: false, electronVersionOverride: electronVersion, parserPlugins: [] }, false)
    const broken = result.errors.filter((e) => !e.tolerable)
    console.log(`electronegativity ${relative(process.cwd(), input)}: ${result.issues.length} finding(s), ${broken.length} unparsed file(s)`)
    for (const e of broken) {
      console.log(`  could not parse ${relative(process.cwd(), e.file)}: ${e.message}`)
      unexplained++
    }
    for (const issue of result.issues) {
      const why = explained[issue.id]
      const level = issue.severity.name
      console.log(`  ${level.padEnd(13)} ${issue.id} ${issue.file}:${issue.location.line} (${issue.confidence.name})${why ? `\n                explained: ${why}` : ''}`)
      if ((level === 'HIGH' || level === 'MEDIUM') && !why) unexplained++
    }
  }
  if (unexplained) {
    console.error(`${unexplained} problem(s): high/medium findings without an explanation in scripts/security-findings.json, or files the scanner could not read`)
    process.exit(1)
  }
}
main().catch((err) => {
  console.error(err)
  process.exit(1)
})
