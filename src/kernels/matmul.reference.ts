/** float64 reference of matmul.wgsl, plus the per-element forward-error bound of f32 summation. */
export interface MatmulReferenceInput {
  M: number;
  N: number;
  K: number;
  transA: boolean;
  transB: boolean;
  a: Float32Array;
  b: Float32Array;
  bias?: Float32Array;
  c0?: Float32Array;
}

export function matmulReference(p: MatmulReferenceInput): { value: Float64Array; absSum: Float64Array } {
  const { M, N, K, transA, transB, a, b } = p;
  const value = new Float64Array(M * N);
  const absSum = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let sum = 0;
      let abs = 0;
      for (let k = 0; k < K; k++) {
        const x = transA ? a[k * M + m] : a[m * K + k];
        const y = transB ? b[n * K + k] : b[k * N + n];
        sum += x * y;
        abs += Math.abs(x * y);
      }
      if (p.bias) {
        sum += p.bias[n];
        abs += Math.abs(p.bias[n]);
      }
      if (p.c0) {
        sum += p.c0[m * N + n];
        abs += Math.abs(p.c0[m * N + n]);
      }
      value[m * N + n] = sum;
      absSum[m * N + n] = abs;
    }
  }
  return { value, absSum };
}

/**
 * Higham's bound for recursive f32 summation of n terms: |fl(s) - s| <= gamma_n * sum|terms|,
 * gamma_n = n*u / (1 - n*u), u = 2^-24. Any order of summation (tiles, vec4 lanes) satisfies it.
 */
export function f32SumErrorBound(terms: number, absSum: number): number {
  const u = 2 ** -24;
  const gamma = (terms * u) / (1 - terms * u);
  return gamma * absSum + Number.MIN_VALUE;
}
