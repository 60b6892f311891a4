// Turns a wpt-runner JSON result into docs/conformance.md: the pass rate, a line per file, and
// every failing subtest with its reason from test/wpt/expectations.json. Exits 1 when a failure
// has no listed reason (STYLE.md practice 11: no "Unknown" failures).
//
//   node scripts/wpt-report.mjs --json /tmp/wpt-xrgate.json [--out docs/conformance.md]
import { readFileSync, writeFileSync } from 'node:fs';

const args = {};
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a.startsWith('--')) args[a.slice(2)] = process.argv[++i];
}
const run = JSON.parse(readFileSync(args.json, 'utf8'));
const expectations = JSON.parse(readFileSync(args.expectations ?? 'test/wpt/expectations.json', 'utf8'));
const out = args.out ?? 'docs/conformance.md';

const glob = (pattern, name) =>
  new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(name);
function reasonFor(file, subtest) {
  const e = expectations[file];
  if (!e) return null;
  for (const [pattern, reason] of Object.entries(e)) if (glob(pattern, subtest)) return reason;
  return null;
}

const s = run.summary;
const lines = [];
const unexpected = [];
lines.push('# WPT conformance: `webxr/` core');
lines.push('');
lines.push(
  `**${s.passed}/${s.subtests} subtests pass (${(100 * s.passRate).toFixed(1)}%)** in ${s.files} files, with \`dist/xrgate-test.js\` injected into headless Debian Chromium by \`shared/wpt-runner\` (default \`spec\` profile).`,
);
lines.push('');
const wpt = run.runner?.wpt ?? {};
lines.push(
  `- Runner: Debian ${run.runner?.chromium ?? 'chromium'} (${args.chromium ?? 'headless'}); WPT ${wpt.source ?? '?'} @ ${String(wpt.commit ?? '?').slice(0, 12)}; run ${String(run.runner?.startedAt ?? '').slice(0, 10)}; bundle sha256 ${String(run.runner?.runtimeSha256 ?? '').slice(0, 12)}.`,
);
lines.push("- Reference: Chromium's native objects alone (no device) pass 292/600.");
lines.push(
  '- Reproduce: `npm run build`, then in a copy of `shared/wpt-runner` with the tests assembled into /tmp/wpt:',
);
lines.push('  `node run.mjs --runtime <repo>/dist/xrgate-test.js --json /tmp/wpt-xrgate.json`, then');
lines.push('  `node scripts/wpt-report.mjs --json /tmp/wpt-xrgate.json`.');
lines.push(
  '- Every failure below has a reason in `test/wpt/expectations.json` (a requirement id, or a limit named).',
);
lines.push('');
lines.push('## Per file');
lines.push('');
lines.push('| file | passed | status |');
lines.push('| --- | --- | --- |');
const failures = [];
for (const f of run.files) {
  const subs = f.subtests ?? [];
  const passed = subs.filter((t) => t.status === 'PASS').length;
  lines.push(`| \`${f.path.replace(/^webxr\//, '')}\` | ${passed}/${subs.length} | ${f.status} |`);
  for (const t of subs) {
    if (t.status === 'PASS') continue;
    const reason = reasonFor(f.path, t.name);
    failures.push({ file: f.path, name: t.name, status: t.status, message: t.message ?? '', reason });
    if (!reason) unexpected.push(`${f.path} :: ${t.name} (${t.status}: ${t.message ?? ''})`);
  }
}
lines.push('');
lines.push('## Failing subtests and why');
lines.push('');
for (const x of failures) {
  lines.push(`- \`${x.file.replace(/^webxr\//, '')}\` — ${x.name} — **${x.status}**`);
  lines.push(`  - reason: ${x.reason ?? '**UNEXPECTED** (no reason listed)'}`);
  if (x.message) lines.push(`  - message: ${String(x.message).replace(/\s+/g, ' ').slice(0, 200)}`);
}
lines.push('');
writeFileSync(out, `${lines.join('\n')}`);
console.log(
  `wrote ${out}: ${s.passed}/${s.subtests}; ${failures.length} failing, ${unexpected.length} without a reason`,
);
if (unexpected.length) {
  for (const u of unexpected) console.log(`  unexpected: ${u}`);
  process.exitCode = 1;
}
