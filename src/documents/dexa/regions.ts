// Row labels of the composition and bone-density tables and the database regions they name.
// Rows that name a region the schema has no place for (Subtotal, Troch, Inter, Ward's) are
// known and left out with a warning; any other label is a row that could not be read.
import { BONE_DENSITY_REGIONS, DEXA_REGIONS } from '../draft';
import { words } from './cells';

export type DexaRegion = (typeof DEXA_REGIONS)[number];
export type BoneRegion = (typeof BONE_DENSITY_REGIONS)[number];

/** Which side a label names: "L Arm", "Left Arm", "Arm Left", "Arm (R)", "Right". */
export function sideOf(text: string): 'left' | 'right' | null {
  const w = ` ${words(text)} `;
  if (/ (?:left|lt|l) /.test(w)) return 'left';
  if (/ (?:right|rt|r) /.test(w)) return 'right';
  return null;
}

const LIMBS: Record<string, 'arm' | 'leg' | 'trunk'> = { arm: 'arm', arms: 'arm', leg: 'leg', legs: 'leg', trunk: 'trunk' };

/** A composition row's region; 'skip' for rows the schema does not keep; null for unknown labels. */
export function compositionRegion(label: string): DexaRegion | 'skip' | null {
  const w = words(label).replace(/\b(?:a|g)\b/g, '').replace(/\s+/g, ' ').trim();
  if (/^(?:total|total body|whole body)$/.test(w)) return 'total';
  if (/^android/.test(w)) return 'android';
  if (/^gynoid/.test(w)) return 'gynoid';
  if (/^(?:head)$/.test(w)) return 'head';
  if (/^(?:sub ?total|total less head|total minus head)/.test(w)) return 'skip';
  if (/^(?:ribs|pelvis|spine)$/.test(w)) return w as DexaRegion;
  const limb = w.split(' ').map((t) => LIMBS[t]).find((t) => t !== undefined);
  if (!limb) return null;
  const side = sideOf(label);
  if (side) return `${limb}_${side}` as DexaRegion;
  return limb === 'trunk' ? 'trunk' : (`${limb}s` as DexaRegion);
}

/** The kind of bone-density table a heading opens: whole body, spine, one hip, one forearm. */
export type BoneSection = { site: 'body' | 'spine' | 'hip' | 'forearm'; side: 'left' | 'right' | null };

export function boneSection(heading: string): BoneSection | null {
  const w = words(heading);
  if (/\b(?:lumbar|ap spine|l1 ?- ?l4|spine \(?l1)/.test(w) && !/total body/.test(w)) return { site: 'spine', side: null };
  if (/\b(?:hip|femur|femoral)\b/.test(w)) return { site: 'hip', side: sideOf(heading) };
  if (/\b(?:forearm|radius)\b/.test(w)) return { site: 'forearm', side: sideOf(heading) };
  if (/\b(?:total body|whole body|body composition|densitometry)\b/.test(w)) return { site: 'body', side: null };
  return null;
}

/** A bone-density row's region in its section; 'skip' for rows the schema does not keep. */
export function boneRegion(label: string, section: BoneSection): BoneRegion | 'skip' | null {
  const w = words(label);
  const side = sideOf(label) ?? section.side;
  const spine = /^(?:l ?1|l ?2|l ?3|l ?4)$/.exec(w.replace(/\s+/g, ''));
  if (spine) return spine[0].replace(/\s/g, '') as BoneRegion;
  if (/^(?:total )?\(?l ?1 ?[-/ ]?l ?4\)?$|^l1 ?- ?l4/.test(w)) return 'l1_l4';
  if (/neck/.test(w)) return side ? `femoral_neck_${side}` : null;
  if (/troch|inter|ward|shaft|ultra|\bud\b|mid|1\/3|33%/.test(w)) return 'skip';
  if (/total hip|hip total/.test(w)) return side ? `total_hip_${side}` : null;
  if (/forearm/.test(w)) return side ? `forearm_${side}` : null;
  if (/^total\b/.test(w)) {
    if (section.site === 'spine') return 'l1_l4';
    if (section.site === 'hip') return side ? `total_hip_${side}` : null;
    if (section.site === 'forearm') return side ? `forearm_${side}` : null;
    return 'total';
  }
  if (/^(?:sub ?total|total less head)/.test(w)) return 'skip';
  if (/^(?:t ?spine|thoracic)/.test(w)) return 'thoracic_spine';
  if (/^(?:l ?spine|lumbar)/.test(w)) return 'lumbar_spine';
  if (/^spine$/.test(w)) return 'skip';
  if (/^(?:head|pelvis)$/.test(w)) return w as BoneRegion;
  if (/ribs/.test(w)) return side ? 'skip' : 'ribs';
  const limb = w.split(' ').map((t) => LIMBS[t]).find((t) => t !== undefined);
  if (!limb || limb === 'trunk') return limb === 'trunk' ? 'trunk' : null;
  const limbSide = sideOf(label);
  return limbSide ? (`${limb}_${limbSide}` as BoneRegion) : (`${limb}s` as BoneRegion);
}
