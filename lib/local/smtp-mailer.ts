/** The Mailer locally: SMTP (nodemailer) into MailDev. The idempotency key becomes the Message-ID. */
import nodemailer from 'nodemailer';
import { MailRejected, type Mailer } from '../ports';

export function smtpMailer(options: { host: string; port: number; from: string }): Mailer {
  const transport = nodemailer.createTransport({ host: options.host, port: options.port, secure: false, ignoreTLS: true });
  return {
    async send(email) {
      const messageId = `<${email.idempotencyKey.replace(/[^A-Za-z0-9._-]/g, '.')}@bookwell.local>`;
      try {
        await transport.sendMail({
          from: options.from,
          to: email.to,
          subject: email.subject,
          html: email.html,
          text: email.text,
          messageId,
          ...(email.headers ? { headers: email.headers } : {}),
          ...(email.attachments ? { attachments: email.attachments } : {}),
        });
      } catch (err) {
        // 5xx: the server refused the message or address for good
        const code = (err as { responseCode?: number }).responseCode;
        if (code && code >= 500) throw new MailRejected(err instanceof Error ? err.message : String(err));
        throw err;
      }
      return { messageId };
    },
  };
}
