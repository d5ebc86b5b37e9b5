import type { Dispatch } from './dispatch';
import geluWgsl from './gelu.wgsl?raw';
import { type Binding, kernelDispatch } from './kernel-dispatch';
import type { GpuRuntime } from './runtime';

export function createGeluForward(rt: GpuRuntime, count: number, io: { x: Binding; out: Binding }): Dispatch {
  return kernelDispatch(rt, {
    code: geluWgsl,
    entryPoint: 'forward',
    label: 'gelu forward',
    uniform: new Uint32Array([count, 0, 0, 0]),
    bindings: [io.x, io.out],
    items: count,
  });
}

/** In place: grad ← grad·GELU'(x), x the GELU's saved input. */
export function createGeluBackward(rt: GpuRuntime, count: number, io: { x: Binding; grad: Binding }): Dispatch {
  return kernelDispatch(rt, {
    code: geluWgsl,
    entryPoint: 'backward',
    label: 'gelu backward',
    uniform: new Uint32Array([count, 0, 0, 0]),
    bindings: [io.x, io.grad],
    items: count,
  });
}
