// Matmul (contract and bindings: matmul-common.wgsl) for CPU adapters with 4-wide subgroups;
// matmul.ts prepends `enable subgroups;` and the common part. SwiftShader runs a subgroup as one
// 4-lane SIMD register, and there every storage read is a per-lane gather that costs far more
// than arithmetic, so no value is read twice within a subgroup: a subgroup owns 8 rows × 16
// columns of C, each lane 8 rows × 4 adjacent columns. For each slice of 4 k, lane l reads
// op(A)[r][k0 + l] for the 8 rows and subgroupBroadcast hands it to the other lanes; op(B) is read
// by the lane that owns the column. No workgroup memory, no barriers.
//
// Rows and columns past the edge are clamped to the last valid one and k past K reads as zero, so
// the inner loop needs no bounds checks; clamped results are computed and never stored.

const SUBGROUP_ROWS = 8u;
const LANE_COLS = 4u;
const SUBGROUP_COLS = 16u;
// A workgroup is 2 × 2 subgroups, a 16 × 32 tile of C (the lanes entry of matmul-variants.ts dispatches by it).
const TILE_M = 16u;
const TILE_N = 32u;

var<private> bCols: vec4<u32>;
var<private> bStepK: u32;

fn loadB(k: u32) -> vec4<f32> {
  let at = min(k, dims.K - 1u) * bStepK;
  return vec4(B[bCols.x + at], B[bCols.y + at], B[bCols.z + at], B[bCols.w + at]);
}

@compute @workgroup_size(16)
fn main(
  @builtin(local_invocation_index) li: u32,
  @builtin(subgroup_invocation_id) lane: u32,
  @builtin(workgroup_id) wid: vec3<u32>,
) {
  let M = dims.M;
  let N = dims.N;
  let K = dims.K;
  let subgroup = li / 4u;
  let row0 = wid.y * TILE_M + (subgroup / 2u) * SUBGROUP_ROWS;
  let col0 = wid.x * TILE_N + (subgroup % 2u) * SUBGROUP_COLS + lane * LANE_COLS;
  let base = batchBase(wid.z);
  let rLo = base.a + min(row0 + vec4(0u, 1u, 2u, 3u), vec4(M - 1u)) * aRowStep();
  let rHi = base.a + min(row0 + vec4(4u, 5u, 6u, 7u), vec4(M - 1u)) * aRowStep();
  let aStepK = aKStep();
  bCols = base.b + min(col0 + vec4(0u, 1u, 2u, 3u), vec4(N - 1u)) * bColStep();
  bStepK = bKStep();

  var acc0: vec4<f32>; var acc1: vec4<f32>; var acc2: vec4<f32>; var acc3: vec4<f32>;
  var acc4: vec4<f32>; var acc5: vec4<f32>; var acc6: vec4<f32>; var acc7: vec4<f32>;
  var b: vec4<f32>;
  var lo: vec4<f32>;
  var hi: vec4<f32>;
  for (var k0 = 0u; k0 < K; k0 += 4u) {
    let k = k0 + lane;
    let ka = min(k, K - 1u) * aStepK;
    let live = k < K;
    let aLo = select(vec4(0.0), vec4(A[rLo.x + ka], A[rLo.y + ka], A[rLo.z + ka], A[rLo.w + ka]), live);
    let aHi = select(vec4(0.0), vec4(A[rHi.x + ka], A[rHi.y + ka], A[rHi.z + ka], A[rHi.w + ka]), live);
    // Unrolled by hand: subgroupBroadcast wants a constant lane, and SwiftShader keeps only
    // constantly indexed values in registers.
    b = loadB(k0 + 0u);
    lo = subgroupBroadcast(aLo, 0u);
    hi = subgroupBroadcast(aHi, 0u);
    acc0 += lo.x * b; acc1 += lo.y * b; acc2 += lo.z * b; acc3 += lo.w * b;
    acc4 += hi.x * b; acc5 += hi.y * b; acc6 += hi.z * b; acc7 += hi.w * b;
    b = loadB(k0 + 1u);
    lo = subgroupBroadcast(aLo, 1u);
    hi = subgroupBroadcast(aHi, 1u);
    acc0 += lo.x * b; acc1 += lo.y * b; acc2 += lo.z * b; acc3 += lo.w * b;
    acc4 += hi.x * b; acc5 += hi.y * b; acc6 += hi.z * b; acc7 += hi.w * b;
    b = loadB(k0 + 2u);
    lo = subgroupBroadcast(aLo, 2u);
    hi = subgroupBroadcast(aHi, 2u);
    acc0 += lo.x * b; acc1 += lo.y * b; acc2 += lo.z * b; acc3 += lo.w * b;
    acc4 += hi.x * b; acc5 += hi.y * b; acc6 += hi.z * b; acc7 += hi.w * b;
    b = loadB(k0 + 3u);
    lo = subgroupBroadcast(aLo, 3u);
    hi = subgroupBroadcast(aHi, 3u);
    acc0 += lo.x * b; acc1 += lo.y * b; acc2 += lo.z * b; acc3 += lo.w * b;
    acc4 += hi.x * b; acc5 += hi.y * b; acc6 += hi.z * b; acc7 += hi.w * b;
  }

  storeRow(base.c, row0, col0, acc0);
  storeRow(base.c, row0 + 1u, col0, acc1);
  storeRow(base.c, row0 + 2u, col0, acc2);
  storeRow(base.c, row0 + 3u, col0, acc3);
  storeRow(base.c, row0 + 4u, col0, acc4);
  storeRow(base.c, row0 + 5u, col0, acc5);
  storeRow(base.c, row0 + 6u, col0, acc6);
  storeRow(base.c, row0 + 7u, col0, acc7);
}

fn storeRow(baseC: u32, r: u32, col0: u32, v: vec4<f32>) {
  if (r >= dims.M) { return; }
  for (var j = 0u; j < LANE_COLS; j++) {
    let c = col0 + j;
    if (c >= dims.N) { return; }
    storeC(baseC, r, c, v[j]);
  }
}
