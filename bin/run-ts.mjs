#!/usr/bin/env node
// Runs a TypeScript entry point of this project in Node: tsx for TypeScript, plus `?raw` imports.
import { register } from 'node:module';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { register as registerTsx } from 'tsx/esm/api';

register('./raw-hooks.mjs', import.meta.url);
registerTsx();

const [entry, ...rest] = process.argv.slice(2);
if (!entry) {
  console.error('usage: run-ts.mjs ENTRY.ts [args...]');
  process.exit(2);
}
process.argv = [process.argv[0], entry, ...rest];
await import(pathToFileURL(resolve(entry)).href);
