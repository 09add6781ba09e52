/**
 * 简体中文：core、engine 与 store 返回的每个代码的说法。Typed as English's (Catalogue['problems']),
 * so a code without Chinese words, or with the wrong parameters, fails the type check.
 */
import type { LayerValueName } from '../core/config/layersCodec';
import { ALLOWED_LAYER_CLASSES } from '../core/model/modelFile';
import type { LayerSetting } from '../core/model/describe';
import { INPUT_SHAPE, NUM_CLASSES } from '../core/model/spec';
import type { Catalogue } from './en';
import type { Words } from './words';

const retryHint = '请按“重试”重新获取。';
const DIGIT_SHAPE = INPUT_SHAPE.join('x');
const BUILT_CLASSES = ALLOWED_LAYER_CLASSES.filter((name) => name !== 'InputLayer').join('、');

const layerSettings: Record<LayerSetting, string> = {
  filters: '卷积核个数',
  kernelSize: '卷积核大小',
  strides: '步幅',
  poolSize: '池化窗口大小',
  units: '单元数',
};

const linkValueNames: Record<LayerValueName, string> = {
  filters: '卷积核个数', kernel: '卷积核大小', stride: '步幅', padding: '填充方式', activation: '激活函数', size: '窗口大小', units: '单元数', rate: '丢弃率',
};

/** 以字节计的大小：“1,024 字节”，1 MB（2^20 字节）起写作“5.2 MB”。 */
const bytesText = (bytes: number, w: Words) => (bytes >= 2 ** 20 ? `${w.f.fixed(bytes / 2 ** 20, 1).replace(/\.0$/, '')} MB` : `${w.f.int(bytes)} 字节`);

/** 不含批次维的输入形状：三维时为“32x32x3 的图像”，否则为“形状为 [784] 的输入”。 */
function shapeText(shape: (number | null)[]): string {
  const sizes = shape.slice(1).map((size) => (size === null ? '?' : String(size)));
  return sizes.length === 3 ? `${sizes.join('x')} 的图像` : `形状为 [${sizes.join(', ')}] 的输入`;
}

/** Ends a sentence with a full stop unless it already has one (raw details from the browser may not). */
const sentence = (text: string) => (/[。.！!？?]$/.test(text) ? text : `${text}。`);

const advice = (p: { learningRate: number; suggestedLearningRate: number }, w: Words) =>
  `学习率（${w.f.number(p.learningRate)}）可能过高，权重更新幅度过大而发散。请调低学习率（可试 ${w.f.number(p.suggestedLearningRate)}）后重新训练。`;

export const zhCNProblems: Catalogue['problems'] = {
  listSeparator: '、',

  messages: {
    lossNotFinite: (p, w) =>
      `训练已停止：第 ${p.epoch} 轮第 ${p.batch} 批时损失变为${p.loss === 'nan' ? ' NaN（非数值）' : '无穷大'}。${advice(p, w)}`,
    lossExploded: (p, w) =>
      `训练已在第 ${p.epoch} 轮第 ${p.batch} 批停止：损失爆炸了。` +
      `${p.peak !== undefined ? `单批损失最高达 ${w.f.fixed(p.peak, 3)}（图表中的“每批”曲线）；` : ''}` +
      `平滑后的损失从 ${w.f.fixed(p.from, 3)} 升到 ${w.f.fixed(p.to, 3)}（图表中的“平滑”曲线）` +
      `${p.epochLoss !== undefined ? `；本轮至今的损失为 ${w.f.fixed(p.epochLoss, 3)}` : ''}` +
      `${p.last !== undefined ? `，最近一批为 ${w.f.fixed(p.last, 3)}` : ''}。${advice(p, w)}`,
    earlyStopped: (p, w) =>
      `第 ${p.epoch} 轮后提前停止：验证损失已连续 ${p.patience} 轮没有改善（最佳为第 ${p.bestEpoch} 轮的 ${w.f.fixed(p.bestLoss, 4)}）。` +
      (p.isRestored ? `已恢复第 ${p.bestEpoch} 轮的权重。` : ''),
    modelInvalid: () => '模型无法构建：请修正标红的层。',
    dataNotArrived: () => 'MNIST 数据尚未到达：请等待第一个数据分片。',
    trainingFailed: (p) => `训练失败：${p.detail}`,
    nothingToEvaluate: () => '请先训练一个模型：目前没有可评估的模型。',
    unknownCommand: (p) => `未知命令 ${p.detail}`,
    noBackend: (p, w) =>
      `没有任何 TensorFlow.js 后端能够启动：${p.probes.map((probe) => `${probe.name}：${probe.problem ? w.probeProblem(probe.problem) : '可用'}`).join('；')}`,
    dataFailed: (p, w) => w.dataProblem(p.problem),
    readyModelUnavailable: (p) => `无法从 ${p.url} 加载现成模型（${p.detail}）。请先训练一个模型，再用它识别手写数字。`,
    noTrainedModel: () => '还没有训练好的模型：请先训练一个。',
    noTrainedWeights: () => '请先训练一个模型：目前还没有可下载的训练权重。',
    notTenClasses: (p) => `该模型的输出形状为 [${p.shape.join(', ')}]，不是十个类别。`,
    savedNameTaken: (p) => `已有一个名为“${p.name}”的已保存模型。`,
    noKeptSamples: () => '请先保存至少一幅标注好的手写数字。',
    tooManyKeptSamples: (p) => `微调最多使用 ${p.max} 幅手写数字。`,
    dataIncomplete: () => '请等待全部 MNIST 数据到达：微调后的模型要用测试集来评分。',
    fineTuneDiverged: (p, w) => (p.note ? w.say(p.note) : '微调发散了。'),
    workerFailed: (p) => `训练工作线程出错：${p.detail || '未知错误'}`,
    engineStopped: () => '训练引擎已停止。',
    engineNotStarted: () => '训练引擎尚未启动。',
    exception: (p) => p.detail,
    nameEmpty: () => '请先给模型起个名字。',
    nameTooLong: (p) => `名字请不要超过 ${p.max} 个字符。`,
    nameInUse: (p) => `已有一个名为“${p.name}”的已保存模型：请换一个名字，或先删除它。`,
    savedAs: (p) => `已在本浏览器中保存为“${p.name}”。`,
    deleted: (p) => `已删除“${p.name}”。`,
    loaded: (p) => `已加载 ${p.name}：现在由它识别你的手写数字。`,
    listFailed: (p, w) => `无法列出已保存的模型：${w.say(p.problem)}`,
    modelFileRefused: (p, w) => `无法使用该模型：${sentence(w.modelFileProblem(p.problem))}没有做任何更改。`,
    modelLoadFailed: (p, w) => `无法加载该模型：${sentence(w.say(p.problem))}没有做任何更改。`,
    storedUnreadable: (p) => `有 ${p.count} 幅已保存的手写数字无法读取，已略过。`,
    storageReadFailed: (p) => `无法从本浏览器的存储中读取你保存的手写数字：${p.detail}`,
    keepFailed: (p) => `无法保存这幅手写数字：${p.detail}`,
    deleteFailed: (p) => `无法删除这幅手写数字：${p.detail}`,
    // 运行记录。
    runWeightsMissing: (p) => `本浏览器中没有存储第 ${p.runId} 次运行的权重，因此无法使用它的模型。`,
    runsUnreadable: (p) => `有 ${p.count} 条已存储的运行记录来自旧版本或已损坏，已略过（${p.detail}）。`,
    historyReadFailed: (p) => `无法从本浏览器的存储中读取运行记录：${p.detail}`,
    historyFull: () => '浏览器拒绝存储更多内容：已存储的运行记录都会保留，但新的运行只保留到页面关闭为止。删除一些旧的运行即可腾出空间。',
    historyWriteFailed: (p) => `无法在本浏览器中存储这次运行：${p.detail}`,
  },

  data: {
    manifestDamaged: (p) => `数据文件清单（manifest.json）已损坏：${p.detail}。请按“重试”重新加载。`,
    incomplete: (p, w) => `${p.file} 不完整（只收到 ${w.f.int(p.expected)} 字节中的 ${w.f.int(p.received)} 字节）。${retryHint}`,
    checksumMismatch: (p) => `${p.file} 已损坏（校验和与清单不符）。${retryHint}`,
    undecodable: (p) => `${p.file} 无法解读为数字图像（${p.detail}）。${retryHint}`,
    pixelMismatch: (p) => `${p.file} 解码出的像素与清单所列不同。${retryHint}`,
    networkFailed: (p) => `无法下载 ${p.file}：网络请求失败。请检查网络连接，然后按“重试”。`,
    httpStatus: (p) => `无法下载 ${p.file}（服务器返回 HTTP ${p.status}）。请按“重试”再试一次。`,
    interrupted: (p) => `${p.file} 的下载中断了。${retryHint}`,
  },

  probes: {
    noWebGpu: () => '此浏览器不支持 WebGPU（没有 navigator.gpu）',
    requestAdapterFailed: (p) => `requestAdapter() 出错：${p.detail}`,
    noGpuAdapter: () => '有 navigator.gpu，但 requestAdapter() 找不到 GPU 适配器',
    noWebGl2: () => '这里无法创建 WebGL 2 上下文',
    webGlFailed: (p) => `WebGL 出错：${p.detail}`,
    noWebAssembly: () => '不支持 WebAssembly',
    initFailed: (p) => `tfjs 无法初始化 ${p.backend}${p.detail ? `：${p.detail}` : ''}`,
  },

  skipReasons: {
    unavailable: (p, w) => w.probeProblem(p.problem),
    softwareGpu: (p) => `软件模拟的 GPU（${p.renderer}）：结果正确，但比 WASM 慢 30 到 100 倍`,
    didNotStart: (p, w) => `未能启动：${w.probeProblem(p.problem)}`,
  },

  backendNotes: {
    wasmSimd: (p) => `WASM SIMD ${p.isOn ? '已开启' : '未开启'}`,
    wasmThreads: (p) => (p.count > 1 ? `${p.count} 个线程` : '单线程'),
  },

  layers: {
    notWholeNumber: (p) => `${layerSettings[p.setting]}必须是不小于 1 的整数（当前为 ${p.value}）。`,
    tooLarge: (p, w) => `${layerSettings[p.setting]}最多为 ${w.f.int(p.max)}（当前为 ${w.f.int(p.value)}）。`,
    badPadding: (p) => `填充方式必须是 valid 或 same（当前为 ${p.value}）。`,
    unknownActivation: (p) => `未知的激活函数 ${p.value}；请从 ${p.allowed.join('、')} 中选择。`,
    badDropoutRate: (p) => `Dropout 丢弃率必须不小于 0 且小于 1（当前为 ${p.value}）。`,
    unknownLayerKind: (p) => `未知的层类型 ${p.kind}。`,
    kernelTooLarge: (p) => `${p.kernel}x${p.kernel} 的卷积核比它的 ${p.input.join('x')} 输入还大。`,
    poolTooLarge: (p) => `${p.pool}x${p.pool} 的池化窗口比它的 ${p.input.join('x')} 输入还大，没有输出。`,
    denseNeedsFlat: (p) => `Dense 层需要扁平的输入，但得到的是 ${p.input.join('x')}；请在它前面加一个 Flatten 层。`,
    needsImage: (p, w) =>
      `${{ conv2d: 'Conv2D', maxPool: 'MaxPool', avgPool: 'AvgPool' }[p.layer]} 需要图像输入（高 x 宽 x 通道），但得到的是长度为 ` +
      `${w.f.int(p.size)} 的扁平向量；请把卷积层和池化层放在 Flatten 之前。`,
    lastLayerNotClassifier: (p, w) => `最后一层必须是 Dense ${p.classes} softmax（每个数字一个概率）；当前是 ${w.layerName(p.layer)}。`,
    noLayers: (p) => `模型没有任何层；至少需要一个 Flatten 层和一个 Dense ${p.classes} softmax 层。`,
  },

  linkLayers: {
    listEmpty: () => '层列表为空',
    listTooLong: (p) => `层列表超过 ${p.max} 个字符`,
    tooManyLayers: (p) => `模型最多 ${p.max} 层（这里有 ${p.count} 层）`,
    emptyItem: () => '空项（是不是连写了两个逗号？）',
    unknownKindToken: (p) => `未知的层类型“${p.token}”；请使用 ${p.known.join('、')} 之一`,
    takesNoValues: (p) => `${p.token} 不带任何取值`,
    wrongValueCount: (p) => `${p.token} 需要 ${p.expected} 个取值（${p.form}），实际有 ${p.got} 个`,
    notANumber: (p) => `${linkValueNames[p.name]}“${p.value}”不是数字`,
    notOneOf: (p) => `${linkValueNames[p.name]}“${p.value}”不在 ${p.options.join('、')} 之中`,
    layer: (p, w) => w.layerProblem(p.problem).replace(/。$/, ''),
  },

  link: {
    linkUnreadable: () => '无法读取该链接',
    unknownVersion: (p) => `未知版本“${p.version}”`,
    newerVersion: () => '由更新版本的训练场生成',
    notASetting: () => '不是一项设置',
    unknownPreset: (p) => `没有名为“${p.preset}”的预设`,
    badLayers: (p, w) =>
      `${p.errors.map((e) => (e.item === 0 ? w.linkLayerProblem(e.reason) : `第 ${e.item} 项“${e.text}”：${w.linkLayerProblem(e.reason)}`)).join('；')}；` +
      '已改用预设的层',
    notHideable: (p) => `“${p.name}”不是可隐藏的控件`,
    unknownLanguage: (p) => `“${p.value}”不是训练场支持的语言（en、zh-CN）`,
    unknownView: (p) => `“${p.value}”不是页面的视图（present）`,
    badField: (p, w) => w.fieldProblem(p.problem),
  },

  fields: {
    fieldEmpty: (p, w) => `${w.fieldLabel(p.field)}需要填一个数字`,
    fieldNotNumber: (p, w) => `${w.fieldLabel(p.field)}必须是数字`,
    fieldOutOfRange: (p, w) => `${w.fieldLabel(p.field)}必须在 ${w.f.number(p.min)} 到 ${w.f.number(p.max)} 之间`,
    fieldNotChoice: (p, w) => `${w.fieldLabel(p.field)}：“${p.value}”不在 ${p.options.join('、')} 之中`,
    fieldNotBoolean: (p, w) => `${w.fieldLabel(p.field)}只能是开或关`,
  },

  modelFiles: {
    noModelJson: () => '所选文件中没有 model.json：请同时选择 model.json 和它的 .bin 权重文件。',
    severalModelJson: (p) => `有多个文件都可能是 model.json（${p.files.join('、')}）：请只选择一个模型及其权重。`,
    tooLarge: (p, w) => `${p.file} 有 ${bytesText(p.bytes, w)}；训练场最多读取 ${bytesText(p.limitBytes, w)}。`,
    tooLargeTotal: (p, w) => `模型文件合计 ${bytesText(p.bytes, w)}；训练场最多读取 ${bytesText(p.limitBytes, w)}。`,
    unreadableFile: (p) => `无法读取 ${p.file}：${p.detail}`,
    badJson: (p) => `model.json 不是有效的 JSON：${p.detail}`,
    notLayersModel: (p) =>
      p.format !== null && p.format !== 'layers-model'
        ? `这是 TensorFlow.js 的 ${p.format}；训练场只加载 LayersModel 模型（即 model.save 保存的格式）。`
        : 'model.json 描述的不是 TensorFlow.js 的 LayersModel 模型（Sequential 或函数式模型拓扑）。',
    unknownLayerClass: (p) =>
      `层类型 ${p.className}${p.layerName ? `（层 ${p.layerName}）` : ''}不是训练场能构建的层（它能构建 ${BUILT_CLASSES}）。`,
    notSingleInputOutput: (p) => `该模型有 ${p.inputs} 个输入和 ${p.outputs} 个输出；训练场的模型各只有一个。`,
    wrongInputShape: (p) =>
      p.shape === null
        ? `model.json 没有说明模型的输入是什么；训练场的数字是 ${DIGIT_SHAPE}。`
        : `该模型需要 ${shapeText(p.shape)}；训练场的数字是 ${DIGIT_SHAPE}。`,
    wrongOutputShape: (p, w) =>
      p.units === null
        ? `该模型不是以 Dense 层结尾；训练场需要一个有 ${NUM_CLASSES} 个单元的 Dense 层，每个数字一个。`
        : `该模型以 ${w.f.int(p.units)} 个单元结尾；训练场需要 ${NUM_CLASSES} 个，每个数字一个。`,
    badWeightsManifest: () => 'model.json 中的 weightsManifest 缺失或格式错误，找不到权重。',
    badWeightSpec: (p) => `model.json 中的权重 ${p.weight} 没有有效的名称、形状或数据类型。`,
    unsupportedDtype: (p) => `权重 ${p.weight} 以 ${p.dtype} 存储；训练场只读取 float32 和 int32 权重。`,
    quantizedWeights: (p) => `权重 ${p.weight} 被量化为 ${p.dtype}；请保存未量化的模型。`,
    missingWeightsFile: (p) => `model.json 需要权重文件 ${p.file}，但所选文件中没有它。`,
    weightsSizeMismatch: (p, w) =>
      p.file === null
        ? `权重文件共有 ${w.f.int(p.actualBytes)} 字节；model.json 需要 ${w.f.int(p.expectedBytes)} 字节。`
        : `权重文件 ${p.file} 有 ${w.f.int(p.actualBytes)} 字节；model.json 需要 ${w.f.int(p.expectedBytes)} 字节。`,
  },

  modelTasks: {
    switching: '正在切换模型…',
    saving: '正在保存…',
    opening: '正在打开…',
    renaming: '正在重命名…',
    deleting: '正在删除…',
    preparingDownload: '正在准备下载…',
    checkingFiles: '正在检查模型文件…',
  },

  downloadBlocked: {
    evaluating: '请等待测试集上的评估完成。',
    training: '正在训练：训练完成或停止后才能下载权重。',
    noTrainedModel: '请先训练一个模型：目前还没有可下载的训练权重。',
    exporting: '正在准备下载…',
  },
};
