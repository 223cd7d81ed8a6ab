// HTML for mail bodies: a tagged template that escapes every interpolated value unless it is
// already HTML built by this tag, so a template cannot forget to escape.

const SAFE = Symbol('safeHtml');

export interface SafeHtml {
  readonly [SAFE]: true;
  readonly html: string;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && SAFE in value;
}

type Interpolation = string | number | SafeHtml | readonly (string | number | SafeHtml)[];

function piece(value: Interpolation): string {
  if (Array.isArray(value)) return value.map(piece).join('');
  if (isSafe(value)) return value.html;
  return escapeHtml(String(value));
}

/** html`<p>${value}</p>`: values are escaped; nested html`` fragments are kept as they are. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += piece(value) + strings[i + 1]!;
  });
  return { [SAFE]: true, html: out };
}

/** The document every mail's HTML body sits in: plain, readable without images or remote styles. */
export function page(title: string, body: SafeHtml): string {
  return html`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title></head>
<body style="font-family: -apple-system, 'Segoe UI', Roboto, sans-serif; line-height: 1.5; color: #1a1a1a; max-width: 560px; margin: 0 auto; padding: 24px;">
${body}
<p style="color: #666; font-size: 13px; margin-top: 32px;">Vitalis</p>
</body>
</html>
`.html;
}

/** A link as a button-like anchor, with the address also spelled out for clients that strip links. */
export function button(href: string, label: string): SafeHtml {
  return html`<p><a href="${href}" style="display: inline-block; padding: 10px 18px; background: #2a6f4e; color: #fff; text-decoration: none; border-radius: 6px;">${label}</a></p>
<p style="font-size: 13px; color: #666; word-break: break-all;">Or open this address: ${href}</p>`;
}
