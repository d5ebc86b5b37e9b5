import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ADAMW_UNIFORM } from './adamw';
import { OBJECTIVE_UNIFORM } from './objective';
import { PICK_CALL_UNIFORM, PICK_STEP_UNIFORM } from './sample-pick';
import { type UniformLayout, uniformLayout } from './uniform-layout';

/** The named fields of a WGSL struct (padding fields start with `_`), in camelCase, with their types. */
function structFields(wgslFile: string, struct: string): { fields: Array<[string, string]>; bytes: number } {
  const source = readFileSync(join(import.meta.dirname, wgslFile), 'utf8');
  const body = new RegExp(`struct\\s+${struct}\\s*\\{([^}]*)\\}`).exec(source)?.[1];
  if (body === undefined) throw new Error(`no struct ${struct} in ${wgslFile}`);
  const all = [...body.matchAll(/(\w+)\s*:\s*(\w+)/g)].map(([, name, type]) => [name, type] as [string, string]);
  const camel = (name: string) => name.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
  return { fields: all.filter(([name]) => !name.startsWith('_')).map(([name, type]) => [camel(name), type]), bytes: all.length * 4 };
}

describe('uniform layouts', () => {
  const cases: Array<[string, UniformLayout<never>, string, string]> = [
    ['adamw', ADAMW_UNIFORM, 'adamw.wgsl', 'Hyper'],
    ['objective', OBJECTIVE_UNIFORM, 'objective.wgsl', 'Params'],
    ['sample-pick call', PICK_CALL_UNIFORM, 'sample-pick.wgsl', 'Call'],
    ['sample-pick step', PICK_STEP_UNIFORM, 'sample-pick.wgsl', 'Step'],
  ];
  it.each(cases)('%s: the field list matches its WGSL struct, in order, with its size', (_, layout, file, struct) => {
    const wgsl = structFields(file, struct);
    expect(layout.fields).toEqual(wgsl.fields);
    expect(layout.bytes).toBe(wgsl.bytes);
  });

  it('packs each field at 4 bytes times its index, floats and unsigned ints as such, padding zeroed', () => {
    const layout = uniformLayout<{ a: number; n: number; b: number }>([
      ['a', 'f32'],
      ['n', 'u32'],
      ['b', 'f32'],
    ]);
    const bytes = layout.pack({ a: 0.1, n: 4_000_000_000, b: -2 });
    expect(bytes.byteLength).toBe(16);
    const view = new DataView(bytes);
    expect(view.getFloat32(0, true)).toBe(Math.fround(0.1));
    expect(view.getUint32(4, true)).toBe(4_000_000_000);
    expect(view.getFloat32(8, true)).toBe(-2);
    expect(view.getUint32(12, true)).toBe(0);
  });
});
