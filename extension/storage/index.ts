export { StorageFullError } from './errors.js';
export * from './keys.js';
export { DEFAULT_LAYOUT, loadLayout, normaliseLayout, saveLayout, type PanelLayout } from './layout.js';
export {
  ExitPolicyStore,
  MODEL_PREFIX,
  MODEL_RECORD_SCHEMA,
  POLICY_PREFIX,
  modelKey,
  ReversalModelStore,
  type ModelLoad,
  type StoredModel,
} from './model-store.js';
export { migrateStorage, parseV1Plan, type MigrationReport } from './migrations.js';
export { validateStoredPlan, type StoredPlan } from './plan-record.js';
export { PlansStore, type CorruptPlan, type PlanLoad } from './plans-store.js';
export {
  DEFAULT_SETTINGS,
  loadSettings,
  normaliseSettings,
  saveSettings,
  type Settings,
  type Theme,
} from './settings.js';
export * from './journal-keys.js';
export { migrateJournalStorage, JournalSchemaError, type JournalMigration } from './journal-migrations.js';
export {
  JournalStore,
  type PendingImport,
  type StoredJournal,
  type UnreadableTrade,
} from './journal-store.js';
