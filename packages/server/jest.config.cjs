const preset = require('@llm-eval/jest-config');

const tsJest = preset.transform['^.+\\.ts$'];

// @fastify/static (under @fastify/swagger-ui) requires content-disposition 3, which ships only as an ES module. Node
// >= 20.19 loads it with require(); Jest's module runtime cannot, so that one package is compiled to CommonJS here.
module.exports = {
  preset: '@llm-eval/jest-config',
  testTimeout: 60_000,
  transform: {
    '^.+\\.ts$': tsJest,
    '^.+\\.js$': [tsJest[0], { ...tsJest[1], tsconfig: { ...tsJest[1].tsconfig, allowJs: true } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(\\.pnpm/)?content-disposition)'],
};
