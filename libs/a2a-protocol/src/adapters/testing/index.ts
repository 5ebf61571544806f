// Test support for code that calls agents through the gateway (`@switchboard/a2a-protocol/testing`): loopback
// HTTP fakes that speak the providers' wire formats. Resolved from source by tests only; not in the build.
export * from './fake-http';
export { startOpenAIFake, OPENAI_KEY } from '../openai/openai.fake';
export { startCustomFake, CUSTOM_TOKEN } from '../custom/custom.fake';
