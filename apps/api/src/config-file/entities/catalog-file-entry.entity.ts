import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A name the catalog file declared when it was last applied: what a later apply deletes once the file
 * stops declaring it (entries made through the API or the dashboard are never deleted by the file).
 */
@Entity({ name: 'catalog_file_entries' })
export class CatalogFileEntryEntity {
  @PrimaryColumn({ type: 'text' })
  kind!: 'agent' | 'server';

  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ name: 'applied_at', type: 'timestamptz', default: () => 'now()' })
  appliedAt!: Date;
}
