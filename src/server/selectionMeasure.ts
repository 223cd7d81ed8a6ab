// The walk of a parsed GraphQL document behind the selection limits (documentLimits.ts): fields,
// aliases, depth and fragment spreads, linear in the document.
import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'postgraphile/graphql';

interface SelectionMeasure {
  fields: number;
  aliases: number;
  depth: number;
}

/**
 * Fields, aliases and depth of every operation, with fragments expanded where they are spread:
 * each fragment is measured once (memoised), so a spread costs one lookup however often it is
 * repeated or nested. A spread of a fragment being measured (a cycle, which validation refuses)
 * counts nothing. `visits` counts the selections looked at: at most the selections in the document.
 *
 * Once a path through fragments is more than `maxDepth` fields deep the walk stops (the stack it
 * needs grows with that depth) and `depth` is the depth reached, past `maxDepth`; the other figures
 * are then incomplete.
 */
export function measureSelections(
  document: DocumentNode,
  maxDepth = Infinity,
): { fields: number; aliases: number; depth: number; fragments: number; spreads: number; visits: number } {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const memo = new Map<string, SelectionMeasure>();
  const inProgress = new Set<string>();
  let visits = 0;
  let spreads = 0;
  // Fields on the path being walked, and the depth at which the walk was cut off.
  let level = 0;
  let cutOff = 0;

  const fragmentMeasure = (name: string): SelectionMeasure => {
    const known = memo.get(name);
    if (known) return known;
    const fragment = fragments.get(name);
    if (!fragment || inProgress.has(name)) return { fields: 0, aliases: 0, depth: 0 };
    inProgress.add(name);
    const measured = walk(fragment.selectionSet);
    inProgress.delete(name);
    memo.set(name, measured);
    return measured;
  };

  // The recursion follows fields (at most maxDepth on a path) and fragments (at most their number).
  const walk = (selectionSet: SelectionSetNode): SelectionMeasure => {
    const total: SelectionMeasure = { fields: 0, aliases: 0, depth: 0 };
    for (const selection of selectionSet.selections) {
      if (cutOff) break;
      visits++;
      let part: SelectionMeasure;
      if (selection.kind === Kind.FIELD) {
        let child: SelectionMeasure = { fields: 0, aliases: 0, depth: 0 };
        if (selection.selectionSet) {
          if (level + 1 >= maxDepth) {
            cutOff = level + 2;
            break;
          }
          level++;
          child = walk(selection.selectionSet);
          level--;
        }
        part = { fields: 1 + child.fields, aliases: (selection.alias ? 1 : 0) + child.aliases, depth: 1 + child.depth };
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        part = walk(selection.selectionSet);
      } else {
        part = fragmentMeasure(selection.name.value);
      }
      total.fields += part.fields;
      total.aliases += part.aliases;
      if (part.depth > total.depth) total.depth = part.depth;
    }
    return total;
  };

  const result = { fields: 0, aliases: 0, depth: 0, fragments: fragments.size, spreads: 0, visits: 0 };
  for (const d of document.definitions) {
    if (d.kind === Kind.OPERATION_DEFINITION) {
      const m = walk(d.selectionSet);
      result.fields += m.fields;
      result.aliases += m.aliases;
      result.depth = Math.max(result.depth, m.depth);
    } else if (d.kind === Kind.FRAGMENT_DEFINITION) {
      // Unused fragments are validated too: their depth counts.
      result.depth = Math.max(result.depth, fragmentMeasure(d.name.value).depth);
    }
  }
  // Spreads as written in the document (each fragment's body is walked once, above).
  const countSpreads = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) spreads++;
      else if (selection.selectionSet) countSpreads(selection.selectionSet);
    }
  };
  for (const d of document.definitions) if (d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION) countSpreads(d.selectionSet);
  result.spreads = spreads;
  result.visits = visits;
  if (cutOff) result.depth = cutOff;
  return result;
}
