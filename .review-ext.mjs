
import { launchWithXrgate } from './dist/esm/extension/node/index.js';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
const PNG = { sync: { read(buf) {
  let p = 8, w, h, ct, idat = [];
  while (p < buf.length) { const len = buf.readUInt32BE(p); const type = buf.toString('ascii', p+4, p+8); const d = buf.subarray(p+8, p+8+len);
    if (type === 'IHDR') { w = d.readUInt32BE(0); h = d.readUInt32BE(4); ct = d[9]; } else if (type === 'IDAT') idat.push(d); p += 12 + len; }
  const raw = inflateSync(Buffer.concat(idat)); const bpp = ct === 6 ? 4 : 3; const stride = w*bpp;
  const out = Buffer.alloc(w*h*4); const prev = Buffer.alloc(stride); const cur = Buffer.alloc(stride);
  for (let y = 0; y < h; y++) { const f = raw[y*(stride+1)]; raw.copy(cur, 0, y*(stride+1)+1, (y+1)*(stride+1));
    for (let i = 0; i < stride; i++) { const a = i>=bpp ? cur[i-bpp] : 0, b = prev[i], c = i>=bpp ? prev[i-bpp] : 0; let v = cur[i];
      if (f===1) v += a; else if (f===2) v += b; else if (f===3) v += (a+b)>>1; else if (f===4) { const pp=a+b-c, pa=Math.abs(pp-a), pb=Math.abs(pp-b), pc=Math.abs(pp-c); v += (pa<=pb&&pa<=pc)?a:(pb<=pc?b:c); }
      cur[i] = v & 255; }
    for (let x = 0; x < w; x++) { out[(y*w+x)*4]=cur[x*bpp]; out[(y*w+x)*4+1]=cur[x*bpp+1]; out[(y*w+x)*4+2]=cur[x*bpp+2]; out[(y*w+x)*4+3]=255; }
    cur.copy(prev); }
  return { data: out, width: w, height: h };
} } };
const attacks = JSON.parse(readFileSync('/tmp/review-sec/attacks.json','utf8'));
const PRE = process.env.PRE || '';
const PAGE = `<!doctype html><meta charset=utf-8><script>${PRE}</script><body style="background:#fff">
<button id=go style="position:fixed;left:20px;top:20px;width:160px;height:50px">go</button>
<div id=out style="position:fixed;left:20px;top:90px"></div><canvas id=c width=320 height=240></canvas>
<iframe id=f style="width:10px;height:10px;border:0;position:fixed;bottom:0"></iframe>
<script>
window.__cameras = 0;
document.getElementById('go').addEventListener('click', () =>
  navigator.xr.requestSession('immersive-ar', { requiredFeatures: ['camera-access'] }).then(async (s) => {
    window.__s = s;
    const gl = document.getElementById('c').getContext('webgl2', { xrCompatible: true });
    s.updateRenderState({ baseLayer: new XRWebGLLayer(s, gl) });
    const binding = new XRWebGLBinding(s, gl);
    const space = await s.requestReferenceSpace('local');
    const loop = (t, f) => { const pose = f.getViewerPose(space); const cam = pose && pose.views[0].camera;
      if (cam && binding.getCameraImage(cam)) window.__cameras++; s.requestAnimationFrame(loop); };
    s.requestAnimationFrame(loop);
    document.getElementById('out').textContent = 'granted:' + s.enabledFeatures.includes('camera-access');
  }, (e) => { document.getElementById('out').textContent = e.name + ': ' + e.message; }));
</script>`;
const server = createServer((req, res) => { res.writeHead(200, {'content-type':'text/html'}); res.end(PAGE); });
await new Promise(r => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const b = await launchWithXrgate({ viewport: { width: 900, height: 700 } });
async function ev(cdp, expression) { const r = await cdp.send('Runtime.evaluate', { expression, returnByValue: true, userGesture: false, awaitPromise: true });
  if (r.exceptionDetails) return 'EXC ' + JSON.stringify(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text); return r.result.value; }
function redPixels(buf) { const png = PNG.sync.read(buf); let n = 0; for (let i = 0; i < png.data.length; i += 4) { const r = png.data[i], g = png.data[i+1], bb = png.data[i+2]; if (Math.abs(r-0xe5) < 12 && Math.abs(g-0x38) < 12 && Math.abs(bb-0x3b) < 12) n++; } return n; }
const badge = (t) => b.serviceWorker.evaluate(async (t) => ({ text: await chrome.action.getBadgeText({ tabId: t }), origins: globalThis.xrgateState.cameraOrigins(t) }), t);
for (const name of process.argv.slice(2)) {
  const page = await b.context.newPage(); page.setDefaultTimeout(15000);
  const cdp = await b.context.newCDPSession(page);
  page.on('pageerror', e => console.log('pageerror', String(e)));
  await page.goto(`${origin}/p${Math.random()}.html`);
  const url = page.url();
  const tabId = await b.serviceWorker.evaluate((u) => globalThis.xrgateState.documents().find((d) => d.url === u && d.frameId === 0)?.tabId ?? null, url);
  await b.serviceWorker.evaluate(([t]) => globalThis.xrgateState.setDevice(t, { preset: 'phone-ar' }), [tabId]);
  await page.click('#go');
  let frame; for (let i = 0; i < 50 && !frame; i++) { frame = page.frames().find((f) => f.url().includes('/prompt.html#')); if (!frame) await page.waitForTimeout(200); }
  const btn = frame.locator('#once');
  for (let i = 0; i < 50 && (await btn.getAttribute('aria-disabled')) !== 'false'; i++) await page.waitForTimeout(200);
  const box = await btn.boundingBox(); const at = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', ...at });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', ...at, button: 'left', clickCount: 1 });
  void cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', ...at, button: 'left', clickCount: 1 }).catch(() => {});
  for (let i = 0; i < 75 && !(await ev(cdp, "document.getElementById('out').textContent")); i++) await page.waitForTimeout(200);
  await page.waitForTimeout(800);
  const before = redPixels(await page.screenshot());
  const out = await ev(cdp, attacks[name]);
  await page.waitForTimeout(1500);
  const c0 = await ev(cdp, 'window.__cameras'); await page.waitForTimeout(500);
  const shot = await page.screenshot(); writeFileSync(`/tmp/review-sec/ext-${name}.png`, shot);
  console.log(JSON.stringify({ name, out: await ev(cdp, "document.getElementById('out').textContent"), attack: out, redBefore: before, redAfter: redPixels(shot), cams: [c0, await ev(cdp, 'window.__cameras')], toolbar: await badge(tabId) }));
  await page.close();
}
await b.close(); server.close();
