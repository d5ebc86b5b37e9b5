import { acquireNodeGpu } from '../kernels/node-gpu';

export async function run(): Promise<void> {
  const ctx = await acquireNodeGpu();
  console.log(`adapter: ${ctx.adapterName}`);
  console.log(
    `features: ${
      Object.entries(ctx.features)
        .filter(([, on]) => on)
        .map(([name]) => name)
        .join(', ') || 'none'
    }`,
  );
  console.log(`max storage binding: ${(ctx.limits.maxStorageBufferBindingSize / 2 ** 20).toFixed(0)} MiB`);
  ctx.device.destroy();
}
