// Every mail template renders a subject, a plain-text and an HTML body from checked params; values
// are escaped in HTML, links are absolute, and bad params are refused naming the template and field.
import { templates, type MailTemplateName } from '../../src/mail/templates';
import { MailTemplateError, renderMail, type MailParams } from '../../src/mail/render';

const config = { PUBLIC_URL: 'https://app.vitalis.test/' };
const TOKEN = 'a'.repeat(64);

const samples: { [N in MailTemplateName]: MailParams<N> } = {
  email_verification: { link: '/verify-email?token=' + TOKEN, token: TOKEN, expiresInMinutes: 1440 },
  password_reset: { link: 'https://app.vitalis.test/reset-password?token=' + TOKEN, token: TOKEN, expiresInMinutes: 60 },
  export_ready: { downloadUrl: 'https://s3.example.com/exports/x.zip?X-Amz-Signature=abc&b=1', expiresAt: '2026-12-13T06:00:00Z', format: 'json', sizeBytes: 1_234_567 },
  deletion_requested: { graceEndsAt: '2027-01-05T06:00:00.123456+00:00', cancelUrl: '/account/deletion/cancel' },
  deletion_cancelled: {},
  deletion_completed: { completedAt: '2027-01-05T06:00:00Z' },
  household_invite: { inviterName: 'Ada', token: TOKEN, expiresAt: '2026-12-13T06:00:00Z' },
  billing_payment_failed: { tier: 'family' },
  goal_alert: { message: 'Weight 180.8 lbs is above your alert threshold of 176.4 lbs', metric: 'Weight', side: 'high', observedAt: '2026-11-02T00:00:00+00:00', alertId: '3f1c2a4e-8d0b-4c5e-9a7f-1b2c3d4e5f60' },
  backup_restore_failed: { objectKey: 'backups/daily/2026-12-06T020000.000Z.copy.gz', error: 'restore: 1 table(s) differ from the manifest', failedAt: '2026-12-06T04:00:00Z' },
};

describe.each(Object.keys(templates) as MailTemplateName[])('%s', (name) => {
  test('renders a subject, a text body and a whole HTML page', () => {
    const mail = renderMail(name, samples[name], config);
    expect(mail.subject.length).toBeGreaterThan(5);
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.text.length).toBeGreaterThan(20);
    expect(mail.text).not.toMatch(/<\w+/);
    expect(mail.html).toMatch(/^<!doctype html>/);
    expect(mail.html).toContain(`<title>${mail.subject.replace(/'/g, '&#39;')}</title>`);
  });

  test('every link is absolute, relative ones under PUBLIC_URL', () => {
    const mail = renderMail(name, samples[name], config);
    for (const href of [...mail.html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!)) {
      expect(href).toMatch(/^https:\/\/(app\.vitalis\.test|s3\.example\.com)\//);
    }
    expect(mail.text).not.toMatch(/\s\/[a-z]/);
  });
});

test('time, duration and size params read the same for every reader', () => {
  expect(renderMail('export_ready', samples.export_ready, config).text).toContain('(JSON, 1.2 MB)');
  expect(renderMail('export_ready', samples.export_ready, config).text).toContain('until 13 Dec 2026, 06:00 UTC');
  expect(renderMail('email_verification', samples.email_verification, config).text).toContain('within 24 hours');
  expect(renderMail('password_reset', samples.password_reset, config).text).toContain('within 60 minutes');
});

test('the token mails keep the token line auth clients and tests read', () => {
  const mail = renderMail('email_verification', samples.email_verification, config);
  expect(mail.subject).toBe('Confirm your email for Vitalis');
  expect(mail.text).toContain(`Open https://app.vitalis.test/verify-email?token=${TOKEN}\nor use this token: ${TOKEN}`);
  expect(renderMail('password_reset', samples.password_reset, config).subject).toBe('Reset your Vitalis password');
});

test('the household invite links to /household/accept with the token unless acceptUrl is given', () => {
  const mail = renderMail('household_invite', samples.household_invite, config);
  expect(mail.text).toContain(`Accept: https://app.vitalis.test/household/accept?token=${TOKEN}`);
  expect(mail.html).toContain(`href="https://app.vitalis.test/household/accept?token=${TOKEN}"`);
  const given = renderMail('household_invite', { ...samples.household_invite, acceptUrl: 'https://other.vitalis.test/join?t=1' }, config);
  expect(given.text).toContain('Accept: https://other.vitalis.test/join?t=1');
});

test('HTML escapes every value; the text body keeps them as written', () => {
  const inviterName = `<script>alert("x")</script> & O'Brien`;
  const mail = renderMail('household_invite', { ...samples.household_invite, inviterName }, config);
  expect(mail.html).not.toContain('<script>');
  expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; O&#39;Brien');
  expect(mail.text).toContain(inviterName);
  // A link's query string is escaped inside the attribute too.
  const exported = renderMail('export_ready', samples.export_ready, config);
  expect(exported.html).toContain('href="https://s3.example.com/exports/x.zip?X-Amz-Signature=abc&amp;b=1"');
});

test('bad params are refused naming the template and the field', () => {
  const cases: Array<[string, unknown, string]> = [
    ['export_ready', { ...samples.export_ready, sizeBytes: '12' }, 'sizeBytes'],
    ['export_ready', { ...samples.export_ready, format: 'xml' }, 'format'],
    ['export_ready', { ...samples.export_ready, expiresAt: 'tomorrow' }, 'expiresAt'],
    ['deletion_requested', { ...samples.deletion_requested, cancelUrl: 'javascript:alert(1)' }, 'cancelUrl'],
    ['deletion_requested', { ...samples.deletion_requested, cancelUrl: '//evil.example.com/x' }, 'cancelUrl'],
    ['email_verification', { ...samples.email_verification, expiresInMinutes: 0 }, 'expiresInMinutes'],
    ['household_invite', { ...samples.household_invite, inviterName: '' }, 'inviterName'],
    ['household_invite', { inviterName: 'Ada', expiresAt: '2026-12-13T06:00:00Z' }, 'token'],
    ['billing_payment_failed', {}, 'tier'],
  ];
  for (const [name, params, field] of cases) {
    let error: unknown;
    try {
      renderMail(name, params, config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MailTemplateError);
    expect({ template: (error as MailTemplateError).template, field: (error as MailTemplateError).field }).toEqual({ template: name, field });
    expect((error as Error).message).toContain(`mail template ${name}: params.${field}: `);
  }
});

test('an unknown template is refused by name', () => {
  expect(() => renderMail('welcome_back', {}, config)).toThrow('mail template "welcome_back": is not a mail template');
  expect(() => renderMail('toString', {}, config)).toThrow(MailTemplateError);
});

test('optional params: deletion_completed without a date, deletion_requested with its cancel token', () => {
  expect(renderMail('deletion_completed', {}, config).text).toContain('Your Vitalis account and its data were deleted.\n');
  const requested = renderMail('deletion_requested', { ...samples.deletion_requested, token: TOKEN }, config);
  expect(requested.text).toContain(`https://app.vitalis.test/account/deletion/cancel\nor use this token: ${TOKEN}\n`);
  expect(requested.html).toContain(`<code>${TOKEN}</code>`);
  expect(renderMail('deletion_requested', samples.deletion_requested, config).text).not.toContain('token');
});
