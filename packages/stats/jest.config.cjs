module.exports = { preset: '@llm-eval/jest-config' };
