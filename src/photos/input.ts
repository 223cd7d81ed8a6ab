// What a client says about a photo it uploads (POST /photos query, confirmPhotoUpload input).
import { z } from 'zod';
import { textLimit } from '../validation/bounds';

export const PHOTO_TYPES = ['front', 'back', 'left', 'right', 'other'] as const;

function isCalendarDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day);
}

export const photoInput = z.object({
  photoDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'photoDate: must be a date (YYYY-MM-DD)' })
    .refine(isCalendarDay, { message: 'photoDate: must be a real calendar date' })
    .optional(),
  photoType: z.enum(PHOTO_TYPES, { error: `photoType: must be one of ${PHOTO_TYPES.join(', ')}` }).optional(),
  linkedScanId: z.uuid({ error: 'linkedScanId: must be a UUID' }).optional(),
  notes: z.string().max(textLimit('notes'), { message: `notes: must be at most ${textLimit('notes')} characters` }).optional(),
});

export type PhotoInput = z.infer<typeof photoInput>;

/** The first problem of an input, as the field it names and its "<field>: <rule>" message. */
export function firstProblem(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0]!;
  const field = String(issue.path[0] ?? 'input');
  return { field, message: issue.message.startsWith(`${field}: `) ? issue.message : `${field}: ${issue.message}` };
}
