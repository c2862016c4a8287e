import { Project } from '@llm-eval/models';
import type { Database } from '@llm-eval/storage';
import { canSeeProject, type Principal } from './principal';

/**
 * The project `id` as the principal may see it, or null. A project outside the scope is looked up like any other (the
 * same work, so no difference in time) and then answered exactly like a missing one.
 */
export async function visibleProject(db: Database, principal: Principal, id: string): Promise<Project | null> {
  const found = await db.dataSource.getRepository(Project).findOne({ where: { id } });
  return found && canSeeProject(principal, id) ? found : null;
}
