import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

// The import rule (architecture.md): kernels <- model <- align; data and eval use no GPU or
// alignment code; the page (src/ui, app/) names engine values only through the worker's protocol.
const ROOT = resolve(import.meta.dirname, '..');
const SOURCE_DIRS = ['src', 'app', 'bench', 'e2e', 'scripts', 'bin'];
const CODE = /\.(ts|tsx|mts|js|mjs)$/;
const PROTOCOL = 'src/worker/protocol.ts';
// This file's own examples of import lines are strings, not imports.
const SELF = 'src/architecture.test.ts';

interface ImportEdge {
  from: string;
  specifier: string;
  typeOnly: boolean;
}

// `import`/`export ... from` with only names, braces and `type`/`as` between keyword and `from`,
// so a match never runs across statements; side-effect imports; `import('...')`.
const FROM_CLAUSE = /(?:^|[\n;])\s*(import|export)\s+(type\s+)?([\w$\s{},*]*?)\s*from\s*['"]([^'"]+)['"]/g;
const SIDE_EFFECT = /(?:^|[\n;])\s*import\s*['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function parseImports(from: string, text: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const [, , typeKeyword, names, specifier] of text.matchAll(FROM_CLAUSE)) {
    const braced = /^\{([\s\S]*)\}$/.exec(names.trim());
    const eachNameTyped = braced?.[1].split(',').every((n) => n.trim() === '' || /^type\s/.test(n.trim())) ?? false;
    edges.push({ from, specifier, typeOnly: typeKeyword !== undefined || eachNameTyped });
  }
  for (const [, specifier] of text.matchAll(SIDE_EFFECT)) edges.push({ from, specifier, typeOnly: false });
  for (const [, specifier] of text.matchAll(DYNAMIC)) edges.push({ from, specifier, typeOnly: false });
  return edges;
}

function listCode(dir: string): string[] {
  const entries = readdirSync(join(ROOT, dir), { withFileTypes: true });
  return entries.flatMap((e) => {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'out' ? [] : listCode(path);
    return CODE.test(e.name) && path !== SELF ? [path] : [];
  });
}

/** The repo-relative path an import names (without `?raw`/`?url`), or the package it names. */
function target(edge: ImportEdge): { path: string } | { pkg: string } {
  const bare = edge.specifier.replace(/\?\w+$/, '');
  if (!bare.startsWith('.') && !bare.startsWith('/') && !bare.startsWith('file:')) {
    const parts = bare.split('/');
    return { pkg: bare.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0] };
  }
  const absolute = bare.startsWith('file:') ? new URL(bare).pathname : resolve(ROOT, dirname(edge.from), bare);
  return { path: relative(ROOT, absolute).split(sep).join('/').replace(CODE, '') };
}

/** The layer a repo path belongs to: `kernels`, `model`, ... for src/ (`src` for a file directly in it), else its top folder. */
function layer(path: string): string {
  const parts = path.split('/');
  return parts[0] === 'src' && parts.length > 2 ? parts[1] : parts[0];
}

const FORBIDDEN: Record<string, string[]> = {
  data: ['kernels', 'model', 'align', 'worker', 'ui', 'cli'],
  eval: ['kernels', 'model', 'align', 'worker', 'ui', 'cli'],
  model: ['align', 'worker', 'ui', 'cli'],
  align: ['worker', 'ui', 'cli'],
  worker: ['ui', 'cli'],
};
const PAGE = new Set(['ui', 'app']);
const SRC_LAYERS = new Set(['kernels', 'data', 'eval', 'model', 'align', 'worker', 'ui', 'cli', 'test-utils']);
const isTest = (path: string) => /\.test\.tsx?$/.test(path);

/** Why an import breaks the rule, or undefined when it keeps it. */
function violation(edge: ImportEdge, packages: Set<string>): string | undefined {
  const to = target(edge);
  if ('pkg' in to) {
    const known = packages.has(to.pkg) || to.pkg.startsWith('node:') || builtinModules.includes(to.pkg);
    return known ? undefined : `names "${to.pkg}", which package.json does not declare`;
  }
  if (to.path.startsWith('..') || to.path.startsWith('/')) return 'reaches outside the repository';
  const fromLayer = layer(edge.from);
  const toLayer = layer(to.path);
  if (fromLayer === toLayer) return undefined;
  if (SRC_LAYERS.has(fromLayer) && !SRC_LAYERS.has(toLayer) && toLayer !== 'src') return `imports ${toLayer}/ from the engine`;
  if (toLayer === 'test-utils' && SRC_LAYERS.has(fromLayer) && !isTest(edge.from)) return 'only tests import src/test-utils';
  if (fromLayer === 'kernels') return 'kernels import no other part of src';
  if (FORBIDDEN[fromLayer]?.includes(toLayer)) return `${fromLayer} imports no ${toLayer} code`;
  if (PAGE.has(fromLayer) && !PAGE.has(toLayer) && !edge.typeOnly && to.path !== PROTOCOL.replace(CODE, '')) {
    return `the page imports engine values only through ${PROTOCOL} (types may cross with \`import type\`)`;
  }
  return undefined;
}

function allEdges(): ImportEdge[] {
  return SOURCE_DIRS.flatMap(listCode).flatMap((path) => parseImports(path, readFileSync(join(ROOT, path), 'utf8')));
}

describe('the import rule', () => {
  it('parses every form of import the code uses', () => {
    const text = [
      "import a from './a';",
      "import type { B } from '../b';",
      'import {\n  type C,\n  type D,\n} from "./cd";',
      "import { type E, f } from './ef';",
      "export { g } from './g';",
      "export type { H } from './h';",
      "import './side-effect.css';",
      "const x = 'import y from nowhere'; import * as z from 'z';",
      "await import('./lazy');",
      "import shader from './k.wgsl?raw';",
    ].join('\n');
    expect(parseImports('src/x.ts', text).map((e) => `${e.specifier}${e.typeOnly ? ' (type)' : ''}`)).toEqual([
      './a',
      '../b (type)',
      './cd (type)',
      './ef',
      './g',
      './h (type)',
      'z',
      './k.wgsl?raw',
      './side-effect.css',
      './lazy',
    ]);
  });

  it('flags each kind of violation', () => {
    const packages = new Set(['react']);
    const check = (from: string, specifier: string, typeOnly = false) => violation({ from, specifier, typeOnly }, packages);
    expect(check('src/kernels/k.ts', '../model/config')).toMatch(/kernels import no other part/);
    expect(check('src/eval/e.ts', '../align/run-events', true)).toMatch(/eval imports no align/);
    expect(check('src/model/m.ts', '../align/x')).toMatch(/model imports no align/);
    expect(check('src/ui/u.ts', '../align/run-config')).toMatch(/only through/);
    expect(check('src/ui/u.ts', '../align/run-config', true)).toBeUndefined();
    expect(check('src/ui/u.ts', '../worker/protocol')).toBeUndefined();
    expect(check('src/data/d.ts', '../../../elsewhere/x')).toMatch(/outside the repository/);
    expect(check('src/data/d.ts', 'left-pad')).toMatch(/does not declare/);
    expect(check('src/ui/u.tsx', 'react')).toBeUndefined();
    expect(check('src/model/m.ts', '../test-utils/onnx-parity')).toMatch(/only tests/);
    expect(check('src/model/m.test.ts', '../test-utils/onnx-parity')).toBeUndefined();
    expect(check('src/worker/protocol.ts', '../error-message')).toBeUndefined();
    expect(check('src/kernels/k.ts', '../error-message')).toMatch(/kernels import no other part/);
  });

  it('holds across the repository', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const packages = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
    const edges = allEdges();
    expect(edges.length).toBeGreaterThan(500);
    const broken = edges.flatMap((edge) => {
      const why = violation(edge, packages);
      return why === undefined ? [] : [`${edge.from} -> ${edge.specifier}: ${why}`];
    });
    expect(broken).toEqual([]);
  });
});
