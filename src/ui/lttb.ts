/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson 2013): keeps the first and last point
 * and, per bucket, the point spanning the largest triangle with its neighbours, so a live curve
 * stays a few hundred SVG points however long the run gets.
 */
export function lttb<T>(points: readonly T[], threshold: number, x: (p: T) => number, y: (p: T) => number): T[] {
  if (threshold >= points.length || threshold < 3) return points.slice();
  const out: T[] = [points[0]];
  const bucketSize = (points.length - 2) / (threshold - 2);
  let anchor = 0;
  for (let b = 0; b < threshold - 2; b++) {
    const start = Math.floor(b * bucketSize) + 1;
    const end = Math.floor((b + 1) * bucketSize) + 1;
    const nextStart = end;
    const nextEnd = Math.min(points.length, Math.floor((b + 2) * bucketSize) + 1);
    let avgX = 0;
    let avgY = 0;
    for (let i = nextStart; i < nextEnd; i++) {
      avgX += x(points[i]);
      avgY += y(points[i]);
    }
    const count = Math.max(1, nextEnd - nextStart);
    avgX /= count;
    avgY /= count;
    const ax = x(points[anchor]);
    const ay = y(points[anchor]);
    let best = start;
    let bestArea = -1;
    for (let i = start; i < end; i++) {
      const area = Math.abs((ax - avgX) * (y(points[i]) - ay) - (ax - x(points[i])) * (avgY - ay));
      if (area > bestArea) {
        bestArea = area;
        best = i;
      }
    }
    out.push(points[best]);
    anchor = best;
  }
  out.push(points[points.length - 1]);
  return out;
}
