import columnSumWgsl from './column-sum.wgsl?raw';
import type { Dispatch } from './dispatch';
import { type Binding, kernelDispatch } from './kernel-dispatch';
import type { GpuRuntime } from './runtime';

/** out = Σ over rows of a rows×cols matrix (a bias gradient; overwrites out). */
export function createColumnSum(rt: GpuRuntime, rows: number, cols: number, io: { m: Binding; out: Binding }, label = 'column sum'): Dispatch {
  return kernelDispatch(rt, {
    code: columnSumWgsl,
    entryPoint: 'main',
    label,
    uniform: new Uint32Array([rows, cols, 0, 0]),
    bindings: [io.m, io.out],
    items: cols,
  });
}
