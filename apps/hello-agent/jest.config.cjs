module.exports = require('../../jest.preset.cjs')({ displayName: 'hello-agent', rootDir: __dirname });
