/**
 * Every key the extension writes to browser.storage.local. One plan per key (not one object
 * for all plans, as schema 1 had) so a save touches only its own symbol and two tabs saving
 * different symbols cannot overwrite each other.
 */
export const SCHEMA_KEY = 'schemaVersion';
export const CURRENT_SCHEMA = 2;
export const PLAN_PREFIX = 'plan:';
export const CORRUPT_PREFIX = 'corrupt:';
export const SETTINGS_KEY = 'settings';
export const LAYOUT_KEY = 'layout';
export const ALERTS_FIRED_KEY = 'alerts:fired';
export const ALERTS_LOG_KEY = 'alerts:log';
/** Schema 1's single object of all plans, and where migration keeps a copy of it. */
export const V1_PLANS_KEY = 'plans';
export const V1_BACKUP_KEY = 'backup:v1-plans';

export const planKey = (symbol: string): string => `${PLAN_PREFIX}${symbol}`;
