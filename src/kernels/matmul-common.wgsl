// Shared by every matmul variant (matmul.ts prepends it): C[z] = op(A[z]) · op(B[z]) (+ bias) (+ C[z]),
// f32. op(A) is M×K, stored M×K or, with TRANS_A, K×M; op(B) is K×N, stored K×N or, with TRANS_B,
// N×K; C is M×N. Stored rows are lda / ldb / ldc floats apart (a head's slice of a wider row).
// Product z of the batch starts at offset + (z / innerBatch)·outer + (z % innerBatch)·stride in each
// buffer, so a batch can walk two axes at once, e.g. (sequence, head) of attention, and start
// anywhere in a row, e.g. at the keys of packed [q | k | v] rows.

override TRANS_A: bool = false;
override TRANS_B: bool = false;
override HAS_BIAS: bool = false;
override ACCUMULATE: bool = false;

struct Dims {
  M: u32, N: u32, K: u32, innerBatch: u32,
  strideA: u32, strideB: u32, strideC: u32, lda: u32,
  outerA: u32, outerB: u32, outerC: u32, ldb: u32,
  ldc: u32, offsetA: u32, offsetB: u32, offsetC: u32,
}

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> C: array<f32>;

struct BatchBase { a: u32, b: u32, c: u32 }

fn batchBase(z: u32) -> BatchBase {
  let outer = z / dims.innerBatch;
  let inner = z % dims.innerBatch;
  return BatchBase(
    dims.offsetA + outer * dims.outerA + inner * dims.strideA,
    dims.offsetB + outer * dims.outerB + inner * dims.strideB,
    dims.offsetC + outer * dims.outerC + inner * dims.strideC,
  );
}

// Steps between consecutive rows (i) and consecutive k of op(A), and between k and columns (j) of op(B).
fn aRowStep() -> u32 { return select(dims.lda, 1u, TRANS_A); }
fn aKStep() -> u32 { return select(1u, dims.lda, TRANS_A); }
fn bKStep() -> u32 { return select(dims.ldb, 1u, TRANS_B); }
fn bColStep() -> u32 { return select(1u, dims.ldb, TRANS_B); }

// Writes one output (bias, accumulation) at row r, column c of product z's C.
fn storeC(baseC: u32, r: u32, c: u32, value: f32) {
  var v = value;
  if (HAS_BIAS) { v += bias[c]; }
  let at = baseC + r * dims.ldc + c;
  if (ACCUMULATE) { v += C[at]; }
  C[at] = v;
}
