import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const text = readFileSync(process.argv[2] ?? '/work/main/dist/xrgate.js', 'utf8') + '\n//# sourceURL=xr.js';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new'] });
const agg = new Map();
for (let rep = 0; rep < 8; rep++) {
  const page = await (await browser.newContext()).newPage();
  await page.goto('data:text/html,<!doctype html><title>x</title>');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await cdp.send('Runtime.evaluate', { expression: text + `\n//# ${Math.random()}` });
  const { profile } = await cdp.send('Profiler.stop');
  const dt = profile.timeDeltas; const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));
  for (const [id, us] of self) { const n = byId.get(id); const cf = n.callFrame; const k = `${cf.functionName || '(anon)'} ${cf.url ? 'L' + (cf.lineNumber+1) : ''}`; agg.set(k, (agg.get(k) ?? 0) + us / 1000 / 8); }
  await page.context().close();
}
const rows = [...agg].sort((a, b) => b[1] - a[1]).slice(0, 40);
for (const [k, ms] of rows) console.log(ms.toFixed(2).padStart(7), k);
await browser.close();
