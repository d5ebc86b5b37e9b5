/**
 * A fresh clone has nothing beside it: no code, test or config may read or name a path outside
 * the repository (the development machines' ../shared data, or absolute /work paths). The README
 * and docs may quote such paths in commands that reproduce an experiment; code may not.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;
const CODE_DIRS = ['src', 'e2e', 'bench', 'scripts', 'app', 'bin', '.ci'];
const ROOT_CONFIGS = ['package.json', 'tsconfig.json', 'vite.config.ts', 'vitest.config.ts', 'playwright.config.ts'];
const SKIPPED_DIRS = new Set(['node_modules', 'out', 'artifacts']);
const TEXT_FILE = /\.(ts|tsx|mts|js|mjs|cjs|json|html|css|wgsl|sh)$|^run$/;
const THIS_FILE = relative(ROOT, new URL(import.meta.url).pathname);

/** `../shared` (any depth of `../`), and an absolute path under /work. */
const OUTSIDE_PATH = /(\.\.\/)+shared\b|(^|[\s'"`=(,:])\/work(\/|\b)/;

function codeFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : codeFiles(path);
    return TEXT_FILE.test(entry.name) ? [path] : [];
  });
}

function outsidePathLines(text: string): string[] {
  return text.split('\n').flatMap((line, i) => (OUTSIDE_PATH.test(line) ? [`${i + 1}: ${line.trim()}`] : []));
}

describe('no path outside the repository', () => {
  it('recognises the paths it must refuse, and not look-alikes', () => {
    expect(outsidePathLines("const DATA = join(ROOT, '../shared/data');")).toHaveLength(1);
    expect(outsidePathLines("new URL('../../../shared/data/', import.meta.url)")).toHaveLength(1);
    expect(outsidePathLines("const data = '/work/shared/data';")).toHaveLength(1);
    expect(outsidePathLines('cd /work && ls')).toHaveLength(1);
    expect(outsidePathLines("import { x } from '../worker/protocol';\nconst u = 'https://example.org/work/x';\nconst shared = 1;")).toEqual([]);
  });

  it('no code, test or config file names one', () => {
    const files = [...CODE_DIRS.flatMap((dir) => (statSync(join(ROOT, dir), { throwIfNoEntry: false })?.isDirectory() ? codeFiles(dir) : [])), ...ROOT_CONFIGS];
    expect(files.length).toBeGreaterThan(100);
    const offending = files
      .filter((file) => file !== THIS_FILE)
      .flatMap((file) => outsidePathLines(readFileSync(join(ROOT, file), 'utf8')).map((line) => `${file}:${line}`));
    expect(offending, 'use a table under fixtures/tables/ or public/, found by a path relative to the file (import.meta.url)').toEqual([]);
  });
});
