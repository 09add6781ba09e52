/**
 * Resolves on the next macrotask. A MessageChannel turn is not clamped to 4 ms the way nested
 * setTimeout(0) is, so yielding after every batch costs microseconds, yet lets pending messages
 * (pause, stop), fetches of streaming shards and, on the main thread, rendering run.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
