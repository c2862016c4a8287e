module.exports = { preset: '@llm-eval/jest-config', testTimeout: 120_000 };
