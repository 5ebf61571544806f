module.exports = require('../../tools/jest/jest.preset.cjs')({
  displayName: 'hello-agent',
  rootDir: __dirname,
});
