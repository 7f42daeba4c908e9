// The journal's report views, shared by the extension's journal page and the widget lab
// (engine <- widget <- extension: the extension imports them from here).
export { JournalReport, type JournalReportProps } from './JournalReport.js';
export { ImportPreview } from './ImportPreview.js';
export {
  readJournalFile,
  computeJournal,
  planFields,
  DEFAULT_FILLS_PLAN,
  type PendingJournal,
  type JournalResult,
} from './journal-file.js';
export { iso, num, qty } from './journal-format.js';
