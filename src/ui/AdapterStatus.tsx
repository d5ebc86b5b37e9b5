import { useEffect } from 'react';
import { useGpuStore } from './gpu-store';

export function AdapterStatus() {
  const status = useGpuStore((s) => s.status);
  const probe = useGpuStore((s) => s.probe);
  useEffect(() => {
    void probe();
  }, [probe]);
  if (status.state === 'probing') return <p role="status">Looking for a WebGPU adapter…</p>;
  if (status.state === 'unavailable') return <p role="alert" data-testid="gpu-unavailable">{status.message}</p>;
  return (
    <p role="status" data-testid="gpu-adapter">
      WebGPU adapter: {status.adapterName}
      {status.features.length > 0 ? ` (${status.features.join(', ')})` : ''}
    </p>
  );
}
