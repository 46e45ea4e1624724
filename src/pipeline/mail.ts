// Mail (nodemailer over SMTP) for the reminder digest. Configured by the entry point from
// SMTP_URL, CLAIMS_MAIL_FROM and CLAIMS_MAIL_TO; without them nothing is mailed.
import nodemailer from 'nodemailer';

export interface MailSettings {
  /** smtp://[user:password@]host:port (smtps:// for TLS from the start). */
  url: string;
  from: string;
  to: string[];
}

export function mailSettingsFromEnv(env: NodeJS.ProcessEnv): MailSettings | null {
  const url = env.SMTP_URL?.trim();
  const to = (env.CLAIMS_MAIL_TO ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!url || to.length === 0) return null;
  return { url, from: env.CLAIMS_MAIL_FROM?.trim() || 'claims@localhost', to };
}

export async function sendMail(settings: MailSettings, mail: { subject: string; text: string }): Promise<void> {
  const transport = nodemailer.createTransport(settings.url);
  try {
    await transport.sendMail({ from: settings.from, to: settings.to, subject: mail.subject, text: mail.text });
  } finally {
    transport.close();
  }
}
