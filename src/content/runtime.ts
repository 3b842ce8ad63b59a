/** The content in force: loaded, validated, turned into a flow engine and a trained triage,
 * and swapped whole when an editor's change validates (a broken edit keeps the old version). */
import { LEGAL_PAGES_DIR } from './legal-pages.js';
import { watch, type FSWatcher } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Triage } from '../core/triage.js';
import { FlowEngine } from '../flows/engine.js';
import { createPhrases, type Phrases } from '../i18n/phrases.js';
import { createTriage } from '../triage/index.js';
import { loadContent } from './load.js';
import type { Content, ContentProblem } from './types.js';

/** One consistent version of everything built from content. */
export interface ContentVersion {
  content: Content;
  engine: FlowEngine;
  triage: Triage;
  phrases: Phrases;
}

/** Where the content is and how to build from it. */
export interface ContentOptions {
  dir: string;
  confidenceThreshold: number;
  facts?: Record<string, string | number>;
  /** Where the triage's trained model file is kept (DATA_DIR); none: trained in memory at each start. */
  modelDir?: string;
}

/** Holds the current version; `reload` replaces it only when the new files are valid. */
export class ContentRuntime {
  private constructor(
    private version: ContentVersion,
    private readonly options: ContentOptions,
  ) {}

  /** Loads `dir`; throws with every problem listed when the content is invalid. */
  static async load(options: ContentOptions): Promise<ContentRuntime> {
    const { version, problems } = await build(options);
    if (!version) throw new Error(`content in ${options.dir} is invalid:\n${formatProblems(problems)}`);
    return new ContentRuntime(version, options);
  }

  get current(): ContentVersion {
    return this.version;
  }

  /**
   * Re-reads the files; on problems the running version stays and the problems are returned. A
   * change the triage must learn (phrases, corpus) goes live at once with the running triage, and
   * the retrained one replaces it when ready (`triageReady` resolves then): answers and menus never
   * wait seconds for a training.
   */
  async reload(): Promise<ContentProblem[]> {
    const { version, problems, training } = await build(this.options, this.version.triage);
    if (version) this.version = version;
    this.rejected = version ? undefined : { at: new Date().toISOString(), problems };
    this.triageReady = training
      ? training.then((triage) => {
          if (version && this.version.content === version.content) this.version = { ...this.version, triage };
        })
      : Promise.resolve();
    return problems;
  }

  /** The last reload's problems while the files on disk are refused (cleared by a valid reload): the console shows them to editors. */
  rejected: { at: string; problems: ContentProblem[] } | undefined;

  /** Resolves when the last reload's triage is in force (tests, `relais chat --watch`). */
  triageReady: Promise<void> = Promise.resolve();

  /** Reloads on any change under flows/ or knowledge/ (debounced) and reports each outcome
   * (`rejected` with the editor's `file:line` list); returns a stop function. */
  watch(report: (outcome: { rejected: boolean; line: string }) => void): () => void {
    let timer: NodeJS.Timeout | undefined;
    const onChange = (): void => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const problems = await this.reload().catch((e: Error) => [{ file: '?', line: 0, message: e.message }]);
        report(
          problems.length
            ? { rejected: true, line: `content change rejected, keeping version ${this.version.content.version}:\n${formatProblems(problems)}` }
            : { rejected: false, line: `content reloaded: version ${this.version.content.version}` },
        );
      }, 200);
    };
    const watchers: FSWatcher[] = [];
    for (const sub of ['flows', LEGAL_PAGES_DIR, 'knowledge', 'knowledge/intents', ...this.version.content.corpus.files.map((f) => dirname(f))]) {
      try {
        watchers.push(watch(join(this.options.dir, sub), onChange));
      } catch {
        // A missing folder is reported by validation, not by the watcher.
      }
    }
    return () => {
      clearTimeout(timer);
      for (const w of watchers) w.close();
    };
  }
}

/** The first classifications compile the big cue patterns (hundreds of ms): pay that here, not on a citizen's message. */
function warmUp(triage: Triage): Triage {
  for (const sample of ['bonjour', 'il me frappe maintenant au secours', 'how do I report a stolen bike?']) triage.classify(sample);
  return triage;
}

/**
 * Builds a version from the files. With `running` (a reload), a triage that must be trained is not
 * waited for: the version uses `running` and `training` resolves with the new one.
 */
async function build(options: ContentOptions, running?: Triage): Promise<{ version?: ContentVersion; problems: ContentProblem[]; training?: Promise<Triage> }> {
  const { content, problems } = await loadContent(options.dir);
  if (!content) return { problems };
  const phrases = createPhrases(content.phrases);
  const ready = running
    ? await createTriage(content, { modelDir: options.modelDir, cachedOnly: true })
    : await createTriage(content, { modelDir: options.modelDir });
  const training = ready ? undefined : createTriage(content, { modelDir: options.modelDir }).then(warmUp);
  const triage = ready ? warmUp(ready) : running!;
  return {
    training,
    problems,
    version: {
      content,
      phrases,
      triage,
      engine: new FlowEngine(content, phrases, { confidenceThreshold: options.confidenceThreshold, facts: options.facts }),
    },
  };
}

/** "file:line: message" lines, the format editors and `relais validate` use. */
export function formatProblems(problems: ContentProblem[]): string {
  return problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n');
}
