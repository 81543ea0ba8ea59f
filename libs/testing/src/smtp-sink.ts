import { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { waitFor } from './messaging-harness';

export interface ReceivedMail {
  /** Envelope recipients (RCPT TO). */
  to: string[];
  from: string;
  subject: string;
  /** The whole message as received (headers and body). */
  raw: string;
  /** The body of a single-part message, its transfer encoding (quoted-printable, base64) undone. */
  text: string;
  header(name: string): string | undefined;
  receivedAt: Date;
}

/**
 * A real SMTP server on a local port that accepts and keeps every message: point a service's SMTP URL
 * at `url` and read what it sent. Plain SMTP on loopback (no TLS, no AUTH), which is what a test needs.
 */
export class SmtpSink {
  readonly mails: ReceivedMail[] = [];
  /**
   * Connection errors the server reported, such as a sender killed in the middle of a message
   * (ECONNRESET after MAIL FROM). smtp-server emits those on the server; unheard, they would crash the
   * test process, and a sender dying is what the chaos run does on purpose.
   */
  readonly connectionErrors: Error[] = [];
  url = '';
  private server?: SMTPServer;

  async start(): Promise<this> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const headerText = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
          const header = (name: string) => new RegExp(`^${name}:[ \\t]*(.*)$`, 'im').exec(headerText)?.[1]?.trim();
          this.mails.push({
            to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            subject: decodeMimeWords(header('Subject') ?? ''),
            raw,
            text: decodeBody(raw.slice(raw.search(/\r?\n\r?\n/)).trim(), header('Content-Transfer-Encoding')),
            header,
            receivedAt: new Date(),
          });
          done();
        });
      },
    });
    this.server.on('error', (err: Error) => this.connectionErrors.push(err));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', () => resolve()));
    const { port } = (this.server as unknown as { server: { address(): AddressInfo } }).server.address();
    this.url = `smtp://127.0.0.1:${port}`;
    return this;
  }

  /** Messages whose envelope names this recipient. */
  to(address: string): ReceivedMail[] {
    return this.mails.filter((m) => m.to.includes(address.toLowerCase()));
  }

  /** Waits for a message to this recipient that matches, and returns it. */
  async waitFor(address: string, match: (m: ReceivedMail) => boolean = () => true, timeoutMs = 20_000): Promise<ReceivedMail> {
    let found: ReceivedMail | undefined;
    await waitFor(() => !!(found = this.to(address).find(match)), timeoutMs, `an e-mail to ${address}`);
    return found!;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }
}

function decodeBody(body: string, encoding = '7bit'): string {
  switch (encoding.toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable':
      return Buffer.from(
        body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      ).toString('utf8');
    default:
      return body;
  }
}

/** RFC 2047 encoded words (=?UTF-8?B?...?= / =?UTF-8?Q?...?=), enough to read a subject line. */
function decodeMimeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BQ])\?([^?]*)\?=/gi, (_m, _charset: string, enc: string, text: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_h, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'),
    );
}
