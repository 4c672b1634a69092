// `faultline completion bash|zsh`: a shell completion script for the commands and their options,
// made from the program's own definitions so it never falls behind them.
import type { Command } from 'commander';
import { UsageError } from '../trace/errors.js';
import { runCommand } from './run-command.js';
import { EXIT_CLEAN } from './exit-codes.js';

export function addCompletionCommand(program: Command): void {
  program
    .command('completion')
    .description('print a shell completion script: eval "$(faultline completion bash)"')
    .argument('<shell>', 'bash or zsh')
    .addHelpText('after', `
Examples:
  $ eval "$(faultline completion bash)"        # in ~/.bashrc
  $ faultline completion zsh > "\${fpath[1]}/_faultline"`)
    .action((shell: string) => runCommand(async () => {
      process.stdout.write(completionScript(program, shell));
      return EXIT_CLEAN;
    }));
}

/** The completion script of `program` for `shell`. */
export function completionScript(program: Command, shell: string): string {
  const commands = program.commands.map((c) => c.name());
  const options = new Map(program.commands.map((c) => [c.name(), c.options.flatMap((o) => [o.short, o.long]).filter((f): f is string => f !== undefined).concat('--help')]));
  if (shell === 'bash') {
    const cases = [...options].map(([name, flags]) => `    ${name}) opts="${flags.join(' ')}" ;;`).join('\n');
    return `# faultline completion for bash: eval "$(faultline completion bash)"
_faultline() {
  local cur=\${COMP_WORDS[COMP_CWORD]} cmd=\${COMP_WORDS[1]} opts
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${commands.join(' ')} --help --version" -- "$cur"))
    return
  fi
  case "$cmd" in
${cases}
    *) opts="" ;;
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -F _faultline faultline
`;
  }
  if (shell === 'zsh') {
    const cases = [...options].map(([name, flags]) => `    ${name}) _arguments '*:file:_files' ${flags.map((f) => `'${f}'`).join(' ')} ;;`).join('\n');
    return `#compdef faultline
# faultline completion for zsh: faultline completion zsh > "\${fpath[1]}/_faultline"
_faultline() {
  if (( CURRENT == 2 )); then
    compadd -- ${commands.join(' ')}
    return
  fi
  case "$words[2]" in
${cases}
  esac
}
compdef _faultline faultline
`;
  }
  throw new UsageError(`completion: expected bash or zsh, got "${shell}"`);
}
