import { useEffect } from 'react';
import { useGpuStore } from './gpu-store';

export function AdapterStatus() {
  const status = useGpuStore((s) => s.status);
  const probe = useGpuStore((s) => s.probe);
  useEffect(() => {
    void probe();
  }, [probe]);
  if (status.state === 'probing') return <p role="status">Looking for a WebGPU adapter…</p>;
  if (status.state === 'unavailable')
    return (
      <div role="alert" className="banner banner-error" data-testid="gpu-unavailable">
        <p>{status.message}</p>
        <p>You can still open past runs below and download their reports and checkpoints.</p>
      </div>
    );
  return (
    <p role="status" className="adapter" data-testid="gpu-adapter">
      WebGPU adapter: {status.adapterName}
      {status.features.length > 0 ? ` (${status.features.join(', ')})` : ''}
    </p>
  );
}
