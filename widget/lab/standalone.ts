// A one-file script build of the lab alone (for a page that only shows the lab, and for the
// lab's end-to-end test): window.ExitPlanLab.mountLab.
import { mountLab } from './index.js';

declare global {
  interface Window {
    ExitPlanLab?: { mountLab: typeof mountLab };
  }
}
window.ExitPlanLab = { mountLab };
