// npm run import -- --user EMAIL [--create-user] --type apple-health|fit|strong|hevy FILE
// The file importers are issue #4; until they land this command says so instead of pretending.
import { z } from 'zod';

const args = z.object({
  user: z.string().email({ message: '--user must be an email address' }),
  type: z.enum(['apple-health', 'fit', 'strong', 'hevy'], { error: '--type must be one of apple-health, fit, strong, hevy' }),
  file: z.string().min(1, { message: 'a FILE to import is required' }),
});

function parse(argv: string[]) {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--user' || a === '--type') out[a.slice(2)] = argv[++i] ?? '';
    else if (a !== '--create-user') out.file = a;
  }
  return args.safeParse(out);
}

const parsed = parse(process.argv.slice(2));
if (!parsed.success) {
  console.error(parsed.error.issues.map((i) => i.message).join('\n'));
  process.exit(2);
}
console.error(`The ${parsed.data.type} importer is not available yet (issue #4). Nothing was imported.`);
process.exit(2);
