import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
const CHANNEL = '__xrgate_scenario__';
const bundle = readFileSync('/work/main/dist/xrgate-test.js', 'utf8');
function serve(pages) { return new Promise(res => { const s = createServer((req, r) => { const p = req.url.split('?')[0]; const b = pages[p]; if (b === undefined) { r.writeHead(404).end(); return; } r.writeHead(200, {'content-type':'text/html'}); r.end(b); }); s.listen(0, '127.0.0.1', () => res({ origin: `http://127.0.0.1:${s.address().port}`, close: () => s.close() })); }); }
const scenarioPage = (body) => `<!doctype html><meta charset=utf-8><canvas id=c width=300 height=150></canvas>
<script>
const __send = (message) => console.log('${CHANNEL} ' + JSON.stringify(message));
const report = (name, ok, detail = '') => __send({ report: [String(name), !!ok, String(detail)] });
const frame = (session) => new Promise((r) => session.requestAnimationFrame((t, f) => r(f)));
const inFrame = (session, fn) => new Promise((r, j) => session.requestAnimationFrame((t, f) => { try { r(fn(f)); } catch (e) { j(e); } }));
const withActivation = (fn) => new Promise((r, j) => navigator.xr.test.simulateUserActivation(() => fn().then(r, j)));
(async () => { try { ${body} } catch (e) { report('uncaught', false, e && e.stack || e); } __send({ done: true }); })();
</script>`;
const scenario = (other, variant) => scenarioPage(`
  const VIEW = (eye, x) => ({ eye, projectionMatrix: [1,0,0,0, 0,1,0,0, 0,0,-1,-1, 0,0,-0.2,0],
    resolution: { width: 200, height: 200 }, viewOffset: { position: [x, 0, 0], orientation: [0, 0, 0, 1] } });
  const root = document.createElement('div');
  root.style.cssText = 'position:fixed;left:0;top:0;width:400px;height:200px;background:#eee';
  document.body.append(root);
  const variant = ${JSON.stringify(variant)};
  let frameEl;
  const mk = () => { const f = document.createElement('iframe'); f.src = ${JSON.stringify(`${other}/child.html`)}; f.style.cssText = 'position:absolute;left:200px;top:0;width:200px;height:200px;border:0'; return f; };
  if (variant === 'direct') { frameEl = mk(); root.append(frameEl); await new Promise((r) => frameEl.addEventListener('load', r, { once: true })); }
  if (variant === 'openShadow' || variant === 'closedShadow') {
    const host = document.createElement('div'); host.style.cssText = 'position:absolute;left:0;top:0;width:400px;height:200px';
    const sr = host.attachShadow({ mode: variant === 'openShadow' ? 'open' : 'closed' }); frameEl = mk(); sr.append(frameEl); root.append(host);
    await new Promise((r) => frameEl.addEventListener('load', r, { once: true }));
  }
  if (variant === 'nested') {
    const outer = document.createElement('iframe'); outer.style.cssText = 'position:absolute;left:200px;top:0;width:200px;height:200px;border:0';
    root.append(outer); await new Promise(r => setTimeout(r, 50));
    const d = outer.contentDocument; d.body.style.margin = '0';
    const inner = d.createElement('iframe'); inner.src = ${JSON.stringify(`${other}/child.html`)}; inner.style.cssText = 'width:200px;height:200px;border:0';
    d.body.append(inner); await new Promise((r) => inner.addEventListener('load', r, { once: true }));
    report('hit element at 300,100', true, document.elementFromPoint(300,100)?.tagName + ' innerHit=' + d.elementFromPoint(100,100)?.tagName);
  }
  const device = await navigator.xr.test.simulateDeviceConnection({
    supportsImmersive: true, supportedModes: ['immersive-ar'], views: [VIEW('left', -0.032), VIEW('right', 0.032)],
    viewerOrigin: { position: [0, 1.6, 0], orientation: [0, 0, 0, 1] }, supportedFeatures: ['viewer', 'local', 'dom-overlay'],
  });
  const session = await withActivation(() => navigator.xr.requestSession('immersive-ar', { requiredFeatures: ['dom-overlay'], domOverlay: { root } }));
  const gl = document.getElementById('c').getContext('webgl', { xrCompatible: true });
  session.updateRenderState({ baseLayer: new XRWebGLLayer(session, gl) });
  const local = await session.requestReferenceSpace('local');
  const ctl = device.simulateInputSourceConnection({ handedness: 'right', targetRayMode: 'tracked-pointer', profiles: ['generic-trigger'],
    pointerOrigin: { position: [0.1, 1.4, -0.3], orientation: [0, 0, 0, 1] }, gripOrigin: { position: [0.1, 1.4, -0.3], orientation: [0, 0, 0, 1] },
    supportedButtons: [{ buttonType: 'grip', pressed: false, touched: false, pressedValue: 0 }] });
  const events = [];
  for (const t of ['selectstart', 'select', 'selectend']) session.addEventListener(t, () => events.push(t));
  const before = [];
  root.addEventListener('beforexrselect', (e) => before.push(String(e.target && e.target.tagName)));
  await frame(session); await frame(session);
  report('efp after session', true, document.elementFromPoint(300,100)?.tagName + ' fs=' + document.fullscreenElement?.tagName + ' ' + JSON.stringify(root.getBoundingClientRect()) + ' dos=' + JSON.stringify(session.domOverlayState) + ' vp=' + innerWidth + 'x' + innerHeight);
  const snap = () => inFrame(session, (f) => { const src = session.inputSources[0]; const pose = f.getPose(src.gripSpace, local); const b = src.gamepad.buttons; return { pose: pose !== null, b0: [b[0].pressed, b[0].value], grip: [b[1].pressed, b[1].value] }; });
  ctl.setOverlayPointerPosition(300, 100);
  const hover = await snap();
  ctl.setOverlayPointerPosition(300, 100);
  ctl.startSelection();
  await frame(session);
  ctl.updateButtonState({ buttonType: 'grip', pressed: true, touched: true, pressedValue: 1 });
  const during = [await snap(), await snap()];
  ctl.endSelection();
  await frame(session); await frame(session);
  ctl.updateButtonState({ buttonType: 'grip', pressed: false, touched: false, pressedValue: 0 });
  await frame(session);
  report(variant + ': hovering over iframe (no press)', true, JSON.stringify(hover));
  report(variant + ': events/beforexrselect', events.length === 0 && before.length === 0, events.join() + '|' + before.join());
  report(variant + ': during', during.every(d => !d.pose && d.b0.join() === 'false,0'), JSON.stringify(during));
  await session.end();
`);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless','--no-sandbox','--disable-gpu'] });
const other = await serve({ '/child.html': '<!doctype html><p>another origin</p>' });
const otherOrigin = other.origin.replace('127.0.0.1', 'localhost');
for (const v of process.argv.slice(2)) {
  const pages = await serve({ '/o.html': scenario(otherOrigin, v) });
  const context = await browser.newContext();
  await context.addInitScript({ content: bundle });
  const page = await context.newPage();
  page.on('pageerror', e => console.log('pageerror', String(e)));
  let finish; const done = new Promise(r => finish = r);
  page.on('console', (msg) => { const t = msg.text(); if (!t.startsWith(CHANNEL + ' ')) return; const m = JSON.parse(t.slice(CHANNEL.length + 1)); if (m.report) console.log(JSON.stringify(m.report)); if (m.done) finish(); });
  await page.goto(`${pages.origin}/o.html`);
  await Promise.race([done, new Promise(r => setTimeout(r, 20000))]);
  await context.close(); pages.close();
}
await browser.close(); other.close();
