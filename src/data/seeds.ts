/** A seed derived from (seed, salt), so that parts of one job (groups, draws, retries) never share a random stream. */
export function deriveSeed(seed: number, salt: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) + Math.imul(salt + 1, 0x85ebca6b)) | 0;
}
