// Turns a wpt-runner JSON result into docs/conformance.md: the core pass rate, a line per file and
// every failing core subtest with its reason from test/wpt/expectations.json; then, when the run
// included the modules tier, each module's pass rate and the reasons its subtests fail (grouped).
// Exits 1 when a failure, or a file that errored, has no listed reason (STYLE.md practice 11: no
// "Unknown" failures). Expectation keys are file paths, or globs over them ("webxr/layers/*").
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
  const keys = [
    file,
    ...Object.keys(expectations).filter((k) => k !== file && k.includes('*') && glob(k, file)),
  ];
  for (const key of keys) {
    const e = expectations[key];
    if (!e || typeof e !== 'object') continue;
    for (const [pattern, reason] of Object.entries(e)) if (glob(pattern, subtest)) return reason;
  }
  return null;
}

const isCore = (f) => /^webxr\/[^/]+$/.test(f.path);
const coreFiles = run.files.filter(isCore);
const moduleFiles = run.files.filter((f) => !isCore(f));
const count = (files) => {
  let passed = 0;
  let subtests = 0;
  for (const f of files) {
    for (const t of f.subtests ?? []) {
      subtests += 1;
      if (t.status === 'PASS') passed += 1;
    }
  }
  return { passed, subtests, files: files.length, passRate: subtests ? passed / subtests : 0 };
};
const s = count(coreFiles);
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
lines.push(
  '  `node run.mjs --runtime <repo>/dist/xrgate-test.js --tier core,modules --json /tmp/wpt-xrgate.json`, then',
);
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
for (const f of coreFiles) {
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

let m = null;
if (moduleFiles.length > 0) {
  m = count(moduleFiles);
  lines.push('# WPT conformance: `webxr/` modules');
  lines.push('');
  lines.push(
    `**${m.passed}/${m.subtests} subtests pass (${(100 * m.passRate).toFixed(1)}%)** in ${m.files} files (same run: \`--tier core,modules\`). xrgate implements every module of this tier: AR, gamepads, lighting estimation, hand input, hit test, anchors, plane detection (and mesh detection, which has no WPT tests here), depth sensing, raw camera access, DOM overlays and layers, each with its privacy rules (docs/requirements.md).`,
  );
  lines.push('');
  lines.push('| module | files | passed |');
  lines.push('| --- | --- | --- |');
  const byModule = new Map();
  for (const f of moduleFiles) {
    const name = f.path.split('/')[1];
    if (!byModule.has(name)) byModule.set(name, []);
    byModule.get(name).push(f);
  }
  for (const [name, files] of byModule) {
    const c = count(files);
    lines.push(`| \`${name}\` | ${c.files} | ${c.passed}/${c.subtests} |`);
  }
  lines.push('');
  lines.push('## Why module subtests fail');
  lines.push('');
  const byReason = new Map();
  for (const f of moduleFiles) {
    const bad = (f.subtests ?? []).filter((t) => t.status !== 'PASS');
    if (f.status !== 'OK' && (f.subtests ?? []).length === 0)
      bad.push({ name: `(file ${f.status})`, status: f.status });
    for (const t of bad) {
      const reason = reasonFor(f.path, t.name);
      if (!reason) unexpected.push(`${f.path} :: ${t.name} (${t.status}: ${t.message ?? ''})`);
      const key = reason ?? '**UNEXPECTED** (no reason listed)';
      if (!byReason.has(key)) byReason.set(key, new Map());
      const files = byReason.get(key);
      files.set(f.path, (files.get(f.path) ?? 0) + 1);
    }
  }
  for (const [reason, files] of byReason) {
    const total = [...files.values()].reduce((a, b) => a + b, 0);
    lines.push(
      `- ${reason} — ${total} subtest${total === 1 ? '' : 's'} in ${files.size} file${files.size === 1 ? '' : 's'}:`,
    );
    lines.push(`  ${[...files].map(([file, n]) => `\`${file.replace(/^webxr\//, '')}\` (${n})`).join(', ')}`);
  }
  lines.push('');
}
writeFileSync(out, `${lines.join('\n')}`);
console.log(
  `wrote ${out}: core ${s.passed}/${s.subtests}${m ? `, modules ${m.passed}/${m.subtests}` : ''}; ${failures.length} core failing, ${unexpected.length} without a reason`,
);
if (unexpected.length) {
  for (const u of unexpected) console.log(`  unexpected: ${u}`);
  process.exitCode = 1;
}
