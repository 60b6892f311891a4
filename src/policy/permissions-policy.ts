// Permissions Policy (W3C webappsec-permissions-policy) for the policy-controlled features that
// WebXR depends on: "xr-spatial-tracking" (WebXR #permissions-policy, R-POLICY-01/02) and the
// underlying sensor and media features (R-POLICY-11/12, AMB-24).
//
// Pure: no DOM, no globals, no clock. The host describes each frame (its origin, its response
// headers, the allow attribute its parent set on its iframe, its parent) as plain FrameFacts;
// this module runs the spec's algorithms over that chain.
//
// Hostile input: every public function reads each page-supplied value once, inside a guard. A
// malformed header or attribute never throws: it is reported in `diagnostics` and treated as the
// spec says (a structured-field parse failure ignores the whole Permissions-Policy header; a bad
// member or entry is ignored). Facts that are not facts (wrong types, throwing getters, cycles)
// give a default-deny answer, or a TypeError from parseAllowAttribute's context.
//
// Where xrgate differs from the spec text (each one only ever refuses more):
// - Origin expressions in headers must be serialized origins (`"https://b.example"`, optional
//   trailing `/`). Wildcard expressions (`"https://*.example.com"`), scheme-only sources and
//   paths are reported and ignored; matching is exact (no http→https upgrade as in CSP).
// - Allowlists match with "same origin", not "same origin-domain": a policy is fixed when the
//   document is created, so a later `document.domain` does not change it.
// - In the legacy Feature-Policy header, a feature with no allowlist allows nothing (the spec's
//   "parse policy directive" without a target origin); Chromium reads it as 'self'.
// Where it follows Chromium because the spec is silent or contradicts itself:
// - A Permissions-Policy member whose value is one String is a one-origin allowlist (the header
//   grammar allows a String; "construct policy" only handles tokens and lists).
// - When both headers declare a feature, Permissions-Policy wins; otherwise they are merged.
// - `'src'` of a sandboxed iframe (srcOrigin opaque) matches the frame's opaque origin when the
//   host gives the same opaque origin for both (Chromium's "matches opaque src").

import { parseDictionary, Token } from 'structured-headers';
import {
  ArrayIsArray,
  ArrayPrototypeConcat,
  ArrayPrototypeFindIndex,
  ArrayPrototypeIncludes,
  ArrayPrototypeJoin,
  ArrayPrototypePush,
  ArrayPrototypeReverse,
  ArrayPrototypeSlice,
  Error,
  JSONStringify,
  MapPrototypeForEach,
  NumberIsInteger,
  ObjectAssign,
  ObjectCreate,
  ObjectFreeze,
  ObjectHasOwn,
  RegExpPrototypeExec,
  SafeSet,
  String,
  StringPrototypeCharCodeAt,
  StringPrototypeIncludes,
  StringPrototypeRepeat,
  StringPrototypeSlice,
  StringPrototypeStartsWith,
  StringPrototypeToLowerCase,
  TypeError,
} from '../primordials.js';
import { allow, type Decision, deny, type RequirementId } from './decision.js';
import { readMember } from './input.js';
import { type Origin, originOf, sameOrigin, serializeOrigin } from './origin.js';

// ---------------------------------------------------------------------------------------------
// Feature registry
// ---------------------------------------------------------------------------------------------

/** The policy-controlled features xrgate knows. Every one has the default allowlist 'self'. */
export const policyFeatures = ObjectFreeze([
  'xr-spatial-tracking',
  'accelerometer',
  'gyroscope',
  'magnetometer',
  'camera',
  'microphone',
] as const);

export type PolicyFeature = (typeof policyFeatures)[number];

/** The default allowlist of a policy-controlled feature (spec #default-allowlists). */
export type DefaultAllowlist = 'self' | '*';

const featureSet: SafeSet<string> = new SafeSet<string>(policyFeatures);

/** Default allowlists: all 'self' (WebXR #permissions-policy, Generic Sensor, Media Capture). */
export const defaultAllowlists: Readonly<Record<PolicyFeature, DefaultAllowlist>> = ObjectFreeze(
  ObjectAssign(ObjectCreate(null) as Record<PolicyFeature, DefaultAllowlist>, {
    'xr-spatial-tracking': 'self',
    accelerometer: 'self',
    gyroscope: 'self',
    magnetometer: 'self',
    camera: 'self',
    microphone: 'self',
  }),
);

/** The sensor features whose policies feed XR poses (R-POLICY-11/12, AMB-24). */
export const xrSensorFeatures = ObjectFreeze(['accelerometer', 'gyroscope', 'magnetometer'] as const);

export function isPolicyFeature(name: unknown): name is PolicyFeature {
  return typeof name === 'string' && featureSet.has(name);
}

function requirementFor(feature: PolicyFeature): RequirementId {
  return feature === 'xr-spatial-tracking' ? 'R-POLICY-02' : 'R-POLICY-11';
}

// ---------------------------------------------------------------------------------------------
// Allowlists and declared policies
// ---------------------------------------------------------------------------------------------

/**
 * An allowlist (spec #allowlists). `all` is the special value `*`. `self` is `self` / `'self'` in a
 * response header: the origin of the document that received the header, resolved when matched.
 * `origins` are concrete origins: listed origins, and the `'self'` / `'src'` of an iframe allow
 * attribute resolved to the container document's origin / the iframe's src origin (which may be
 * opaque for a sandboxed frame). An allowlist with nothing set is `()` / `'none'`.
 */
export interface Allowlist {
  readonly all: boolean;
  readonly self: boolean;
  readonly origins: readonly Origin[];
}

/** A declared policy or container policy: feature → allowlist (null prototype, frozen). */
export type DeclaredPolicy = Readonly<Partial<Record<PolicyFeature, Allowlist>>>;

export interface ParsedPolicy {
  readonly declared: DeclaredPolicy;
  /** What was ignored, and why, in words a developer can act on. */
  readonly diagnostics: readonly string[];
}

/** The allowlist `*`. */
export const allowAll: Allowlist = ObjectFreeze({ all: true, self: false, origins: ObjectFreeze([]) });

/**
 * Does `allowlist` match `origin`? `selfOrigin` is the origin that a header's `self` stands for
 * (the document that received the header), or null when `self` cannot apply.
 */
// spec: permissions-policy #matches
export function allowlistMatches(allowlist: Allowlist, origin: Origin, selfOrigin: Origin | null): boolean {
  if (allowlist.all) return true;
  if (allowlist.self && selfOrigin !== null && sameOrigin(selfOrigin, origin)) return true;
  const origins = allowlist.origins;
  for (let i = 0; i < origins.length; i++) if (sameOrigin(origins[i]!, origin)) return true;
  return false;
}

function originKey(o: Origin): string {
  return o.kind === 'opaque' ? `opaque ${o.id}` : serializeOrigin(o);
}

class AllowlistBuilder {
  all = false;
  self = false;
  readonly #origins: Origin[] = [];
  readonly #keys = new SafeSet<string>();

  add(o: Origin): void {
    const key = originKey(o);
    if (this.#keys.has(key)) return;
    this.#keys.add(key);
    ArrayPrototypePush(this.#origins, o);
  }

  get size(): number {
    return this.#origins.length;
  }

  build(): Allowlist {
    if (this.all) return allowAll;
    return ObjectFreeze({
      all: false,
      self: this.self,
      origins: ObjectFreeze(ArrayPrototypeSlice(this.#origins)),
    });
  }
}

function newPolicy(): Partial<Record<PolicyFeature, Allowlist>> {
  return ObjectCreate(null) as Partial<Record<PolicyFeature, Allowlist>>;
}

const emptyPolicy: DeclaredPolicy = ObjectFreeze(newPolicy());

// ---------------------------------------------------------------------------------------------
// Limits and diagnostics
// ---------------------------------------------------------------------------------------------

/** Longest header or attribute text parsed (characters); longer text is malformed. */
export const maxPolicyTextLength = 256 * 1024;
/** Most header lines accepted as a string[]. */
const maxHeaderValues = 1024;
/** Most origins kept in one allowlist; further ones are ignored (which only refuses more). */
const maxAllowlistOrigins = 1024;
/** Deepest frame nesting evaluated; deeper chains are refused. */
export const maxFrameDepth = 64;
const maxDiagnostics = 64;

class Diagnostics {
  readonly #list: string[] = [];
  #dropped = 0;

  constructor(readonly prefix: string) {}

  add(message: string): void {
    if (this.#list.length < maxDiagnostics) ArrayPrototypePush(this.#list, `${this.prefix}: ${message}`);
    else this.#dropped++;
  }

  done(): readonly string[] {
    if (this.#dropped > 0)
      ArrayPrototypePush(this.#list, `${this.prefix}: ${this.#dropped} more diagnostics omitted`);
    return ObjectFreeze(ArrayPrototypeSlice(this.#list));
  }
}

/** A short, escaped rendering of page-supplied text for messages. */
function show(s: string): string {
  return JSONStringify(s.length > 80 ? `${StringPrototypeSlice(s, 0, 80)}…` : s);
}

/**
 * `text` cut at every character that `isSeparator` accepts (its char code), empty pieces kept, as
 * String.prototype.split does; by hand, because split looks a Symbol.split method up on its
 * separator (a string's lookup reaches String.prototype and Object.prototype, which a page can
 * patch) and a RegExp separator runs the patchable RegExp.prototype[Symbol.split].
 */
function splitAt(text: string, isSeparator: (code: number) => boolean): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (isSeparator(StringPrototypeCharCodeAt(text, i))) {
      ArrayPrototypePush(out, StringPrototypeSlice(text, start, i));
      start = i + 1;
    }
  }
  ArrayPrototypePush(out, StringPrototypeSlice(text, start));
  return out;
}

/** ';' or ',' (the Feature-Policy header's declaration separators, /[;,]/). */
function isDeclarationSeparator(code: number): boolean {
  return code === 0x3b || code === 0x2c;
}

/** ';' (the allow attribute's declaration separator). */
function isSemicolon(code: number): boolean {
  return code === 0x3b;
}

/** ASCII whitespace: tab, LF, FF, CR, space (/[\t\n\f\r ]/). */
function isAsciiWhitespace(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d || code === 0x20;
}

function describeValue(v: unknown): string {
  if (typeof v === 'string') return show(v);
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : typeof v;
}

function describeError(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return 'an unprintable error';
  }
}

/**
 * Header text from a string or a list of header lines (joined with ', ', as HTTP combines
 * repeated fields). null when there is no header or it cannot be used (diagnosed).
 */
function headerText(value: unknown, diags: Diagnostics): string | null {
  if (value === undefined || value === null) return null;
  let text: string;
  if (typeof value === 'string') {
    text = value;
  } else {
    let lines: string[];
    try {
      lines = readStringList(value);
    } catch (e) {
      diags.add(`${describeError(e)}; the whole header is ignored`);
      return null;
    }
    text = ArrayPrototypeJoin(lines, ', ');
  }
  if (text.length > maxPolicyTextLength) {
    diags.add(`longer than ${maxPolicyTextLength} characters; the whole header is ignored`);
    return null;
  }
  return text;
}

/** A snapshot of a string[] read once through guards; throws an Error describing the problem. */
function readStringList(value: unknown): string[] {
  if (!isArray(value)) throw new Error(`the value is ${describeValue(value)}, not a string or string[]`);
  let length: unknown;
  try {
    length = (value as { length: unknown }).length;
  } catch {
    throw new Error('reading the length of the header list threw');
  }
  if (typeof length !== 'number' || !NumberIsInteger(length) || length < 0 || length > maxHeaderValues) {
    throw new Error(`the header list must hold at most ${maxHeaderValues} strings`);
  }
  const out: string[] = [];
  for (let i = 0; i < length; i++) {
    let line: unknown;
    try {
      // A hole is no line: Array.prototype (polluted) must not supply one.
      line = ObjectHasOwn(value as object, i) ? (value as Record<number, unknown>)[i] : undefined;
    } catch {
      throw new Error(`reading header line ${i} threw`);
    }
    if (typeof line !== 'string') throw new Error(`header line ${i} is ${describeValue(line)}, not a string`);
    ArrayPrototypePush(out, line);
  }
  return out;
}

function isArray(value: unknown): boolean {
  try {
    return ArrayIsArray(value);
  } catch {
    // Array.isArray throws for a revoked proxy.
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Origins inside allowlists
// ---------------------------------------------------------------------------------------------

const serializedOriginPattern = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s\\]+\/?$/i;

/**
 * A serialized origin from a Permissions-Policy header String, or a diagnostic. The spec calls it
 * a permissions-source-expression; xrgate accepts the origin form only (see the module comment).
 */
function headerOrigin(s: string): Origin | string {
  if (StringPrototypeIncludes(s, '*'))
    return `wildcard origin expression ${show(s)} is not supported; ignored`;
  if (RegExpPrototypeExec(serializedOriginPattern, s) === null) {
    return `${show(s)} is not a serialized origin (scheme://host[:port], no path); ignored`;
  }
  const o = originOf(s);
  if (o.kind === 'opaque') return `${show(s)} is not a valid tuple origin; ignored`;
  return o;
}

/** An origin from a token of the allow attribute or Feature-Policy header: the URL parser's origin. */
function tokenOrigin(s: string): Origin | string {
  if (StringPrototypeIncludes(s, '*'))
    return `wildcard origin expression ${show(s)} is not supported; ignored`;
  const o = originOf(s);
  if (o.kind === 'opaque') return `${show(s)} is not a URL with a tuple origin; ignored`;
  return o;
}

// ---------------------------------------------------------------------------------------------
// Parsers
// ---------------------------------------------------------------------------------------------

type DictionaryMember = readonly [unknown, unknown];

function tokenValue(v: unknown): string | null {
  return v instanceof Token ? v.toString() : null;
}

/**
 * The `Permissions-Policy` header (a structured-field dictionary). `self` stays unresolved
 * (`Allowlist.self`): it means the origin of the document that received the header.
 */
// spec: permissions-policy #algo-process-response-policy
export function parsePermissionsPolicyHeader(value: unknown): ParsedPolicy {
  const diags = new Diagnostics('Permissions-Policy');
  const text = headerText(value, diags);
  if (text === null) return ObjectFreeze({ declared: emptyPolicy, diagnostics: diags.done() });
  let dictionary: Map<string, DictionaryMember>;
  try {
    dictionary = parseDictionary(text) as Map<string, DictionaryMember>;
  } catch (e) {
    // "If parsed header is null, return an empty ordered map."
    diags.add(`not a structured-field dictionary (${describeError(e)}); the whole header is ignored`);
    return ObjectFreeze({ declared: emptyPolicy, diagnostics: diags.done() });
  }
  let declared: DeclaredPolicy;
  try {
    declared = constructPolicy(dictionary, diags);
  } catch (e) {
    // Not a Map the parser made (a page replaced globalThis.Map before the parser ran, say).
    diags.add(`not a structured-field dictionary (${describeError(e)}); the whole header is ignored`);
    return ObjectFreeze({ declared: emptyPolicy, diagnostics: diags.done() });
  }
  return ObjectFreeze({ declared, diagnostics: diags.done() });
}

// spec: permissions-policy #algo-construct-policy
function constructPolicy(dictionary: Map<string, DictionaryMember>, diags: Diagnostics): DeclaredPolicy {
  const declared = newPolicy();
  MapPrototypeForEach(dictionary, (member, name) => {
    if (!isPolicyFeature(name)) {
      diags.add(`unknown feature ${show(name)} ignored`);
      return;
    }
    const allowlist = memberAllowlist(name, member[0], diags);
    if (allowlist !== null) declared[name] = allowlist;
  });
  return ObjectFreeze(declared);
}

/** One dictionary member's allowlist, or null when the member is ignored. */
function memberAllowlist(name: PolicyFeature, value: unknown, diags: Diagnostics): Allowlist | null {
  const list = new AllowlistBuilder();
  if (ArrayIsArray(value)) {
    // An inner list: `*`, `self` and origin Strings; other items are ignored.
    const entries = value as readonly (readonly [unknown, unknown])[];
    for (let i = 0; i < entries.length; i++) addHeaderEntry(name, entries[i]![0], list, diags);
    return list.build();
  }
  const token = tokenValue(value);
  if (token === '*') return allowAll;
  if (token === 'self') {
    list.self = true;
    return list.build();
  }
  if (typeof value === 'string') {
    addHeaderEntry(name, value, list, diags);
    return list.build();
  }
  const hint = token === 'none' ? ' (write () to allow no origin)' : '';
  diags.add(`${name}: member value ${bareDescription(value)} is not an allowlist${hint}; member ignored`);
  return null;
}

function addHeaderEntry(
  name: PolicyFeature,
  item: unknown,
  list: AllowlistBuilder,
  diags: Diagnostics,
): void {
  const token = tokenValue(item);
  if (token === '*') {
    list.all = true;
  } else if (token === 'self') {
    list.self = true;
  } else if (typeof item === 'string') {
    if (list.size >= maxAllowlistOrigins) {
      diags.add(`${name}: more than ${maxAllowlistOrigins} origins; ${show(item)} ignored`);
      return;
    }
    const o = headerOrigin(item);
    if (typeof o === 'string') diags.add(`${name}: ${o}`);
    else list.add(o);
  } else {
    diags.add(`${name}: list item ${bareDescription(item)} is not *, self or an origin String; ignored`);
  }
}

function bareDescription(v: unknown): string {
  const token = tokenValue(v);
  if (token !== null) return `token ${token}`;
  if (v === true) return '(none: a bare key)';
  return typeof v === 'object' ? 'of another structured type' : `${typeof v} ${String(v)}`;
}

/** The legacy `Feature-Policy` header: `feature allowlist; feature allowlist`. */
export function parseFeaturePolicyHeader(value: unknown): ParsedPolicy {
  const diags = new Diagnostics('Feature-Policy');
  const text = headerText(value, diags);
  if (text === null) return ObjectFreeze({ declared: emptyPolicy, diagnostics: diags.done() });
  // Repeated header lines are joined with ',', which separates declarations like ';'.
  return ObjectFreeze({
    declared: parsePolicyDirective(splitAt(text, isDeclarationSeparator), null, null, diags),
    diagnostics: diags.done(),
  });
}

export interface AllowAttributeContext {
  /** The origin of the document that contains the iframe (`'self'`). */
  readonly containerOrigin: Origin;
  /** The iframe's declared origin: the origin of its src URL (`'src'`; opaque when sandboxed). */
  readonly srcOrigin: Origin;
}

/**
 * The iframe `allow` attribute: the container policy. `'self'` resolves to the container origin,
 * `'src'` and an empty allowlist to the src origin. Throws a TypeError only for a bad context.
 */
// spec: permissions-policy #algo-process-policy-attributes
export function parseAllowAttribute(value: unknown, context: AllowAttributeContext): ParsedPolicy {
  let containerOrigin: Origin;
  let srcOrigin: Origin;
  try {
    containerOrigin = readOrigin(readProp(context, 'containerOrigin', 'context'), 'context.containerOrigin');
    srcOrigin = readOrigin(readProp(context, 'srcOrigin', 'context'), 'context.srcOrigin');
  } catch (e) {
    throw new TypeError(`parseAllowAttribute: ${describeError(e)}`);
  }
  return allowAttribute(value, containerOrigin, srcOrigin);
}

function allowAttribute(value: unknown, containerOrigin: Origin, srcOrigin: Origin): ParsedPolicy {
  const diags = new Diagnostics('allow attribute');
  if (value === undefined || value === null) return ObjectFreeze({ declared: emptyPolicy, diagnostics: [] });
  if (typeof value !== 'string') {
    diags.add(`the value is ${describeValue(value)}, not a string; ignored`);
    return ObjectFreeze({ declared: emptyPolicy, diagnostics: diags.done() });
  }
  if (value.length > maxPolicyTextLength) {
    diags.add(`longer than ${maxPolicyTextLength} characters; ignored`);
    return ObjectFreeze({ declared: emptyPolicy, diagnostics: diags.done() });
  }
  return ObjectFreeze({
    declared: parsePolicyDirective(splitAt(value, isSemicolon), containerOrigin, srcOrigin, diags),
    diagnostics: diags.done(),
  });
}

/** Case-insensitive equality with an ASCII keyword such as 'self' (what /^'self'$/i tested). */
function isKeyword(element: string, keyword: string): boolean {
  return element.length === keyword.length && StringPrototypeToLowerCase(element) === keyword;
}

/**
 * `containerOrigin` null: a response header, where `'self'` is the receiving document's origin
 * (left unresolved). `srcOrigin` null: no target origin (`'src'` and empty allowlists do not apply).
 */
// spec: permissions-policy #algo-parse-policy-directive
function parsePolicyDirective(
  declarations: readonly string[],
  containerOrigin: Origin | null,
  srcOrigin: Origin | null,
  diags: Diagnostics,
): DeclaredPolicy {
  const directive = newPolicy();
  for (let d = 0; d < declarations.length; d++) {
    // The declaration's tokens: split at ASCII whitespace, empty pieces dropped.
    const pieces = splitAt(declarations[d]!, isAsciiWhitespace);
    const tokens: string[] = [];
    for (let i = 0; i < pieces.length; i++) if (pieces[i] !== '') ArrayPrototypePush(tokens, pieces[i]!);
    if (tokens.length === 0) continue;
    const featureName = tokens[0]!;
    if (!isPolicyFeature(featureName)) {
      diags.add(`unknown feature ${show(featureName)} ignored`);
      continue;
    }
    const targetList = ArrayPrototypeSlice(tokens, 1);
    const list = new AllowlistBuilder();
    if (ArrayPrototypeIncludes(targetList, '*')) {
      list.all = true;
    } else {
      if (targetList.length === 0) {
        if (srcOrigin !== null) list.add(srcOrigin);
        else diags.add(`${featureName} has no allowlist, so no origin is allowed (write 'self' or *)`);
      }
      for (let i = 0; i < targetList.length; i++) {
        const element = targetList[i]!;
        if (isKeyword(element, "'self'")) {
          if (containerOrigin === null) list.self = true;
          else list.add(containerOrigin);
        } else if (isKeyword(element, "'src'")) {
          if (srcOrigin !== null) list.add(srcOrigin);
          else diags.add(`${featureName}: 'src' only has a meaning in an iframe allow attribute; ignored`);
        } else if (isKeyword(element, "'none'")) {
          if (targetList.length > 1) diags.add(`${featureName}: 'none' next to other entries is ignored`);
        } else if (list.size >= maxAllowlistOrigins) {
          diags.add(`${featureName}: more than ${maxAllowlistOrigins} origins; ${show(element)} ignored`);
        } else {
          const o = tokenOrigin(element);
          if (typeof o === 'string') diags.add(`${featureName}: ${o}`);
          else list.add(o);
        }
      }
    }
    if (directive[featureName] !== undefined) {
      diags.add(`${featureName} is declared more than once; the last declaration is used`);
    }
    directive[featureName] = list.build();
  }
  return ObjectFreeze(directive);
}

// ---------------------------------------------------------------------------------------------
// Frames
// ---------------------------------------------------------------------------------------------

/** What the host knows about one document in a frame tree. */
export interface FrameFacts {
  readonly origin: Origin;
  /** The `Permissions-Policy` response header (repeated lines as a list). */
  readonly permissionsPolicyHeader?: string | readonly string[] | null;
  /** The legacy `Feature-Policy` response header. */
  readonly featurePolicyHeader?: string | readonly string[] | null;
  /** This frame's iframe `allow` attribute, set by its parent. Ignored for a top-level frame. */
  readonly allow?: string | null;
  /** The iframe's src origin (the spec's declared origin); defaults to `origin`. */
  readonly srcOrigin?: Origin | null;
  /** The embedding frame; null or absent for a top-level document. */
  readonly parent?: FrameFacts | null;
}

type HeaderName = 'Permissions-Policy' | 'Feature-Policy';

interface FrameRecord {
  readonly depth: number;
  readonly origin: Origin;
  readonly name: string;
  /** Both headers merged (Permissions-Policy wins per feature). */
  readonly declared: DeclaredPolicy;
  readonly declaredBy: Readonly<Partial<Record<PolicyFeature, HeaderName>>>;
  /** The container policy from this frame's allow attribute; empty for a top-level frame. */
  readonly container: DeclaredPolicy;
  readonly allowText: string | null;
}

interface Chain {
  /** Top-level first; the frame asked about last. */
  readonly frames: readonly FrameRecord[];
  readonly diagnostics: readonly string[];
}

/** Facts that are not facts: the whole evaluation is refused. */
class FactsError extends Error {}

function readProp(obj: unknown, key: string, what: string): unknown {
  if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) {
    throw new FactsError(`${what} is ${describeValue(obj)}, not an object`);
  }
  try {
    // A field the facts do not have is undefined: a polluted Object.prototype supplies no header,
    // allow attribute, src origin or parent (readMember).
    return readMember(obj, key);
  } catch (e) {
    throw new FactsError(`reading ${what}.${key} threw (${describeError(e)})`);
  }
}

/** A validated copy of an Origin, read once. */
function readOrigin(value: unknown, what: string): Origin {
  const kind = readProp(value, 'kind', what);
  if (kind === 'tuple') {
    const scheme = readProp(value, 'scheme', what);
    const host = readProp(value, 'host', what);
    const port = readProp(value, 'port', what);
    const domain = readProp(value, 'domain', what);
    if (typeof scheme !== 'string' || scheme === '' || scheme.length > 64) {
      throw new FactsError(`${what}.scheme must be a non-empty string`);
    }
    if (typeof host !== 'string' || host.length > 2048) throw new FactsError(`${what}.host must be a string`);
    const portOk =
      port === null ||
      port === undefined ||
      (NumberIsInteger(port) && (port as number) >= 0 && (port as number) <= 65535);
    if (!portOk) throw new FactsError(`${what}.port must be null or an integer 0–65535`);
    if (domain !== null && domain !== undefined && typeof domain !== 'string') {
      throw new FactsError(`${what}.domain must be null or a string`);
    }
    return ObjectFreeze({
      kind: 'tuple',
      scheme,
      host,
      port: (port ?? null) as number | null,
      domain: (domain ?? null) as string | null,
    });
  }
  if (kind === 'opaque') {
    const id = readProp(value, 'id', what);
    const fromScheme = readProp(value, 'fromScheme', what);
    if (typeof id !== 'string') throw new FactsError(`${what}.id must be a string`);
    if (StringPrototypeStartsWith(id, 'invalid-url')) {
      // The origin of an invalid URL cannot stand for a document.
      throw new FactsError(`${what} is the origin of an invalid URL`);
    }
    if (fromScheme !== null && fromScheme !== undefined && typeof fromScheme !== 'string') {
      throw new FactsError(`${what}.fromScheme must be null or a string`);
    }
    return ObjectFreeze({ kind: 'opaque', id, fromScheme: (fromScheme ?? null) as string | null });
  }
  throw new FactsError(`${what} is not an Origin (kind must be 'tuple' or 'opaque')`);
}

function readHeaderFact(value: unknown, what: string): string | readonly string[] | null {
  if (value === undefined || value === null || typeof value === 'string') return value ?? null;
  try {
    return readStringList(value);
  } catch (e) {
    throw new FactsError(`${what}: ${describeError(e)}`);
  }
}

interface RawFrame {
  readonly origin: Origin;
  readonly pp: string | readonly string[] | null;
  readonly fp: string | readonly string[] | null;
  readonly allow: string | null;
  readonly srcOrigin: Origin | null;
  readonly parent: unknown;
}

function readRawFrame(frame: unknown, what: string): RawFrame {
  if (frame === null || typeof frame !== 'object') {
    throw new FactsError(`${what} is ${describeValue(frame)}, not a FrameFacts object`);
  }
  const origin = readOrigin(readProp(frame, 'origin', what), `${what}.origin`);
  const pp = readHeaderFact(
    readProp(frame, 'permissionsPolicyHeader', what),
    `${what}.permissionsPolicyHeader`,
  );
  const fp = readHeaderFact(readProp(frame, 'featurePolicyHeader', what), `${what}.featurePolicyHeader`);
  const allowValue = readProp(frame, 'allow', what);
  if (allowValue !== undefined && allowValue !== null && typeof allowValue !== 'string') {
    throw new FactsError(`${what}.allow is ${describeValue(allowValue)}, not a string`);
  }
  const src = readProp(frame, 'srcOrigin', what);
  const srcOrigin = src === undefined || src === null ? null : readOrigin(src, `${what}.srcOrigin`);
  const parent = readProp(frame, 'parent', what);
  return { origin, pp, fp, allow: allowValue ?? null, srcOrigin, parent };
}

/** Reads the chain of frames up to the top-level one, once, and parses every policy on it. */
function readChain(frame: unknown): Chain {
  const raws: RawFrame[] = [];
  const seen = new SafeSet<unknown>();
  let current: unknown = frame;
  for (;;) {
    const what = raws.length === 0 ? 'frame' : `frame${StringPrototypeRepeat('.parent', raws.length)}`;
    if (raws.length >= maxFrameDepth) throw new FactsError(`frames are nested deeper than ${maxFrameDepth}`);
    if (seen.has(current)) throw new FactsError(`${what} is already in the chain (a cycle)`);
    seen.add(current);
    const raw = readRawFrame(current, what);
    ArrayPrototypePush(raws, raw);
    if (raw.parent === undefined || raw.parent === null) break;
    current = raw.parent;
  }
  ArrayPrototypeReverse(raws);
  // spec: permissions-policy #algo-create-from-response — each document's declared policy comes from its
  // headers; the spec keeps a declaration only where the inherited policy is Enabled, which
  // featureValue() below gets by testing the inherited policy first.
  const frames: FrameRecord[] = [];
  const diagnostics: string[] = [];
  for (let depth = 0; depth < raws.length; depth++) {
    const raw = raws[depth]!;
    const name = serializeOrigin(raw.origin);
    const label = `frame ${depth} (${name})`;
    const pp = parsePermissionsPolicyHeader(raw.pp);
    const fp = parseFeaturePolicyHeader(raw.fp);
    const declared = newPolicy();
    const declaredBy: Partial<Record<PolicyFeature, HeaderName>> = ObjectCreate(null);
    for (let i = 0; i < policyFeatures.length; i++) {
      const f = policyFeatures[i]!;
      const fromPP = pp.declared[f];
      const fromFP = fp.declared[f];
      if (fromPP !== undefined && fromFP !== undefined) {
        ArrayPrototypePush(
          diagnostics,
          `${label}: ${f} is declared by both headers; Permissions-Policy wins`,
        );
      }
      if (fromPP !== undefined) {
        declared[f] = fromPP;
        declaredBy[f] = 'Permissions-Policy';
      } else if (fromFP !== undefined) {
        declared[f] = fromFP;
        declaredBy[f] = 'Feature-Policy';
      }
    }
    let container = emptyPolicy;
    // frames[-1] would be a property lookup that reaches a polluted prototype: depth 0 has no parent.
    const parent = depth > 0 ? frames[depth - 1] : undefined;
    if (parent === undefined) {
      if (raw.allow !== null)
        ArrayPrototypePush(diagnostics, `${label}: a top-level frame has no iframe; allow ignored`);
    } else {
      const parsed = allowAttribute(raw.allow, parent.origin, raw.srcOrigin ?? raw.origin);
      container = parsed.declared;
      for (let i = 0; i < parsed.diagnostics.length; i++)
        ArrayPrototypePush(diagnostics, `${label}: ${parsed.diagnostics[i]!}`);
    }
    const headerDiagnostics = ArrayPrototypeConcat(pp.diagnostics, fp.diagnostics);
    for (let i = 0; i < headerDiagnostics.length; i++)
      ArrayPrototypePush(diagnostics, `${label}: ${headerDiagnostics[i]!}`);
    ArrayPrototypePush(
      frames,
      ObjectFreeze({
        depth,
        origin: raw.origin,
        name,
        declared: ObjectFreeze(declared),
        declaredBy: ObjectFreeze(declaredBy),
        container,
        allowText: raw.allow,
      }),
    );
  }
  return ObjectFreeze({ frames: ObjectFreeze(frames), diagnostics: ObjectFreeze(diagnostics) });
}

// ---------------------------------------------------------------------------------------------
// Inheritance and checks
// ---------------------------------------------------------------------------------------------

/** Why a frame has a feature disabled. */
export type DisabledCause =
  /** The frame's own header does not allow its origin (or the origin asked about). */
  | 'own-header'
  /** The embedding document's header does not allow this frame's origin. */
  | 'parent-header'
  /** The iframe's allow attribute names the feature but not this frame's origin. */
  | 'allow-attribute'
  /** A cross-origin iframe whose allow attribute does not name the feature (default 'self'). */
  | 'default-allowlist'
  /** An ancestor frame has the feature disabled. */
  | 'ancestor'
  /** The feature name or the frame facts are not valid. */
  | 'invalid-input';

export interface FrameExplanation {
  /** 0 for the top-level frame. */
  readonly depth: number;
  /** The frame's serialized origin. */
  readonly origin: string;
  /** Whether the feature is enabled in this frame's document for its own origin. */
  readonly enabled: boolean;
  readonly cause: DisabledCause | null;
  /** One line on this frame's outcome. */
  readonly detail: string;
}

export interface FeaturePolicyExplanation {
  readonly feature: string;
  readonly enabled: boolean;
  /** Top-level first; the last one is the frame asked about. Empty for invalid input. */
  readonly frames: readonly FrameExplanation[];
  /** Depth of the frame whose policy disabled the feature; null when enabled or input is invalid. */
  readonly blockedAt: number | null;
  readonly cause: DisabledCause | null;
  /** Why, in one line. */
  readonly reason: string;
  /** What a developer can change; null when enabled. */
  readonly fix: string | null;
  /** Every header and allow attribute problem found along the chain. */
  readonly diagnostics: readonly string[];
}

interface Outcome {
  readonly enabled: boolean;
  readonly cause: DisabledCause | null;
  readonly detail: string;
  readonly fix: string | null;
}

function headerExample(feature: PolicyFeature, header: HeaderName, origin: string): string {
  return header === 'Permissions-Policy'
    ? `Permissions-Policy: ${feature}=(self "${origin}")`
    : `Feature-Policy: ${feature} 'self' ${origin}`;
}

function evaluate(feature: PolicyFeature, chain: Chain, askOrigin: Origin | null): FeaturePolicyExplanation {
  const frames = chain.frames;
  const inherited: boolean[] = [];

  // spec: permissions-policy #algo-get-feature-value-for-origin
  const featureValue = (j: number, origin: Origin): boolean => {
    const frame = frames[j]!;
    if (!inherited[j]) return false;
    const declared = frame.declared[feature];
    if (declared !== undefined) return allowlistMatches(declared, origin, frame.origin);
    return true;
  };

  // spec: permissions-policy #algo-define-inherited-policy-in-container
  // (the container is frame i's iframe, in the document of frame i - 1; at frame i's origin)
  const inheritedPolicy = (i: number): Outcome => {
    const frame = frames[i]!;
    // frames[-1] would be a property lookup that reaches a polluted prototype: frame 0 has no parent.
    const parent = i > 0 ? frames[i - 1] : undefined;
    if (parent === undefined) {
      return { enabled: true, cause: null, detail: 'top-level document: inherits Enabled', fix: null };
    }
    if (!featureValue(i - 1, parent.origin)) {
      return {
        enabled: false,
        cause: 'ancestor',
        detail: `disabled because the embedding document ${parent.name} has it disabled`,
        fix: null,
      };
    }
    if (!featureValue(i - 1, frame.origin)) {
      const header = parent.declaredBy[feature] ?? 'Permissions-Policy';
      return {
        enabled: false,
        cause: 'parent-header',
        detail: `the ${header} header of ${parent.name} does not allow ${frame.name}`,
        fix:
          frame.origin.kind === 'opaque'
            ? `An opaque-origin (sandboxed) frame cannot be listed by origin: use ${feature}=* in that header, or give the frame allow-same-origin.`
            : `List ${frame.name} in that header, e.g. ${headerExample(feature, header, frame.name)}.`,
      };
    }
    // spec: permissions-policy #algo-process-policy-attributes (parsed when the chain was read)
    const containerList = frame.container[feature];
    if (containerList !== undefined) {
      if (allowlistMatches(containerList, frame.origin, null)) {
        return {
          enabled: true,
          cause: null,
          detail: `the iframe's allow attribute delegates it to ${frame.name}`,
          fix: null,
        };
      }
      return {
        enabled: false,
        cause: 'allow-attribute',
        detail: `the allow attribute of the iframe that embeds ${frame.name} (${show(frame.allowText ?? '')}) does not include ${frame.name}`,
        fix: `Write allow="${feature}" (the iframe's src origin) or list ${frame.name} in it.`,
      };
    }
    if (defaultAllowlists[feature] === '*') {
      return { enabled: true, cause: null, detail: 'default allowlist *', fix: null };
    }
    if (sameOrigin(frame.origin, parent.origin)) {
      return {
        enabled: true,
        cause: null,
        detail: `same-origin iframe of ${parent.name} (default allowlist 'self')`,
        fix: null,
      };
    }
    return {
      enabled: false,
      cause: 'default-allowlist',
      detail: `${frame.name} is a cross-origin iframe of ${parent.name} and its allow attribute does not name "${feature}" (default allowlist 'self')`,
      fix: `Add allow="${feature}" to the iframe that embeds ${frame.name}.`,
    };
  };

  // spec: permissions-policy #algo-check-permissions-policy (#algo-is-feature-enabled, without reports)
  const check = (i: number, origin: Origin, inheritedOutcome: Outcome): Outcome => {
    const frame = frames[i]!;
    if (!inheritedOutcome.enabled) return inheritedOutcome;
    const declared = frame.declared[feature];
    const askName = serializeOrigin(origin);
    if (declared !== undefined) {
      const header = frame.declaredBy[feature] ?? 'Permissions-Policy';
      if (allowlistMatches(declared, origin, frame.origin)) {
        return {
          enabled: true,
          cause: null,
          detail: `the ${header} header of ${frame.name} allows ${askName}`,
          fix: null,
        };
      }
      const own = sameOrigin(origin, frame.origin);
      return {
        enabled: false,
        cause: 'own-header',
        detail: own
          ? `the ${header} header of ${frame.name} disables it`
          : `the ${header} header of ${frame.name} does not allow ${askName}`,
        fix: own
          ? `Allow self in that header, e.g. ${header === 'Permissions-Policy' ? `Permissions-Policy: ${feature}=(self)` : `Feature-Policy: ${feature} 'self'`}.`
          : `List ${askName} in that header, e.g. ${headerExample(feature, header, askName)}.`,
      };
    }
    if (defaultAllowlists[feature] === '*' || sameOrigin(origin, frame.origin)) return inheritedOutcome;
    return {
      enabled: false,
      cause: 'default-allowlist',
      detail: `${askName} is not same origin with ${frame.name} (default allowlist 'self')`,
      fix: `Embed ${askName} in an iframe with allow="${feature}".`,
    };
  };

  // spec: permissions-policy #algo-create-for-navigable — the inherited policy of each document, top first.
  const explained: FrameExplanation[] = [];
  const outcomes: Outcome[] = [];
  let result: Outcome = { enabled: false, cause: 'invalid-input', detail: 'no frame', fix: null };
  for (let i = 0; i < frames.length; i++) {
    const frame = frames[i]!;
    const inh = inheritedPolicy(i);
    // Appended (inherited has exactly i entries): defined as an own element, so a setter a page
    // put on Array.prototype[i] can neither swallow it nor answer the reads of featureValue.
    ArrayPrototypePush(inherited, inh.enabled);
    const own = check(i, frame.origin, inh);
    ArrayPrototypePush(outcomes, own);
    ArrayPrototypePush(
      explained,
      ObjectFreeze({
        depth: i,
        origin: frame.name,
        enabled: own.enabled,
        cause: own.cause,
        detail: own.detail,
      }),
    );
    if (i === frames.length - 1) result = askOrigin === null ? own : check(i, askOrigin, inh);
  }
  const target = frames[frames.length - 1]!;
  const askName = serializeOrigin(askOrigin ?? target.origin);
  let blockedAt: number | null = null;
  let cause: DisabledCause | null = null;
  let reason: string;
  let fix: string | null = null;
  if (result.enabled) {
    reason = `"${feature}" is enabled for ${askName}: ${result.detail}`;
  } else {
    // The frame whose own policy disabled it: the first one not disabled by an ancestor.
    const rootIndex = ArrayPrototypeFindIndex(outcomes, (o) => !o.enabled && o.cause !== 'ancestor');
    const root = rootIndex === -1 ? frames.length - 1 : rootIndex;
    const rootOutcome = rootIndex === -1 ? result : outcomes[root]!;
    blockedAt = root;
    cause = rootOutcome.cause;
    fix = rootOutcome.fix;
    reason =
      root === frames.length - 1
        ? rootOutcome.detail
        : `it is disabled in the ancestor frame ${frames[root]!.name} (depth ${root}), and a frame cannot enable what its ancestors lack: ${rootOutcome.detail}`;
  }
  return ObjectFreeze({
    feature,
    enabled: result.enabled,
    frames: ObjectFreeze(explained),
    blockedAt,
    cause,
    reason,
    fix,
    diagnostics: chain.diagnostics,
  });
}

function invalidExplanation(feature: unknown, reason: string, diagnostics: readonly string[] = []) {
  return ObjectFreeze({
    feature: typeof feature === 'string' ? feature : String(describeValue(feature)),
    enabled: false,
    frames: ObjectFreeze([]),
    blockedAt: null,
    cause: 'invalid-input' as const,
    reason,
    fix: null,
    diagnostics: ObjectFreeze(ArrayPrototypeSlice(diagnostics)),
  }) satisfies FeaturePolicyExplanation;
}

function explainInternal(feature: unknown, frame: unknown, origin: unknown): FeaturePolicyExplanation {
  if (!isPolicyFeature(feature)) {
    return invalidExplanation(
      feature,
      `${describeValue(feature)} is not a policy-controlled feature xrgate knows (${ArrayPrototypeJoin(policyFeatures, ', ')})`,
    );
  }
  try {
    const chain = readChain(frame);
    const askOrigin = origin === undefined ? null : readOrigin(origin, 'origin');
    return evaluate(feature, chain, askOrigin);
  } catch (e) {
    // FactsError, or anything unforeseen: refuse rather than crash.
    return invalidExplanation(feature, `the frame facts are not valid: ${describeError(e)}`);
  }
}

/**
 * "Is feature enabled in document for origin?" for the document of `frame` (its whole chain of
 * ancestors applied). `origin` defaults to the frame's own origin. Unknown features and invalid
 * facts give false.
 */
// spec: permissions-policy #algo-is-feature-enabled
export function isFeatureEnabled(feature: PolicyFeature, frame: FrameFacts, origin?: Origin): boolean {
  return explainInternal(feature, frame, origin).enabled;
}

/**
 * The policy check as a Decision: allowed, or denied with a SecurityError naming the feature, the
 * origin and the fix (callers re-map the error name where the spec says otherwise). Invalid input
 * is denied with a TypeError. Requirement R-POLICY-02 (xr-spatial-tracking) or R-POLICY-11 (the
 * underlying sensor and media features).
 */
export function checkFeaturePolicy(feature: PolicyFeature, frame: FrameFacts, origin?: Origin): Decision {
  const explanation = explainInternal(feature, frame, origin);
  const requirement: RequirementId = isPolicyFeature(feature) ? requirementFor(feature) : 'R-POLICY-01';
  if (explanation.enabled) return allow(explanation.reason, requirement);
  const frames = explanation.frames;
  const who = frames.length > 0 ? frames[frames.length - 1]!.origin : undefined;
  const action = `Use of the "${explanation.feature}" feature${who === undefined ? '' : ` by ${who}`}`;
  const name = explanation.cause === 'invalid-input' ? 'TypeError' : 'SecurityError';
  return deny(name, {
    action,
    reason: explanation.reason,
    ...(explanation.fix === null ? {} : { fix: explanation.fix }),
    requirement,
  });
}

/** Which frame in the chain disabled the feature and why, with every diagnostic found on the way. */
export function explainFeaturePolicy(feature: PolicyFeature, frame: FrameFacts): FeaturePolicyExplanation {
  return explainInternal(feature, frame, undefined);
}

export interface XRPolicyFactsOptions {
  /** Also check the underlying sensor policies (the strict profile does; R-POLICY-11/12, AMB-24). */
  readonly includeSensors: boolean;
}

export interface XRPolicyFacts {
  /** "xr-spatial-tracking" is enabled for the frame (R-POLICY-02). */
  readonly spatialTracking: boolean;
  /** Whether the sensor policies were checked; when false every sensor reads true (not restricting). */
  readonly sensorsChecked: boolean;
  readonly sensors: {
    readonly accelerometer: boolean;
    readonly gyroscope: boolean;
    readonly magnetometer: boolean;
  };
  /** spatialTracking, and every sensor when checked. */
  readonly allowed: boolean;
  readonly diagnostics: readonly string[];
}

/**
 * The policy facts a WebXR session needs for a frame. Sensors are checked only when asked
 * (AMB-24); an options value that cannot be read asks for them (the stricter reading).
 */
export function xrPolicyFacts(frame: FrameFacts, options: XRPolicyFactsOptions): XRPolicyFacts {
  let includeSensors: boolean;
  try {
    const v =
      options === undefined || options === null ? undefined : readProp(options, 'includeSensors', 'options');
    includeSensors = v !== undefined && v !== false;
  } catch {
    includeSensors = true;
  }
  let chain: Chain;
  try {
    chain = readChain(frame);
  } catch (e) {
    return ObjectFreeze({
      spatialTracking: false,
      sensorsChecked: includeSensors,
      sensors: ObjectFreeze({ accelerometer: false, gyroscope: false, magnetometer: false }),
      allowed: false,
      diagnostics: ObjectFreeze([`the frame facts are not valid: ${describeError(e)}`]),
    });
  }
  const enabled = (f: PolicyFeature) => evaluate(f, chain, null).enabled;
  const spatialTracking = enabled('xr-spatial-tracking');
  const sensors = ObjectFreeze({
    accelerometer: includeSensors ? enabled('accelerometer') : true,
    gyroscope: includeSensors ? enabled('gyroscope') : true,
    magnetometer: includeSensors ? enabled('magnetometer') : true,
  });
  return ObjectFreeze({
    spatialTracking,
    sensorsChecked: includeSensors,
    sensors,
    allowed: spatialTracking && sensors.accelerometer && sensors.gyroscope && sensors.magnetometer,
    diagnostics: chain.diagnostics,
  });
}
