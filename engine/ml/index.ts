// The reversal model and the exit policy, for code inside the engine; engine/index.ts names the public parts.
export { MlError } from './errors.js';
export { AdaptiveSession, type AdaptiveSessionOptions } from './adaptive-session.js';
export {
  barFeatures,
  featureGroups,
  featureNames,
  type BarFeatures,
  type FeatureGroups,
} from './features.js';
export { DEFAULT_GBDT, trainGbdt, type GbdtParams } from './gbdt.js';
export { DEFAULT_BARRIERS, tripleBarrierLabels, type BarrierSpec, type Labels } from './labels.js';
export { LogisticModel, trainLogistic } from './logistic.js';
export { defaultRetrainEvery, labProbabilities, labSettings, reversalGates } from './lab-policies.js';
export { ML_POLICIES, type GateProvider, type ReversalGate } from './lab-gate.js';
export { matrix, type FeatureMatrix } from './matrix.js';
export { auc, brier, logLoss, reliability, scores, type ReliabilityBin, type Scores } from './metrics.js';
export {
  barsFingerprint,
  buildModelFile,
  loadModelFile,
  MODEL_FORMAT,
  MODEL_VERSION,
  scoreWithModel,
  type LoadedModel,
  type ReversalModelFile,
} from './model-file.js';
export {
  CONTENDERS,
  validationReport,
  type Contender,
  type FoldReport,
  type ValidationReport,
} from './report.js';
export {
  chartSettings,
  ReversalSession,
  type ChartTrainSettings,
  type DecayReading,
  type ModelSummary,
  type TrainResult,
} from './reversal-session.js';
export { ReversalStream } from './stream.js';
export { TreeEnsemble, type TreeArrays } from './trees.js';
export {
  barsNeeded,
  DEFAULT_SETTINGS,
  settingsWith,
  walkForwardReversal,
  walkForwardSteps,
  type ModelBlock,
  type ReversalRun,
  type ReversalSettings,
} from './walk-forward.js';
export {
  classify,
  REGIME_SETTINGS,
  RegimeStream,
  REGIMES,
  regimesBatch,
  RESPONSE_MATRIX,
  type Regime,
  type RegimeReadings,
} from './regimes.js';
export {
  ACTION_NAMES,
  DIRECTOR_POLICIES,
  HOLD,
  LIQUIDATE,
  SELL,
  type Action,
  type DirectorProvider,
  type ExitDirector,
  type ExitView,
} from './policy/director.js';
export { adaptiveDirector } from './policy/adaptive.js';
export {
  buildPolicyFile,
  loadPolicyFile,
  POLICY_FORMAT,
  POLICY_VERSION,
  type ExitPolicyFile,
} from './policy/file.js';
export { fitQ, type QTable } from './policy/fqi.js';
export {
  DEFAULT_POLICY_SETTINGS,
  judgePolicy,
  MIN_EPISODES,
  policyDirectors,
  trainPolicy,
  type PolicyComparison,
  type PolicySettings,
  type TrainedPolicy,
} from './policy/learn.js';
export { labDirectors, learnedName, policyFilesNamed } from './policy/provider.js';
export { learnedDirector, reversalFor, type ReversalColumn } from './policy/learned.js';
export { HEAT_SLICES, heatMap, type HeatCell, type HeatMap, type HeatSlice } from './policy/heat-map.js';
export {
  CHART_ENTRY_RULE,
  CHART_SPLIT,
  PolicySession,
  regimeNow,
  type ActionNow,
  type PolicyNow,
  type PolicySummary,
  type PolicyTrainResult,
  type RegimeNow,
} from './policy/policy-session.js';
