import { acquireNodeGpu } from '/work/main/src/kernels/node-gpu';
import { createRuntime } from '/work/main/src/kernels/runtime';
import { createMatmul } from '/work/main/src/kernels/matmul';
import { createMatmulDirect } from '/work/main/src/kernels/matmul-direct';
import { benchMatmul } from '/work/main/bench/matmul-bench';
import { SQUARE_SHAPES, modelMatmulShapes, BENCH_CONFIG } from '/work/main/bench/shapes';
const ctx = await acquireNodeGpu(); const rt = createRuntime(ctx);
console.log(ctx.adapterName, ctx.features);
for (const s of [...SQUARE_SHAPES, ...modelMatmulShapes(BENCH_CONFIG, 32)]) {
  for (const k of [{name:'tiled', create: createMatmul}, {name:'direct', create: createMatmulDirect}]) {
    const r = await benchMatmul(rt, k, s, { minSeconds: 0.3, minReps: 2 });
    console.log(k.name.padEnd(8), s.name.padEnd(20), r.gflops.toFixed(2), r.reps);
  }
}
