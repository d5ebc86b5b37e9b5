/**
 * A gate the training loop awaits between steps: open while running, closed while paused.
 * GPU awaits can resolve as microtasks, so a loop of steps may never return to the worker's task
 * queue, where the page's pause and stop messages wait: every YIELD_EVERY_MS the gate gives way
 * for one task (a MessageChannel round trip, not a clamped timer) before it answers.
 */
const YIELD_EVERY_MS = 50;

function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export class PauseGate {
  private closed: { promise: Promise<void>; open: () => void } | null = null;
  private lastYield = performance.now();

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

  wait = async (): Promise<void> => {
    if (performance.now() - this.lastYield >= YIELD_EVERY_MS) {
      await nextTask();
      this.lastYield = performance.now();
    }
    await this.closed?.promise;
  };
}
