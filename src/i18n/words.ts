/**
 * The types the catalogues are written against: a wording for every code of a coded message
 * (so a code without words fails the type check), and the tools an entry may use to word the
 * messages nested in it, in its own language.
 */
import type { FieldKey, FieldProblem } from '../core/config/fields';
import type { HashProblem } from '../core/config/hash';
import type { LayerItemProblem } from '../core/config/layersCodec';
import type { DataProblem } from '../core/data/loader';
import type { ModelFileProblem } from '../core/model/modelFile';
import type { ProbeProblem } from '../engine/messages';
import type { Language } from '../core/config/language';
import type { LayerProblem } from '../core/model/describe';
import type { LayerSpec } from '../core/model/spec';
import type { BackendName, ModelName } from '../engine/protocol';
import type { AppMessage } from '../store/messages';
import type { Format } from './format';

/** What a catalogue entry can call on to word what is nested in its message, in the same language. */
export interface Words {
  readonly language: Language;
  readonly f: Format;
  /** An engine or store message. */
  say(message: AppMessage): string;
  layerProblem(problem: LayerProblem): string;
  fieldProblem(problem: FieldProblem): string;
  linkProblem(problem: HashProblem): string;
  linkLayerProblem(problem: LayerItemProblem): string;
  dataProblem(problem: DataProblem): string;
  probeProblem(problem: ProbeProblem): string;
  modelFileProblem(problem: ModelFileProblem): string;
  layerName(spec: LayerSpec): string;
  modelName(name: ModelName): string;
  fieldLabel(key: FieldKey): string;
  backendName(name: BackendName): string;
  /** Items joined as this language lists them: "a, b, c" or "a、b、c". */
  list(items: readonly string[]): string;
}

/** One function per code of the union M, taking that code's parameters. */
export type Wording<M extends { code: string }> = { [C in M['code']]: (p: Extract<M, { code: C }>, w: Words) => string };

/** Words a coded message with its wording. */
export function word<M extends { code: string }>(wording: Wording<M>, message: M, words: Words): string {
  return (wording[message.code as M['code']] as (p: M, w: Words) => string)(message, words);
}
