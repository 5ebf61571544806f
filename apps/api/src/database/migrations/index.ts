import { InitialSchema1763700000000 } from './1763700000000-initial-schema';
import { Tasks1763800000000 } from './1763800000000-tasks';
import { Conversations1763900000000 } from './1763900000000-conversations';
import { AgentMetrics1764000000000 } from './1764000000000-agent-metrics';
import { AgentHealth1764100000000 } from './1764100000000-agent-health';
import { MetricsRollups1764200000000 } from './1764200000000-metrics-rollups';
import { AgentCost1764300000000 } from './1764300000000-agent-cost';
import { AgentMetricsBrin1764400000000 } from './1764400000000-agent-metrics-brin';
import { VirtualServers1764600000000 } from './1764600000000-virtual-servers';
import { AgentHealthEvents1764700000000 } from './1764700000000-agent-health-events';
import { MetricsBatches1764800000000 } from './1764800000000-metrics-batches';
import { CatalogFileEntries1764900000000 } from './1764900000000-catalog-file-entries';
import { TaskSnapshots1765000000000 } from './1765000000000-task-snapshots';
import { CatalogVersions1765100000000 } from './1765100000000-catalog-versions';
import { MetricsOutcomes1765200000000 } from './1765200000000-metrics-outcomes';
import { MetricsSketches1765360000000 } from './1765360000000-metrics-sketches';
import { CustomFormatName1765370000000 } from './1765370000000-custom-format-name';

/** Every migration, oldest first. Run at start; the schema is never synchronized from entities. */
export const migrations = [
  InitialSchema1763700000000,
  Tasks1763800000000,
  Conversations1763900000000,
  AgentMetrics1764000000000,
  AgentHealth1764100000000,
  MetricsRollups1764200000000,
  AgentCost1764300000000,
  AgentMetricsBrin1764400000000,
  VirtualServers1764600000000,
  AgentHealthEvents1764700000000,
  MetricsBatches1764800000000,
  CatalogFileEntries1764900000000,
  TaskSnapshots1765000000000,
  CatalogVersions1765100000000,
  MetricsOutcomes1765200000000,
  MetricsSketches1765360000000,
  CustomFormatName1765370000000,
];
