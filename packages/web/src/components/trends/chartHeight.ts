/** Height of the trend chart; its loading skeleton has the same, so nothing jumps when it arrives. */
export const TREND_CHART_HEIGHT = 320;
