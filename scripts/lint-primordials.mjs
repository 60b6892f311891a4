// Fails when xrgate's own code (src/, outside src/cli, src/test-api and src/primordials.ts) reaches a
// built-in that a page could have replaced after xrgate loaded (STYLE.md practice 7; issue
// "Hardening what stays in the page"). A type-aware check: it asks the TypeScript checker where
// each called method or read accessor is declared, so `list.includes(x)`, `grants.get(k)`,
// `Math.round(v)` and `event.isTrusted` are found whatever the variables are called.
//
// Reported, in a checked file:
//   - a call of a method declared by the standard library (Array, Map, Set, WeakMap, String,
//     Function, Math, Object, Reflect, JSON, Number, Promise, the DOM …): use the captured,
//     uncurried primordial instead;
//   - a read of a DOM accessor (`event.isTrusted`, `document.visibilityState`, `navigator.xr`):
//     read it through a getter captured at load;
//   - `for…of`, spread and array destructuring (they call Array.prototype[Symbol.iterator]);
//   - the `in` operator (it walks the prototype chain, so Object.prototype pollution answers it):
//     use ObjectHasOwn.
// Files not yet converted are listed in PENDING: the list only shrinks, and a listed file that has
// become clean is reported so that it is removed.
//
//   node scripts/lint-primordials.mjs
//
// Exits 1 and prints file:line: what, and the fix, for every finding.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** Directories under src whose code is not checked: the CLI (Node only) and the Test API. */
// src/extension/ua/ runs in the extension's own realms (isolated world, service worker, extension
// pages), which no page can reach; src/extension/node/ is Node code for tests (Playwright).
export const UNCHECKED = [
  'src/cli/',
  'src/test-api/',
  'src/extension/ua/',
  'src/extension/node/',
  'src/primordials.ts',
  'src/primordials-dom.ts',
];

/**
 * Files not yet converted. The list only shrinks: a listed file with no findings is an error too,
 * so it leaves the list the moment it is clean.
 */
export const PENDING = new Set([]);

/** Receivers whose methods are xrgate's own copies. */
const SAFE_TYPES = new Set(['SafeMap', 'SafeSet', 'SafeWeakMap', 'SafeWeakSet']);

/** Accessors of these standard interfaces are own data or harmless reads: not reported. */
const SAFE_READS = new Set(['length', 'size', 'byteLength', 'BYTES_PER_ELEMENT', 'PI', 'E']);

function isLibDeclaration(program, decl) {
  return program.isSourceFileDefaultLibrary(decl.getSourceFile());
}

function isDomLib(decl) {
  return /lib\.dom(\.iterable)?\.d\.ts$/.test(decl.getSourceFile().fileName);
}

function ownerName(decl) {
  const p = decl.parent;
  if (p && (ts.isInterfaceDeclaration(p) || ts.isClassDeclaration(p)) && p.name) return p.name.text;
  if (p && ts.isTypeLiteralNode(p)) return 'built-in';
  return 'built-in';
}

/** Globals that cannot be replaced (undefined, NaN, Infinity are read-only) or only log. */
const GLOBAL_OK = new Set(['undefined', 'NaN', 'Infinity', 'console']);

/**
 * Whether a node's code runs after the module was evaluated (inside a function, a method, an
 * accessor or an instance field initializer): only then can a page have patched what it uses.
 */
function isDeferred(node) {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isFunctionLike(n)) {
      // An immediately invoked function runs where it stands: (() => { … })()
      let call = n.parent;
      while (call && ts.isParenthesizedExpression(call)) call = call.parent;
      const iife =
        (ts.isArrowFunction(n) || ts.isFunctionExpression(n)) &&
        call &&
        ts.isCallExpression(call) &&
        (call.expression === n ||
          (ts.isParenthesizedExpression(call.expression) && call.expression.expression === n));
      if (!iife) return true;
      continue;
    }
    if (ts.isPropertyDeclaration(n) && !n.modifiers?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword))
      return true;
    if (ts.isSourceFile(n)) return false;
  }
  return false;
}

/** The findings of one source file of a program: [{ line, what, fix }]. */
export function findingsOf(program, sf) {
  const checker = program.getTypeChecker();
  const found = [];
  const at = (node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const libSymbol = (nameNode) => {
    const sym = checker.getSymbolAtLocation(nameNode);
    if (!sym) return null;
    const decls = sym.getDeclarations() ?? [];
    if (decls.length === 0 || !decls.every((d) => isLibDeclaration(program, d))) return null;
    return { sym, decl: decls[0] };
  };
  const isSafeReceiver = (expr) => {
    const t = checker.getTypeAtLocation(expr);
    const sym = t.aliasSymbol ?? t.getSymbol();
    if (!sym || !SAFE_TYPES.has(sym.getName())) return false;
    const decls = sym.getDeclarations() ?? [];
    return decls.length > 0 && decls.every((d) => d.getSourceFile().fileName.endsWith('/src/primordials.ts'));
  };
  const isGlobalRead = (id) => {
    const p = id.parent;
    if (!p) return false;
    if ((ts.isPropertyAccessExpression(p) || ts.isQualifiedName(p)) && p.name === id) return false;
    if (ts.isPropertyAssignment(p) && p.name === id) return false;
    if (ts.isShorthandPropertyAssignment(p)) return false;
    if (
      (ts.isVariableDeclaration(p) ||
        ts.isParameter(p) ||
        ts.isFunctionDeclaration(p) ||
        ts.isClassDeclaration(p) ||
        ts.isMethodDeclaration(p) ||
        ts.isPropertyDeclaration(p) ||
        ts.isBindingElement(p) ||
        ts.isPropertySignature(p) ||
        ts.isGetAccessor(p) ||
        ts.isSetAccessor(p) ||
        ts.isEnumMember(p) ||
        ts.isLabeledStatement(p)) &&
      p.name === id
    )
      return false;
    if (GLOBAL_OK.has(id.text)) return false;
    const sym = checker.getSymbolAtLocation(id);
    if (!sym || !(sym.flags & ts.SymbolFlags.Value)) return false;
    const decls = sym.getDeclarations() ?? [];
    if (decls.length === 0 || !decls.every((d) => isLibDeclaration(program, d))) return false;
    // A member call on it (Math.round(…)) is reported as the member; a global read otherwise.
    if (ts.isPropertyAccessExpression(p) && p.expression === id && isCallee(p) && libSymbol(p.name))
      return false;
    return true;
  };
  const isCallee = (node) =>
    node.parent && ts.isCallExpression(node.parent) && node.parent.expression === node;
  const isWriteTarget = (node) =>
    node.parent &&
    ts.isBinaryExpression(node.parent) &&
    node.parent.left === node &&
    node.parent.operatorToken.kind >= ts.SyntaxKind.FirstAssignment &&
    node.parent.operatorToken.kind <= ts.SyntaxKind.LastAssignment;

  const visit = (node) => {
    if (ts.isTypeNode(node) || ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (!isDeferred(node)) {
      // Code that runs while the module is evaluated (before page scripts, in the bundles) may use
      // the built-ins as they are.
      ts.forEachChild(node, visit);
      return;
    }
    if (ts.isIdentifier(node) && isGlobalRead(node)) {
      found.push({
        line: at(node),
        what: `global ${node.text}`,
        fix: `import { ${node.text} } from src/primordials.ts (or src/primordials-dom.ts): captured at load, where a page can no longer replace it`,
      });
    } else if (ts.isPropertyAccessExpression(node) && !isWriteTarget(node)) {
      const lib = libSymbol(node.name);
      if (lib) {
        const name = node.name.text;
        const owner = ownerName(lib.decl);
        const base = owner.replace(/^Readonly/, '').replace(/^CallableFunction$/, 'Function');
        const isStatic =
          /Constructor$/.test(base) || base === 'Math' || base === 'JSON' || base === 'built-in';
        const cap = name[0].toUpperCase() + name.slice(1);
        const primordial = isStatic
          ? `${base.replace(/Constructor$/, '').replace('built-in', 'Reflect')}${cap}`
          : `${base}Prototype${cap}`;
        if (isCallee(node) && isSafeReceiver(node.expression)) {
          // SafeMap/SafeSet/…: own copies of the methods, taken at load (src/primordials.ts).
        } else if (isCallee(node)) {
          found.push({
            line: at(node),
            what: `${base.replace(/Constructor$/, '')}${isStatic ? '.' : '.prototype.'}${name}(…)`,
            fix: `call the copy captured at load: ${primordial}(${isStatic ? '' : 'self, '}…) from src/primordials.ts${isDomLib(lib.decl) ? ' or src/primordials-dom.ts' : ''}`,
          });
        } else if (isDomLib(lib.decl) && !SAFE_READS.has(name) && !(lib.sym.flags & ts.SymbolFlags.Method)) {
          found.push({
            line: at(node),
            what: `read of ${owner}.${name}`,
            fix: 'read it through a getter captured at load (src/primordials-dom.ts)',
          });
        }
      }
    } else if (ts.isElementAccessExpression(node) && isCallee(node)) {
      const sym = checker.getSymbolAtLocation(node.argumentExpression);
      const decls = sym?.getDeclarations() ?? [];
      if (decls.length > 0 && decls.every((d) => isLibDeclaration(program, d))) {
        found.push({ line: at(node), what: 'computed call of a built-in method', fix: 'use a primordial' });
      }
    } else if (ts.isForOfStatement(node)) {
      found.push({
        line: at(node),
        what: 'for…of',
        fix: 'iterate with an index (for (let i = 0; i < list.length; i++)); for…of calls the patchable Array.prototype[Symbol.iterator]',
      });
    } else if (ts.isSpreadElement(node)) {
      found.push({
        line: at(node),
        what: 'spread (...)',
        fix: 'copy with ArrayPrototypeSlice or a loop; spread calls the patchable Array.prototype[Symbol.iterator]',
      });
    } else if (ts.isArrayBindingPattern(node)) {
      found.push({
        line: at(node),
        what: 'array destructuring',
        fix: 'index the array; destructuring calls the patchable Array.prototype[Symbol.iterator]',
      });
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.InKeyword &&
      !ts.isPrivateIdentifier(node.left)
    ) {
      found.push({
        line: at(node),
        what: "the 'in' operator",
        fix: 'use ObjectHasOwn(obj, key): `in` walks the prototype chain, which a page can pollute',
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function checked(rel) {
  return rel.startsWith('src/') && !UNCHECKED.some((u) => rel === u || rel.startsWith(u));
}

/** The project's program (tsconfig.json), optionally with extra in-memory files. */
export function projectProgram(extra = {}) {
  const configPath = resolve(ROOT, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const names = parsed.fileNames.filter((f) => relative(ROOT, f).startsWith('src/'));
  const extraAbs = Object.fromEntries(Object.entries(extra).map(([k, v]) => [resolve(ROOT, k), v]));
  const host = ts.createCompilerHost(parsed.options);
  if (Object.keys(extraAbs).length > 0) {
    const { getSourceFile, fileExists, readFile } = host;
    host.fileExists = (f) => f in extraAbs || fileExists.call(host, f);
    host.readFile = (f) => (f in extraAbs ? extraAbs[f] : readFile.call(host, f));
    host.getSourceFile = (f, v, ...rest) =>
      f in extraAbs ? ts.createSourceFile(f, extraAbs[f], v, true) : getSourceFile.call(host, f, v, ...rest);
  }
  return ts.createProgram({
    rootNames: [...names, ...Object.keys(extraAbs)],
    options: parsed.options,
    host,
  });
}

/** Every problem in the checked files of a program: ['file:line: …']. */
export function lint(program = projectProgram(), pending = PENDING) {
  const problems = [];
  for (const sf of program.getSourceFiles()) {
    if (sf.isDeclarationFile) continue;
    const rel = relative(ROOT, sf.fileName);
    if (!checked(rel)) continue;
    const findings = findingsOf(program, sf);
    if (pending.has(rel)) {
      if (findings.length === 0) {
        problems.push(`${rel}: no findings any more: remove it from PENDING in scripts/lint-primordials.mjs`);
      }
      continue;
    }
    for (const f of findings) problems.push(`${rel}:${f.line}: ${f.what}: ${f.fix}`);
  }
  return problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv.includes('--prune')) {
    // Removes the pending files that have become clean from PENDING in this script.
    const program = projectProgram();
    const clean = new Set();
    for (const sf of program.getSourceFiles()) {
      const rel = relative(ROOT, sf.fileName);
      if (PENDING.has(rel) && findingsOf(program, sf).length === 0) clean.add(rel);
    }
    const self = new URL(import.meta.url).pathname;
    const text = readFileSync(self, 'utf8');
    const kept = text
      .split('\n')
      .filter((line) => !clean.has(line.trim().replace(/^'|',$/g, '')))
      .join('\n');
    writeFileSync(self, kept);
    console.log(`removed from PENDING: ${[...clean].join(', ') || 'nothing'}`);
    process.exit(0);
  }
  if (process.argv.includes('--list')) {
    // Every file's finding count, pending or not (to see what is left).
    const program = projectProgram();
    for (const sf of program.getSourceFiles()) {
      const rel = relative(ROOT, sf.fileName);
      if (sf.isDeclarationFile || !checked(rel)) continue;
      const n = findingsOf(program, sf).length;
      if (n > 0) console.log(`${String(n).padStart(4)} ${rel}${PENDING.has(rel) ? ' (pending)' : ''}`);
    }
    process.exit(0);
  }
  const problems = lint();
  for (const p of problems) console.error(p);
  if (problems.length > 0) {
    console.error(
      `${problems.length} finding(s): a page that patched the built-in would steer xrgate (see src/primordials.ts)`,
    );
    process.exit(1);
  }
  console.log(`lint-primordials: clean (${PENDING.size} file(s) pending conversion)`);
}
