/** Prices of a model in USD per million tokens. */
export interface ModelPrices {
  inputPerMillion: number;
  outputPerMillion: number;
}

/** Cost in USD of one call, or undefined when prices or either token count is missing. */
export function computeCost(
  prices: ModelPrices | undefined,
  promptTokens: number | undefined,
  completionTokens: number | undefined,
): number | undefined {
  if (!prices || promptTokens === undefined || completionTokens === undefined) return undefined;
  return (promptTokens * prices.inputPerMillion + completionTokens * prices.outputPerMillion) / 1_000_000;
}
