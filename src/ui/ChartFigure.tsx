import type { ReactNode } from 'react';

/** A titled chart with its point count exposed (tests and screen readers read it, not the SVG). */
export function ChartFigure({
  title,
  points,
  summary,
  children,
  testId,
}: {
  title: string;
  points: number;
  summary: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <figure className="chart" data-testid={testId} data-points={points}>
      <figcaption>{title}</figcaption>
      <div className="chart-body" role="img" aria-label={`${title}: ${summary}`}>
        {points > 0 ? children : <p className="hint">No points yet.</p>}
      </div>
    </figure>
  );
}
