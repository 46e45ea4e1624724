// The command registry (src/cli/commands/index.ts) loads a command's module only when it is called:
// each entry must load the command of its own name, and a call that names none gets them all.
import { describe, expect, it } from 'vitest';
import { commands, commandsFor } from '../../src/cli/commands/index.js';

describe('the command registry', () => {
  it('loads, for each name, the command of that name', async () => {
    for (const entry of commands) {
      const make = await entry.load();
      expect(make(() => {}).name()).toBe(entry.name);
    }
    expect(new Set(commands.map((c) => c.name)).size).toBe(commands.length);
  });

  it('takes only the command the arguments begin with, else every command', () => {
    expect(commandsFor(['run', 'a.csv', '--json']).map((c) => c.name)).toEqual(['run']);
    expect(commandsFor(['export', 'sie']).map((c) => c.name)).toEqual(['export']);
    expect(commandsFor(['--help', 'run'])).toBe(commands);
    expect(commandsFor(['rnu'])).toBe(commands);
    expect(commandsFor([])).toBe(commands);
  });
});
