/**
 * The Mailer in AWS: SES v2 SendEmail from the configured identity, through the configuration set (its event
 * destinations and the account's suppression list handle bounces and complaints). Raw MIME (nodemailer's stream
 * transport builds it) so the invite and the List-Unsubscribe headers travel as they do locally.
 */
import {
  MessageRejected,
  SendEmailCommand,
  SESv2Client,
  AccountSuspendedException,
  MailFromDomainNotVerifiedException,
} from '@aws-sdk/client-sesv2';
import nodemailer from 'nodemailer';
import { MailRejected, type Mailer } from '../ports';

export function sesMailer(options: { from: string; configurationSet?: string; client?: SESv2Client }): Mailer {
  const client = options.client ?? new SESv2Client({});
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true });
  return {
    async send(email) {
      const built = await builder.sendMail({
        from: options.from,
        to: email.to,
        subject: email.subject,
        html: email.html,
        text: email.text,
        messageId: `<${email.idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '.')}@bookwell>`,
        ...(email.headers ? { headers: email.headers } : {}),
        ...(email.attachments ? { attachments: email.attachments } : {}),
      });
      try {
        const out = await client.send(
          new SendEmailCommand({
            FromEmailAddress: options.from,
            Destination: { ToAddresses: [email.to] },
            Content: { Raw: { Data: built.message as Buffer } },
            ...(options.configurationSet ? { ConfigurationSetName: options.configurationSet } : {}),
          }),
        );
        return { messageId: out.MessageId ?? '' };
      } catch (err) {
        if (err instanceof MessageRejected || err instanceof AccountSuspendedException || err instanceof MailFromDomainNotVerifiedException)
          throw new MailRejected(err.message);
        throw err;
      }
    },
  };
}
