/** `relais` commands: agents, chat, triage, train, validate, purge, stations (see the API contract's "Command line"). */
import { readConfig } from '../config.js';
import { runAgents } from './agents.js';
import { runChat } from './chat.js';
import { runPurge } from './purge.js';
import { runStations } from './stations.js';
import { runTrain } from './train.js';
import { runTriage } from './triage.js';
import { runValidate } from './validate.js';

const USAGE = `usage:
  relais agents add <username> --role agent|supervisor|editor [--display "Gendarme Julie"] [--skills vss,ar,en]
                                   (password on the first line of stdin)
  relais agents profile <username> [--display "..."] [--skills a,b]
  relais agents list               (username, role, display name, skills, created)
  relais agents remove <username>
  relais chat [--locale fr] [--watch] [DIR]   (try the content in the terminal; /reset, /locale xx, /quit)
  relais triage --jsonl            (lines {"id","text","locale"?} on stdin)
  relais train                     (trains the triage, writes its model file to DATA_DIR)
  relais validate [DIR]
  relais purge
  relais stations import FILE.csv [--source NAME]   (police open-data or directory CSV: docs/stations.md)
  relais stations list
  relais stations remove SOURCE`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = readConfig();
  switch (command) {
    case 'agents':
      return runAgents(config, rest);
    case 'chat':
      return runChat(config, rest);
    case 'triage':
      return runTriage(config, rest);
    case 'train':
      return runTrain(config);
    case 'validate':
      return runValidate(config, rest);
    case 'purge':
      return runPurge(config);
    case 'stations':
      return runStations(config, rest);
    default:
      console.error(USAGE);
      return command ? 2 : 0;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(`relais: ${err.message}`);
    process.exit(1);
  },
);
