import { connect, Socket } from 'node:net';
import { waitFor } from '../src/messaging-harness';
import { SmtpSink } from '../src/smtp-sink';

/** Reads until the server's reply to the last command (a line "NNN " ends it). */
function reply(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (/(^|\n)\d{3} [^\n]*\r?\n$/.test(text)) {
        socket.off('data', onData);
        resolve(text);
      }
    };
    socket.on('data', onData);
  });
}

describe('SmtpSink', () => {
  it('survives a sender that resets its connection in the middle of a message', async () => {
    const sink = await new SmtpSink().start();
    const { port } = new URL(sink.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.on('error', () => undefined);
    await reply(socket); // 220 greeting
    for (const command of ['EHLO sender', 'MAIL FROM:<a@example.org>', 'RCPT TO:<b@example.org>']) {
      socket.write(`${command}\r\n`);
      await reply(socket);
    }
    socket.resetAndDestroy(); // ECONNRESET on the server's side, inside a transaction (after MAIL FROM)
    await waitFor(() => sink.connectionErrors.length > 0, 5000, 'the reset to be reported');
    expect(sink.connectionErrors.map((e) => (e as NodeJS.ErrnoException).code)).toEqual(['ECONNRESET']);
    expect(sink.mails).toEqual([]);
    await sink.stop();
  });
});
