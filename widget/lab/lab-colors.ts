/** One colour per policy column, distinct on light and dark backgrounds, in policy order. */
export const POLICY_COLORS = [
  '#2962ff',
  '#d50000',
  '#00897b',
  '#ef6c00',
  '#7b1fa2',
  '#c2185b',
  '#558b2f',
  '#00838f',
  '#5d4037',
];

export const policyColor = (index: number): string => POLICY_COLORS[index % POLICY_COLORS.length];
