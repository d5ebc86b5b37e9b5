// Embedding of ONE position per row for the sampler's incremental step:
// x[row, j] = wte[tokens[row·seqLen + pos], j] + wpe[pos, j].

struct Dims { rows: u32, seqLen: u32, dim: u32, pos: u32 }

@group(0) @binding(0) var<uniform> dims: Dims;
@group(0) @binding(1) var<storage, read> tokens: array<u32>;
@group(0) @binding(2) var<storage, read> wte: array<f32>;
@group(0) @binding(3) var<storage, read> wpe: array<f32>;
@group(0) @binding(4) var<storage, read_write> x: array<f32>;

@compute @workgroup_size(THREADS)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= dims.rows * dims.dim) { return; }
  let row = i / dims.dim;
  let j = i % dims.dim;
  x[i] = wte[tokens[row * dims.seqLen + dims.pos] * dims.dim + j] + wpe[dims.pos * dims.dim + j];
}
