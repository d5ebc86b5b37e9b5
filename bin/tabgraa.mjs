#!/usr/bin/env node
import { register } from 'node:module';
import { register as registerTsx } from 'tsx/esm/api';

register('./raw-hooks.mjs', import.meta.url);
registerTsx();
await import('../src/cli/main.ts');
