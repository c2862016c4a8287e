import type { CommandModule } from 'yargs';
import { dbCommand } from './db';
import { evaluateCommand } from './evaluate';
import { runsCommand } from './runs';
import { projectsCommand } from './projects';
import { demoCommand } from './demo';
import { serveCommand } from './serve';
import { workerCommand } from './worker';
import { queueCommand } from './queue';
import { tokensCommand } from './tokens';
import { auditCommand } from './audit';

/** Every top-level command. */
export const commands: CommandModule<any, any>[] = [
  dbCommand,
  evaluateCommand,
  runsCommand,
  projectsCommand,
  demoCommand,
  serveCommand,
  workerCommand,
  queueCommand,
  tokensCommand,
  auditCommand,
];
