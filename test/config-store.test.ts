// The configuration document: validated at read, private (0600), a broken file is a clear error that changes nothing.
import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigStore } from '../src/store/config-store.js';

const tmp = () => path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'msgmon-config-')), 'config.json');

describe('config store', () => {
  it('starts empty, writes atomically with mode 0600, reads back', () => {
    const file = tmp();
    const c = new ConfigStore(file);
    expect(c.data).toEqual({ version: 1, settings: { retentionDays: null }, rules: [], hosts: [], sources: [], channels: [], escalations: [] });
    c.update((d) => (d.settings.retentionDays = 400));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(new ConfigStore(file).data.settings.retentionDays).toBe(400);
  });

  it('names the file and the key of a broken value, and leaves the file alone', () => {
    const file = tmp();
    fs.writeFileSync(file, JSON.stringify({ version: 1, settings: { retentionDays: -3 } }));
    expect(() => new ConfigStore(file)).toThrow(new RegExp(`configuration ${file}: settings.retentionDays: .*nothing was changed`));
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).settings.retentionDays).toBe(-3);
  });

  it('a file that is not JSON is a clear error', () => {
    const file = tmp();
    fs.writeFileSync(file, '{ "version": 1, ');
    expect(() => new ConfigStore(file)).toThrow(/is not valid JSON.*nothing was changed/);
  });

  it('refuses to save an invalid change and keeps the previous document', () => {
    const file = tmp();
    const c = new ConfigStore(file);
    c.update((d) => (d.settings.retentionDays = 30));
    expect(() => c.update((d) => ((d.settings as { retentionDays: unknown }).retentionDays = 'soon'))).toThrow(/refused to save/);
    expect(new ConfigStore(file).data.settings.retentionDays).toBe(30);
  });
});
