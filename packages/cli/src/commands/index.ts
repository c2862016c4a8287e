import type { CommandModule } from 'yargs';
import { dbCommand } from './db';
import { evaluateCommand } from './evaluate';
import { runsCommand } from './runs';
import { projectsCommand } from './projects';
import { demoCommand } from './demo';
import { serveCommand } from './serve';

/** Every top-level command. */
export const commands: CommandModule<any, any>[] = [dbCommand, evaluateCommand, runsCommand, projectsCommand, demoCommand, serveCommand];
