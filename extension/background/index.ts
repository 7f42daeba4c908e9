import { browser } from '../platform/browser.js';
import { createHandlers } from './handlers.js';

// Listeners are registered synchronously at the top level: a stopped worker is restarted by
// the event itself and must find its listener in place on the first turn.
const handlers = createHandlers(browser);
browser.runtime.onMessage.addListener(handlers.onMessage);
browser.commands.onCommand.addListener((command) => void handlers.onCommand(command));
browser.runtime.onInstalled.addListener(handlers.migrate);
browser.runtime.onStartup.addListener(handlers.migrate);
