/**
 * Which entry of a zip is the Apple Health export: Apple's own `apple_health_export/export.xml`,
 * then any folder's `export.xml`, then the export under the name a localized Health app gives it
 * (`exportar.xml` in Spanish, `eksport.xml` in Norwegian, `vienti.xml` in Finnish: the zip's own
 * name in that language), which is the one `.xml` file of the export folder that is not the
 * clinical `export_cda.xml` (its name is never translated). Files in subfolders (workout routes,
 * electrocardiograms) and macOS resource forks (`__MACOSX/`, `._*`) are never it.
 */
export function appleHealthEntry(names: readonly string[]): string | undefined {
  const exact = names.find((n) => n === 'apple_health_export/export.xml') ?? names.find((n) => /(^|\/)export\.xml$/.test(n));
  if (exact) return exact;
  const localized = names.filter((n) => {
    const parts = n.split('/');
    const base = parts[parts.length - 1]!;
    return parts.length <= 2 && parts[0] !== '__MACOSX' && !base.startsWith('._') && /\.xml$/i.test(base) && !/_cda\.xml$/i.test(base);
  });
  return localized.find((n) => n.startsWith('apple_health_export/')) ?? (localized.length === 1 ? localized[0] : undefined);
}
