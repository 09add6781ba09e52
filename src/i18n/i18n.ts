/**
 * The page's one i18n layer: the catalogue of each language, and i18nFor(language), which gives
 * the panels that language's words, its Intl formatter, and the functions that word the codes
 * core, engine and store return. Everything a student reads goes through here.
 */
import type { FieldKey } from '../core/config/fields';
import type { HashProblem } from '../core/config/hash';
import type { Language } from '../core/config/language';
import type { RecipeChange } from '../core/config/recipe';
import type { LayerSpec } from '../core/model/spec';
import type { ModelName } from '../engine/protocol';
import type { TrainBlocked } from '../store/messages';
import { en, type Catalogue } from './en';
import { formatFor } from './format';
import { word, type Words } from './words';
import { zhCN } from './zhCN';

export const CATALOGUES: Record<Language, Catalogue> = { en, 'zh-CN': zhCN };

/** What a panel gets: the words of one language and the tools to word codes in it. */
export interface I18n extends Words {
  readonly t: Catalogue;
  /** Why Train is disabled, with how many more problems wait behind the first. */
  trainBlocked(blocked: TrainBlocked): string;
  /** A run's change from its recipe: "layers", or a setting's label. */
  recipeChange(change: RecipeChange): string;
}

/** A layer's short name in this language, e.g. "Conv2D 16 3x3 stride 2 same tanh" (core's layerLabel in English). */
function layerName(t: Catalogue, spec: LayerSpec): string {
  const { kinds, labelStride, labelSame } = t.layers;
  switch (spec.kind) {
    case 'conv2d': {
      const stride = spec.strides === 1 ? '' : ` ${labelStride} ${spec.strides}`;
      const padding = spec.padding === 'same' ? ` ${labelSame}` : '';
      return `${kinds.conv2d} ${spec.filters} ${spec.kernelSize}x${spec.kernelSize}${stride}${padding} ${spec.activation}`;
    }
    case 'maxPool':
    case 'avgPool': {
      const stride = spec.strides === spec.poolSize ? '' : ` ${labelStride} ${spec.strides}`;
      return `${kinds[spec.kind]} ${spec.poolSize}x${spec.poolSize}${stride}`;
    }
    case 'dense':
      return `${kinds.dense} ${spec.units} ${spec.activation}`;
    case 'dropout':
      return `${kinds.dropout} ${spec.rate}`;
    case 'flatten':
    case 'batchNorm':
      return kinds[spec.kind];
    default:
      return String((spec as { kind: unknown }).kind);
  }
}

function modelName(t: Catalogue, name: ModelName): string {
  switch (name.kind) {
    case 'ready':
      return t.models.readyModel;
    case 'run':
      return t.models.run(name.runId);
    case 'fineTuned':
      return t.models.fineTunedName(modelName(t, name.base), name.sampleCount);
    case 'given':
      return name.text;
  }
}

function create(language: Language): I18n {
  const t = CATALOGUES[language];
  const p = t.problems;
  const i18n: I18n = {
    language,
    t,
    f: formatFor(language),
    say: (message) => word(p.messages, message, i18n),
    layerProblem: (problem) => word(p.layers, problem, i18n),
    fieldProblem: (problem) => word(p.fields, problem, i18n),
    linkProblem: (problem: HashProblem) => word(p.link, problem, i18n),
    linkLayerProblem: (problem) => word(p.linkLayers, problem, i18n),
    dataProblem: (problem) => word(p.data, problem, i18n),
    probeProblem: (problem) => word(p.probes, problem, i18n),
    modelFileProblem: (problem) => word(p.modelFiles, problem, i18n),
    layerName: (spec) => layerName(t, spec),
    modelName: (name) => modelName(t, name),
    fieldLabel: (key: FieldKey) => t.fields[key].label,
    backendName: (name) => t.backend.names[name],
    list: (items) => items.join(p.listSeparator),
    trainBlocked: (blocked) => {
      const more = blocked.more > 0 ? t.training.andMore(blocked.more) : '';
      if (blocked.kind === 'field') return t.training.fixSettings(i18n.fieldProblem(blocked.problem)) + more;
      const problem = i18n.layerProblem(blocked.problem);
      return (blocked.layerIndex === null ? t.training.fixModel(problem) : t.training.fixLayer(blocked.layerIndex + 1, problem)) + more;
    },
    recipeChange: (change) => (change === 'layers' ? t.results.layersChanged : t.fields[change].label),
  };
  return i18n;
}

const made = new Map<Language, I18n>();

/** The words and formatter for a language (made once per language). */
export function i18nFor(language: Language): I18n {
  let i18n = made.get(language);
  if (!i18n) {
    i18n = create(language);
    made.set(language, i18n);
  }
  return i18n;
}
