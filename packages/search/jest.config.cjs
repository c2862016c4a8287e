module.exports = { preset: '@llm-eval/jest-config', testTimeout: 60_000 };
