import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** A workspace that groups runs; its id is a user-chosen slug such as `my-project`. */
@Entity({ name: 'projects' })
export class Project {
  @PrimaryColumn({ type: 'varchar', length: 128 })
  id!: string;

  @Column({ type: 'varchar', length: 255 })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  @Column({ name: 'created_by', type: 'varchar', length: 255, nullable: true })
  createdBy!: string | null;

  // json, not jsonb: PostgreSQL keeps the object's keys in the order they were given (jsonb sorts them).
  @Column({ type: 'json', nullable: true })
  settings!: Record<string, unknown> | null;
}
