// V8 flags the API runs with: `npm start`, the benchmark's gateways and (written out in its CMD) the Docker
// image. One place, so that what is measured is what is shipped.
//
// --max-semi-space-size=8 (MiB): Node 24 sizes V8's young generation from the machine's memory — 64 MiB
// semi-spaces (128 MiB of new space) on a 24 GiB box. On this gateway that cost memory (~330–360 MiB RSS
// under the benchmark's load against ~240–280 with 8 MiB) and CPU as well (every allocation walks through
// memory that no longer fits the caches: 0.48–0.57 vs 0.28–0.35 ms of CPU per A2A proxy call in paired
// runs of tools/bench, phase B). A call's garbage is short-lived and small; 8 MiB is plenty for it.
export const API_NODE_FLAGS = ['--max-semi-space-size=8'];
