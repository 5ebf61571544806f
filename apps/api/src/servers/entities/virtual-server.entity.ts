import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

@Entity({ name: 'virtual_servers' })
export class VirtualServerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'text', unique: true })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Column({ type: 'text', array: true })
  tags!: string[];

  @Column({ type: 'boolean' })
  enabled!: boolean;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'modified_by', type: 'text', nullable: true })
  modifiedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

/** One agent exposed by one server, at a position in its list. */
@Entity({ name: 'server_agents' })
export class ServerAgentEntity {
  @Column({ name: 'server_id', type: 'uuid', primary: true })
  serverId!: string;

  @Column({ name: 'agent_id', type: 'uuid', primary: true })
  agentId!: string;

  @Column({ type: 'integer' })
  position!: number;
}
