import type { AgentBudget, TokenPricing } from '@switchboard/a2a-protocol';
import type { AgentAuthType, AgentCapabilities, AgentProvider } from '@switchboard/a2a-protocol';
import {
  Column,
  CreateDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
  type ValueTransformer,
} from 'typeorm';

/** numeric comes back from pg as a string; the catalog speaks numbers. */
const numeric: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null ? null : Number(v)),
};

@Entity({ name: 'agents' })
export class AgentEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  name!: string;

  @Column({ type: 'text', unique: true })
  slug!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ name: 'endpoint_url', type: 'text' })
  endpointUrl!: string;

  @Column({ type: 'text' })
  provider!: AgentProvider;

  @Column({ name: 'protocol_version', type: 'text' })
  protocolVersion!: string;

  @Column({ type: 'jsonb' })
  capabilities!: AgentCapabilities;

  @Column({ type: 'jsonb' })
  config!: Record<string, unknown>;

  @Column({ name: 'provider_config', type: 'jsonb' })
  providerConfig!: Record<string, unknown>;

  @Column({ name: 'auth_type', type: 'text' })
  authType!: AgentAuthType;

  /** The auth fields as AES-256-GCM ciphertext (SecretBox); never rendered. */
  @Column({ name: 'auth_value', type: 'text', nullable: true })
  authValue!: string | null;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @Column({ name: 'timeout_ms', type: 'integer' })
  timeoutMs!: number;

  @Column({ name: 'rate_limit_rpm', type: 'integer', nullable: true })
  rateLimitRpm!: number | null;

  @Column({
    name: 'cost_per_request',
    type: 'numeric',
    precision: 14,
    scale: 6,
    nullable: true,
    transformer: numeric,
  })
  costPerRequest!: number | null;

  @Column({ type: 'jsonb', nullable: true })
  pricing!: TokenPricing | null;

  @Column({ type: 'jsonb', nullable: true })
  budget!: AgentBudget | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'last_interaction', type: 'timestamptz', nullable: true })
  lastInteraction!: Date | null;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_from_ip', type: 'text', nullable: true })
  createdFromIp!: string | null;

  @Column({ name: 'created_via', type: 'text', nullable: true })
  createdVia!: string | null;

  @Column({ name: 'created_user_agent', type: 'text', nullable: true })
  createdUserAgent!: string | null;

  @Column({ name: 'modified_by', type: 'text', nullable: true })
  modifiedBy!: string | null;

  @Column({ name: 'modified_from_ip', type: 'text', nullable: true })
  modifiedFromIp!: string | null;

  @Column({ name: 'modified_via', type: 'text', nullable: true })
  modifiedVia!: string | null;

  @Column({ name: 'modified_user_agent', type: 'text', nullable: true })
  modifiedUserAgent!: string | null;

  @Column({ name: 'import_batch_id', type: 'text', nullable: true })
  importBatchId!: string | null;

  @Column({ name: 'federation_source', type: 'text', nullable: true })
  federationSource!: string | null;

  /** The agent's A2A card (v1.0 shape) when it was imported from one. */
  @Column({ type: 'jsonb', nullable: true })
  card!: Record<string, unknown> | null;

  @Column({ name: 'card_url', type: 'text', nullable: true })
  cardUrl!: string | null;

  @Column({ name: 'card_fetched_at', type: 'timestamptz', nullable: true })
  cardFetchedAt!: Date | null;

  @VersionColumn({ type: 'integer' })
  version!: number;
}
