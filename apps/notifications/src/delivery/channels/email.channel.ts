import { Inject, Injectable } from '@nestjs/common';
import { DirectoryRepository } from '../../directory/directory.repository';
import { DeliveryPayload } from '../delivery.entity';
import { LoadedDelivery } from '../delivery.repository';
import { DeliveryChannel, DeliveryFailed, SkipDelivery } from './channel';
import { MAIL_TRANSPORT, MailTransport } from './mail-transport';

/**
 * E-mails a person at their current work address (re-read, so a changed address is used), or an
 * addressee outside the directory at the address recorded with the message.
 */
@Injectable()
export class EmailChannel implements DeliveryChannel {
  constructor(
    private readonly directory: DirectoryRepository,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {}

  async send(d: LoadedDelivery): Promise<{ statusCode?: number }> {
    const p = JSON.parse(d.payloadJson) as Extract<DeliveryPayload, { subject: string }>;
    let to = p.to;
    if (!to) {
      const person = await this.directory.findActivePerson(d.recipientId);
      if (!person) throw new SkipDelivery('the person no longer acts for the organisation');
      to = person.email;
    }
    try {
      await this.transport.send({ to, subject: p.subject, text: p.text, language: p.language, messageId: `<${d.id}@notifications.hamkor.uz>` });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      throw new DeliveryFailed(`SMTP refused the message: ${(err as Error).message}`, code);
    }
    return {};
  }
}
