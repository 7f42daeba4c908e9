export type PanelTab = 'plan' | 'journal';

/** The panel's two tabs under the chart: the plan (levels and form) and the journal (fills). */
export function JournalTabSwitch({ tab, onTab }: { tab: PanelTab; onTab(tab: PanelTab): void }) {
  const item = (id: PanelTab, label: string) => (
    <button
      type="button"
      role="tab"
      class="panel-tab"
      data-testid={`tab-${id}`}
      aria-selected={tab === id}
      onClick={() => onTab(id)}
    >
      {label}
    </button>
  );
  return (
    <div class="panel-tabs" role="tablist">
      {item('plan', 'Plan')}
      {item('journal', 'Journal')}
    </div>
  );
}
