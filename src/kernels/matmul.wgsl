// Matmul through workgroup-memory tiles (contract and bindings: matmul-common.wgsl), the variant
// for discrete GPUs.
// A workgroup of 16×16 invocations computes a 64×64 tile of C; each invocation a 4×4 block
// in registers. K is walked in slices of 16 through workgroup memory.

const TM = 64u;
const TN = 64u;
const TK = 16u;
const THREADS = 256u;

var<workgroup> tileA: array<f32, 1024>; // [TK][TM]
var<workgroup> tileB: array<f32, 1024>; // [TK][TN]

fn loadA(base: u32, m: u32, k: u32) -> f32 {
  if (m >= dims.M || k >= dims.K) { return 0.0; }
  return A[base + m * aRowStep() + k * aKStep()];
}

fn loadB(base: u32, k: u32, n: u32) -> f32 {
  if (k >= dims.K || n >= dims.N) { return 0.0; }
  return B[base + k * bKStep() + n * bColStep()];
}

@compute @workgroup_size(16, 16)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let row0 = wid.y * TM;
  let col0 = wid.x * TN;
  let base = batchBase(wid.z);
  let tid = lid.y * 16u + lid.x;
  var acc: array<vec4<f32>, 4>;

  for (var k0 = 0u; k0 < dims.K; k0 += TK) {
    for (var i = 0u; i < 4u; i++) {
      let idx = tid + i * THREADS;
      // Walk memory contiguously: along m when A is stored K×M, along k otherwise.
      var kk: u32; var mm: u32;
      if (TRANS_A) { kk = idx / TM; mm = idx % TM; } else { mm = idx / TK; kk = idx % TK; }
      tileA[kk * TM + mm] = loadA(base.a, row0 + mm, k0 + kk);
      var kb: u32; var nn: u32;
      if (TRANS_B) { nn = idx / TK; kb = idx % TK; } else { kb = idx / TN; nn = idx % TN; }
      tileB[kb * TN + nn] = loadB(base.b, k0 + kb, col0 + nn);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk++) {
      let a = vec4<f32>(tileA[kk * TM + lid.y * 4u], tileA[kk * TM + lid.y * 4u + 1u],
                        tileA[kk * TM + lid.y * 4u + 2u], tileA[kk * TM + lid.y * 4u + 3u]);
      let b = vec4<f32>(tileB[kk * TN + lid.x * 4u], tileB[kk * TN + lid.x * 4u + 1u],
                        tileB[kk * TN + lid.x * 4u + 2u], tileB[kk * TN + lid.x * 4u + 3u]);
      acc[0] += a.x * b;
      acc[1] += a.y * b;
      acc[2] += a.z * b;
      acc[3] += a.w * b;
    }
    workgroupBarrier();
  }

  for (var i = 0u; i < 4u; i++) {
    let r = row0 + lid.y * 4u + i;
    if (r >= dims.M) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let c = col0 + lid.x * 4u + j;
      if (c >= dims.N) { continue; }
      storeC(base.c, r, c, acc[i][j]);
    }
  }
}
