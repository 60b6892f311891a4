// ?xrgate-device= in the page's URL (dist/xrgate.js): a device name (install()'s `device` names), or
// the URL of a device.json file, which must be of the page's own origin (a page cannot make xrgate
// read another origin's file) and is read synchronously at load, so that the page's first
// isSessionSupported() already answers for that device. A bad value is reported (an error event
// on the window, in the console) and leaves the default device.

import { readDeviceFile } from '../device/device-file.js';
import {
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  JSONParse,
  RegExpPrototypeExec,
  RegExpPrototypeTest,
  TypeError,
} from '../primordials.js';
import {
  decodeURIComponent,
  locationHrefAtLoad,
  URLPrototypeGetHref,
  URLPrototypeGetOrigin,
  URLPrototypeGetPathname,
  XMLHttpRequestCtor,
  XMLHttpRequestPrototypeGetResponseText,
  XMLHttpRequestPrototypeGetStatus,
  XMLHttpRequestPrototypeOpen,
  XMLHttpRequestPrototypeSend,
} from '../primordials-dom.js';
import { installDeviceNames } from './install-options.js';

const URLCtor = URL;
const setTimeoutFn = globalThis.setTimeout;

function report(e: unknown): void {
  // Thrown from a task of its own: the page's console shows it; the installation goes on.
  setTimeoutFn(() => {
    throw e;
  }, 0);
}

/** The device ?xrgate-device= names: a name, a device file's data, or undefined (none or bad). */
export function urlDevice(search: string): string | object | undefined {
  const match = RegExpPrototypeExec(/[?&]xrgate-device=([^&#]*)/, search);
  if (!match?.[1]) return undefined;
  let value: string;
  try {
    value = decodeURIComponent(match[1]);
  } catch {
    value = match[1];
  }
  if (ArrayPrototypeIncludes(installDeviceNames, value)) return value;
  try {
    const base = locationHrefAtLoad ?? '';
    let url: URL | null = null;
    try {
      url = new URLCtor(value, base);
    } catch {
      url = null;
    }
    // Anything that is neither a device name nor a path or URL of a .json file is a misspelt name.
    if (!url || !RegExpPrototypeTest(/\.json$/i, URLPrototypeGetPathname!(url))) {
      throw new TypeError(
        `xrgate: ?xrgate-device=${value} is not a device: use one of ${ArrayPrototypeJoin(installDeviceNames, ', ')}, or the URL of a device.json file of this origin.`,
      );
    }
    if (URLPrototypeGetOrigin!(url) !== URLPrototypeGetOrigin!(new URLCtor(base))) {
      throw new TypeError(
        `xrgate: ?xrgate-device=${value} is on ${URLPrototypeGetOrigin!(url)}, but a device file must be of this page's origin (${URLPrototypeGetOrigin!(new URLCtor(base))}). Fix: serve the file from this origin.`,
      );
    }
    if (!XMLHttpRequestCtor || !XMLHttpRequestPrototypeOpen || !XMLHttpRequestPrototypeSend) return undefined;
    const xhr = new XMLHttpRequestCtor();
    XMLHttpRequestPrototypeOpen(xhr, 'GET', URLPrototypeGetHref!(url), false);
    XMLHttpRequestPrototypeSend(xhr);
    const status = XMLHttpRequestPrototypeGetStatus!(xhr);
    if (status !== 200)
      throw new TypeError(
        `xrgate: ?xrgate-device=${value}: the file answered ${status}. Fix: check its URL.`,
      );
    const data: unknown = JSONParse(XMLHttpRequestPrototypeGetResponseText!(xhr));
    readDeviceFile(data);
    return data as object;
  } catch (e) {
    report(e);
    return undefined;
  }
}
