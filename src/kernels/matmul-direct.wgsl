// Matmul (contract and bindings: matmul-common.wgsl) for CPU adapters without subgroups.
// Register blocking WITHOUT workgroup memory: each of the 8×8 invocations of a workgroup keeps
// an 8×8 block of C in registers and reads its 8 rows of op(A) and 8 columns of op(B) straight
// from global memory. No barriers, which is what a CPU adapter (SwiftShader) wants; a discrete
// GPU prefers the shared-memory tiles of matmul.wgsl.
//
// Rows and columns past the edge are clamped to the last valid one, so the inner loop needs no
// bounds checks; their results are computed and never stored.

const BLOCK = 8u;
const TILE = 64u; // BLOCK × workgroup side

fn clampedRows(first: u32, limit: u32) -> array<u32, 8> {
  var out: array<u32, 8>;
  for (var i = 0u; i < BLOCK; i++) { out[i] = min(first + i, limit - 1u); }
  return out;
}

@compute @workgroup_size(8, 8)
fn main(@builtin(local_invocation_id) lid: vec3<u32>, @builtin(workgroup_id) wid: vec3<u32>) {
  let M = dims.M;
  let N = dims.N;
  let K = dims.K;
  let row0 = wid.y * TILE + lid.y * BLOCK;
  let col0 = wid.x * TILE + lid.x * BLOCK;
  let rows = clampedRows(row0, M);
  let cols = clampedRows(col0, N);

  let base = batchBase(wid.z);
  let aLo = base.a + vec4(rows[0], rows[1], rows[2], rows[3]) * aRowStep();
  let aHi = base.a + vec4(rows[4], rows[5], rows[6], rows[7]) * aRowStep();
  let bLo = base.b + vec4(cols[0], cols[1], cols[2], cols[3]) * bColStep();
  let bHi = base.b + vec4(cols[4], cols[5], cols[6], cols[7]) * bColStep();
  let aStepK = aKStep();
  let bStepK = bKStep();

  // acc[2 * i] holds columns 0..3 of row i, acc[2 * i + 1] columns 4..7.
  var acc: array<vec4<f32>, 16>;
  var ka = 0u;
  var kb = 0u;
  for (var k = 0u; k < K; k++) {
    let a0 = vec4(A[aLo.x + ka], A[aLo.y + ka], A[aLo.z + ka], A[aLo.w + ka]);
    let a1 = vec4(A[aHi.x + ka], A[aHi.y + ka], A[aHi.z + ka], A[aHi.w + ka]);
    let b0 = vec4(B[bLo.x + kb], B[bLo.y + kb], B[bLo.z + kb], B[bLo.w + kb]);
    let b1 = vec4(B[bHi.x + kb], B[bHi.y + kb], B[bHi.z + kb], B[bHi.w + kb]);
    acc[0] += a0.x * b0; acc[1] += a0.x * b1;
    acc[2] += a0.y * b0; acc[3] += a0.y * b1;
    acc[4] += a0.z * b0; acc[5] += a0.z * b1;
    acc[6] += a0.w * b0; acc[7] += a0.w * b1;
    acc[8] += a1.x * b0; acc[9] += a1.x * b1;
    acc[10] += a1.y * b0; acc[11] += a1.y * b1;
    acc[12] += a1.z * b0; acc[13] += a1.z * b1;
    acc[14] += a1.w * b0; acc[15] += a1.w * b1;
    ka += aStepK;
    kb += bStepK;
  }

  for (var i = 0u; i < BLOCK; i++) {
    let r = row0 + i;
    if (r >= M) { break; }
    for (var j = 0u; j < BLOCK; j++) {
      let c = col0 + j;
      if (c >= N) { break; }
      storeC(base.c, r, c, acc[2u * i + j / 4u][j % 4u]);
    }
  }
}
