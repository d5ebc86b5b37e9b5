import type { Dispatch } from './dispatch';
import { type Binding, kernelDispatch } from './kernel-dispatch';
import layerNormWgsl from './layernorm.wgsl?raw';
import type { GpuRuntime } from './runtime';

export interface LayerNormShape {
  rows: number;
  dim: number;
  /** Floats from gamma's start to beta's start inside the gamma/beta binding. */
  betaOffset: number;
}

const dimsOf = (s: LayerNormShape) => new Uint32Array([s.rows, s.dim, s.betaOffset, 0]);

/**
 * y = LN(input)·gamma + beta; stats gets (mean, rstd) per row. With `residual`, input = x + residual.delta
 * and the sum is written to residual.sum (the fused residual add).
 */
export function createLayerNormForward(
  rt: GpuRuntime,
  shape: LayerNormShape,
  io: { x: Binding; residual?: { delta: Binding; sum: Binding }; out: Binding; stats: Binding; gammaBeta: Binding },
  label = 'layernorm forward',
): Dispatch {
  return kernelDispatch(rt, {
    code: layerNormWgsl,
    entryPoint: 'forward',
    label,
    uniform: dimsOf(shape),
    constants: { HAS_RESIDUAL: !!io.residual },
    // Without a residual, b is never read: bind x again (read-only aliasing is allowed).
    bindings: [io.x, io.residual?.delta ?? io.x, io.residual?.sum ?? rt.unused, io.out, io.stats, io.gammaBeta],
    items: shape.rows,
  });
}

/**
 * dx (+)= ∂LN/∂x·dout (accumulate: dx already holds the residual stream's gradient), and the
 * gamma/beta gradients (overwritten). x is the LayerNorm's input as saved by the forward.
 */
export function createLayerNormBackward(
  rt: GpuRuntime,
  shape: LayerNormShape,
  io: { dout: Binding; x: Binding; stats: Binding; gammaBeta: Binding; dx: Binding; dGammaBeta: Binding; accumulate: boolean },
  label = 'layernorm backward',
): Dispatch[] {
  return [
    kernelDispatch(rt, {
      code: layerNormWgsl,
      entryPoint: 'backward',
      label,
      uniform: dimsOf(shape),
      constants: { ACCUMULATE: io.accumulate },
      bindings: [io.dout, io.x, io.stats, io.gammaBeta, io.dx],
      items: shape.rows,
    }),
    kernelDispatch(rt, {
      code: layerNormWgsl,
      entryPoint: 'backward_params',
      label: `${label} params`,
      uniform: dimsOf(shape),
      bindings: [io.dout, io.x, io.stats, io.dGammaBeta],
      items: shape.dim,
    }),
  ];
}
