import { fork } from 'node:child_process';
import path from 'node:path';

export interface ReceiverCounts {
  unique: number;
  requests: number;
  badSignatures: number;
}

export interface Receiver {
  /** Base URL; endpoints may add a path (`${url}/3`) to be verified with a secret of their own. */
  url: string;
  pid: number;
  /** Sends a message to bench/lib/webhook-receiver.js and resolves with its counts. */
  call(m: object): Promise<ReceiverCounts>;
  stop(): void;
}

/**
 * bench/lib/webhook-receiver.js in a process of its own (off the event loop being measured). When
 * `onArrived` is given, every verified call is reported to it (epoch ms taken by the receiver, and the
 * body) once the receiver is told `{ track: true }`.
 */
export async function startReceiver(onArrived?: (at: number, body: string) => void): Promise<Receiver> {
  const child = fork(path.join(__dirname, 'webhook-receiver.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const { port } = await new Promise<{ port: number }>((r) => child.once('message', (m) => r(m as { port: number })));
  const waiting: Array<(c: ReceiverCounts) => void> = [];
  child.on('message', (m: { arrived?: Array<[number, string]> } & Partial<ReceiverCounts>) => {
    if (m.arrived) for (const [at, body] of m.arrived) onArrived?.(at, body);
    else if (m.unique !== undefined) waiting.shift()?.(m as ReceiverCounts);
  });
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    pid: child.pid!,
    call: (m) =>
      new Promise((r) => {
        waiting.push(r);
        child.send({ ...m, count: true });
      }),
    stop: () => void child.send({ exit: true }),
  };
}
