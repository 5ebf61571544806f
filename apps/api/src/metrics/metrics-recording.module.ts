import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { a2aConfig } from '../config';
import { PgMetricsBatchWriter } from './metrics-batch-writer';
import { METRICS_RECORDER, MetricsRecorder } from './metrics-recorder';
import { MetricsSpillFile } from './metrics-spill-file';
import { MetricsStore } from './metrics-store';

/**
 * Where per-call metrics go and are read from: the recorder (buffered writes, null when
 * A2A_METRICS_ENABLED=false) with its writer, and the store the metrics API, the catalog's summaries and
 * the budgets read, and the file rows go to when shutdown cannot write them. The gateway's lifecycle prepares
 * the recorder at start (replaying that file) and closes it at shutdown.
 */
@Module({
  providers: [
    MetricsStore,
    PgMetricsBatchWriter,
    {
      provide: MetricsSpillFile,
      inject: [a2aConfig.KEY],
      useFactory: (config: ConfigType<typeof a2aConfig>) => new MetricsSpillFile(config.metrics.spillFile),
    },
    {
      provide: METRICS_RECORDER,
      inject: [a2aConfig.KEY, PgMetricsBatchWriter, MetricsSpillFile],
      useFactory: (
        config: ConfigType<typeof a2aConfig>,
        writer: PgMetricsBatchWriter,
        spill: MetricsSpillFile,
      ) => (config.metrics.enabled ? new MetricsRecorder(writer, config.metrics, spill) : null),
    },
  ],
  exports: [MetricsStore, METRICS_RECORDER],
})
export class MetricsRecordingModule {}
