import { Inject, Injectable } from '@nestjs/common';
import { DirectoryRepository } from '../../directory/directory.repository';
import { LoadedDelivery } from '../delivery.repository';
import { DeliveryChannel, DeliveryFailed, SkipDelivery } from './channel';
import { MAIL_TRANSPORT, MailTransport } from './mail-transport';

/** E-mails a person at their current work address (re-read, so a changed address is used). */
@Injectable()
export class EmailChannel implements DeliveryChannel {
  constructor(
    private readonly directory: DirectoryRepository,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {}

  async send(d: LoadedDelivery): Promise<{ statusCode?: number }> {
    const person = await this.directory.findActivePerson(d.recipientId);
    if (!person) throw new SkipDelivery('the person no longer acts for the organisation');
    const p = d.payload as { subject: string; text: string; language: string };
    try {
      await this.transport.send({ to: person.email, subject: p.subject, text: p.text, language: p.language, messageId: `<${d.id}@notifications.hamkor.uz>` });
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      throw new DeliveryFailed(`SMTP refused the message: ${(err as Error).message}`, code);
    }
    return {};
  }
}
