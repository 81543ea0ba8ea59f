import { OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  language: string;
  /** Stable per message, so a receiving system can drop a duplicate after a crash between send and record. */
  messageId: string;
}

/** Where e-mail is handed over; a small seam so the worker does not care how. */
export interface MailTransport {
  send(m: MailMessage): Promise<void>;
  close(): void;
}

export const MAIL_TRANSPORT = Symbol('MAIL_TRANSPORT');

/** Real SMTP through nodemailer, with a pool of connections. */
export class SmtpMailTransport implements MailTransport, OnApplicationShutdown {
  private readonly transporter: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transporter = nodemailer.createTransport(smtpUrl, { pool: true, maxConnections: 5 } as object);
  }

  async send(m: MailMessage): Promise<void> {
    await this.transporter.sendMail({
      from: this.from,
      to: m.to,
      subject: m.subject,
      text: m.text,
      messageId: m.messageId,
      headers: { 'Content-Language': m.language },
    });
  }

  close(): void {
    this.transporter.close();
  }

  onApplicationShutdown(): void {
    this.close();
  }
}
