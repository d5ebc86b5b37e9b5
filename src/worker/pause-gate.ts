/** A gate the training loop awaits between steps: open while running, closed while paused. */
export class PauseGate {
  private closed: { promise: Promise<void>; open: () => void } | null = null;

  get paused(): boolean {
    return this.closed !== null;
  }

  pause(): void {
    if (this.closed) return;
    let open!: () => void;
    const promise = new Promise<void>((resolve) => (open = resolve));
    this.closed = { promise, open };
  }

  resume(): void {
    this.closed?.open();
    this.closed = null;
  }

  wait = (): Promise<void> => this.closed?.promise ?? Promise.resolve();
}
