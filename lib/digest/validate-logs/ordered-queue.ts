/**
 * A FIFO of pending results: a producer pushes promises (or values) in the order they must be
 * reported, and the consumer gets them in that order however they complete. This is how log files
 * hash concurrently while the report keeps the CLI's order. A failure is pushed at its position,
 * so everything before it is still reported, as when the CLI aborts mid-run.
 */
export class OrderedQueue<T> {
  private readonly items: Array<Promise<T>> = [];
  private closed = false;
  private wake: (() => void) | undefined;
  private roomWaiters: Array<() => void> = [];
  /** Set when the consumer stopped early; producers check it and stop. */
  cancelled = false;

  constructor(private readonly capacity = 4096) {}

  private notify(): void {
    this.wake?.();
    this.wake = undefined;
  }

  /** Appends a result; a rejected promise is reported (thrown to the consumer) at this position. */
  push(item: T | Promise<T>): void {
    const promise = Promise.resolve(item);
    promise.catch(() => {}); // reported when drained, not as unhandled
    this.items.push(promise);
    this.notify();
  }

  /** Appends a failure at this position and ends the queue. */
  fail(error: unknown): void {
    this.push(Promise.reject(error));
    this.close();
  }

  close(): void {
    this.closed = true;
    this.notify();
  }

  /** Resolves when the queue has room: bounds how far a producer runs ahead of the consumer. */
  async room(): Promise<void> {
    while (this.items.length >= this.capacity && !this.cancelled) {
      await new Promise<void>((resolve) => this.roomWaiters.push(resolve));
    }
  }

  /** Yields the results in push order; throws the first failure at its position. */
  async *drain(): AsyncGenerator<T> {
    try {
      for (;;) {
        const next = this.items.shift();
        if (next === undefined) {
          if (this.closed) return;
          await new Promise<void>((resolve) => {
            this.wake = resolve;
          });
          continue;
        }
        for (const waiter of this.roomWaiters.splice(0)) waiter();
        yield await next;
      }
    } finally {
      this.cancelled = true;
      for (const waiter of this.roomWaiters.splice(0)) waiter();
    }
  }
}
