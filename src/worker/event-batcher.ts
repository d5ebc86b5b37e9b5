/**
 * Posts step events to the page at most every `intervalMs` (charts redraw at that rate, not per
 * step, so drawing never slows training); `flush()` sends at once, for round-level events.
 */
export class EventBatcher<E> {
  private pending: E[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (events: E[]) => void,
    private readonly intervalMs = 200,
  ) {}

  push(event: E): void {
    this.pending.push(event);
    this.timer ??= setTimeout(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.pending.length === 0) return;
    const events = this.pending;
    this.pending = [];
    this.send(events);
  }
}
