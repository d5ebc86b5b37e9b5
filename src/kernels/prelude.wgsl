// Prepended to every one-dimensional kernel (prelude.ts). THREADS, the invocations per workgroup, is
// set by the host from THREADS in prelude.ts, so the WGSL and the dispatch sizes cannot disagree.
override THREADS: u32;

// The invocation's index over the 2-D grid that kernelDispatch spreads large dispatches over.
fn flat_index(wid: vec3<u32>, nwg: vec3<u32>, lid: vec3<u32>) -> u32 {
  return (wid.y * nwg.x + wid.x) * THREADS + lid.x;
}
