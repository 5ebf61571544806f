import { Module } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { a2aConfig } from '../config';
import { PgMetricsBatchWriter } from './metrics-batch-writer';
import { METRICS_RECORDER, MetricsRecorder } from './metrics-recorder';
import { MetricsStore } from './metrics-store';

/**
 * Where per-call metrics go and are read from: the recorder (buffered writes, null when
 * A2A_METRICS_ENABLED=false) with its writer, and the store the metrics API, the catalog's summaries and
 * the budgets read. The gateway's lifecycle prepares the recorder at start and closes it at shutdown.
 */
@Module({
  providers: [
    MetricsStore,
    PgMetricsBatchWriter,
    {
      provide: METRICS_RECORDER,
      inject: [a2aConfig.KEY, PgMetricsBatchWriter],
      useFactory: (config: ConfigType<typeof a2aConfig>, writer: PgMetricsBatchWriter) =>
        config.metrics.enabled ? new MetricsRecorder(writer, config.metrics) : null,
    },
  ],
  exports: [MetricsStore, METRICS_RECORDER],
})
export class MetricsRecordingModule {}
