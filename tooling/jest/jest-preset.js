/** The one Jest preset every package extends: ts-jest (transpile only; `tsc` typechecks), sources of sibling packages. */
module.exports = {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': [
      require.resolve('ts-jest'),
      {
        tsconfig: {
          module: 'commonjs',
          moduleResolution: 'node10',
          target: 'ES2022',
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          useDefineForClassFields: false,
          esModuleInterop: true,
          isolatedModules: true,
        },
        diagnostics: false,
      },
    ],
  },
  // Tests run against sibling packages' sources, so a change is tested without rebuilding dist/.
  moduleNameMapper: {
    '^@llm-eval/(models|storage|search|evaluator|stats|server)$': '<rootDir>/../$1/src/index.ts',
  },
};
