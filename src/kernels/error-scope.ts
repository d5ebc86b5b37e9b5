/** Runs fn and fails with the device's validation or out-of-memory error if it raised one. */
export async function withErrorScope<T>(device: GPUDevice, fn: () => T | Promise<T>): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  const result = await fn();
  const validation = await device.popErrorScope();
  const oom = await device.popErrorScope();
  const error = validation ?? oom;
  if (error) throw new Error(`WebGPU error: ${error.message}`);
  return result;
}
