import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
const file = process.argv[2];
const text = readFileSync(file, 'utf8') + '\n//# sourceURL=xr.js';
const lines = text.split('\n');
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new'] });
const agg = new Map();
const REPS = 8;
for (let rep = 0; rep < REPS; rep++) {
  const page = await (await browser.newContext()).newPage();
  await page.goto('data:text/html,<!doctype html><title>x</title>');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  await cdp.send('Profiler.start');
  await cdp.send('Runtime.evaluate', { expression: text + `\n//# ${Math.random()}` });
  const { profile } = await cdp.send('Profiler.stop');
  const n = profile.nodes.find((x) => x.callFrame.url === 'xr.js' && x.callFrame.lineNumber <= 1 && x.callFrame.functionName === '');
  for (const node of profile.nodes) {
    if (node.callFrame.url !== 'xr.js' || node.callFrame.lineNumber > 1) continue;
    for (const pt of node.positionTicks ?? []) agg.set(pt.line, (agg.get(pt.line) ?? 0) + pt.ticks / REPS);
  }
  await page.context().close();
}
const rows = [...agg].sort((a, b) => b[1] - a[1]).slice(0, 30);
for (const [l, t] of rows) console.log(t.toFixed(1).padStart(6), 'L' + l, (lines[l - 1] ?? '').trim().slice(0, 110));
await browser.close();
