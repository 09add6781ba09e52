/**
 * The URL hash codec, derived from the field table: one loop writes the settings that differ from
 * their defaults, one loop reads them back, field by field, so one bad value never loses the rest.
 * The layer stack travels as one readable parameter, `layers=` (layersCodec.ts).
 */
import type { LayerSpec } from '../model/spec';
import { FIELDS, type FieldKey, type FieldProblem, type Settings, validateField } from './fields';
import { matchLanguage, type Language } from './language';
import { decodeLayers, encodeLayers, type LayerItemError } from './layersCodec';

/** 2 added `layers=` (see layersCodec.ts). */
export const HASH_VERSION = 2;

export interface DecodedHash {
  /** Only the fields the hash set validly. */
  settings: Partial<Settings>;
  presetId: string | null;
  /** The layer stack, when the hash set one that could be read; otherwise the preset's applies. */
  layers: LayerSpec[] | null;
  /** Parameters that were present but could not be used, with the reason. */
  ignored: IgnoredParam[];
  /** The page's language when the link sets one (lang=zh-CN); otherwise the browser's applies. */
  language: Language | null;
  /** Flags that are not settings (for example thread=main), passed through as strings. */
  flags: Record<string, string>;
  /** Controls the link hides (hide=optimizer,learningRate), as TensorFlow Playground does. */
  hidden: Hideable[];
  /** The page's layout when the link names one (view=present: the presenter view for a projector). */
  view: View | null;
}

/** The page's layouts: the ordinary one, and a presenter view for a projector (large type, the lesson first). */
export type View = 'standard' | 'present';
export const VIEWS: readonly View[] = ['standard', 'present'];

/** Why a parameter of a link was not used: a code with its parameters, worded by the page. */
export type HashProblem =
  | { code: 'linkUnreadable' }
  | { code: 'unknownVersion'; version: string }
  | { code: 'newerVersion' }
  | { code: 'notASetting' }
  | { code: 'unknownPreset'; preset: string }
  | { code: 'badLayers'; errors: LayerItemError[] }
  | { code: 'notHideable'; name: string }
  | { code: 'unknownLanguage'; value: string }
  | { code: 'unknownView'; value: string }
  | { code: 'badField'; problem: FieldProblem };

export interface IgnoredParam {
  key: string;
  reason: HashProblem;
}

/** Keys that are read from the hash but are not settings. */
const FLAG_KEYS = ['thread'] as const;

/** What an instructor can hide through a link: any setting, the preset picker, the layer editor. */
export const HIDEABLE = ['preset', 'layers', ...FIELDS.map((f) => f.key)] as const;
export type Hideable = (typeof HIDEABLE)[number];

/**
 * The classroom part of a link: `hide=` in the order given (a link read back keeps its own order;
 * the share panel gives the table's) and `view=present`; '' when there is neither. Commas stay readable.
 */
export function encodeClassroom(hidden: readonly Hideable[], view: View): string {
  const parts: string[] = [];
  const names = hidden.filter((name, index) => HIDEABLE.includes(name) && hidden.indexOf(name) === index);
  if (names.length > 0) parts.push(`hide=${names.join(',')}`);
  if (view !== 'standard') parts.push(`view=${view}`);
  return parts.join('&');
}

/**
 * Encodes the settings that differ from `defaults`, plus the preset id, plus the layers when
 * they differ from the preset's, plus the language when one was chosen (not merely the browser's).
 */
export function encodeHash(
  settings: Settings,
  defaults: Settings,
  presetId: string,
  layers?: { current: readonly LayerSpec[]; preset: readonly LayerSpec[] },
  language?: Language | null,
  classroom?: { hidden: readonly Hideable[]; view: View },
): string {
  const params = new URLSearchParams();
  params.set('v', String(HASH_VERSION));
  params.set('preset', presetId);
  let hash = params.toString();
  // Written by hand: the codec's ':' and ',' are safe in a hash, and escaped they are unreadable.
  const layersText = layers ? encodeLayers(layers.current) : '';
  if (layers && layersText !== encodeLayers(layers.preset)) hash += `&layers=${layersText}`;
  const fields = new URLSearchParams();
  for (const field of FIELDS) {
    const value = settings[field.key];
    if (value !== defaults[field.key]) fields.set(field.key, String(value));
  }
  if (language) fields.set('lang', language);
  const rest = fields.toString();
  if (rest) hash += `&${rest}`;
  const classroomText = classroom ? encodeClassroom(classroom.hidden, classroom.view) : '';
  return classroomText ? `${hash}&${classroomText}` : hash;
}

/** Reads a hash (with or without the leading '#'); never throws. */
export function decodeHash(hash: string, isKnownPreset: (id: string) => boolean): DecodedHash {
  const result: DecodedHash = { settings: {}, presetId: null, layers: null, ignored: [], language: null, flags: {}, hidden: [], view: null };
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text.trim() === '') return result;
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(text);
  } catch {
    result.ignored.push({ key: '#', reason: { code: 'linkUnreadable' } });
    return result;
  }
  const version = params.get('v');
  if (version !== null && !(Number(version) >= 1)) result.ignored.push({ key: 'v', reason: { code: 'unknownVersion', version } });
  const isFuture = version !== null && Number(version) > HASH_VERSION;

  const known = new Set<string>(['v', 'preset', 'layers', 'hide', 'view', 'lang', ...FLAG_KEYS, ...FIELDS.map((f) => f.key)]);
  for (const key of params.keys()) {
    if (!known.has(key)) {
      result.ignored.push({ key, reason: isFuture ? { code: 'newerVersion' } : { code: 'notASetting' } });
    }
  }
  const lang = params.get('lang');
  if (lang !== null) {
    result.language = matchLanguage(lang);
    if (result.language === null) result.ignored.push({ key: 'lang', reason: { code: 'unknownLanguage', value: lang } });
  }
  const preset = params.get('preset');
  if (preset !== null) {
    if (isKnownPreset(preset)) result.presetId = preset;
    else result.ignored.push({ key: 'preset', reason: { code: 'unknownPreset', preset } });
  }
  const layersText = params.get('layers');
  if (layersText !== null) {
    const decoded = decodeLayers(layersText);
    if (decoded.ok) result.layers = decoded.layers;
    else result.ignored.push({ key: 'layers', reason: { code: 'badLayers', errors: decoded.errors } });
  }
  const hide = params.get('hide');
  if (hide !== null) {
    for (const name of hide.split(',').map((n) => n.trim()).filter(Boolean)) {
      if ((HIDEABLE as readonly string[]).includes(name)) {
        if (!result.hidden.includes(name as Hideable)) result.hidden.push(name as Hideable);
      }
      else result.ignored.push({ key: 'hide', reason: { code: 'notHideable', name } });
    }
  }
  const view = params.get('view');
  if (view !== null) {
    if ((VIEWS as readonly string[]).includes(view)) result.view = view as View;
    else result.ignored.push({ key: 'view', reason: { code: 'unknownView', value: view } });
  }
  for (const key of FLAG_KEYS) {
    const value = params.get(key);
    if (value !== null) result.flags[key] = value;
  }
  for (const field of FIELDS) {
    const raw = params.get(field.key);
    if (raw === null) continue;
    const checked = validateField(field, raw);
    if (checked.ok) (result.settings as Record<FieldKey, unknown>)[field.key] = checked.value;
    else result.ignored.push({ key: field.key, reason: { code: 'badField', problem: checked.error } });
  }
  return result;
}
