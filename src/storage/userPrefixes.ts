// Every place in the bucket where one user's objects live. Keys are always `<area>/<user id>/...`
// (uploads: presigned photo PUTs and GraphQL uploads; imports: import files; documents: reports;
// photos: progress photos and thumbnails; exports: data-export archives). Erasure purges each of these
// prefixes and the export gathers from them: a new area belongs here, or one of the two misses it.

export const USER_OBJECT_AREAS = ['uploads', 'imports', 'documents', 'photos', 'exports'] as const;

export type UserObjectArea = (typeof USER_OBJECT_AREAS)[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The prefix of one area for one user, e.g. `photos/<id>/`; refuses anything but a UUID (no `..`, no `/`). */
export function userPrefix(area: UserObjectArea, userId: string): string {
  if (!UUID.test(userId)) throw new Error(`userId: must be a UUID, not ${JSON.stringify(userId).slice(0, 60)}`);
  return `${area}/${userId.toLowerCase()}/`;
}

/** Every prefix under which the user's objects live, one per area. */
export function userPrefixes(userId: string): string[] {
  return USER_OBJECT_AREAS.map((area) => userPrefix(area, userId));
}
