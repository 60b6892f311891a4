// usage: node cam.mjs <attackName>
import { chromium } from 'playwright-core';
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
const bundle = readFileSync('/work/main/dist/xrgate.js', 'utf8');
const PAGE = `<!doctype html><meta charset=utf-8><script src="/xrgate.js"></script>
<body style="background:#fff"><button id=cam>Camera AR</button><canvas id=c width=320 height=240></canvas>
<iframe id=f style="width:10px;height:10px;border:0"></iframe>
<script>
window.__session = null; window.__error = null; window.__cams = 0; window.__frames = 0;
document.getElementById('cam').addEventListener('click', async () => {
  try {
    const s = await navigator.xr.requestSession('immersive-ar', { requiredFeatures: ['camera-access'] });
    const gl = document.getElementById('c').getContext('webgl', { xrCompatible: true });
    s.updateRenderState({ baseLayer: new XRWebGLLayer(s, gl) });
    const binding = new XRWebGLBinding(s, gl);
    const ref = await s.requestReferenceSpace('viewer');
    const loop = (t, f) => { s.requestAnimationFrame(loop); window.__frames++;
      const p = f.getViewerPose(ref); if (p) for (const v of p.views) if (v.camera) { const tex = binding.getCameraImage(v.camera); if (tex) window.__cams++; } };
    s.requestAnimationFrame(loop);
    window.__session = s;
  } catch (e) { window.__error = e.name + ': ' + e.message; }
});
</script>`;
const server = createServer((req, res) => {
  const p = req.url.split('?')[0];
  if (p === '/xrgate.js') { res.writeHead(200, {'content-type':'text/javascript'}); return res.end(bundle); }
  if (p === '/page.html') { res.writeHead(200, {'content-type':'text/html'}); return res.end(PAGE); }
  res.writeHead(404).end();
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--headless','--no-sandbox','--disable-gpu'] });
const attacks = JSON.parse(readFileSync('/tmp/review-sec/attacks.json','utf8'));
const which = process.argv.slice(2);
async function ev(cdp, expression) {
  const r = await cdp.send('Runtime.evaluate', { expression, returnByValue: true, userGesture: false, awaitPromise: true });
  if (r.exceptionDetails) return 'EXC ' + JSON.stringify(r.exceptionDetails.exception?.description ?? r.exceptionDetails.text);
  return r.result.value;
}
function redPixels(buf) {
  const png = PNG.sync.read(buf); let n = 0;
  for (let i = 0; i < png.data.length; i += 4) { const r = png.data[i], g = png.data[i+1], b = png.data[i+2];
    if (Math.abs(r-0xe5) < 12 && Math.abs(g-0x38) < 12 && Math.abs(b-0x3b) < 12) n++; }
  return n;
}
for (const name of which) {
  const context = await browser.newContext({ viewport: { width: 900, height: 600 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(`${origin}/page.html?xrgate-device=phone-ar`);
  await page.click('#cam');
  for (let i = 0; i < 100 && await page.locator('xrgate-prompt').count() === 0; i++) await page.waitForTimeout(200);
  await page.waitForTimeout(700);
  await page.keyboard.press('Tab'); await page.keyboard.press('Tab'); await page.keyboard.press('Enter');
  for (let i = 0; i < 100 && !(await ev(cdp, 'window.__session !== null || window.__error')); i++) await page.waitForTimeout(200);
  await page.waitForTimeout(500);
  const before = redPixels(await page.screenshot());
  const out = await ev(cdp, attacks[name]);
  await page.waitForTimeout(1500);
  const cams0 = await ev(cdp, 'window.__cams');
  await page.waitForTimeout(500);
  const shot = await page.screenshot();
  writeFileSync(`/tmp/review-sec/${name}.png`, shot);
  const after = redPixels(shot);
  const cams1 = await ev(cdp, 'window.__cams');
  const st = await ev(cdp, `(() => { const el = document.querySelector('xrgate-indicator'); return el ? { conn: el.isConnected, open: (()=>{try{return el.matches(':popover-open')}catch(e){return 'x'}})(), inDoc: document.contains(el) } : 'none'; })()`);
  console.log(JSON.stringify({ name, err: await ev(cdp,'window.__error'), attackResult: out, redBefore: before, redAfter: after, camImagesDuring: [cams0, cams1], indicator: st }));
  await context.close();
}
await browser.close(); server.close();
