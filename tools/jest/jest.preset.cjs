// Shared Jest setup: ts-jest on CommonJS, workspace libs resolved to their sources, ESM-only deps transformed.
const path = require('node:path');

const root = path.join(__dirname, '..', '..');

module.exports = ({ displayName, rootDir, ...rest }) => ({
  displayName,
  rootDir,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  transform: {
    '^.+\\.[tj]s$': [
      'ts-jest',
      {
        tsconfig: path.join(__dirname, 'tsconfig.spec.json'),
        isolatedModules: false,
        diagnostics: { warnOnly: false },
      },
    ],
  },
  // ESM-only packages (jose via the A2A SDK, content-disposition via @fastify/static) are compiled for Jest;
  // so is the OTLP exporter base, which loads node:http with import(), unavailable in Jest's CommonJS VM.
  transformIgnorePatterns: [
    '/node_modules/(?!(jose|content-disposition|@opentelemetry/otlp-exporter-base)/)',
  ],
  moduleNameMapper: {
    '^@switchboard/a2a-protocol$': path.join(root, 'libs/a2a-protocol/src/index.ts'),
    '^@switchboard/a2a-protocol/gateway$': path.join(root, 'libs/a2a-protocol/src/gateway/index.ts'),
    '^@switchboard/a2a-protocol/testing$': path.join(root, 'libs/a2a-protocol/src/adapters/testing/index.ts'),
    '^@switchboard/api-contract$': path.join(root, 'libs/api-contract/src/index.ts'),
  },
  ...rest,
});
